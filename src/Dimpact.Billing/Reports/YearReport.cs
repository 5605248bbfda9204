using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Receivables;
using Dimpact.Billing.Tariffs;
using NodaTime;

namespace Dimpact.Billing.Reports;

/// <summary>
/// Where the sending of a group of documents stands, from the delivery log. <see cref="EInvoiceWithheld"/> counts
/// delivered documents whose e-invoice (UBL) was withheld because the NLCIUS rules failed, as the delivery recorded
/// (<see cref="InvoiceDelivery.EInvoiceWithheld"/>): they are part of <see cref="Delivered"/> (the PDF was sent).
/// <see cref="Pending"/> is everything not delivered and not given up: not yet dispatched, queued, sending, or waiting
/// for a retry.
/// </summary>
public sealed record DeliveryCounts(int Delivered, int EInvoiceWithheld, int Failed, int Pending)
{
    public static DeliveryCounts Zero { get; } = new(0, 0, 0, 0);

    /// <summary>One document's sending; a document without a delivery record is not dispatched yet (pending).</summary>
    public static DeliveryCounts Of(InvoiceDelivery? delivery) => delivery switch
    {
        { Status: DeliveryStatus.Delivered, EInvoiceWithheld: null } => new(1, 0, 0, 0),
        { Status: DeliveryStatus.Delivered } => new(1, 1, 0, 0),
        { Status: DeliveryStatus.Failed } => new(0, 0, 1, 0),
        _ => new(0, 0, 0, 1),
    };

    public static DeliveryCounts operator +(DeliveryCounts a, DeliveryCounts b) =>
        new(a.Delivered + b.Delivered, a.EInvoiceWithheld + b.EInvoiceWithheld, a.Failed + b.Failed, a.Pending + b.Pending);
}

/// <summary>The documents of one quarter and kind (or all of them): how many, their amounts (a credit note's are negative), their sending.</summary>
public sealed record DocumentTotals(int Documents, Money TotalExclVat, Money Vat, Money TotalInclVat, DeliveryCounts Deliveries)
{
    public static DocumentTotals Zero { get; } = new(0, Money.Zero, Money.Zero, Money.Zero, DeliveryCounts.Zero);

    public static DocumentTotals operator +(DocumentTotals a, DocumentTotals b) =>
        new(a.Documents + b.Documents, a.TotalExclVat + b.TotalExclVat, a.Vat + b.Vat, a.TotalInclVat + b.TotalInclVat, a.Deliveries + b.Deliveries);
}

/// <summary>
/// One quarter of the tariff year and one document kind. The quarter is the document's billing quarter (its key): Q1–Q3
/// the advances (and association contributions with Q1), Q4 the settlement and its corrections, also when a correction
/// is issued after the year.
/// </summary>
public sealed record YearReportRow(int Quarter, DocumentKind Kind, DocumentTotals Totals, IReadOnlyDictionary<ProductId, Money> RevenuePerProduct,
    Receipts? Receipts = null);

/// <summary>
/// What of a group of documents is settled on the report's date (<see cref="Paid"/>: allocated by payments and credit
/// notes; a credit note's is negative, what was set off of it), still open, and of that overdue, incl. VAT.
/// </summary>
public sealed record Receipts(Money Paid, Money Open, Money Overdue)
{
    public static Receipts Zero { get; } = new(Money.Zero, Money.Zero, Money.Zero);

    public static Receipts Of(OpenItem item) => new(item.Allocated, item.Open, item.IsOverdue ? item.Open : Money.Zero);

    public static Receipts operator +(Receipts a, Receipts b) => new(a.Paid + b.Paid, a.Open + b.Open, a.Overdue + b.Overdue);
}

/// <summary>Revenue of one product excl. VAT per billing quarter (Q1 … Q4) and for the year.</summary>
public sealed record ProductRevenue(Product Product, IReadOnlyList<Money> PerQuarter)
{
    public Money Total => PerQuarter.Sum();
}

