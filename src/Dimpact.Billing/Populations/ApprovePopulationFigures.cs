using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Notifications;
using Dimpact.Billing.Settlement;
using NodaTime;

namespace Dimpact.Billing.Populations;

/// <summary>What approving a version did; <c>Snapshot</c> null when there is no such version.</summary>
public sealed record ApprovalRun(
    LocalDate ReferenceDate,
    int Version,
    PopulationSnapshot? Snapshot,
    bool Recorded,
    PopulationSnapshot? Newest,
    IReadOnlyList<SettlementRun> Settlements)
{
    /// <summary>The finance notifications of the settlement it ran (documents issued, figures still on hold).</summary>
    public IReadOnlyList<NotificationOutcome> Notifications { get; init; } = [];

    /// <summary>A newer version of the date exists: settlement uses that one, not this.</summary>
    public bool Superseded => Newest is not null && Snapshot is not null && Newest.Version > Snapshot.Version;
}

/// <summary>
/// "Approve held figures" (issue: implausible figures are held): finance has checked a version whose figures changed
/// more than the plausibility margin and approves it; the approval is recorded once with who and when, and the
/// settlement of the tariff year settled on that date runs at once, as after an upload. Approving again changes
/// nothing; approving a version that was never held records nothing. Finance hears of what the settlement issued.
/// </summary>
public sealed class ApprovePopulationFigures(IPopulationSnapshots snapshots, SettleYear settle, ITariffYears years, IClock clock,
    FinanceNotifications? notifications = null)
{
    public async Task<ApprovalRun> RunAsync(LocalDate referenceDate, int version, string approvedBy, IProgress<IssueProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        if (await snapshots.FindAsync(referenceDate, version, cancellationToken) is not { } snapshot)
            return new ApprovalRun(referenceDate, version, null, false, null, []);
        var recorded = false;
        if (snapshot.NeedsApproval)
        {
            var outcome = await snapshots.ApproveAsync(referenceDate, version, new PopulationApproval(approvedBy, clock.GetCurrentInstant()), cancellationToken);
            (snapshot, recorded) = (outcome!.Snapshot, outcome.Recorded);
        }
        var newest = await snapshots.LatestAsync(referenceDate, cancellationToken);
        var settlements = new List<SettlementRun>();
        var today = BillingCalendar.Today(clock);
        if (await years.FindAsync(referenceDate.Year, cancellationToken) is { } year && year.SettlementReferenceDate == referenceDate)
            settlements.Add(await settle.RunAsync(year.Year, today, progress: progress, cancellationToken: cancellationToken));
        return new ApprovalRun(referenceDate, version, snapshot, recorded, newest, settlements)
        {
            Notifications = notifications is null ? [] : await notifications.RunAsync(today, [.. settlements.SelectMany(s => s.Issued)], settlements, cancellationToken),
        };
    }
}
