using Dimpact.Delivery;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Dimpact.Cli.Commands;

/// <summary>
/// dimpact deliver: what the Functions host does with the queue, locally: dispatch the outbox, then deliver every
/// queued message (SMTP from Smtp__* settings, else .eml files in out/mail/).
/// </summary>
public sealed class DeliverCommand(IAnsiConsole console) : AsyncCommand<DeliverySettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, DeliverySettings settings, CancellationToken cancellationToken)
    {
        var worker = settings.Delivery(settings.OpenStorage()).Worker;
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
        foreach (var failed in run.Outcomes.Where(o => o.Result == DeliveryResult.Failed))
            console.MarkupLineInterpolated($"[red]{failed.Number}[/]: {failed.Delivery?.LastError}");
        foreach (var (message, error) in run.Errors)
            console.MarkupLineInterpolated($"[yellow]{message}[/] will be retried: {error}");
        console.MarkupLine($"{run.Dispatch.FromOutbox} taken from the outbox; {run.Outcomes.Count(o => o.Result == DeliveryResult.Sent)} sent.");
        return run.Errors.Count == 0 ? 0 : 1;
    }
}
