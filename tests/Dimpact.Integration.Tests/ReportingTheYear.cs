using System.Globalization;
using System.Text;
using Dimpact.Billing;
using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Populations;
using Dimpact.Billing.Reports;
using Dimpact.Billing.Settlement;
using Dimpact.Billing.Tariffs;
using Dimpact.Documents.Reports;
using Dimpact.DataFiles;
using Dimpact.Storage;
using Dimpact.TestSupport;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Spreadsheet;
using NodaTime;
using NodaTime.Testing;
using UglyToad.PdfPig;
using Dimpact.DataFiles.TariffYears;

namespace Dimpact.Integration.Tests;

/// <summary>
/// Finance's reports of a year, computed from what Table storage holds (documents, figures, deliveries) and written to
/// the reports container: the settlement report adds up to the settlement preview on the same figures, the workbook
/// holds numbers in euro format with a totals row, the PDF shows the totals.
/// </summary>
public class ReportingTheYear
{
    private static readonly TariffYear Year = Repository.TariffYear2024;
    private static readonly ITariffYears Years = new TariffYearCatalog(Repository.Data("tariff-years"));
    private static readonly LocalDate January1 = new(2024, 1, 1);
    private static readonly LocalDate October1 = new(2024, 10, 1);
    private static readonly Instant Now = Instant.FromUtc(2024, 10, 1, 5, 0);

    private readonly BillingStorage _storage = BillingStorage.FromConnectionString(Azurite.ConnectionString, Azurite.UniquePrefix());
    private TableInvoiceStore Store => new(_storage);
    private TablePopulationSnapshots Snapshots => new(_storage);

    private WriteYearReports Reports() => new(Years, Store, Snapshots, new TableDeliveryLog(_storage), new ReportFiles(), new BlobReportArchive(_storage), new FakeClock(Now));

    /// <summary>The sample figures of 1 January 2024, read by the product's own reader.</summary>
    private static Dictionary<CbsCode, Population> SampleFigures()
    {
        var path = Repository.Data("samples", "population-2024-01-01.csv");
        var file = PopulationFileReader.Read(path, File.ReadAllBytes(path), MemberDirectory.For(Year));
        return file.SnapshotOn(January1)!.Figures.ToDictionary(f => f.Member, f => f.Population);
    }

    private async Task IssueAdvances() => await new IssueDueInvoices(Years, Store).RunAsync(new LocalDate(2024, 7, 1));

    private async Task Settle() => Assert.Equal(SettlementStatus.Settled, (await new SettleYear(Years, Snapshots, Store).RunAsync(2024, October1)).Status);

    [Fact]
    public async Task The_settlement_report_equals_the_settlement_preview_on_the_same_figures()
    {
        await IssueAdvances();
        var figures = SampleFigures();
        await Snapshots.AddAsync(January1, figures, "population-2024-01-01.csv", Now);
        await Settle();

        var report = await Reports().SettlementReportAsync(2024);

        var preview = SettlementCalculator.Settle(Year, c => figures[c]).SelectMany(s => s.Lines).ToList(); // what settle-preview prints
        Assert.Equal(preview.Select(l => (l.Budget.Member, l.Budget.Product)), report.Lines.Select(l => (l.Member.Code, l.Product.Id)));
        foreach (var (line, expected) in report.Lines.Zip(preview))
        {
            Assert.Equal(expected.Budget.Budget, line.Amounts.Budget);
            Assert.Equal(expected.QuarterlyAdvance * 3, line.Amounts.Advances);
            Assert.Equal(expected.Definitive.Definitive, line.Amounts.Definitive);
            Assert.Equal(expected.Q4Amount, line.Amounts.Q4Amount);
            Assert.Equal(Money.Zero, line.Amounts.Corrections);
            Assert.Equal(Money.Zero, line.Amounts.Open);
            Assert.Equal(expected.Definitive.Basis, line.Populations);
        }
        Assert.Equal(preview.Sum(l => l.Definitive.Definitive), report.Total.Definitive);
        Assert.Equal(preview.Sum(l => l.Q4Amount), report.Total.SettlementAmount);
        Assert.Equal(report.Total, SettlementAmounts.Sum(report.ProductTotals.Select(p => p.Amounts)));
        Assert.Equal(SettlementFiguresState.Accepted, report.FiguresState);
        Assert.Empty(report.MissingFigures);
        Assert.Contains(report.Lines, l => l.Populations.Combined); // Duiven's Open Online counts the partnership
    }

