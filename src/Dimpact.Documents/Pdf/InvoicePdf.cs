using Dimpact.Billing;
using Dimpact.Billing.Invoicing;
using Dimpact.Documents.Parties;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Dimpact.Billing.Members;

using static Dimpact.Documents.Pdf.DocumentStyle;

namespace Dimpact.Documents.Pdf;

/// <summary>
/// Draws an issued invoice or credit note as an A4 PDF with everything Dutch law and BILLING.md ("VAT and invoice
/// content") ask for. The same document always yields the same bytes, so a stored PDF can be re-rendered and
/// compared.
/// </summary>
public static class InvoicePdf
{
    public static byte[] Render(InvoiceDocument document)
    {
        DocumentFonts.Install();
        var invoice = document.Invoice;
        var number = invoice.Number.ToString();

        using var pdf = new PdfDocument();
        // Dates and the trailer /ID come from the invoice, not the clock, so that rendering is repeatable.
        var issued = invoice.IssueDate.AtMidnight().ToDateTimeUnspecified();
        pdf.Info.CreationDate = DateTime.SpecifyKind(issued, DateTimeKind.Utc);
        pdf.Info.ModificationDate = DateTime.SpecifyKind(issued, DateTimeKind.Utc);
        pdf.Info.Title = $"{DutchText.Title(invoice.Kind)} {number}";
        pdf.Info.Author = document.Seller.Name;
        pdf.Info.Subject = $"{DutchText.Title(invoice.Kind)} {number} aan {document.Buyer.Name}";
        pdf.Info.Creator = "Dimpact ledenfacturatie";
        pdf.Internals.FirstDocumentID = ReproduciblePdf.DocumentId(number);
        pdf.Internals.SecondDocumentID = ReproduciblePdf.DocumentId(number);

        new InvoiceLayout(pdf, document).Draw();

        using var stream = new MemoryStream();
        pdf.Save(stream, closeStream: false);
        return ReproduciblePdf.Normalize(stream.ToArray(), number);
    }
}

/// <summary>The drawing of one document: a cursor that runs down the pages and starts a new page when full.</summary>
internal sealed class InvoiceLayout(PdfDocument pdf, InvoiceDocument document) : PagedLayout(pdf, document.Seller)
{
    private readonly Invoice _invoice = document.Invoice;

    protected override string ContinuationHeading => $"{Title} {_invoice.Number} · {document.Buyer.Name} (vervolg)";

    private string Title => DutchText.Title(_invoice.Kind);

    public void Draw()
    {
        NewPage(first: true);
        DrawHeader();
        DrawLines();
        DrawTotals();
        if (_invoice.Lines.Any(l => l.Settlement is not null)) DrawSettlement();
        DrawPaymentInstructions();
        Finish();
    }

    // ---- header ------------------------------------------------------------------------------------------------

    private void DrawHeader()
    {
        // Letterhead: the seller's identity (Wet OB art. 35a: name, address, VAT number; KvK and IBAN for payment).
        DrawLetterhead();

        var ids = new List<(string, string)>
        {
            ("KvK", Seller.KvkNumber),
            ("BTW-nummer", Seller.VatNumber),
            ("IBAN", Iban(Seller.Iban)),
        };
        if (Seller.Bic is { Length: > 0 } bic) ids.Add(("BIC", bic));
        LabelledColumn(ids, 360, _y + 4, Small, Small, 60, 12);

        _y += 72;
        _g.DrawLine(new XPen(Accent, 1.2), Left, _y, Right, _y);
        _y += 22;

        // Addressee on the left, the document's facts on the right.
        var buyer = document.Buyer;
        var top = _y;
        _g.DrawString(buyer.Name, BodyBold, Ink, Left, top + 9);
        _g.DrawString("t.a.v. crediteurenadministratie", Body, Ink, Left, top + 22);
        _g.DrawString(buyer.Address.Street, Body, Ink, Left, top + 35);
        _g.DrawString($"{buyer.Address.PostalCode}  {buyer.Address.City.ToUpperInvariant()}", Body, Ink, Left, top + 48);

        var facts = new List<(string, string)>
        {
            ($"{Title}nummer", _invoice.Number.ToString()),
            ($"{Title}datum", DutchText.Date(_invoice.IssueDate)),
        };
        if (_invoice.Kind == DocumentKind.Invoice) facts.Add(("Vervaldatum", DutchText.Date(_invoice.DueDate)));
        facts.Add(("Periode", DutchText.Period(_invoice.Key.ServicePeriod)));
        facts.Add(("Uw referentie", document.BuyerReference ?? "—"));
        facts.Add(("Debiteurnummer", buyer.Code.ToString()));
        var height = LabelledColumn(facts, 300, top, Body, BodyBold, 86, 13);

        _y = Math.Max(top + 60, top + height) + 26;

        _g.DrawString(Title, TitleFont, Ink, Left, _y + 16);
        _y += 24;
        _g.DrawString(Purpose(), Body, Muted, Left, _y + 9);
        _y += 14;
        // A credit note names what it corrects; a settlement the advances it nets (BILLING.md).
        foreach (var reference in DutchText.References(_invoice.Draft))
            foreach (var line in Wrap($"Deze {Title.ToLowerInvariant()} {reference}.", BodyBold, Width))
            {
                _g.DrawString(line, BodyBold, Ink, Left, _y + 9);
                _y += 14;
            }
        _y += 12;
    }

