using NodaTime;

namespace Dimpact.Billing.Runs;

/// <summary>
/// Records every run of an operation around the work itself, whichever host starts it: saved as running when it
/// starts (so a crashed run stays visible), then as succeeded with its counts or as failed with its error.
/// </summary>
public sealed class RunRecorder(IRunLog log, IClock clock)
{
    public async Task<T> RecordAsync<T>(
        string operation, LocalDate runDate, bool dryRun, Func<Task<T>> work, Func<T, (int Issued, int AlreadyIssued)> counts,
        CancellationToken cancellationToken = default)
    {
        var run = new RunRecord(Guid.NewGuid(), operation, runDate, dryRun, clock.GetCurrentInstant(), null, RunOutcome.Running);
        await log.SaveAsync(run, cancellationToken);
        T result;
        try
        {
            result = await work();
        }
        catch (Exception e)
        {
            // Recorded even when the run was cancelled. The run's error is what the caller sees: should the record
            // itself fail (storage down), the run stays "running" in the log, which also says it did not finish.
            try
            {
                await log.SaveAsync(run with { Finished = clock.GetCurrentInstant(), Outcome = RunOutcome.Failed, Error = e.Message }, CancellationToken.None);
            }
            catch (Exception) { /* the run's own error is rethrown below */ }
            throw;
        }
        var (issued, already) = counts(result);
        await log.SaveAsync(run with { Finished = clock.GetCurrentInstant(), Outcome = RunOutcome.Succeeded, Issued = issued, AlreadyIssued = already }, cancellationToken);
        return result;
    }
}
