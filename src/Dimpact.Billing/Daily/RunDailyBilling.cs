using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Notifications;
using Dimpact.Billing.Receivables;
using Dimpact.Billing.Settlement;
using NodaTime;

namespace Dimpact.Billing.Daily;

/// <summary>What the daily job did on a date: the issue run, the settlement runs (last year and this year), the dispatch.</summary>
public sealed record DailyRun(LocalDate Date, bool DryRun, IssueRun Issue, IReadOnlyList<SettlementRun> Settlements, DispatchRun? Dispatch)
{
    /// <summary>Every document the run issued, advances and settlements alike.</summary>
    public IReadOnlyList<Invoice> Issued => [.. Issue.Issued, .. Settlements.SelectMany(s => s.Issued)];

    /// <summary>The finance notifications the run recorded (<c>New</c>) or found recorded before.</summary>
    public IReadOnlyList<NotificationOutcome> Notifications { get; init; } = [];

    /// <summary>The payments matched in this run and the reminders sent (null without receivables, or in a dry run: matching).</summary>
    public MatchRun? Matched { get; init; }

    public ReminderRun? Reminders { get; init; }
}

/// <summary>
/// The daily job (BILLING.md, "The billing calendar"), the same from the timer and from <c>dimpact daily</c>: issue
/// what is due on the date; settle last year and this year when due (figures uploaded before Q4 wait for this run, a
/// correction that arrives after year end is caught here too); then hand what was issued, and anything left from
/// earlier runs, to delivery; last, tell finance what is news (<see cref="FinanceNotifications"/>: the documents issued,
/// e-invoices withheld, figures on hold, figures overdue). Every step is idempotent, so a rerun of a day, or two at
/// once, issues nothing twice and notifies nothing twice. With <c>dryRun</c> it writes, dispatches and sends nothing.
/// Then receivables: the stored bank entries are matched (<see cref="MatchPayments"/>) and the reminders due are sent
/// (<see cref="SendReminders"/>, each once per document and level), before the dispatch so that they are queued with it.
/// </summary>
public sealed class RunDailyBilling(IssueDueInvoices issue, SettleYear settle, IDispatchDeliveries dispatch, FinanceNotifications? notifications = null,
    MatchPayments? match = null, SendReminders? reminders = null)
{
    public async Task<DailyRun> RunAsync(LocalDate date, bool dryRun = false, IProgress<IssueProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var issued = await issue.RunAsync(date, dryRun, progress, cancellationToken);
        var settlements = new List<SettlementRun>();
        foreach (var year in new[] { date.Year - 1, date.Year })
            settlements.Add(await settle.RunAsync(year, date, dryRun, progress, cancellationToken));
        var matched = dryRun || match is null ? null : await match.RunAsync(cancellationToken);
        var reminded = reminders is null ? null : await reminders.RunAsync(date, dryRun, cancellationToken);
        var dispatched = dryRun ? null : await dispatch.RunAsync(cancellationToken);
        var run = new DailyRun(date, dryRun, issued, settlements, dispatched) { Matched = matched, Reminders = reminded };
        if (dryRun || notifications is null) return run;
        return run with { Notifications = await notifications.RunAsync(date, run.Issued, settlements, cancellationToken) };
    }
}
