using NodaTime;

namespace Dimpact.Billing.Receivables;

/// <summary>
/// The bank's own reference of an entry (CAMT.053 <c>Ntry/AcctSvcrRef</c>, else <c>NtryRef</c>; for one transaction of a
/// batch entry the entry's reference and the transaction's): what identifies a bank entry, so that an entry is stored
/// and allocated at most once whichever statements repeat it.
/// </summary>
public readonly record struct BankReference
{
    public const int MaxLength = 200;

    public string Value { get; }

    public BankReference(string value)
    {
        var trimmed = value?.Trim() ?? "";
        if (trimmed.Length is 0 or > MaxLength || trimmed.Any(char.IsControl))
            throw new ArgumentException($"'{value}' is not a bank reference (1 to {MaxLength} characters, no control characters).", nameof(value));
        Value = trimmed;
    }

    public override string ToString() => Value;
}

/// <summary>Money into the account (credit) or out of it (debit), CAMT.053 <c>CdtDbtInd</c>.</summary>
public enum EntryDirection
{
    Credit,
    Debit,
}

/// <summary>What a bank entry is to receivables (BILLING.md, "Payments and receivables").</summary>
public enum EntryKind
{
    /// <summary>A credit to Dimpact's account: a payment, to be allocated to documents.</summary>
    Payment,

    /// <summary>A debit (bank costs, a refund): not a payment; one whose remittance names open credit notes refunds them, any other is recorded and ignored.</summary>
    Debit,

    /// <summary>A debit with <c>RvslInd</c>: the bank takes back an earlier credit; its allocations are undone.</summary>
    PaymentReversal,

    /// <summary>A credit with <c>RvslInd</c>: the bank undoes an earlier debit; not a payment; the refunds of that debit are undone.</summary>
    DebitReversal,
}

/// <summary>
/// One entry of a bank statement (for a batch entry: one of its transactions), as the bank booked it. <see cref="Amount"/>
/// is positive; <see cref="Direction"/> says which way it went. <see cref="Remittance"/> holds the remittance texts
/// (unstructured <c>Ustrd</c> lines and structured <c>CdtrRefInf/Ref</c>), where members name the documents they pay.
/// </summary>
public sealed record BankEntry(
    BankReference Reference,
    string StatementId,
    LocalDate BookingDate,
    LocalDate ValueDate,
    Money Amount,
    EntryDirection Direction,
    bool Reversal,
    string? CounterpartyName,
    string? CounterpartyIban,
    IReadOnlyList<string> Remittance,
    string? EndToEndId = null)
{
    public EntryKind Kind => (Direction, Reversal) switch
    {
        (EntryDirection.Credit, false) => EntryKind.Payment,
        (EntryDirection.Debit, false) => EntryKind.Debit,
        (EntryDirection.Debit, true) => EntryKind.PaymentReversal,
        _ => EntryKind.DebitReversal,
    };

    public bool IsPayment => Kind == EntryKind.Payment;

    /// <summary>The amount as it changes the account's balance: negative for a debit.</summary>
    public Money SignedAmount => Direction == EntryDirection.Credit ? Amount : -Amount;

    /// <summary>The remittance texts as one line (reports, CSV).</summary>
    public string RemittanceText => string.Join(" / ", Remittance);

    /// <summary>
    /// Whether this entry is the bank's reversal of <paramref name="payment"/>: a payment reversal of a payment (or a debit
    /// reversal of a debit, such as a refund) of the same amount, booked on or after it, with the same end-to-end id when
    /// both carry one (a returned SEPA transfer keeps it), else the same counterparty account and remittance.
    /// </summary>
    public bool Reverses(BankEntry payment)
    {
        var reverses = (Kind, payment.Kind) is (EntryKind.PaymentReversal, EntryKind.Payment) or (EntryKind.DebitReversal, EntryKind.Debit);
        if (!reverses || payment.Amount != Amount || BookingDate < payment.BookingDate) return false;
        if (HasEndToEndId(EndToEndId) && HasEndToEndId(payment.EndToEndId)) return string.Equals(EndToEndId, payment.EndToEndId, StringComparison.Ordinal);
        return string.Equals(Normalised(CounterpartyIban), Normalised(payment.CounterpartyIban), StringComparison.Ordinal)
            && RemittanceText == payment.RemittanceText;
    }

    /// <summary>SEPA's placeholder for "none".</summary>
    private static bool HasEndToEndId(string? id) => id is { Length: > 0 } && !id.Equals("NOTPROVIDED", StringComparison.OrdinalIgnoreCase);

    private static string Normalised(string? iban) => (iban ?? "").Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
}
