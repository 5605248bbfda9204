using Dimpact.Billing;
using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Daily;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Dimpact.Functions;

/// <summary>
/// The scheduler: every day (schedule in app setting IssueSchedule, NCRONTAB in UTC: Linux plans ignore
/// WEBSITE_TIME_ZONE) it runs the daily job (<see cref="RunDailyBilling"/>, the same as <c>dimpact daily</c>) on
/// today's Amsterdam date: issue what is due, settle this and last year when due, dispatch deliveries. What is due is
/// computed from what is stored, so a missed or past-due run is caught up by the next, and a repeated run issues
/// nothing.
/// </summary>
public sealed class IssueDueInvoicesFunction(RunDailyBilling daily, IClock clock, ILogger<IssueDueInvoicesFunction> logger)
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
        var run = await daily.RunAsync(today, cancellationToken: cancellationToken);
        logger.LogInformation("Issue run {Date}: {Issued} issued, {Already} already issued.", today, run.Issue.Issued.Count, run.Issue.AlreadyIssued);
        LogProblem(logger, run.Issue);
        SettlementLog.Write(logger, run.Settlements);
        logger.LogInformation("Dispatch: {FromOutbox} from the outbox, {Enqueued} queued for delivery.", run.Dispatch?.FromOutbox, run.Dispatch?.Enqueued);
    }
}
