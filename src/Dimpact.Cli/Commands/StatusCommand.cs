using System.ComponentModel;
using Dimpact.App;
using Dimpact.Billing.Status;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Dimpact.Cli.Commands;

public sealed class StatusSettings : StorageSettings
{
    [CommandOption("--date <DATE>")]
    [Description("The date to report on (yyyy-MM-dd, Europe/Amsterdam). Default: today.")]
    public string? Date { get; init; }

    [CommandOption("--json")]
    [Description("Write the status as JSON (the HTTP Status function's shape) instead of a table.")]
    public bool Json { get; init; }
}

/// <summary>
/// dimpact status [--date D] [--json]: finance's one screen: what is next, what waits, what failed, which e-invoices
/// were withheld and what master data members lack. Exit 0 when nothing needs attention, 4 when something does.
/// </summary>
public sealed class StatusCommand(IAnsiConsole console) : AsyncCommand<StatusSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, StatusSettings settings, CancellationToken cancellationToken)
    {
        using var services = settings.Services();
        var date = new IssueSettings { Date = settings.Date }.RunDate(services.GetRequiredService<IClock>());
        var report = await services.GetRequiredService<BillingStatus>().RunAsync(date, cancellationToken);
        if (settings.Json) Console.Out.WriteLine(StatusJson.Serialize(report));
        else
        {
            var table = new Table().Border(TableBorder.Simple).Title($"Status on {LocalDatePattern.Iso.Format(date)}")
                .AddColumn("").AddColumn("Section").AddColumn("");
            foreach (var section in report.Sections)
            foreach (var (line, i) in section.Lines.Select((l, i) => (l, i)))
                table.AddRow(line.NeedsAttention ? "[red]![/]" : "[green]✓[/]", i == 0 ? Markup.Escape(section.Title) : "", Markup.Escape(line.Text));
            console.Write(table);
            console.MarkupLine(report.NeedsAttention ? "[red]Something needs attention[/] (the lines marked !)." : "[green]Nothing needs attention.[/]");
        }
        return report.NeedsAttention ? ExitCodes.NeedsAttention : ExitCodes.Done;
    }
}