/// <summary>
/// The year in documents: per billing quarter and document kind the documents issued, their amounts excl. and incl.
/// VAT and where their sending stands (delivered, e-invoice withheld, failed, pending); and the revenue per product
/// excl. VAT. Computed from the stored documents and the delivery log.
/// </summary>
/// With receivables (<see cref="ReceiptsAsOf"/>), per row also what is paid, open and overdue on that date.
public sealed record YearReport(int Year, Instant GeneratedAt, IReadOnlyList<YearReportRow> Rows, IReadOnlyList<ProductRevenue> Products,
    LocalDate? ReceiptsAsOf = null)
{
    public const int Quarters = 4;

    public DocumentTotals Total => Rows.Aggregate(DocumentTotals.Zero, (sum, r) => sum + r.Totals);

    public Receipts TotalReceipts => Rows.Aggregate(Receipts.Zero, (sum, r) => sum + (r.Receipts ?? Receipts.Zero));

    /// <summary>The columns of issue 11, the revenue per product, then (with receivables; added last so that the others keep their place) paid, open and overdue.</summary>
    public string CsvHeader => "quarter,kind,documents,total_excl_vat,vat,total_incl_vat,delivered,e_invoice_withheld,failed,pending"
                               + string.Concat(Products.Select(p => ",revenue_" + p.Product.Id.Value))
                               + (ReceiptsAsOf is null ? "" : ",paid,open,overdue");

    /// <summary>One line per quarter and kind; the revenue columns per product add up, over the lines, to the revenue per product.</summary>
    public string Csv() => CsvText.Of(CsvHeader, Rows.Select(r => CsvText.Line(
        [$"Q{r.Quarter}", KindName(r.Kind), r.Totals.Documents, r.Totals.TotalExclVat, r.Totals.Vat, r.Totals.TotalInclVat,
         r.Totals.Deliveries.Delivered, r.Totals.Deliveries.EInvoiceWithheld, r.Totals.Deliveries.Failed, r.Totals.Deliveries.Pending,
         .. Products.Select(p => (object)r.RevenuePerProduct.GetValueOrDefault(p.Product.Id, Money.Zero)),
         .. ReceiptsAsOf is null ? [] : new object[] { (r.Receipts ?? Receipts.Zero).Paid, (r.Receipts ?? Receipts.Zero).Open, (r.Receipts ?? Receipts.Zero).Overdue }])));

    /// <summary>The kind as CSV names it (as <c>invoices list</c> does).</summary>
    public static string KindName(DocumentKind kind) => kind == DocumentKind.CreditNote ? "credit_note" : "invoice";

    public static YearReport Of(TariffYear year, IReadOnlyList<Invoice> documents, IReadOnlyList<InvoiceDelivery> deliveries, Instant generatedAt,
        AccountsReceivable? receivables = null, LocalDate? asOf = null)
    {
        var date = asOf ?? BillingCalendar.DateOf(generatedAt);
        var delivery = deliveries.ToDictionary(d => d.Number);
        var rows = documents.GroupBy(d => (d.Key.Quarter, d.Kind)).OrderBy(g => g.Key.Quarter).ThenBy(g => g.Key.Kind)
            .Select(g => new YearReportRow(g.Key.Quarter, g.Key.Kind,
                g.Aggregate(DocumentTotals.Zero, (sum, d) => sum + new DocumentTotals(1, d.TotalExclVat, d.Vat, d.TotalInclVat,
                    DeliveryCounts.Of(delivery.GetValueOrDefault(d.Number)))),
                g.SelectMany(d => d.Lines).GroupBy(l => l.Product).ToDictionary(p => p.Key, p => p.Sum(l => l.Amount)),
                receivables is null ? null : g.Aggregate(Receipts.Zero, (sum, d) => sum + Receipts.Of(receivables.Item(d, date)))))
            .ToList();
        var products = year.Products
            .Where(p => documents.Any(d => d.Lines.Any(l => l.Product == p.Id)))
            .Select(p => new ProductRevenue(p, Enumerable.Range(1, Quarters)
                .Select(q => documents.Where(d => d.Key.Quarter == q).SelectMany(d => d.Lines).Where(l => l.Product == p.Id).Sum(l => l.Amount)).ToList()))
            .ToList();
        return new YearReport(year.Year, generatedAt, rows, products, receivables is null ? null : date);
    }
}
