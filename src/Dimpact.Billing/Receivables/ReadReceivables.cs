using Dimpact.Billing.Invoicing;

namespace Dimpact.Billing.Receivables;

/// <summary>
/// Reads receivables as stored: every document of every year that has documents, every bank entry and every allocation
/// record. What reports, reminders and the ledger export start from (<see cref="AccountsReceivable"/>).
/// </summary>
public sealed class ReadReceivables(IInvoiceStore invoices, IPaymentStore payments)
{
    public async Task<AccountsReceivable> RunAsync(CancellationToken cancellationToken = default) => (await ReadAsync(cancellationToken)).State;

    /// <summary>The state and the allocation log's version it was read at (for a use case that appends).</summary>
    public async Task<(AccountsReceivable State, string Version)> ReadAsync(CancellationToken cancellationToken = default)
    {
        // The log first: allocations decided on this state are appended on its version, so documents or entries read
        // after it can only be newer, never miss an allocation.
        var log = await payments.AllocationsAsync(cancellationToken);
        var entries = await payments.EntriesAsync(cancellationToken);
        var documents = new List<Invoice>();
        foreach (var year in await invoices.YearsAsync(cancellationToken)) documents.AddRange(await invoices.ListAsync(year, cancellationToken));
        return (new AccountsReceivable(documents, entries, log.Records), log.Version);
    }
}

/// <summary>What a matching run recorded, and what still waits for finance afterwards.</summary>
public sealed record MatchRun(IReadOnlyList<Allocation> Recorded, AccountsReceivable State)
{
    public IReadOnlyList<PaymentStatus> Unmatched => State.Unmatched();
}

/// <summary>
/// "Match payments" (BILLING.md, "Payments and receivables"): records what the stored entries call for
/// (<see cref="PaymentMatching.Next"/>), one atomic append at a time on the version of the log it decided on. When
/// another run appended in between, the state is read again and the decision made again, so concurrent runs never
/// allocate more than is open, and deterministic ids store each allocation once.
/// </summary>
public sealed class MatchPayments(ReadReceivables read, IPaymentStore payments, NodaTime.IClock clock)
{
    private const int MaxConflicts = 100;

    public async Task<MatchRun> RunAsync(CancellationToken cancellationToken = default)
    {
        var (state, version) = await read.ReadAsync(cancellationToken);
        var recorded = new List<Allocation>();
        var conflicts = 0;
        while (PaymentMatching.Next(state, clock.GetCurrentInstant()) is { Count: > 0 } unit)
        {
            if (await payments.AppendAsync(version, unit, cancellationToken) is { } next)
            {
                recorded.AddRange(unit);
                (state, version) = (state.With(unit), next);
                continue;
            }
            if (++conflicts > MaxConflicts) throw new InvalidOperationException($"Payments could not be matched after {MaxConflicts} concurrent changes of the allocations.");
            await Task.Delay(Random.Shared.Next(0, Math.Min(100, conflicts * 10)), cancellationToken);
            (state, version) = await read.ReadAsync(cancellationToken);
        }
        return new MatchRun(recorded, state);
    }
}
