using Dimpact.Billing.Daily;
using Dimpact.Billing.Settlement;
using Dimpact.Cli.Output;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Dimpact.Cli.Commands;

/// <summary>
/// dimpact daily [--date D] [--dry-run]: the daily job, exactly what the timer function runs (<see cref="RunDailyBilling"/>):
/// issue what is due, settle last year and this year when due, hand the documents to delivery. Rerunning a day adds
/// nothing. Exit 3 when the date's year has no tariff data.
/// </summary>
public sealed class DailyCommand(IAnsiConsole console) : AsyncCommand<IssueSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, IssueSettings settings, CancellationToken cancellationToken)
    {
        using var services = settings.Services();
        var date = settings.RunDate(services.GetRequiredService<IClock>());
        var daily = services.GetRequiredService<RunDailyBilling>();
        var run = settings.DryRun
            ? await daily.RunAsync(date, dryRun: true, cancellationToken: cancellationToken)
            : await DocumentTable.WithProgressAsync(console, $"Daily run {date:yyyy-MM-dd}",
                progress => daily.RunAsync(date, progress: progress, cancellationToken: cancellationToken));

        var issue = run.Issue;
        console.Write(DocumentTable.Of(settings.DryRun ? $"Advances that would be issued on {date:yyyy-MM-dd}" : $"Advances issued on {date:yyyy-MM-dd}",
            settings.DryRun, issue.Due, issue.Issued));
        console.MarkupLine(settings.DryRun
            ? $"Advances: {issue.Due.Count} document(s) would be issued; {issue.AlreadyIssued} already issued."
            : $"Advances: {issue.Issued.Count} document(s) issued; {issue.AlreadyIssued} were issued already.");
        foreach (var settlement in run.Settlements.Where(s => s.Status != SettlementStatus.NotDue))
            SettleCommand.Describe(console, settlement, settings.DryRun);
        if (run.Dispatch is { } dispatch) console.MarkupLine($"{dispatch.Enqueued} document(s) queued for delivery ('dimpact deliver' sends them locally).");
        if (run.Matched is { Recorded.Count: > 0 } matched) console.MarkupLine($"Payments: {matched.Recorded.Count} allocation(s) recorded; {matched.Unmatched.Count} payment(s) wait for finance ('dimpact payments unmatched').");
        if (run.Reminders is { Outcomes.Count: > 0 } reminders)
            console.MarkupLine(Markup.Escape(settings.DryRun
                ? $"Reminders: {reminders.Outcomes.Count(o => o.NotSentBecause is null)} would be sent: {string.Join(", ", reminders.Outcomes.Select(o => $"{o.Reminder.Item.Number} ({o.Reminder.Level})"))}."
                : $"Reminders: {reminders.Sent.Count} sent now, {reminders.Outcomes.Count(o => o.NotSentBecause is not null)} without an address."));
        NotificationLines.Write(console, run.Notifications);
        if (issue.Problem is { } problem)
        {
            Console.Error.WriteLine($"warning: {problem}");
            return ExitCodes.NoTariffYear;
        }
        return ExitCodes.Done;
    }
}
