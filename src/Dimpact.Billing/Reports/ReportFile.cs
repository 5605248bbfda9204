using System.Globalization;

namespace Dimpact.Billing.Reports;

public enum ReportFormat
{
    Xlsx,
    Pdf,
    Csv,
}

/// <summary>
/// One written report: its name in the report archive, <c>{year}/{report}-{year}.{ext}</c> (e.g.
/// <c>2024/settlement-2024.xlsx</c>, in the <c>reports</c> container), and its bytes.
/// </summary>
public sealed record ReportFile(string Name, ReportFormat Format, byte[] Content)
{
    public const string Settlement = "settlement";
    public const string YearOverview = "year";

    public static string NameOf(string report, int year, ReportFormat format) =>
        string.Create(CultureInfo.InvariantCulture, $"{year}/{report}-{year}.{Extension(format)}");

    /// <summary>The file name without the year's folder, e.g. for a mail attachment: settlement-2024.xlsx.</summary>
    public string FileName => Name[(Name.LastIndexOf('/') + 1)..];

    public string ContentType => ContentTypeOf(Format);

    public static string Extension(ReportFormat format) => format.ToString().ToLowerInvariant();

    public static string ContentTypeOf(ReportFormat format) => format switch
    {
        ReportFormat.Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ReportFormat.Pdf => "application/pdf",
        _ => "text/csv; charset=utf-8",
    };
}

/// <summary>Draws a report as a workbook or a PDF (the documents adapter: OpenXml, PDFsharp); CSV is the report's own.</summary>
public interface IReportRenderer
{
    byte[] Xlsx(SettlementReport report);
    byte[] Pdf(SettlementReport report);
    byte[] Xlsx(YearReport report);
    byte[] Pdf(YearReport report);
}

/// <summary>Where written reports are kept for finance (blob storage: the <c>reports</c> container). A report written again replaces the file.</summary>
public interface IReportArchive
{
    Task SaveAsync(ReportFile file, CancellationToken cancellationToken = default);
}
