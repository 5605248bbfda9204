using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Reports;
using Dimpact.Billing.Settlement;
using NodaTime;

namespace Dimpact.Billing.Daily;

/// <summary>What the daily job did on a date: the issue run, the settlement runs (last year and this year), the dispatch.</summary>
public sealed record DailyRun(LocalDate Date, bool DryRun, IssueRun Issue, IReadOnlyList<SettlementRun> Settlements, DispatchRun? Dispatch,
    IReadOnlyList<WrittenReports>? Reports = null)
{
    /// <summary>Every document the run issued, advances and settlements alike.</summary>
    public IReadOnlyList<Invoice> Issued => [.. Issue.Issued, .. Settlements.SelectMany(s => s.Issued)];
}

/// <summary>
/// The daily job (BILLING.md, "The billing calendar"), the same from the timer and from <c>dimpact daily</c>: issue
/// what is due on the date; settle last year and this year when due (figures uploaded before Q4 wait for this run, a
/// correction that arrives after year end is caught here too); then hand what was issued, and anything left from
/// earlier runs, to delivery. After a settlement that issued documents, the year's reports are written (settlement and
/// year overview as xlsx, PDF and CSV). Every step is idempotent, so a rerun of a day, or two at once, issues nothing
/// twice. With <c>dryRun</c> it writes nothing and dispatches nothing.
/// </summary>
public sealed class RunDailyBilling(IssueDueInvoices issue, SettleYear settle, IDispatchDeliveries dispatch, WriteYearReports? reports = null)
{
    public async Task<DailyRun> RunAsync(LocalDate date, bool dryRun = false, IProgress<IssueProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var issued = await issue.RunAsync(date, dryRun, progress, cancellationToken);
        var settlements = new List<SettlementRun>();
        foreach (var year in new[] { date.Year - 1, date.Year })
            settlements.Add(await settle.RunAsync(year, date, dryRun, progress, cancellationToken));
        var written = new List<WrittenReports>();
        if (reports is not null)
            foreach (var settled in settlements.Where(s => s.Issued.Count > 0))
                written.Add(await reports.RunAsync(settled.Year, cancellationToken));
        var dispatched = dryRun ? null : await dispatch.RunAsync(cancellationToken);
        return new DailyRun(date, dryRun, issued, settlements, dispatched, written);
    }
}
