using NodaTime;
using Dimpact.Billing.Invoicing;

namespace Dimpact.Billing.Receivables;

/// <summary>
/// Receivables as they follow from what is stored: the issued documents, the bank entries and the allocation records.
/// Everything else (open items on a date, allocations of a document, credit balances, payments and what of them is
/// unallocated) is computed here, in one place, so that every report, reminder and export agrees to the cent.
/// </summary>
public sealed class AccountsReceivable
{
    private readonly Dictionary<InvoiceNumber, Invoice> _documents;
    private readonly Dictionary<BankReference, BankEntry> _entries;
    private readonly ILookup<InvoiceNumber, Allocation> _byDocument;
    private readonly ILookup<InvoiceNumber, Allocation> _byCreditNote;
    private readonly ILookup<BankReference, Allocation> _byEntry;
    private readonly Dictionary<BankReference, BankReference> _reversedBy;
    private readonly Dictionary<string, Allocation> _byId;
    private readonly Dictionary<string, Allocation> _undoneBy;

    public AccountsReceivable(IEnumerable<Invoice> documents, IEnumerable<BankEntry> entries, IEnumerable<Allocation> allocations)
    {
        _documents = documents.ToDictionary(d => d.Number);
        Documents = [.. _documents.Values.OrderBy(d => d.IssueDate).ThenBy(d => d.Number.Kind).ThenBy(d => d.Number.Year).ThenBy(d => d.Number.Sequence)];
        _entries = [];
        foreach (var entry in entries) _entries.TryAdd(entry.Reference, entry);
        Entries = [.. _entries.Values.OrderBy(e => e.BookingDate).ThenBy(e => e.Reference.Value, StringComparer.Ordinal)];
        Allocations = [.. allocations.DistinctBy(a => a.Id)];
        _byDocument = Allocations.Where(a => a.Document is not null).ToLookup(a => a.Document!.Value);
        _byCreditNote = Allocations.Where(a => a.CreditNote is not null).ToLookup(a => a.CreditNote!.Value);
        _byEntry = Allocations.Where(a => a.Entry is not null).ToLookup(a => a.Entry!.Value);
        _byId = Allocations.ToDictionary(a => a.Id, StringComparer.Ordinal);
        _undoneBy = [];
        foreach (var undo in Allocations.Where(a => a.Reverses is not null)) _undoneBy.TryAdd(undo.Reverses!, undo);
        _reversedBy = [];
        // A reversal undoes the newest payment (a debit reversal: the newest debit) it matches that no other reversal undid.
        foreach (var reversal in Entries.Where(e => e.Kind is EntryKind.PaymentReversal or EntryKind.DebitReversal))
            if (Entries.Where(p => reversal.Reverses(p) && !_reversedBy.ContainsKey(p.Reference)).LastOrDefault() is { } payment)
                _reversedBy[payment.Reference] = reversal.Reference;
    }

    /// <summary>Every document, oldest first (issue date, then invoices before credit notes, then number).</summary>
    public IReadOnlyList<Invoice> Documents { get; }

    /// <summary>Every bank entry, in booking order.</summary>
    public IReadOnlyList<BankEntry> Entries { get; }

    /// <summary>Every allocation record, in the order recorded.</summary>
    public IReadOnlyList<Allocation> Allocations { get; }

    public Invoice? Document(InvoiceNumber number) => _documents.GetValueOrDefault(number);

    public BankEntry? Entry(BankReference reference) => _entries.GetValueOrDefault(reference);

    /// <summary>The allocations that settle a document, or (for a credit note) that set it off, in the order recorded.</summary>
    public IReadOnlyList<Allocation> AllocationsOf(InvoiceNumber number) => [.. Allocations.Where(a => a.Document == number || a.CreditNote == number)];

    /// <summary>The allocations of a payment.</summary>
    public IReadOnlyList<Allocation> AllocationsOf(BankReference entry) => [.. _byEntry[entry]];

    /// <summary>An allocation record by its id.</summary>
    public Allocation? FindAllocation(string id) => _byId.GetValueOrDefault(id);

    /// <summary>The reversal record that undid an allocation (finance's undo, or the bank's reversal of the payment).</summary>
    public Allocation? UndoneBy(string allocationId) => _undoneBy.GetValueOrDefault(allocationId);

