using System.Globalization;
using NodaTime;

namespace Dimpact.Billing.Receivables;

/// <summary>Identifies a statement: the account and the bank's statement id (CAMT.053 <c>Stmt/Id</c>).</summary>
public readonly record struct StatementKey(Iban Account, string Id)
{
    public override string ToString() => $"{Account}/{Id}";
}

/// <summary>
/// A bank statement (CAMT.053 <c>BkToCstmrStmt/Stmt</c>) as the adapter read it: the account, its currency, the opening
/// and closing booked balances (<c>OPBD</c>, <c>CLBD</c>) and the entries, a batch entry split into one entry per
/// transaction. Whether it may be imported is decided here (<see cref="Problems"/>), not by the file format.
/// </summary>
public sealed record BankStatement(
    string Id,
    string Account,
    string Currency,
    LocalDate OpeningDate,
    Money OpeningBalance,
    LocalDate ClosingDate,
    Money ClosingBalance,
    IReadOnlyList<BankEntry> Entries,
    string Format)
{
    /// <summary>The elements the rules below name in a report.</summary>
    public const string AccountElement = "Stmt/Acct/Id/IBAN";
    public const string CurrencyElement = "Stmt/Acct/Ccy";
    public const string ClosingBalanceElement = "Stmt/Bal[CLBD]/Amt";
    public const string EntryReferenceElement = "Stmt/Ntry/AcctSvcrRef";

    /// <summary>Dimpact bills in euros (BILLING.md, "VAT and invoice content": amounts in EUR).</summary>
    public const string Euro = "EUR";

    public Money Credits => Entries.Where(e => e.Direction == EntryDirection.Credit).Sum(e => e.Amount);
    public Money Debits => Entries.Where(e => e.Direction == EntryDirection.Debit).Sum(e => e.Amount);

    /// <summary>
    /// Why this statement may not be imported, each with the element and the reason: another account than Dimpact's,
    /// another currency than the euro, balances that do not add up (opening + credits − debits ≠ closing), an entry
    /// reference that occurs twice. Empty: it may be imported.
    /// </summary>
    public IReadOnlyList<DataProblem> Problems(string file, Iban ownAccount)
    {
        var problems = new List<DataProblem>();
        if (!Iban.TryParse(Account, out var account) || account != ownAccount)
            problems.Add(new(file, null, AccountElement, $"the statement is of account {Account}, not of Dimpact's account {ownAccount} (setting Seller__Iban)"));
        if (!string.Equals(Currency, Euro, StringComparison.Ordinal))
            problems.Add(new(file, null, CurrencyElement, $"the account's currency is {Currency}, not {Euro}"));
        var expected = OpeningBalance + Credits - Debits;
        if (expected != ClosingBalance)
            problems.Add(new(file, null, ClosingBalanceElement, string.Create(CultureInfo.InvariantCulture,
                $"the closing balance {ClosingBalance} does not equal the opening balance {OpeningBalance} + credits {Credits} − debits {Debits} = {expected}")));
        foreach (var duplicate in Entries.GroupBy(e => e.Reference).Where(g => g.Count() > 1))
            problems.Add(new(file, null, EntryReferenceElement, $"the entry reference {duplicate.Key} occurs {duplicate.Count()} times in the statement"));
        return problems;
    }
}

/// <summary>
/// What reading a statement file gave: its statements (a file may hold several, e.g. one per day), or every problem
/// found (element, line, reason) and none.
/// </summary>
public sealed record StatementReadOutcome(IReadOnlyList<BankStatement> Statements, IReadOnlyList<DataProblem> Problems)
{
    public bool Read => Problems.Count == 0;

    public static StatementReadOutcome Of(IReadOnlyList<BankStatement> statements) => new(statements, []);

    public static StatementReadOutcome Rejected(IReadOnlyList<DataProblem> problems) => new([], problems);
}

/// <summary>Reads a bank's statement file (CAMT.053); the adapter knows the format, the core the rules.</summary>
public interface IBankStatementReader
{
    StatementReadOutcome Read(string name, byte[] content);
}
