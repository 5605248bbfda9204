using Dimpact.Billing.Invoicing;
using NodaTime;

namespace Dimpact.Billing.Receivables;

/// <summary>What finance allocates a payment to by hand: a document, or (an overpayment) a member's credit balance.</summary>
public sealed record AllocationTarget(InvoiceNumber? Document, CbsCode? Member)
{
    public static AllocationTarget To(InvoiceNumber document) => new(document, null);

    public static AllocationTarget ToCreditBalance(CbsCode member) => new(null, member);

    /// <summary>A document number (2024-000012) or a member's CBS code (GM0150: its credit balance).</summary>
    public static AllocationTarget Parse(string text)
    {
        try { return To(InvoiceNumber.Parse(text)); }
        catch (FormatException) { }
        try { return ToCreditBalance(CbsCode.Parse(text)); }
        catch (FormatException) { }
        throw new FormatException($"'{text}' is neither a document number such as 2024-000012 nor a member's CBS code such as GM0150.");
    }

    public override string ToString() => Document?.ToString() ?? $"credit balance of {Member}";
}

/// <summary>A manual allocation recorded, or why it was refused (nothing recorded).</summary>
public sealed record ManualAllocationOutcome(Allocation? Recorded, string? Refusal)
{
    public bool Done => Recorded is not null;
}

/// <summary>
/// "Allocate a payment by hand" (<c>dimpact payments allocate ENTRY NUMBER [--amount A]</c>): a payment matching could not
/// allocate, or not wholly, is allocated by finance to a document (at most its open amount) or to a member's credit
/// balance; without an amount, as much as both the payment's unallocated amount and the document's open amount allow.
/// Recorded once, on the version of the log it was decided on (a concurrent change: decided again).
/// </summary>
public sealed class AllocatePayment(ReadReceivables read, IPaymentStore payments, IClock clock)
{
    public async Task<ManualAllocationOutcome> RunAsync(BankReference entry, AllocationTarget target, Money? amount, string by, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; attempt <= 20; attempt++)
        {
            var (state, version) = await read.ReadAsync(cancellationToken);
            var decision = Decide(state, entry, target, amount, by, BillingCalendar.Today(clock), clock.GetCurrentInstant());
            if (decision.Recorded is not { } allocation) return decision;
            if (await payments.AppendAsync(version, [allocation], cancellationToken) is not null) return decision;
        }
        throw new InvalidOperationException($"Payment {entry} could not be allocated: the allocations kept changing.");
    }

    /// <summary>The decision alone, on a state (pure).</summary>
    public static ManualAllocationOutcome Decide(AccountsReceivable state, BankReference reference, AllocationTarget target, Money? amount, string by, LocalDate today, Instant at)
    {
        static ManualAllocationOutcome No(string why) => new(null, why);
        if (state.Entry(reference) is not { } entry) return No($"there is no bank entry {reference} (dimpact payments list shows them)");
        if (entry.Kind == EntryKind.Debit) return DecideRefund(state, entry, target, amount, by, today, at);
        if (!entry.IsPayment) return No($"bank entry {reference} is a {entry.Kind}, not a payment: only credits to Dimpact's account are allocated (and debits to the credit notes they refund)");
        var status = state.Status(entry);
        if (status.IsReversed) return No($"the bank reversed payment {reference} (entry {status.ReversedBy}): nothing to allocate");
        if (status.Unallocated <= Money.Zero) return No($"payment {reference} is wholly allocated already");
        if (amount is { } a && a <= Money.Zero) return No($"the amount {a} is not above 0.00");
        if (amount is { } over && over > status.Unallocated) return No($"the amount {over} is more than the {status.Unallocated} of payment {reference} not yet allocated");

        Money chosen;
        CbsCode member;
        if (target.Document is { } number)
        {
            if (number.Kind != DocumentKind.Invoice) return No($"{number} is a credit note: a payment pays invoices (credit notes are set off against them)");
            if (state.Document(number) is not { } document) return No($"there is no document {number}");
            var open = state.Item(document, LocalDate.MaxIsoValue).Open;
            if (open <= Money.Zero) return No($"invoice {number} has nothing open; allocate to the member's credit balance instead ({document.Member})");
            if (amount is { } tooMuch && tooMuch > open) return No($"the amount {tooMuch} is more than the {open} open of invoice {number}");
            chosen = amount ?? (open < status.Unallocated ? open : status.Unallocated);
            member = document.Member;
        }
        else
        {
            member = target.Member!.Value;
            chosen = amount ?? status.Unallocated;
        }
        var nth = state.AllocationsOf(reference).Count(x => x.Kind == AllocationKind.Manual && x.Document == target.Document && x.Member == member) + 1;
        return new(new Allocation(Allocation.Ids.Manual(reference, target.Document, member, nth), AllocationKind.Manual, today, member, chosen,
            reference, null, target.Document, by, at), null);
    }

    /// <summary>A debit entry (money paid back) allocated by hand to the credit note it refunds, at most what is open of it.</summary>
    private static ManualAllocationOutcome DecideRefund(AccountsReceivable state, BankEntry debit, AllocationTarget target, Money? amount, string by, LocalDate today, Instant at)
    {
        static ManualAllocationOutcome No(string why) => new(null, why);
        var reference = debit.Reference;
        if (target.Document is not { Kind: DocumentKind.CreditNote } number)
            return No($"bank entry {reference} is a debit: it is allocated only to a credit note it refunds (such as C2024-000003)");
        var status = state.Status(debit);
        if (status.IsReversed) return No($"the bank reversed debit {reference} (entry {status.ReversedBy}): nothing to allocate");
        if (status.Unallocated <= Money.Zero) return No($"debit {reference} is wholly allocated already");
        if (amount is { } a && a <= Money.Zero) return No($"the amount {a} is not above 0.00");
        if (amount is { } over && over > status.Unallocated) return No($"the amount {over} is more than the {status.Unallocated} of debit {reference} not yet allocated");
        if (state.Document(number) is not { } note) return No($"there is no document {number}");
        var open = -state.Item(note, LocalDate.MaxIsoValue).Open;
        if (open <= Money.Zero) return No($"credit note {number} has nothing open to refund");
        if (amount is { } tooMuch && tooMuch > open) return No($"the amount {tooMuch} is more than the {open} open of credit note {number}");
        var chosen = amount ?? (open < status.Unallocated ? open : status.Unallocated);
        var nth = state.AllocationsOf(reference).Count(x => x.Kind == AllocationKind.Refund && x.CreditNote == number && x.By != Allocation.Automatic) + 1;
        return new(new Allocation(Allocation.Ids.ManualRefund(reference, number, nth), AllocationKind.Refund, today, note.Member, chosen,
            reference, number, null, by, at), null);
    }
}
