using System.Globalization;
using System.Text.RegularExpressions;
using NodaTime;
using Dimpact.Billing.Invoicing;

namespace Dimpact.Billing.Receivables;

/// <summary>
/// What the bank entries call for, decided on the stored state alone (BILLING.md, "Payments and receivables"), one atomic
/// unit at a time: a reversed payment's allocations undone; a payment whose remittance information names documents
/// allocated to them, oldest first, the excess to the member's credit balance; a member's credit notes set off against
/// its open invoices, oldest first. The same state gives the same records with the same ids, so reruns and concurrent
/// runs agree.
/// </summary>
public static partial class PaymentMatching
{
    /// <summary>
    /// A document number in remittance text, in any case or spacing: "2024-000012", "factuur 2024 000012", "2024000012",
    /// "c2024-000003". The year and the six-digit sequence may be separated by spaces, '-', '/', '.' or '_'; "2024-12" is
    /// no number (the sequence has six digits), nor is a longer run of digits. A 'C' counts only as a word's first letter.
    /// </summary>
    [GeneratedRegex(@"(?:(?<![\p{L}\p{N}])(?<c>[Cc])[\s\-]*|(?<![\p{N}]))(?<y>20\d{2})[\s\-/._]*(?<s>\d{6})(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();

    /// <summary>An IBAN written without spaces (checked by <see cref="Iban.TryParse"/> before it is left out).</summary>
    [GeneratedRegex(@"(?<![\p{L}\p{N}])[A-Za-z]{2}\d{2}[A-Za-z0-9]{11,30}(?![\p{L}\p{N}])", RegexOptions.CultureInvariant)]
    private static partial Regex IbanPattern();

    /// <summary>The most documents one payment is allocated to (one atomic append, with the credit balance).</summary>
    public const int MaxDocumentsPerPayment = IPaymentStore.MaxAppend - 1;

    /// <summary>The document numbers the texts name, in the order they appear, each once.</summary>
    public static IReadOnlyList<InvoiceNumber> NamedDocuments(IEnumerable<string> texts)
    {
        var numbers = new List<InvoiceNumber>();
        // An IBAN in the text is an account, never a document: NL52INGB2024000017 holds "2024000017".
        foreach (var text in texts.Select(t => IbanPattern().Replace(t, m => Iban.TryParse(m.Value, out _) ? " " : m.Value)))
            foreach (Match match in NumberPattern().Matches(text))
            {
                var year = int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture);
                var sequence = int.Parse(match.Groups["s"].Value, CultureInfo.InvariantCulture);
                if (sequence == 0) continue;
                var number = new InvoiceNumber(match.Groups["c"].Success ? DocumentKind.CreditNote : DocumentKind.Invoice, year, sequence);
                if (!numbers.Contains(number)) numbers.Add(number);
            }
        return numbers;
    }

    /// <summary>
    /// The allocations of a payment that names documents: the invoices it names that exist and are open, oldest first,
    /// each up to its open amount; what remains goes to the credit balance of the member of the oldest invoice named. A
    /// payment that names no invoice of ours gets none: it waits for finance. Credit notes named are not paid: they are
    /// set off (<see cref="SetOff"/>).
    /// </summary>
    public static IReadOnlyList<Allocation> Match(BankEntry payment, AccountsReceivable state, Instant at)
    {
        var named = NamedDocuments(payment.Remittance)
            .Where(n => n.Kind == DocumentKind.Invoice)
            .Select(state.Document).OfType<Invoice>()
            .OrderBy(d => d.IssueDate).ThenBy(d => d.Number.Year).ThenBy(d => d.Number.Sequence)
            .Take(MaxDocumentsPerPayment)
            .ToList();
        if (named.Count == 0) return [];
        var allocations = new List<Allocation>();
        var remaining = payment.Amount;
        foreach (var document in named)
        {
            var open = state.Item(document, LocalDate.MaxIsoValue).Open;
            if (open <= Money.Zero || remaining == Money.Zero) continue;
            var amount = open < remaining ? open : remaining;
            allocations.Add(new Allocation(Allocation.Ids.Matched(payment.Reference, document.Number), AllocationKind.Matched, payment.BookingDate,
                document.Member, amount, payment.Reference, null, document.Number, Allocation.Automatic, at));
            remaining -= amount;
        }
        if (remaining > Money.Zero)
            allocations.Add(new Allocation(Allocation.Ids.MatchedToCreditBalance(payment.Reference), AllocationKind.Matched, payment.BookingDate,
                named[0].Member, remaining, payment.Reference, null, null, Allocation.Automatic, at));
        return allocations;
    }

    /// <summary>
    /// A member's credit notes with an amount left set off against its open invoices, both oldest first, each pair up to
    /// the smaller open amount, dated on the later of the two issue dates.
    /// </summary>
    public static IReadOnlyList<Allocation> SetOff(CbsCode member, AccountsReceivable state, Instant at)
    {
        var items = state.Items(LocalDate.MaxIsoValue, member);
        var creditNotes = items.Where(i => i.Kind == DocumentKind.CreditNote && i.Open < Money.Zero).Select(i => (i.Number, i.IssueDate, Left: -i.Open)).ToList();
        var invoices = items.Where(i => i.Kind == DocumentKind.Invoice && i.Open > Money.Zero).Select(i => (i.Number, i.IssueDate, Left: i.Open)).ToList();
        var allocations = new List<Allocation>();
        int c = 0, v = 0;
        while (c < creditNotes.Count && v < invoices.Count && allocations.Count < IPaymentStore.MaxAppend)
        {
            var (note, invoice) = (creditNotes[c], invoices[v]);
            var amount = note.Left < invoice.Left ? note.Left : invoice.Left;
            var nth = state.AllocationsOf(note.Number).Count(a => a.Kind == AllocationKind.CreditNoteSetOff && a.Document == invoice.Number) + 1;
            allocations.Add(new Allocation(Allocation.Ids.SetOff(note.Number, invoice.Number, nth), AllocationKind.CreditNoteSetOff,
                note.IssueDate > invoice.IssueDate ? note.IssueDate : invoice.IssueDate, member, amount, null, note.Number, invoice.Number, Allocation.Automatic, at));
            creditNotes[c] = note with { Left = note.Left - amount };
            invoices[v] = invoice with { Left = invoice.Left - amount };
            if (creditNotes[c].Left == Money.Zero) c++;
            if (invoices[v].Left == Money.Zero) v++;
        }
        return allocations;
    }

    /// <summary>
    /// The refunds of a debit entry (not a reversal) whose remittance names credit notes: the credit notes it names that
    /// exist and have an amount open (negative), oldest first, each up to what is open. What the debit pays back beyond
    /// that is not allocated: it waits for finance (<c>payments unmatched</c>) like an unmatched payment. A debit that names
    /// no open credit note (bank costs, or a refund naming an invoice) gets none: it stays ignored.
    /// </summary>
    public static IReadOnlyList<Allocation> Refund(BankEntry debit, AccountsReceivable state, Instant at)
    {
        if (debit.Kind != EntryKind.Debit) return [];
        var named = NamedDocuments(debit.Remittance)
            .Where(n => n.Kind == DocumentKind.CreditNote)
            .Select(state.Document).OfType<Invoice>()
            .OrderBy(d => d.IssueDate).ThenBy(d => d.Number.Year).ThenBy(d => d.Number.Sequence)
            .Take(IPaymentStore.MaxAppend)
            .ToList();
        var allocations = new List<Allocation>();
        var remaining = debit.Amount;
        foreach (var note in named)
        {
            var open = -state.Item(note, LocalDate.MaxIsoValue).Open;
            if (open <= Money.Zero || remaining == Money.Zero) continue;
            var amount = open < remaining ? open : remaining;
            allocations.Add(new Allocation(Allocation.Ids.Refund(debit.Reference, note.Number), AllocationKind.Refund, debit.BookingDate,
                note.Member, amount, debit.Reference, note.Number, null, Allocation.Automatic, at));
            remaining -= amount;
        }
        return allocations;
    }

    /// <summary>The allocations of a payment (or a refund debit) the bank reversed that are not undone yet, undone on the reversal's booking date.</summary>
    public static IReadOnlyList<Allocation> Undo(BankEntry payment, AccountsReceivable state, Instant at)
    {
        if (state.ReversedBy(payment.Reference) is not { } reversal) return [];
        var date = state.Entry(reversal)!.BookingDate;
        return [.. state.InForce(payment.Reference).Take(IPaymentStore.MaxAppend).Select(a => a.Reversed(date, Allocation.Automatic, at))];
    }

    /// <summary>
    /// The next unit of work the state calls for, or empty when there is none: first the reversals, then the payments
    /// without any allocation in booking order, then the refund debits without any allocation in booking order (before
    /// the set-off, so that a credit note paid back is not set off as well), then the set-off of credit notes per member.
    /// Each unit is appended atomically; the next is decided on the state with it.
    /// </summary>
    public static IReadOnlyList<Allocation> Next(AccountsReceivable state, Instant at)
    {
        foreach (var entry in state.Entries.Where(e => e.Kind is EntryKind.Payment or EntryKind.Debit && state.ReversedBy(e.Reference) is not null))
            if (Undo(entry, state, at) is { Count: > 0 } undo) return undo;
        foreach (var payment in state.Entries.Where(e => e.IsPayment && state.ReversedBy(e.Reference) is null && state.AllocationsOf(e.Reference).Count == 0))
            if (Match(payment, state, at) is { Count: > 0 } matched) return matched;
        foreach (var debit in state.Entries.Where(e => e.Kind == EntryKind.Debit && state.ReversedBy(e.Reference) is null && state.AllocationsOf(e.Reference).Count == 0))
            if (Refund(debit, state, at) is { Count: > 0 } refunded) return refunded;
        foreach (var member in state.Documents.Where(d => d.Kind == DocumentKind.CreditNote).Select(d => d.Member).Distinct())
            if (SetOff(member, state, at) is { Count: > 0 } setOff) return setOff;
        return [];
    }
}