    [Fact]
    public async Task Before_the_settlement_the_open_amount_is_what_the_figures_will_charge_and_missing_or_held_figures_are_named()
    {
        await IssueAdvances();
        var none = await Reports().SettlementReportAsync(2024);
        Assert.Equal(SettlementFiguresState.None, none.FiguresState);
        Assert.All(none.Lines, l => Assert.Equal(l.Amounts.Budget, l.Amounts.Definitive)); // on the reference population
        Assert.Equal(none.Total.Definitive - none.Total.Advances, none.Total.Open);

        var partial = SampleFigures();
        partial.Remove(CbsCode.Parse("GM0150"));
        await Snapshots.AddAsync(January1, partial, "partial.csv", Now);
        var missing = await Reports().SettlementReportAsync(2024);
        Assert.Equal([CbsCode.Parse("GM0150")], missing.MissingFigures);
        Assert.All(missing.Lines.Where(l => l.Member.Code.Value == "GM0150"), l => Assert.True(l.SettlementFigureMissing));
        Assert.All(missing.Lines.Where(l => l.Member.Code.Value == "GM0150"), l => Assert.Equal(l.Populations.Reference, l.Populations.Settlement));

        var held = SampleFigures();
        held[CbsCode.Parse("GM0150")] = new Population(150_000);
        await Snapshots.AddAsync(January1, held, "held.csv", Now,
            [new ImplausibleChange(CbsCode.Parse("GM0150"), new Population(101_446), new Population(150_000), "reference population")]);
        var onHold = await Reports().SettlementReportAsync(2024);
        Assert.Equal(SettlementFiguresState.Held, onHold.FiguresState);
        Assert.Contains("wachten op goedkeuring", string.Join(" ", ReportViews.Of(onHold).Notes));
    }