    private string Purpose() => _invoice.Key.Purpose switch
    {
        Billing.Invoicing.Purpose.Advance => $"Voorschot {_invoice.Key.PeriodLabel} op de tarieven van het Bedrijfsplan {_invoice.Key.Year}",
        Billing.Invoicing.Purpose.AnnualContribution => $"Verenigingsbijdrage {_invoice.Key.Year}",
        Billing.Invoicing.Purpose.Settlement => $"Afrekening {_invoice.Key.Year}: definitieve bedragen op het inwonertal van {DutchText.Date(SettlementDate)}, min de voorschotten",
        _ => $"Correctie {_invoice.Key.Year} na gewijzigde inwonertallen",
    };

    /// <summary>The settlement reference date: 1 January of the tariff year (BILLING.md, "Q4: settlement").</summary>
    private NodaTime.LocalDate SettlementDate =>
        _invoice.Lines.Select(l => l.Settlement?.SettlementDate).FirstOrDefault(d => d is not null) ?? new NodaTime.LocalDate(_invoice.Key.Year, 1, 1);

    /// <summary>Label–value pairs in two columns; returns the height used.</summary>
    private double LabelledColumn(IReadOnlyList<(string Label, string Value)> rows, double x, double top, XFont label, XFont value, double labelWidth, double lineHeight)
    {
        // The longest label ("Creditnotanummer") sets the value column, so a label never runs into its value.
        labelWidth = Math.Max(labelWidth, rows.Max(r => _g.MeasureString(r.Label, label).Width) + 8);
        for (var i = 0; i < rows.Count; i++)
        {
            var baseline = top + label.Size + i * lineHeight;
            _g.DrawString(rows[i].Label, label, Muted, x, baseline);
            _g.DrawString(rows[i].Value, value, Ink, x + labelWidth, baseline);
        }
        return rows.Count * lineHeight;
    }

    // ---- lines -------------------------------------------------------------------------------------------------

    // Right edges of the numeric columns of the line table.
    private const double BasisRight = Left + 330;
    private const double RateRight = Left + 385;

    private void LineTableHeader()
    {
        _g.DrawRectangle(Band, Left, _y, Width, 16);
        var top = _y + 4;
        _g.DrawString("Omschrijving", SmallBold, Ink, Left + 4, top + 7);
        RightAligned("Grondslag (inwoners)", SmallBold, BasisRight, top);
        RightAligned("BTW", SmallBold, RateRight, top);
        RightAligned("Bedrag excl. BTW", SmallBold, Right - 4, top);
        _y += 20;
    }

    private void DrawLines()
    {
        LineTableHeader();
        var descriptionWidth = BasisRight - 80 - Left - 4;
        foreach (var line in _invoice.Lines)
        {
            var text = Wrap(line.Description, Body, descriptionWidth);
            var height = text.Count * 11 + 5;
            if (Ensure(height)) LineTableHeader();
            for (var i = 0; i < text.Count; i++) _g.DrawString(text[i], Body, Ink, Left + 4, _y + 9 + i * 11);
            RightAligned(DutchText.Count(line.PopulationBasis), Body, BasisRight, _y);
            RightAligned(DutchText.Rate(line.VatRate), Body, RateRight, _y);
            RightAligned(DutchText.Amount(line.Amount), Body, Right - 4, _y);
            _y += height;
            _g.DrawLine(Rule, Left, _y - 2, Right, _y - 2);
        }
        _y += 6;
    }

    private void DrawTotals()
    {
        var rows = new List<(string Label, string Amount, bool Bold)> { ("Totaal excl. BTW", DutchText.Amount(_invoice.TotalExclVat), false) };
        foreach (var vat in _invoice.Draft.VatSubtotals)
            rows.Add(($"BTW {DutchText.Rate(vat.Rate)} over {DutchText.Amount(vat.Taxable)}", DutchText.Amount(vat.Vat), false));
        rows.Add(("Totaal incl. BTW", DutchText.Amount(_invoice.TotalInclVat), true));

        Ensure(rows.Count * 14 + 8);
        const double labelRight = Right - 110;
        foreach (var (label, amount, bold) in rows)
        {
            if (bold)
            {
                _g.DrawLine(Strong, labelRight - 150, _y, Right, _y);
                _y += 3;
            }
            RightAligned(label, bold ? BodyBold : Body, labelRight, _y);
            RightAligned(amount, bold ? BodyBold : Body, Right - 4, _y);
            _y += 14;
        }
        _y += 14;
    }

    // ---- settlement --------------------------------------------------------------------------------------------

