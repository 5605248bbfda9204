using Dimpact.Billing;
using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Reports;
using NodaTime;

namespace Dimpact.Documents.Reports;

/// <summary>
/// The views of the reports, in Dutch for finance: one place that says which columns and rows each view has, drawn
/// alike in the workbook, the PDF and the console.
/// </summary>
public static class ReportViews
{
    public static ReportDocument Of(SettlementReport report)
    {
        var reference = $"Inwoners {DutchText.Date(report.ReferenceDate)}";
        var settlement = $"Inwoners {DutchText.Date(report.SettlementDate)}";
        ReportColumn[] amountColumns =
        [
            new("Begroting (€)", 11), new("Voorschotten (€)", 11), new("Definitief (€)", 11), new("Q4 (€)", 11), new("Correcties (€)", 10),
            new("Afrekening (€)", 11), new("Open (€)", 9),
        ];
        static ReportCell[] Amounts(SettlementAmounts a) =>
        [
            new ReportCell.Amount(a.Budget), new ReportCell.Amount(a.Advances), new ReportCell.Amount(a.Definitive), new ReportCell.Amount(a.Q4Amount),
            new ReportCell.Amount(a.Corrections), new ReportCell.Amount(a.SettlementAmount), new ReportCell.Amount(a.Open),
        ];

        var lines = new ReportTable("Afrekening", $"Afrekening {report.Year} per gemeente en product",
            [new("Code", 7, false), new("Gemeente", 16, false), new("Product", 15, false), new(reference, 10), new(settlement, 10), .. amountColumns],
            [
                .. report.Lines.Select(l => new ReportRow(
                [
                    new ReportCell.Text(l.Member.Code.Value), new ReportCell.Text(l.Member.Name),
                    new ReportCell.Text(l.Product.Name + (l.Populations.Combined ? " *" : "")),
                    new ReportCell.Count(l.Populations.Reference.Count),
                    new ReportCell.Count(l.Populations.Settlement.Count),
                    .. Amounts(l.Amounts),
                ])),
                new ReportRow([new ReportCell.Text("Totaal"), ReportCell.Empty, ReportCell.Empty, ReportCell.Empty, ReportCell.Empty, .. Amounts(report.Total)], IsTotal: true),
            ]);
        var products = new ReportTable("Per product", $"Afrekening {report.Year} per product",
            [new("Product", 20, false), .. amountColumns],
            [
                .. report.ProductTotals.Select(p => new ReportRow([new ReportCell.Text(p.Product.Name), .. Amounts(p.Amounts)])),
                new ReportRow([new ReportCell.Text("Totaal"), .. Amounts(report.Total)], IsTotal: true),
            ]);
        return new ReportDocument($"Afrekening {report.Year}", [.. SettlementNotes(report), Generated(report.GeneratedAt)], [lines, products]);
    }

    private static IEnumerable<string> SettlementNotes(SettlementReport report)
    {
        yield return report.FiguresState switch
        {
            SettlementFiguresState.None =>
                $"Er zijn nog geen inwonertallen van {DutchText.Date(report.SettlementDate)}: de definitieve bedragen staan op de inwonertallen van {DutchText.Date(report.ReferenceDate)} (gelijk aan de begroting).",
            SettlementFiguresState.Held =>
                $"De nieuwste inwonertallen ({report.Figures!.Id}, {report.Figures.Source}) wachten op goedkeuring door financiën: de definitieve bedragen zijn erop berekend, maar er is nog niets op gefactureerd (dimpact population approve {report.Figures.ReferenceDate:yyyy-MM-dd} --version {report.Figures.Version}).",
            _ => $"Definitieve bedragen op de inwonertallen {report.Figures!.Id} ({report.Figures.Source}).",
        };
        if (report.Figures is not null && report.MissingFigures.Count > 0)
            yield return $"Geen inwonertal van {DutchText.Date(report.SettlementDate)} voor {report.MissingFigures.Count} gemeente(n), die hun inwonertal van de begroting houden: {string.Join(", ", report.MissingFigures)}.";
        yield return "Definitief = begroting + effect van het gewijzigde inwonertal. Voorschotten, Q4 en correcties zijn de gefactureerde bedragen; "
                     + "afrekening = Q4 + correcties; open = definitief − voorschotten − afrekening (0 wanneer afgerekend op deze inwonertallen).";
        yield return "Bedragen in euro, excl. btw. Gemeenten met alleen de verenigingsbijdrage betalen die in één termijn en worden niet afgerekend.";
        if (report.Lines.Any(l => l.Populations.Combined))
            yield return "* Inwoners van het samenwerkingsverband samen (RID de Liemers: Duiven, Westervoort en Zevenaar).";
    }

