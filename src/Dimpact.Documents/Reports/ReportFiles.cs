using Dimpact.Billing.Reports;

namespace Dimpact.Documents.Reports;

/// <summary>The reports as workbook and PDF: their views (<see cref="ReportViews"/>) drawn by <see cref="ReportWorkbook"/> and <see cref="ReportPdf"/>.</summary>
public sealed class ReportFiles : IReportRenderer
{
    public byte[] Xlsx(SettlementReport report) => ReportWorkbook.Write(ReportViews.Of(report));
    public byte[] Pdf(SettlementReport report) => ReportPdf.Render(ReportViews.Of(report));
    public byte[] Xlsx(YearReport report) => ReportWorkbook.Write(ReportViews.Of(report));
    public byte[] Pdf(YearReport report) => ReportPdf.Render(ReportViews.Of(report));
}
