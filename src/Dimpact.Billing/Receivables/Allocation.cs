using NodaTime;
using Dimpact.Billing.Invoicing;

namespace Dimpact.Billing.Receivables;

/// <summary>How an allocation came about (BILLING.md, "Payments and receivables").</summary>
public enum AllocationKind
{
    /// <summary>A payment whose remittance information named the document (or its excess, to the member's credit balance).</summary>
    Matched,

    /// <summary>Finance allocated the payment by hand (<c>dimpact payments allocate</c>).</summary>
    Manual,

    /// <summary>A credit note set off against an open invoice of the same member.</summary>
    CreditNoteSetOff,

    /// <summary>Undoes an earlier allocation (the bank reversed the payment, or finance undid it): the same parties, the amount negated.</summary>
    Reversal,

    /// <summary>
    /// A debit entry (money paid back to the member) whose remittance information named a credit note: the credit note is
    /// refunded by that amount (source <see cref="Allocation.Entry"/>, target <see cref="Allocation.CreditNote"/>, no document).
    /// </summary>
    Refund,
}

/// <summary>
/// An immutable record that an amount of a payment (<see cref="Entry"/>) or of a credit note (<see cref="CreditNote"/>)
/// settles a document (<see cref="Document"/>) or, without a document, goes to the member's credit balance (an
/// overpayment). Never changed or deleted: an undo is a <see cref="AllocationKind.Reversal"/> record that names the
/// allocation it reverses and negates its amount. <see cref="Id"/> is derived from what is allocated (entry or credit
/// note, document, the n-th time), so that a rerun or a concurrent run computes the same id and it is stored once.
/// Three shapes: a payment (<see cref="Entry"/>) to an invoice or the credit balance; a credit note (<see cref="CreditNote"/>)
/// set off against an invoice (<see cref="Document"/>); a refund, a debit entry (<see cref="Entry"/>) paying back a credit
/// note (<see cref="CreditNote"/>, no document). A reversal has the shape of what it reverses.
/// </summary>
public sealed record Allocation
{
    public Allocation(string id, AllocationKind kind, LocalDate date, CbsCode member, Money amount, BankReference? entry, InvoiceNumber? creditNote,
        InvoiceNumber? document, string by, Instant recordedAt, string? reverses = null)
    {
        if (string.IsNullOrWhiteSpace(id)) throw new ArgumentException("An allocation needs an id.", nameof(id));
        var refund = entry is not null && creditNote is not null;
        if (kind == AllocationKind.Refund && !refund) throw new ArgumentException("A refund is a debit entry paying back a credit note: it names both.", nameof(creditNote));
        if (refund && kind is not (AllocationKind.Refund or AllocationKind.Reversal)) throw new ArgumentException("Only a refund comes from a bank entry and a credit note both.", nameof(kind));
        if (entry is null && creditNote is null) throw new ArgumentException("An allocation comes from a payment, a credit note or a refund.", nameof(entry));
        if (creditNote is { Kind: not DocumentKind.CreditNote }) throw new ArgumentException($"{creditNote} is not a credit note.", nameof(creditNote));
        if (document is { Kind: not DocumentKind.Invoice }) throw new ArgumentException($"{document} is not an invoice: only invoices are paid.", nameof(document));
        if (refund && document is not null) throw new ArgumentException("A refund pays back a credit note, not an invoice.", nameof(document));
        if (!refund && creditNote is not null && document is null) throw new ArgumentException("A credit note is set off against an invoice.", nameof(document));
        if (amount == Money.Zero) throw new ArgumentException("An allocation of 0.00 allocates nothing.", nameof(amount));
        if ((kind == AllocationKind.Reversal) != (reverses is not null)) throw new ArgumentException("A reversal, and only a reversal, names the allocation it reverses.", nameof(reverses));
        if ((kind == AllocationKind.Reversal) != amount.IsNegative) throw new ArgumentException("A reversal negates a positive allocation.", nameof(amount));
        (Id, Kind, Date, Member, Amount, Entry, CreditNote, Document, By, RecordedAt, Reverses) =
            (id, kind, date, member, amount, entry, creditNote, document, by, recordedAt, reverses);
    }

    public string Id { get; }
    public AllocationKind Kind { get; }

    /// <summary>The date the allocation takes effect: the payment's booking date, the later document's issue date of a set-off, the reversal's booking date, or the day finance allocated.</summary>
    public LocalDate Date { get; }

    /// <summary>The member whose document is paid, or whose credit balance is credited.</summary>
    public CbsCode Member { get; }

    public Money Amount { get; }
    public BankReference? Entry { get; }
    public InvoiceNumber? CreditNote { get; }
    public InvoiceNumber? Document { get; }

    /// <summary>Who recorded it: <c>automatic</c> for matching, set-off and bank reversals, else finance's name.</summary>
    public string By { get; }

    public Instant RecordedAt { get; }
    public string? Reverses { get; }

    /// <summary>An overpayment: the amount stays on the member's account.</summary>
    public bool ToCreditBalance => Document is null && CreditNote is null;

    /// <summary>A refund of a credit note by a debit entry, or the undo of one (<see cref="AllocationKind.Refund"/>).</summary>
    public bool IsRefund => Entry is not null && CreditNote is not null;

    public const string Automatic = "automatic";

    /// <summary>The record that undoes this one.</summary>
    public Allocation Reversed(LocalDate date, string by, Instant recordedAt) =>
        Kind == AllocationKind.Reversal
            ? throw new InvalidOperationException($"{Id} is itself a reversal.")
            : new($"{Id}|rev", AllocationKind.Reversal, date, Member, -Amount, Entry, CreditNote, Document, by, recordedAt, Id);

    /// <summary>The allocations' ids: derived from what they allocate, the idempotency keys of the allocation log.</summary>
    public static class Ids
    {
        public static string Matched(BankReference entry, InvoiceNumber document) => $"{entry}|{document}";
        public static string MatchedToCreditBalance(BankReference entry) => $"{entry}|credit";
        public static string Manual(BankReference entry, InvoiceNumber? document, CbsCode member, int nth) => $"{entry}|{document?.ToString() ?? member.Value}|m{nth}";
        public static string Refund(BankReference entry, InvoiceNumber creditNote) => $"{entry}|{creditNote}";
        public static string ManualRefund(BankReference entry, InvoiceNumber creditNote, int nth) => $"{entry}|{creditNote}|m{nth}";
        public static string SetOff(InvoiceNumber creditNote, InvoiceNumber invoice, int nth) => $"{creditNote}|{invoice}|{nth}";
    }
}