    [Fact]
    public async Task A_correction_counts_in_the_settlement_amount_and_the_year_still_adds_up_to_the_definitive_amount()
    {
        await IssueAdvances();
        var figures = SampleFigures();
        await Snapshots.AddAsync(January1, figures, "v1.csv", Now);
        await Settle();
        var corrected = new Dictionary<CbsCode, Population>(figures) { [CbsCode.Parse("GM0150")] = new Population(figures[CbsCode.Parse("GM0150")].Count + 900) };
        await Snapshots.AddAsync(January1, corrected, "v2.csv", Now);
        await Settle();

        var report = await Reports().SettlementReportAsync(2024);

        var deventer = report.Lines.Where(l => l.Member.Code.Value == "GM0150").ToList();
        Assert.Contains(deventer, l => l.Amounts.Corrections != Money.Zero);
        Assert.All(report.Lines, l => Assert.Equal(l.Amounts.Definitive, l.Amounts.Advances + l.Amounts.SettlementAmount));
        Assert.All(report.Lines, l => Assert.Equal(l.Amounts.Q4Amount + l.Amounts.Corrections, l.Amounts.SettlementAmount));
        Assert.Equal(SettlementCalculator.Settle(Year, c => corrected[c]).Sum(m => m.Lines.Sum(l => l.Definitive.Definitive)), report.Total.Definitive);
        var csv = report.Csv().TrimEnd('\n').Split('\n');
        Assert.Contains(csv, l => l.StartsWith("GM0150,Deventer,esuite,101446,", StringComparison.Ordinal)
                                  && l.EndsWith("," + deventer[0].Amounts.SettlementAmount, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_year_report_counts_documents_amounts_and_deliveries_per_quarter_and_kind()
    {
        await IssueAdvances();
        await Snapshots.AddAsync(January1, SampleFigures(), "population-2024-01-01.csv", Now);
        await Settle();
        var documents = await Store.ListAsync(2024);
        var log = new TableDeliveryLog(_storage);
        var q1 = documents.Where(d => d.Key.Quarter == 1).ToList();
        var at = Instant.FromUtc(2024, 1, 2, 6, 0);
        await log.AddIfMissingAsync(InvoiceDelivery.For(q1[0]).Sent(at, ["a@example.nl"], "<1@dimpact>", null));
        await log.AddIfMissingAsync(InvoiceDelivery.For(q1[1]).Sent(at, ["a@example.nl"], "<2@dimpact>", "e-invoice withheld: BR-NL-1"));
        await log.AddIfMissingAsync(InvoiceDelivery.For(q1[2]).GaveUp("no invoice address"));
        await log.AddIfMissingAsync(InvoiceDelivery.For(q1[3]));

        var report = await Reports().YearReportAsync(2024);

        Assert.Equal([(1, DocumentKind.Invoice), (2, DocumentKind.Invoice), (3, DocumentKind.Invoice), (4, DocumentKind.Invoice)],
            report.Rows.Select(r => (r.Quarter, r.Kind)));
        var first = report.Rows[0].Totals;
        Assert.Equal(q1.Count, first.Documents);
        Assert.Equal(q1.Sum(d => d.TotalExclVat), first.TotalExclVat);
        Assert.Equal(q1.Sum(d => d.TotalInclVat), first.TotalInclVat);
        Assert.Equal(new DeliveryCounts(Delivered: 2, EInvoiceWithheld: 1, Failed: 1, Pending: q1.Count - 3), first.Deliveries);
        Assert.Equal(documents.Count, report.Total.Documents);
        Assert.Equal(documents.Sum(d => d.TotalInclVat), report.Total.TotalInclVat);
        Assert.Equal(documents.Sum(d => d.TotalExclVat), report.Products.Sum(p => p.Total));
        Assert.Equal(documents.SelectMany(d => d.Lines).Where(l => l.Product.Value == "esuite").Sum(l => l.Amount),
            report.Products.Single(p => p.Product.Id.Value == "esuite").Total);

        var csv = report.Csv().TrimEnd('\n').Split('\n');
        Assert.StartsWith("quarter,kind,documents,total_excl_vat,vat,total_incl_vat,delivered,e_invoice_withheld,failed,pending,revenue_esuite,", csv[0]);
        Assert.StartsWith($"Q1,invoice,{q1.Count},{first.TotalExclVat},{first.Vat},{first.TotalInclVat},2,1,1,{q1.Count - 3},", csv[1]);
    }

    [Fact]
    public async Task Both_reports_are_written_to_the_reports_container_as_xlsx_pdf_and_csv_and_a_second_writing_replaces_them()
    {
        await IssueAdvances();
        await Snapshots.AddAsync(January1, SampleFigures(), "population-2024-01-01.csv", Now);
        await Settle();

        await Reports().RunAsync(2024);
        var written = await Reports().RunAsync(2024);

        string[] names = ["2024/settlement-2024.xlsx", "2024/settlement-2024.pdf", "2024/settlement-2024.csv", "2024/year-2024.xlsx", "2024/year-2024.pdf", "2024/year-2024.csv"];
        Assert.Equal(names, written.Files.Select(f => f.Name));
        var stored = new List<string>();
        await foreach (var blob in _storage.Container(BillingStorage.BillingReportsContainer).GetBlobsAsync()) stored.Add(blob.Name);
        Assert.Equal(names.Order(), stored.Order());
        var archive = new BlobReportArchive(_storage);
        Assert.Equal(written.SettlementXlsx.Content, await archive.FindAsync("2024/settlement-2024.xlsx"));
        Assert.Equal("settlement-2024.xlsx", written.SettlementXlsx.FileName);
        Assert.StartsWith(SettlementReport.CsvHeader + "\n", Encoding.UTF8.GetString((await archive.FindAsync("2024/settlement-2024.csv"))!));

        // The workbook: amounts are numbers in euro format, the last row the totals.
        using var workbook = SpreadsheetDocument.Open(new MemoryStream((await archive.FindAsync("2024/settlement-2024.xlsx"))!), false);
        Assert.Empty(new OpenXmlValidator().Validate(workbook).Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}")); // Excel opens it
        var sheet = Sheet(workbook, "Afrekening");
        var rows = sheet.Descendants<Row>().ToList();
        Assert.Equal(1 + written.Settlement.Lines.Count + 1, rows.Count);
        var headings = rows[0].Elements<Cell>().Select(c => Text(c)).ToList();
        var definitive = headings.IndexOf("Definitief (€)");
        var budget = headings.IndexOf("Begroting (€)");
        var amount = rows[1].Elements<Cell>().ElementAt(definitive);
        Assert.True(amount.DataType is null || amount.DataType.Value == CellValues.Number);
        Assert.Null(amount.InlineString);
        Assert.Equal(written.Settlement.Lines[0].Amounts.Definitive.Euros, decimal.Parse(amount.CellValue!.Text, CultureInfo.InvariantCulture));
        Assert.Contains("€", NumberFormat(workbook, amount));
        var totals = rows[^1].Elements<Cell>().ToList();
        Assert.Equal("Totaal", Text(totals[0]));
        Assert.Equal(written.Settlement.Total.Definitive.Euros, decimal.Parse(totals[definitive].CellValue!.Text, CultureInfo.InvariantCulture));
        Assert.Equal(written.Settlement.Total.Budget.Euros, decimal.Parse(totals[budget].CellValue!.Text, CultureInfo.InvariantCulture));
        Assert.Contains("€", NumberFormat(workbook, totals[definitive]));
        var population = rows[1].Elements<Cell>().ElementAt(headings.IndexOf("Inwoners 01-01-2024"));
        Assert.Equal(written.Settlement.Lines[0].Populations.Settlement.Count, int.Parse(population.CellValue!.Text, CultureInfo.InvariantCulture));
        var perProduct = Sheet(workbook, "Per product").Descendants<Row>().ToList();
        Assert.Equal(written.Settlement.ProductTotals.Count + 2, perProduct.Count);
        Assert.Equal("Totaal", Text(perProduct[^1].Elements<Cell>().First()));

        using var yearBook = SpreadsheetDocument.Open(new MemoryStream((await archive.FindAsync("2024/year-2024.xlsx"))!), false);
        var quarterRows = Sheet(yearBook, "Per kwartaal").Descendants<Row>().ToList();
        Assert.Equal("Totaal", Text(quarterRows[^1].Elements<Cell>().First()));
        Assert.Equal(written.Year.Total.Documents, int.Parse(quarterRows[^1].Elements<Cell>().ElementAt(2).CellValue!.Text, CultureInfo.InvariantCulture));
        Assert.NotNull(Sheet(yearBook, "Omzet per product"));

        // The PDF: landscape, with the totals.
        using var pdf = PdfDocument.Open(written.File(ReportFile.Settlement, ReportFormat.Pdf).Content);
        var page = pdf.GetPage(1);
        Assert.True(page.Width > page.Height);
        var text = string.Join("\n", pdf.GetPages().Select(p => p.Text));
        Assert.Contains(DutchAmount(written.Settlement.Total.Definitive), text);
        Assert.Contains(DutchAmount(written.Settlement.Total.SettlementAmount), text);
        Assert.Contains("Totaal", text);
        using var yearPdf = PdfDocument.Open(written.File(ReportFile.YearOverview, ReportFormat.Pdf).Content);
        Assert.Contains(DutchAmount(written.Year.Total.TotalInclVat), string.Join("\n", yearPdf.GetPages().Select(p => p.Text)));
    }

    private static string DutchAmount(Money amount) => Documents.DutchText.Number(amount);

    private static Worksheet Sheet(SpreadsheetDocument document, string name)
    {
        var sheet = document.WorkbookPart!.Workbook.Descendants<Sheet>().Single(s => s.Name == name);
        return ((WorksheetPart)document.WorkbookPart.GetPartById(sheet.Id!)).Worksheet;
    }

    private static string Text(Cell cell) => cell.InlineString?.InnerText ?? cell.CellValue?.Text ?? "";

    private static string NumberFormat(SpreadsheetDocument document, Cell cell)
    {
        var stylesheet = document.WorkbookPart!.WorkbookStylesPart!.Stylesheet;
        var format = stylesheet.CellFormats!.Elements<CellFormat>().ElementAt((int)cell.StyleIndex!.Value);
        return stylesheet.NumberingFormats!.Elements<NumberingFormat>().Single(n => n.NumberFormatId!.Value == format.NumberFormatId!.Value).FormatCode!.Value!;
    }
}