    // Columns of the settlement table: right edges after the product column (BILLING.md, "Q4: settlement").
    private static readonly string[] SettlementHeads =
        ["Begroting", "Inwoners voorschot", "Inwoners afrekening", "Definitief", "Voorschotten", "Te betalen"];

    private const double ProductWidth = 105;

    private double ColumnRight(int column) => Left + ProductWidth + (column + 1) * ((Width - ProductWidth) / SettlementHeads.Length);

    private void SettlementHeader()
    {
        _g.DrawRectangle(Band, Left, _y, Width, 24);
        // Two-word heads take two lines; all heads end on the lower line, next to the figures they name.
        _g.DrawString("Product", SmallBold, Ink, Left + 4, _y + 12 + SmallBold.Size);
        for (var c = 0; c < SettlementHeads.Length; c++)
        {
            var words = SettlementHeads[c].Split(' ');
            if (words.Length > 1) RightAligned(words[0], SmallBold, ColumnRight(c) - 3, _y + 3);
            RightAligned(words[^1], SmallBold, ColumnRight(c) - 3, _y + 12);
        }
        _y += 28;
    }

    private void DrawSettlement()
    {
        Ensure(80);
        _g.DrawString("Afrekening per product", Heading, Ink, Left, _y + 10.5);
        _y += 16;
        _g.DrawString("Definitief bedrag = begroting + effect van het gewijzigde inwonertal; te betalen = definitief − reeds gefactureerde voorschotten.",
            Small, Muted, Left, _y + 7.5);
        _y += 14;
        SettlementHeader();

        var combined = false;
        foreach (var line in _invoice.Lines)
        {
            if (line.Settlement is not { } s) continue;
            var product = Wrap(line.Description, Small, ProductWidth - 8);
            var height = Math.Max(product.Count * 9.5, 19) + 6;
            if (Ensure(height)) SettlementHeader();
            for (var i = 0; i < product.Count; i++) _g.DrawString(product[i], Small, Ink, Left + 4, _y + 7.5 + i * 9.5);
            var mark = s.CombinedPopulation ? " *" : "";
            combined |= s.CombinedPopulation;
            Cell(0, DutchText.Number(s.Budget));
            Cell(1, DutchText.Count(s.ReferencePopulation) + mark, DutchText.Date(s.ReferenceDate));
            Cell(2, DutchText.Count(s.SettlementPopulation) + mark, DutchText.Date(s.SettlementDate));
            Cell(3, DutchText.Number(s.Definitive));
            Cell(4, DutchText.Number(-s.AlreadyInvoiced));
            Cell(5, DutchText.Number(line.Amount), bold: true);
            _y += height;
            _g.DrawLine(Rule, Left, _y - 3, Right, _y - 3);
        }
        _y += 2;
        _g.DrawString("Bedragen in euro, excl. BTW. Peildata onder de inwonertallen.", Small, Muted, Left, _y + 7.5);
        _y += 11;
        if (combined)
        {
            _g.DrawString("* Inwoners van het samenwerkingsverband samen (bijv. RID de Liemers: Duiven, Westervoort en Zevenaar).", Small, Muted, Left, _y + 7.5);
            _y += 11;
        }
        _y += 14;
    }

    private void Cell(int column, string text, string? below = null, bool bold = false)
    {
        RightAligned(text, bold ? SmallBold : Small, ColumnRight(column) - 3, _y);
        if (below is not null) RightAligned(below, Small, ColumnRight(column) - 3, _y + 9.5, Muted);
    }

    // ---- payment -----------------------------------------------------------------------------------------------

    private void DrawPaymentInstructions()
    {
        var number = _invoice.Number;
        var text = PaymentText.Instruction(_invoice, Seller);
        var lines = Wrap(text, Body, Width);
        var contact = $"Vragen over deze {Title.ToLowerInvariant()}? Mail naar {Seller.InvoiceEmail} en vermeld het nummer {number}.";
        // What the document was made with (BILLING.md, "Membership over time"): the tariff data and member data versions.
        var basis = _invoice.Draft.Basis;
        contact += $" Berekend met tariefgegevens {basis.TariffVersion}" + (basis.MemberDataVersion is { Length: > 0 } members ? $" en ledengegevens {members}." : ".");
        var contactLines = Wrap(contact, Small, Width);
        Ensure(18 + lines.Count * 12 + 6 + contactLines.Count * 10);
        _g.DrawString("Betaling", Heading, Ink, Left, _y + 10.5);
        _y += 18;
        foreach (var l in lines) { _g.DrawString(l, Body, Ink, Left, _y + 9); _y += 12; }
        _y += 6;
        foreach (var l in contactLines) { _g.DrawString(l, Small, Muted, Left, _y + 7.5); _y += 10; }
    }

    // ---- text helpers ------------------------------------------------------------------------------------------

    private void RightAligned(string text, XFont font, double right, double top, XBrush? brush = null) => DocumentStyle.RightAligned(_g, text, font, right, top, brush);

    private List<string> Wrap(string text, XFont font, double width) => DocumentStyle.Wrap(_g, text, font, width);

    private static string Iban(string iban) => PaymentText.Iban(iban);
}
