using System.ComponentModel;
using Dimpact.Billing;
using Dimpact.Billing.Ledger;
using Dimpact.Cli.Output;
using Dimpact.Documents.Reports;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Dimpact.Cli.Commands;

public sealed class LedgerExportSettings : CsvStorageSettings
{
    [CommandOption("--from <DATE>")]
    [Description("First day of the period (yyyy-MM-dd).")]
    public string? From { get; init; }

    [CommandOption("--to <DATE>")]
    [Description("Last day of the period (yyyy-MM-dd).")]
    public string? To { get; init; }
}

/// <summary>
/// dimpact ledger export --from D --to D [--csv]: journal lines for every document, payment and allocation dated in the
/// period, on the accounts of <c>Ledger__AccountsFile</c>; balanced per entry; the same period gives the same lines.
/// </summary>
public sealed class LedgerExportCommand(IAnsiConsole console) : AsyncCommand<LedgerExportSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, LedgerExportSettings settings, CancellationToken cancellationToken)
    {
        var from = ReceivablesSettings.Date("--from", settings.From ?? throw Missing("--from"))!.Value;
        var to = ReceivablesSettings.Date("--to", settings.To ?? throw Missing("--to"))!.Value;
        using var services = settings.Services();
        var export = await services.GetRequiredService<ExportLedger>().RunAsync(from, to, cancellationToken);
        if (settings.Csv) Console.Out.Write(export.Csv());
        else ReportConsole.Write(console, ReceivablesViews.Of(export));
        return ExitCodes.Done;
    }

    private static InvalidInputException Missing(string option) => new([new DataProblem(option, null, null, "is required (yyyy-MM-dd)")]);
}
