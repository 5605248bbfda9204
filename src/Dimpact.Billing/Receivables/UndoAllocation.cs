using NodaTime;

namespace Dimpact.Billing.Receivables;

/// <summary>An allocation undone (the reversing record), or why it was refused (nothing recorded).</summary>
public sealed record UndoOutcome(Allocation? Recorded, string? Refusal)
{
    public bool Done => Recorded is not null;
}

/// <summary>
/// "Undo an allocation" (<c>dimpact payments undo ALLOCATION-ID</c>; BILLING.md: "every allocation is an immutable
/// record; undo is a reversing record"): finance takes back what matching or a colleague allocated of a payment. The
/// record stays; a reversal record with the amount negated is added, dated the day of the undo, and the payment's
/// amount waits for finance again (<c>payments unmatched</c>): matching never allocates a payment that has allocations,
/// so it is not matched back. Refused: an unknown id, a reversal itself, a record undone already (by finance or by the
/// bank's reversal of the payment), and a credit note's set-off (the rules would set it off again at once).
/// </summary>
public sealed class UndoAllocation(ReadReceivables read, IPaymentStore payments, IClock clock)
{
    public async Task<UndoOutcome> RunAsync(string allocationId, string by, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; attempt <= 20; attempt++)
        {
            var (state, version) = await read.ReadAsync(cancellationToken);
            var decision = Decide(state, allocationId, by, BillingCalendar.Today(clock), clock.GetCurrentInstant());
            if (decision.Recorded is not { } reversal) return decision;
            if (await payments.AppendAsync(version, [reversal], cancellationToken) is not null) return decision;
        }
        throw new InvalidOperationException($"Allocation {allocationId} could not be undone: the allocations kept changing.");
    }

    /// <summary>The decision alone, on a state (pure).</summary>
    public static UndoOutcome Decide(AccountsReceivable state, string allocationId, string by, LocalDate today, Instant at)
    {
        static UndoOutcome No(string why) => new(null, why);
        var id = allocationId.Trim();
        if (state.FindAllocation(id) is not { } allocation)
            return No($"there is no allocation {id} (dimpact payments list shows the allocations' ids)");
        if (allocation.Kind == AllocationKind.Reversal)
            return No($"{id} is itself the undo of allocation {allocation.Reverses}: an undo is not undone; allocate the payment again instead (dimpact payments allocate)");
        if (state.UndoneBy(id) is { } undone)
            return No($"allocation {id} was undone already ({undone.Id}, {undone.Date:yyyy-MM-dd}, by {undone.By})");
        if (allocation.Kind == AllocationKind.CreditNoteSetOff)
            return No($"{id} sets off credit note {allocation.CreditNote} against {allocation.Document}: set-offs follow from the rules and would be made again; only allocations of payments are undone");
        // Undone on the day of the undo, never before the allocation took effect (the receivables of earlier dates stay as they were).
        var date = today < allocation.Date ? allocation.Date : today;
        return new(allocation.Reversed(date, by, at), null);
    }
}
