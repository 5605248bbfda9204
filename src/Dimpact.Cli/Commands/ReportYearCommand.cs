using Dimpact.Billing.Reports;
using Microsoft.Extensions.DependencyInjection;
using Dimpact.Documents.Reports;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Dimpact.Cli.Commands;

/// <summary>
/// dimpact report year --year Y: per billing quarter and document kind the documents, amounts excl. and incl. VAT and
/// their sending (delivered, e-invoice withheld, failed, pending); the revenue per product. Reads, stores nothing.
/// </summary>
public sealed class ReportYearCommand(IAnsiConsole console) : AsyncCommand<ReportSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ReportSettings settings, CancellationToken cancellationToken)
    {
        using var services = settings.Services();
        var report = await services.GetRequiredService<WriteYearReports>().YearReportAsync(settings.Year, cancellationToken);
        var files = new ReportFiles();
        return settings.Show(console, ReportViews.Of(report), report.Csv(), () => files.Xlsx(report), () => files.Pdf(report));
    }
}
