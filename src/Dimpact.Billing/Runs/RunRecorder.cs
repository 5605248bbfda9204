using NodaTime;

namespace Dimpact.Billing.Runs;

/// <summary>
/// Records every run of an operation around the work itself, whichever host starts it: saved as running when it
/// starts (so a crashed run stays visible), then as succeeded with its counts or as failed with its error.
/// </summary>
public sealed class RunRecorder
{
    private readonly IRunLog _log;
    private readonly IClock _clock;
    private readonly string? _by;

    public RunRecorder(IRunLog log, IClock clock) : this(log, clock, null) { }

    private RunRecorder(IRunLog log, IClock clock, string? by)
    {
        _log = log;
        _clock = clock;
        _by = by;
    }

    /// <summary>The same log, recording <paramref name="by"/> as who started each run (the caller of the HTTP API).</summary>
    public RunRecorder For(string by) => new(_log, _clock, by);

    /// <param name="problem">What makes a finished run a failure (e.g. no tariff year), recorded as its error; null when nothing.</param>
    public async Task<T> RecordAsync<T>(
        string operation, LocalDate runDate, bool dryRun, Func<Task<T>> work, Func<T, (int Issued, int AlreadyIssued)> counts,
        Func<T, string?>? problem = null, CancellationToken cancellationToken = default)
    {
        var run = new RunRecord(Guid.NewGuid(), operation, runDate, dryRun, _clock.GetCurrentInstant(), null, RunOutcome.Running, By: _by);
        await _log.SaveAsync(run, cancellationToken);
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
                await _log.SaveAsync(run with { Finished = _clock.GetCurrentInstant(), Outcome = RunOutcome.Failed, Error = e.Message }, CancellationToken.None);
            }
            catch (Exception) { /* the run's own error is rethrown below */ }
            throw;
        }
        var (issued, already) = counts(result);
        var error = problem?.Invoke(result);
        await _log.SaveAsync(run with
        {
            Finished = _clock.GetCurrentInstant(),
            Outcome = error is null ? RunOutcome.Succeeded : RunOutcome.Failed,
            Issued = issued,
            AlreadyIssued = already,
            Error = error,
        }, cancellationToken);
        return result;
    }
}
