using NodaTime;

namespace Dimpact.Billing.Runs;

public enum RunOutcome
{
    /// <summary>Started and not (yet) finished: a run that stays so was ended by a crash or a shutdown.</summary>
    Running,
    Succeeded,
    Failed,
}

/// <summary>
/// What one run of an operation (the daily issue run, a CLI issue, a call of the HTTP API) did, for the people who
/// answer "did the invoices go out?": when it ran, for which date, whether it wrote, what it issued, how it ended, and
/// who asked for it.
/// </summary>
/// <param name="By">Who started the run, when known: the signed-in caller of the HTTP API (or "function key" for a call
/// with the key alone); null for the timer and the CLI.</param>
public sealed record RunRecord(
    Guid Id,
    string Operation,
    LocalDate RunDate,
    bool DryRun,
    Instant Started,
    Instant? Finished,
    RunOutcome Outcome,
    int Issued = 0,
    int AlreadyIssued = 0,
    string? Error = null,
    string? By = null);

/// <summary>Where run records live; newest first.</summary>
public interface IRunLog
{
    /// <summary>Stores the record, replacing an earlier state of the same run.</summary>
    Task SaveAsync(RunRecord run, CancellationToken cancellationToken = default);

    /// <summary>The latest runs, newest first; of one operation, or of all.</summary>
    /// <param name="dryRuns">False: only runs that could write (a dry run, which includes every call of the HTTP API,
    /// changes nothing, so it neither needs attention nor hides a failed run that wrote).</param>
    Task<IReadOnlyList<RunRecord>> ListAsync(string? operation = null, int max = 50, CancellationToken cancellationToken = default, bool dryRuns = true);
}
