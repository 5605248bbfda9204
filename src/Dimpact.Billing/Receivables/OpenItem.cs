using NodaTime;
using Dimpact.Billing.Invoicing;

namespace Dimpact.Billing.Receivables;

/// <summary>
/// A document as a receivable on a date: its total including VAT, what payments and credit notes allocated to it up to
/// that date, and what is still open (BILLING.md: "open from its issue date until payments and credit notes allocated
/// to it cover it; overdue after its due date"). A credit note's amounts are negative: its total, what was set off of it
/// (allocated) and what remains to be set off or refunded (open).
/// </summary>
public sealed record OpenItem(
    InvoiceNumber Number,
    DocumentKind Kind,
    CbsCode Member,
    LocalDate IssueDate,
    LocalDate DueDate,
    Money TotalInclVat,
    Money Allocated,
    Money Open,
    LocalDate AsOf)
{
    public bool IsOpen => Open != Money.Zero;

    /// <summary>Days past the due date of an invoice with an amount open on <see cref="AsOf"/>; 0 when not overdue (and for credit notes).</summary>
    public int DaysOverdue => Kind == DocumentKind.Invoice && Open > Money.Zero && AsOf > DueDate ? Period.Between(DueDate, AsOf, PeriodUnits.Days).Days : 0;

    public bool IsOverdue => DaysOverdue > 0;
}

/// <summary>What a member has paid more than its documents asked (overpayments), on a date.</summary>
public sealed record CreditBalance(CbsCode Member, Money Amount);

/// <summary>
/// A payment (a credit entry to Dimpact's account) with what is allocated of it. <see cref="Unallocated"/> waits for
/// finance (<c>dimpact payments unmatched</c>); a payment the bank reversed has nothing left to allocate.
/// </summary>
public sealed record PaymentStatus(BankEntry Entry, Money Allocated, BankReference? ReversedBy)
{
    public bool IsReversed => ReversedBy is not null;

    public Money Unallocated => IsReversed ? Money.Zero : Entry.Amount - Allocated;
}
