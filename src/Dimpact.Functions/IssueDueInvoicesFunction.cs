using Dimpact.Billing;
using Dimpact.Billing.Invoicing;
using Dimpact.Delivery;
using Dimpact.Billing.Settlement;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Dimpact.Functions;

/// <summary>
/// The scheduler: every day (schedule in app setting IssueSchedule, NCRONTAB in UTC: Linux plans ignore
/// WEBSITE_TIME_ZONE) it issues what is due on today's Amsterdam date. What is due is computed from what is
/// stored, so a missed or past-due run is caught up by the next, and a repeated run issues nothing.
/// After issuing it settles this tariff year and the previous one when due (Q4 started, figures complete): figures
/// uploaded before Q4 wait for this run; a correction uploaded after year end is caught here too. Last it
/// dispatches the outbox, so that what was issued is delivered.
/// </summary>
public sealed class IssueDueInvoicesFunction(
    IssueDueInvoices issueDueInvoices,
    SettleYear settleYear,
    DispatchDeliveries dispatchDeliveries,
    IClock clock,
    ILogger<IssueDueInvoicesFunction> logger)
{
    /// <summary>The word the error log of a run without tariff data starts with.</summary>
    public const string NoTariffYear = "NoTariffYear";

    /// <summary>Loud, for the failed-run alert (infra/modules/monitoring.bicep); the run goes on to settle last year and to deliver.</summary>
    public static void LogProblem(ILogger logger, IssueRun run)
    {
        if (run.Problem is { } problem) logger.LogError(NoTariffYear + ": {Problem}", problem);
    }

    [Function("IssueDueInvoices")]
    public async Task Run([TimerTrigger("%IssueSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var today = BillingCalendar.Today(clock);
        if (timer.IsPastDue) logger.LogWarning("The issue run of {Date} starts late; it catches up on everything due.", today);
        var run = await issueDueInvoices.RunAsync(today, cancellationToken: cancellationToken);
        logger.LogInformation("Issue run {Date}: {Issued} issued, {Already} already issued.", today, run.Issued.Count, run.AlreadyIssued);
        LogProblem(logger, run);
        var settlements = new List<SettlementRun>();
        foreach (var year in new[] { today.Year - 1, today.Year })
            settlements.Add(await settleYear.RunAsync(year, today, cancellationToken: cancellationToken));
        SettlementLog.Write(logger, settlements);
        // Hand what was issued (and anything left from earlier runs) to delivery.
        var dispatch = await dispatchDeliveries.RunAsync(cancellationToken);
        logger.LogInformation("Dispatch: {FromOutbox} from the outbox, {Enqueued} queued for delivery.", dispatch.FromOutbox, dispatch.Enqueued);
    }
}
