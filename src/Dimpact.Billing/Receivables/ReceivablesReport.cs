using System.Globalization;
using Dimpact.Billing.Invoicing;
using NodaTime;

namespace Dimpact.Billing.Receivables;

/// <summary>
/// How long an open amount is past its due date (<c>dimpact receivables</c>): not yet due, then 0–30, 31–60, 61–90 and
/// more than 90 days overdue. "0–30" holds the first 30 days after the due date (1 to 30 days overdue).
/// </summary>
public enum AgeingBucket
{
    NotYetDue,
    Days0To30,
    Days31To60,
    Days61To90,
    Over90,
}

/// <summary>The open amount of one bucket and how many documents it holds.</summary>
public sealed record AgeingLine(AgeingBucket Bucket, int Documents, Money Open);

/// <summary>
/// The open items on a date (of one member, or all): per document issued on or before <see cref="AsOf"/> its total,
/// what payments and credit notes allocated to it, what is open and how many days it is overdue; the ageing of the
/// open invoice amounts; the credit notes still to set off and the members' credit balances. All from
/// <see cref="AccountsReceivable"/>, so that it agrees with the reminders, the statements of account and the ledger.
/// </summary>
public sealed record ReceivablesReport(LocalDate AsOf, CbsCode? Member, IReadOnlyList<OpenItem> Items, IReadOnlyList<CreditBalance> CreditBalances)
{
    public const string CsvHeader = "number,kind,member_code,issue_date,due_date,total_incl_vat,allocated,open,days_overdue";

    public static ReceivablesReport Of(AccountsReceivable state, LocalDate asOf, CbsCode? member = null, bool openOnly = false) =>
        new(asOf, member, openOnly ? state.OpenItems(asOf, member) : state.Items(asOf, member),
            [.. state.CreditBalances(asOf).Where(b => member is null || b.Member == member)]);

    /// <summary>The bucket of an open invoice amount; null for a credit note and for what is not open.</summary>
    public static AgeingBucket? BucketOf(OpenItem item) => item switch
    {
        { Kind: not DocumentKind.Invoice } or { Open.IsNegative: true } or { IsOpen: false } => null,
        { DaysOverdue: 0 } => AgeingBucket.NotYetDue,
        { DaysOverdue: <= 30 } => AgeingBucket.Days0To30,
        { DaysOverdue: <= 60 } => AgeingBucket.Days31To60,
        { DaysOverdue: <= 90 } => AgeingBucket.Days61To90,
        _ => AgeingBucket.Over90,
    };

    /// <summary>Every bucket, also the empty ones, in order.</summary>
    public IReadOnlyList<AgeingLine> Ageing =>
        [.. Enum.GetValues<AgeingBucket>().Select(b =>
        {
            var items = Items.Where(i => BucketOf(i) == b).ToList();
            return new AgeingLine(b, items.Count, items.Sum(i => i.Open));
        })];

    public Money Issued => Items.Sum(i => i.TotalInclVat);

    /// <summary>What payments allocated to invoices (credit-note set-offs not counted).</summary>
    public Money Paid => Items.Where(i => i.Kind == DocumentKind.Invoice).Sum(i => i.Allocated) - CreditNotesSetOff;

    /// <summary>What credit notes set off against invoices (positive).</summary>
    public Money CreditNotesSetOff => -Items.Where(i => i.Kind == DocumentKind.CreditNote).Sum(i => i.Allocated);

    /// <summary>The open amount of the invoices.</summary>
    public Money OpenInvoices => Items.Where(i => i.Kind == DocumentKind.Invoice).Sum(i => i.Open);

    public Money Overdue => Items.Where(i => i.IsOverdue).Sum(i => i.Open);

    /// <summary>What credit notes still have to set off (negative).</summary>
    public Money OpenCreditNotes => Items.Where(i => i.Kind == DocumentKind.CreditNote).Sum(i => i.Open);

    public Money CreditBalance => CreditBalances.Sum(b => b.Amount);

    /// <summary>What members owe on balance: open invoices, less credit notes to set off and credit balances.</summary>
    public Money Balance => OpenInvoices + OpenCreditNotes - CreditBalance;

    public string Csv() => CsvText.Of(CsvHeader, Items.Select(i => CsvText.Line(
        i.Number.ToString(), KindName(i.Kind), i.Member.Value, Iso(i.IssueDate), Iso(i.DueDate), i.TotalInclVat, i.Allocated, i.Open, i.DaysOverdue)));

    public static string KindName(DocumentKind kind) => kind == DocumentKind.CreditNote ? "credit_note" : "invoice";

    private static string Iso(LocalDate date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
