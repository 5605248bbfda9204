using System.ComponentModel;
using Microsoft.Extensions.DependencyInjection;
using Dimpact.Billing.Settlement;
using Dimpact.Cli.Output;
using Dimpact.Storage;
using NodaTime;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Dimpact.Cli.Commands;

/// <summary>
/// dimpact settle --year Y [--date D] [--dry-run]: the same settlement the daily timer and the upload trigger run
/// (Q4 documents, corrections when newer figures arrived), on the stored population figures.
/// </summary>
public sealed class SettleSettings : IssueSettings
{
    [CommandOption("--year <YEAR>")]
    [Description("The tariff year to settle (default: the newest tariff year with data).")]
    public int? YearOption { get; init; }

    public int Year => YearOrNewest(YearOption);
}

public sealed class SettleCommand(IAnsiConsole console) : AsyncCommand<SettleSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, SettleSettings settings, CancellationToken cancellationToken)
    {
        using var services = settings.Services();
        var date = settings.RunDate(services.GetRequiredService<IClock>());
        var useCase = services.GetRequiredService<SettleYear>();
        var run = settings.DryRun
            ? await useCase.RunAsync(settings.Year, date, dryRun: true, cancellationToken: cancellationToken)
            : await DocumentTable.WithProgressAsync(console, $"Settling {settings.Year} on {date:yyyy-MM-dd}",
                progress => useCase.RunAsync(settings.Year, date, progress: progress, cancellationToken: cancellationToken));
        Describe(console, run, settings.DryRun);
        return 0;
    }

    public static void Describe(IAnsiConsole console, SettlementRun run, bool dryRun = false)
    {
        switch (run.Status)
        {
            case SettlementStatus.NotDue:
                console.MarkupLine($"Settlement {run.Year}: not due (Q4 {run.Year} has not started, or there is no tariff year {run.Year}).");
                return;
            case SettlementStatus.WaitingForFigures:
                console.MarkupLine(Markup.Escape($"waiting for figures: settlement {run.Year} needs population figures of 1 January {run.Year} for {run.MissingFigures.Count} member(s): {string.Join(", ", run.MissingFigures)}"));
                return;
            case SettlementStatus.OnHold:
                var held = run.Snapshot!;
                console.MarkupLine(Markup.Escape($"on hold: settlement {run.Year} waits for approval of figures {held.Id} ({held.Source}); nothing is issued on them until finance approves:"));
                foreach (var change in held.HoldReasons!) console.MarkupLine(Markup.Escape($"  {change}"));
                console.MarkupLine(Markup.Escape($"approve with: dimpact population approve {held.ReferenceDate:yyyy-MM-dd} --version {held.Version}; or upload corrected figures"));
                return;
        }
        console.Write(DocumentTable.Of($"Settlement {run.Year} on figures {run.Snapshot?.Id}{(dryRun ? " (dry run)" : "")}", dryRun, run.Due, run.Issued));
        console.MarkupLine(dryRun
            ? $"{run.Due.Count} document(s) would be issued."
            : $"{run.Issued.Count} document(s) issued; {run.AlreadyIssued} were issued already.");
        if (run.WaitingForAdvances.Count > 0)
            console.MarkupLine(Markup.Escape($"waiting for advances: {string.Join(", ", run.WaitingForAdvances)} (run 'dimpact issue' first)"));
    }
}
