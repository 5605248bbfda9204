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
/// What one run of an operation (the daily issue run, a CLI issue) did, for the people who answer "did the invoices
/// go out?": when it ran, for which date, whether it wrote, what it issued, and how it ended.
/// </summary>
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
    string? Error = null);

/// <summary>Where run records live; newest first.</summary>
public interface IRunLog
{
    /// <summary>Stores the record, replacing an earlier state of the same run.</summary>
    Task SaveAsync(RunRecord run, CancellationToken cancellationToken = default);

    /// <summary>The latest runs, newest first; of one operation, or of all.</summary>
    Task<IReadOnlyList<RunRecord>> ListAsync(string? operation = null, int max = 50, CancellationToken cancellationToken = default);
}
