using Microsoft.Extensions.DependencyInjection;
using Dimpact.Billing;
using Dimpact.Cli.Output;
using Dimpact.Delivery;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Dimpact.Cli.Commands;

/// <summary>
/// dimpact deliver: what the Functions host does with the queue, locally: dispatch the outbox (and what is due
/// again), then deliver every visible message (SMTP from Smtp__* settings, else .eml files in out/mail/). A failed
/// attempt waits for its retry; the run says how many wait and when the next is due. Exit 4 when a delivery was
/// given up in this run (the same error line the Functions app logs for the alert, on standard error).
/// </summary>
public sealed class DeliverCommand(IAnsiConsole console) : AsyncCommand<DeliverySettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, DeliverySettings settings, CancellationToken cancellationToken)
    {
        using var services = settings.Services();
        var worker = services.GetRequiredService<DeliverQueuedInvoices>();
        var run = await console.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask("Delivering", maxValue: 1);
                var progress = new Progress<QueueProgress>(p => { task.MaxValue = Math.Max(1, p.Total); task.Value = p.Done; });
                var result = await worker.RunAsync(progress, cancellationToken);
                task.Value = task.MaxValue;
                return result;
            });
        foreach (var group in run.Outcomes.GroupBy(o => o.Result).OrderBy(g => g.Key))
            console.MarkupLineInterpolated($"{group.Key}: {group.Count()}");
        var errors = new StandardErrorLogger(LogLevel.Error);
        foreach (var outcome in run.FailedForGood) DeliveryLogging.Write(errors, outcome, dequeueCount: 0);
        foreach (var (message, error) in run.Errors)
            console.MarkupLineInterpolated($"[yellow]{message}[/] is not an invoice number and stays on the queue: {error}");
        console.MarkupLine($"{run.Dispatch.FromOutbox} taken from the outbox; {run.Outcomes.Count(o => o.Result == DeliveryResult.Sent)} sent.");
        if (run.Notifications.Count > 0)
            console.MarkupLine($"Finance notifications: {run.Notifications.Count(n => n.Result == DeliveryResult.Sent)} sent, {run.Notifications.Count(n => n.Result == DeliveryResult.NotSent)} not sent (no Finance__NotifyEmails), {run.Notifications.Count(n => n.Result == DeliveryResult.RetryLater)} waiting for a retry, {run.Notifications.Count(n => n.Result == DeliveryResult.Failed)} failed for good.");
        if (run.NextDueAt is { } next)
            console.MarkupLineInterpolated(
                $"[yellow]{run.Waiting.Count} waiting for a retry[/]; the next is due at {next.InZone(BillingCalendar.Zone).ToString("dd-MM-yyyy HH:mm", null)} (Amsterdam). Run 'dimpact deliver' again then, or 'dimpact deliveries retry' once the mail server is back.");
        if (run.FailedForGood.Count > 0)
        {
            console.MarkupLineInterpolated(
                $"[red]{run.FailedForGood.Count} failed for good[/]; fix the cause, then 'dimpact deliveries retry --failed --year {run.FailedForGood[0].Number.Year}'.");
            return ExitCodes.NeedsAttention; // a delivery failed for good in this run
        }
        return run.Errors.Count == 0 ? 0 : 1;
    }
}