    public static ReportDocument Of(YearReport report)
    {
        static ReportCell[] Totals(DocumentTotals t) =>
        [
            new ReportCell.Count(t.Documents), new ReportCell.Amount(t.TotalExclVat), new ReportCell.Amount(t.Vat), new ReportCell.Amount(t.TotalInclVat),
            new ReportCell.Count(t.Deliveries.Delivered), new ReportCell.Count(t.Deliveries.EInvoiceWithheld), new ReportCell.Count(t.Deliveries.Failed),
            new ReportCell.Count(t.Deliveries.Pending),
        ];
        var withReceipts = report.ReceiptsAsOf is not null;
        ReportCell[] Settled(Receipts? r) => !withReceipts ? []
            : [new ReportCell.Amount((r ?? Billing.Reports.Receipts.Zero).Paid), new ReportCell.Amount((r ?? Billing.Reports.Receipts.Zero).Open), new ReportCell.Amount((r ?? Billing.Reports.Receipts.Zero).Overdue)];
        ReportColumn[] receiptColumns = withReceipts ? [new("Betaald/verrekend (€)", 12), new("Open (€)", 12), new("Vervallen (€)", 12)] : [];
        var quarters = new ReportTable("Per kwartaal", $"Documenten {report.Year} per kwartaal en soort",
            [
                new("Kwartaal", 8, false), new("Soort", 10, false), new("Aantal", 7), new("Excl. btw (€)", 13), new("Btw (€)", 11), new("Incl. btw (€)", 13),
                new("Verzonden", 8), new("E-factuur achtergehouden", 11), new("Mislukt", 7), new("Wachtend", 8), .. receiptColumns,
            ],
            [
                .. report.Rows.Select(r => new ReportRow([new ReportCell.Text($"Q{r.Quarter}"), new ReportCell.Text(DutchText.Title(r.Kind)), .. Totals(r.Totals), .. Settled(r.Receipts)])),
                new ReportRow([new ReportCell.Text("Totaal"), ReportCell.Empty, .. Totals(report.Total), .. Settled(report.TotalReceipts)], IsTotal: true),
            ]);
        var products = new ReportTable("Omzet per product", $"Omzet {report.Year} per product (excl. btw)",
            [new("Product", 20, false), .. Enumerable.Range(1, YearReport.Quarters).Select(q => new ReportColumn($"Q{q} (€)", 12)), new("Totaal (€)", 13)],
            [
                .. report.Products.Select(p => new ReportRow(
                    [new ReportCell.Text(p.Product.Name), .. p.PerQuarter.Select(a => new ReportCell.Amount(a)), new ReportCell.Amount(p.Total)])),
                new ReportRow(
                [
                    new ReportCell.Text("Totaal"),
                    .. Enumerable.Range(0, YearReport.Quarters).Select(q => new ReportCell.Amount(report.Products.Sum(p => p.PerQuarter[q]))),
                    new ReportCell.Amount(report.Products.Sum(p => p.Total)),
                ], IsTotal: true),
            ]);
        return new ReportDocument($"Jaaroverzicht {report.Year}",
        [
            "Per factuurkwartaal: Q1–Q3 de voorschotten (en de verenigingsbijdrage met Q1), Q4 de afrekening en correcties. Bedragen in euro; die van een creditnota zijn negatief.",
            "Verzonden: de e-mail is afgeleverd. E-factuur achtergehouden: verzonden met de PDF, zonder e-factuur (UBL), omdat die de NLCIUS-regels niet haalde (zie dimpact deliveries list). "
            + "Mislukt: opgegeven na 24 uur (dimpact deliveries retry --failed). Wachtend: nog niet verzonden."
            + (report.ReceiptsAsOf is { } asOf ? $" Betaald/verrekend, open en vervallen (incl. btw): per {DutchText.Date(asOf)}, uit de betalingen en verrekende creditnota's (dimpact receivables)." : ""),
            Generated(report.GeneratedAt),
        ], [quarters, products]);
    }

    private static string Generated(Instant at) =>
        $"Gemaakt op {at.InZone(BillingCalendar.Zone).ToString("dd-MM-yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture)} uit de opgeslagen documenten.";
}
