using System.Globalization;

namespace Dimpact.Billing.Ledger;

/// <summary>What an account is to the receivables' bookkeeping (the <c>role</c> column of the accounts file).</summary>
public enum LedgerRole
{
    /// <summary>Debiteuren: what members owe, per member (the lines carry the member code).</summary>
    Receivable,

    /// <summary>Dimpact's bank account, where payments arrive.</summary>
    Bank,

    /// <summary>Te verdelen ontvangsten: a payment received and not (yet) allocated to a document.</summary>
    Unallocated,

    /// <summary>Vooruitontvangen: what members paid more than their documents asked (their credit balance), per member.</summary>
    ReceivedInAdvance,

    /// <summary>Omzet, per product.</summary>
    Revenue,

    /// <summary>Af te dragen btw, per VAT rate.</summary>
    VatPayable,
}

/// <summary>An account of the general ledger: its code in the chart of accounts and its name.</summary>
public sealed record LedgerAccount(string Code, string Name);

/// <summary>
/// The chart of accounts the ledger export books on: one account per role, revenue per product and VAT payable per
/// rate. Configuration data (<c>data/ledger/accounts.csv</c>, or the file of <c>Ledger:AccountsFile</c>), read and
/// validated by the data files' loader; <see cref="Source"/> names the file in messages.
/// </summary>
public sealed class LedgerAccounts(string source, IReadOnlyDictionary<LedgerRole, LedgerAccount> single,
    IReadOnlyDictionary<ProductId, LedgerAccount> revenue, IReadOnlyDictionary<decimal, LedgerAccount> vat)
{
    /// <summary>The app setting of the accounts file (<c>Ledger__AccountsFile</c>); default the sample shipped with the program.</summary>
    public const string Setting = "Ledger:AccountsFile";

    /// <summary>The roles with one account (the others have one per product or rate).</summary>
    public static readonly LedgerRole[] SingleRoles = [LedgerRole.Receivable, LedgerRole.Bank, LedgerRole.Unallocated, LedgerRole.ReceivedInAdvance];

    public string Source { get; } = source;

    public LedgerAccount Account(LedgerRole role) => single[role];

    public LedgerAccount Revenue(ProductId product) =>
        revenue.TryGetValue(product, out var account) ? account
            : throw new InvalidInputException([new DataProblem(Source, null, "key", $"there is no revenue account for product {product}: add a line 'revenue,{product},CODE,NAME'")]);

    public LedgerAccount Vat(decimal rate) =>
        vat.TryGetValue(rate, out var account) ? account
            : throw new InvalidInputException([new DataProblem(Source, null, "key",
                $"there is no VAT payable account for rate {rate.ToString(CultureInfo.InvariantCulture)}: add a line 'vat,{rate.ToString(CultureInfo.InvariantCulture)},CODE,NAME'")]);
}
