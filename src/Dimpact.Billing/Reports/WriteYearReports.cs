using System.Text;
using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Populations;
using Dimpact.Billing.Tariffs;
using NodaTime;

namespace Dimpact.Billing.Reports;

/// <summary>The reports of a year as written: both reports and their files (xlsx, pdf, csv of each).</summary>
public sealed record WrittenReports(SettlementReport Settlement, YearReport Year, IReadOnlyList<ReportFile> Files)
{
    /// <summary>The settlement overview finance opens in Excel (attached to the settlement's notification).</summary>
    public ReportFile SettlementXlsx => File(ReportFile.Settlement, ReportFormat.Xlsx);

    public ReportFile File(string report, ReportFormat format) => Files.Single(f => f.Name == ReportFile.NameOf(report, Settlement.Year, format));
}

/// <summary>
/// "Write the reports of year Y": the settlement report and the year report, each as xlsx, pdf and csv, computed from
/// what is stored (the documents of the year, the newest figures of the settlement reference date, the delivery log)
/// and kept in the report archive under <c>{year}/settlement-{year}.xlsx</c> etc., replacing an earlier writing. Run
/// after each settlement; safe to run at any time and as often as wanted.
/// </summary>
public sealed class WriteYearReports(
    ITariffYears years,
    IInvoiceStore invoices,
    IPopulationSnapshots snapshots,
    IDeliveryLog deliveries,
    IReportRenderer renderer,
    IReportArchive archive,
    IClock clock,
    Receivables.ReadReceivables? receivables = null)
{
    public async Task<WrittenReports> RunAsync(int year, CancellationToken cancellationToken = default)
    {
        var tariffYear = await FindAsync(year, cancellationToken);
        var documents = await invoices.ListAsync(year, cancellationToken);
        var settlement = SettlementReport.Of(tariffYear, documents, await snapshots.LatestAsync(tariffYear.SettlementReferenceDate, cancellationToken), clock.GetCurrentInstant());
        var overview = YearReport.Of(tariffYear, documents, await deliveries.ListAsync(year, cancellationToken), clock.GetCurrentInstant(),
            receivables is null ? null : await receivables.RunAsync(cancellationToken));
        var files = Files(settlement, overview);
        foreach (var file in files) await archive.SaveAsync(file, cancellationToken);
        return new WrittenReports(settlement, overview, files);
    }

    /// <summary>The settlement report on what is stored now (writes nothing).</summary>
    public async Task<SettlementReport> SettlementReportAsync(int year, CancellationToken cancellationToken = default)
    {
        var tariffYear = await FindAsync(year, cancellationToken);
        return SettlementReport.Of(tariffYear, await invoices.ListAsync(year, cancellationToken),
            await snapshots.LatestAsync(tariffYear.SettlementReferenceDate, cancellationToken), clock.GetCurrentInstant());
    }

    /// <summary>The year report on what is stored now (writes nothing).</summary>
    public async Task<YearReport> YearReportAsync(int year, CancellationToken cancellationToken = default) =>
        YearReport.Of(await FindAsync(year, cancellationToken), await invoices.ListAsync(year, cancellationToken), await deliveries.ListAsync(year, cancellationToken), clock.GetCurrentInstant(),
            receivables is null ? null : await receivables.RunAsync(cancellationToken));

    /// <summary>The six files of the two reports, named as the archive keeps them.</summary>
    public IReadOnlyList<ReportFile> Files(SettlementReport settlement, YearReport overview)
    {
        ReportFile File(string report, ReportFormat format, byte[] content) => new(ReportFile.NameOf(report, settlement.Year, format), format, content);
        return
        [
            File(ReportFile.Settlement, ReportFormat.Xlsx, renderer.Xlsx(settlement)),
            File(ReportFile.Settlement, ReportFormat.Pdf, renderer.Pdf(settlement)),
            File(ReportFile.Settlement, ReportFormat.Csv, Encoding.UTF8.GetBytes(settlement.Csv())),
            File(ReportFile.YearOverview, ReportFormat.Xlsx, renderer.Xlsx(overview)),
            File(ReportFile.YearOverview, ReportFormat.Pdf, renderer.Pdf(overview)),
            File(ReportFile.YearOverview, ReportFormat.Csv, Encoding.UTF8.GetBytes(overview.Csv())),
        ];
    }

    private async Task<TariffYear> FindAsync(int year, CancellationToken cancellationToken) =>
        await years.FindAsync(year, cancellationToken) ?? throw new InvalidInputException([new DataProblem("--year", null, null, $"there is no tariff year {year}")]);
}
