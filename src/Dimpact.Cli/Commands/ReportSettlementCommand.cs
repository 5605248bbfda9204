using Dimpact.Billing.Reports;
using Microsoft.Extensions.DependencyInjection;
using Dimpact.Documents.Reports;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Dimpact.Cli.Commands;

/// <summary>
/// dimpact report settlement --year Y: per member and product the populations, budget, advances invoiced, definitive
/// amount on the newest figures, Q4 line and corrections; totals per product and overall. Reads, stores nothing.
/// </summary>
public sealed class ReportSettlementCommand(IAnsiConsole console) : AsyncCommand<ReportSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ReportSettings settings, CancellationToken cancellationToken)
    {
        using var services = settings.Services();
        var report = await services.GetRequiredService<WriteYearReports>().SettlementReportAsync(settings.Year, cancellationToken);
        var files = new ReportFiles();
        return settings.Show(console, ReportViews.Of(report), report.Csv(), () => files.Xlsx(report), () => files.Pdf(report));
    }
}
