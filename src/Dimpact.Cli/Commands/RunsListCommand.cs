using Microsoft.Extensions.DependencyInjection;
using System.ComponentModel;
using Dimpact.Billing;
using Dimpact.Billing.Runs;
using Dimpact.Cli.Output;
using Dimpact.Storage;
using NodaTime;
using NodaTime.Text;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Dimpact.Cli.Commands;

public sealed class RunsListSettings : CsvStorageSettings
{
    [CommandOption("--operation <OPERATION>")]
    [Description("Only runs of this operation (e.g. issue). Default: all.")]
    public string? Operation { get; init; }

    [CommandOption("--last <N>")]
    [Description("How many of the newest runs to show.")]
    public int Last { get; init; } = 50;
}

/// <summary>dimpact runs list: the latest recorded runs, newest first; times in Europe/Amsterdam.</summary>
public sealed class RunsListCommand(IAnsiConsole console) : AsyncCommand<RunsListSettings>
{
    private static readonly LocalDateTimePattern Time = LocalDateTimePattern.CreateWithInvariantCulture("yyyy-MM-dd HH:mm:ss");

    public override async Task<int> ExecuteAsync(CommandContext context, RunsListSettings settings, CancellationToken cancellationToken)
    {
        using var services = settings.Services();
        var runs = await services.GetRequiredService<IRunLog>().ListAsync(settings.Operation, settings.Last, cancellationToken);
        if (settings.Csv)
        {
            Formats.WriteCsv(Console.Out, "operation,run_date,dry_run,started,finished,outcome,issued,already_issued,error,by",
                runs.Select(r => Formats.CsvLine(r.Operation, LocalDatePattern.Iso.Format(r.RunDate), r.DryRun ? "true" : "false",
                    InstantPattern.ExtendedIso.Format(r.Started), r.Finished is { } f ? InstantPattern.ExtendedIso.Format(f) : "",
                    r.Outcome.ToString().ToLowerInvariant(), r.Issued, r.AlreadyIssued, r.Error ?? "", r.By ?? "")));
            return 0;
        }
        var table = new Table().Border(TableBorder.Simple).Title("Runs, newest first (Europe/Amsterdam)");
        table.AddColumns("Operation", "Date", "Dry run", "Started", "Finished", "Outcome");
        table.AddColumn(new TableColumn("Issued").RightAligned());
        table.AddColumn(new TableColumn("Already").RightAligned());
        table.AddColumn("Error");
        table.AddColumn("By");
        foreach (var r in runs)
            table.AddRow(Markup.Escape(r.Operation), LocalDatePattern.Iso.Format(r.RunDate), r.DryRun ? "yes" : "",
                Local(r.Started), r.Finished is { } f ? Local(f) : "", Outcome(r.Outcome),
                Formats.Count(r.Issued), Formats.Count(r.AlreadyIssued), Markup.Escape(r.Error ?? ""), Markup.Escape(r.By ?? ""));
        console.Write(table);
        console.MarkupLine($"{runs.Count} run(s).");
        return 0;
    }

    private static string Local(Instant instant) => Time.Format(instant.InZone(BillingCalendar.Zone).LocalDateTime);

    private static string Outcome(RunOutcome outcome) => outcome switch
    {
        RunOutcome.Succeeded => "[green]succeeded[/]",
        RunOutcome.Failed => "[red]failed[/]",
        _ => "running",
    };
}