    /// <summary>A payment's allocations in force: neither undone nor an undo, in the order recorded.</summary>
    public IReadOnlyList<Allocation> InForce(BankReference entry) =>
        [.. _byEntry[entry].Where(a => a.Kind != AllocationKind.Reversal && !_undoneBy.ContainsKey(a.Id))];

    /// <summary>The reversal entry that undid a payment (or a debit), if the bank reversed it.</summary>
    public BankReference? ReversedBy(BankReference payment) => _reversedBy.TryGetValue(payment, out var r) ? r : null;

    /// <summary>A document as a receivable on <paramref name="asOf"/> (allocations dated up to and including that day).</summary>
    public OpenItem Item(Invoice document, LocalDate asOf)
    {
        var allocated = _byDocument[document.Number].Where(a => a.Date <= asOf).Sum(a => a.Amount)
            - _byCreditNote[document.Number].Where(a => a.Date <= asOf).Sum(a => a.Amount);
        return new OpenItem(document.Number, document.Kind, document.Member, document.IssueDate, document.DueDate, document.TotalInclVat, allocated,
            document.TotalInclVat - allocated, asOf);
    }

    /// <summary>Every document issued on or before <paramref name="asOf"/> (of one member), open or not, oldest first.</summary>
    public IReadOnlyList<OpenItem> Items(LocalDate asOf, CbsCode? member = null) =>
        [.. Documents.Where(d => d.IssueDate <= asOf && (member is null || d.Member == member)).Select(d => Item(d, asOf))];

    /// <summary>The documents with an amount open on <paramref name="asOf"/> (of one member), oldest first: the open items.</summary>
    public IReadOnlyList<OpenItem> OpenItems(LocalDate asOf, CbsCode? member = null) => [.. Items(asOf, member).Where(i => i.IsOpen)];

    /// <summary>Per member with one, the overpayments kept on its account up to <paramref name="asOf"/>, by member code.</summary>
    public IReadOnlyList<CreditBalance> CreditBalances(LocalDate asOf) =>
        [.. Allocations.Where(a => a.ToCreditBalance && a.Date <= asOf)
            .GroupBy(a => a.Member)
            .Select(g => new CreditBalance(g.Key, g.Sum(a => a.Amount)))
            .Where(b => b.Amount != Money.Zero)
            .OrderBy(b => b.Member.Value, StringComparer.Ordinal)];

    /// <summary>Every payment (credit entry) with what is allocated of it, in booking order.</summary>
    public IReadOnlyList<PaymentStatus> Payments() => [.. Entries.Where(e => e.IsPayment).Select(Status)];

    /// <summary>
    /// The payments with an amount nobody allocated yet, then the refund debits paying back more than the credit notes
    /// they name had open (<see cref="Refunds"/>): what waits for finance.
    /// </summary>
    public IReadOnlyList<PaymentStatus> Unmatched() => [.. Payments().Concat(Refunds()).Where(p => p.Unallocated > Money.Zero)];

    /// <summary>
    /// Every refund, with what of it is allocated, in booking order: a debit entry whose remittance names a credit note of
    /// ours, or that finance allocated to one. A debit naming a credit note with nothing left open (set off already) is a
    /// refund nothing is allocated of: it waits for finance. Any other debit (bank costs) is ignored.
    /// </summary>
    public IReadOnlyList<PaymentStatus> Refunds() => [.. Entries.Where(IsRefund).Select(Status)];

    /// <summary>Whether a bank entry is a refund (<see cref="Refunds"/>).</summary>
    public bool IsRefund(BankEntry entry) => entry.Kind == EntryKind.Debit
        && (_byEntry[entry.Reference].Any() || PaymentMatching.NamedDocuments(entry.Remittance).Any(n => n.Kind == DocumentKind.CreditNote && _documents.ContainsKey(n)));

    public PaymentStatus Status(BankEntry payment) => new(payment, _byEntry[payment.Reference].Sum(a => a.Amount), ReversedBy(payment.Reference));

    /// <summary>A new state with more allocation records (what a use case just stored).</summary>
    public AccountsReceivable With(IEnumerable<Allocation> added) => new(_documents.Values, _entries.Values, [.. Allocations, .. added]);
}
