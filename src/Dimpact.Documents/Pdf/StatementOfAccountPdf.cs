using Dimpact.Billing;
using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Members;
using Dimpact.Billing.Receivables;
using Dimpact.Documents.Parties;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

using static Dimpact.Documents.Pdf.DocumentStyle;

namespace Dimpact.Documents.Pdf;

/// <summary>
/// The statement of account (rekeningoverzicht) of a member as an A4 PDF in the invoices' style (<see cref="InvoicePdf"/>):
/// the seller's letterhead, the member as addressee, its open items on the date with what was paid or set off and what
/// is open, the payments and credit notes received, its credit balance, the total due and how to pay. The same
/// statement always yields the same bytes.
/// </summary>
public static class StatementOfAccountPdf
{
    public static byte[] Render(StatementOfAccount statement, Seller seller, Buyer buyer)
    {
        DocumentFonts.Install();
        var seed = statement.FileName;
        using var pdf = new PdfDocument();
        var date = DateTime.SpecifyKind(statement.AsOf.AtMidnight().ToDateTimeUnspecified(), DateTimeKind.Utc);
        pdf.Info.CreationDate = date;
        pdf.Info.ModificationDate = date;
        pdf.Info.Title = $"Rekeningoverzicht {buyer.Name} per {DutchText.Date(statement.AsOf)}";
        pdf.Info.Author = seller.Name;
        pdf.Info.Subject = pdf.Info.Title;
        pdf.Info.Creator = "Dimpact ledenfacturatie";
        pdf.Internals.FirstDocumentID = ReproduciblePdf.DocumentId(seed);
        pdf.Internals.SecondDocumentID = ReproduciblePdf.DocumentId(seed);
        new StatementLayout(pdf, statement, seller, buyer).Draw();
        using var stream = new MemoryStream();
        pdf.Save(stream, closeStream: false);
        return ReproduciblePdf.Normalize(stream.ToArray(), seed);
    }
}

internal sealed class StatementLayout(PdfDocument pdf, StatementOfAccount statement, Seller seller, Buyer buyer) : PagedLayout(pdf, seller)
{
    protected override string ContinuationHeading => $"Rekeningoverzicht {buyer.Name} per {DutchText.Date(statement.AsOf)} (vervolg)";

    // Right edges of the open items' columns: document, kind, date, due date, amount, paid, open, days.
    private static readonly (string Head, double Right, bool Numeric)[] ItemColumns =
    [
        ("Document", Left + 4, false), ("Soort", Left + 80, false), ("Datum", Left + 140, false), ("Vervaldatum", Left + 198, false),
        ("Bedrag", Left + 300, true), ("Betaald/verrekend", Left + 385, true), ("Open", Left + 450, true), ("Dagen over", Right - 4, true),
    ];

    private static readonly (string Head, double Right, bool Numeric)[] MovementColumns =
    [
        ("Datum", Left + 4, false), ("Omschrijving", Left + 64, false), ("Kenmerk", Left + 200, false), ("Voor", Left + 330, false),
        ("Bedrag", Right - 4, true),
    ];

    public void Draw()
    {
        NewPage(first: true);
        DrawHeader();
        DrawOpenItems();
        DrawReceived();
        DrawTotals();
        DrawPaymentInstructions();
        Finish();
    }

    private void DrawHeader()
    {
        DrawLetterhead();
        _y += 72;
        _g.DrawLine(new XPen(Accent, 1.2), Left, _y, Right, _y);
        _y += 22;

        var top = _y;
        _g.DrawString(buyer.Name, BodyBold, Ink, Left, top + 9);
        _g.DrawString("t.a.v. crediteurenadministratie", Body, Ink, Left, top + 22);
        _g.DrawString(buyer.Address.Street, Body, Ink, Left, top + 35);
        _g.DrawString($"{buyer.Address.PostalCode}  {buyer.Address.City.ToUpperInvariant()}", Body, Ink, Left, top + 48);
        (string, string)[] facts =
        [
            ("Datum overzicht", DutchText.Date(statement.AsOf)),
            ("Debiteurnummer", buyer.Code.ToString()),
            ("Ontvangsten sinds", DutchText.Date(statement.From)),
        ];
        for (var i = 0; i < facts.Length; i++)
        {
            _g.DrawString(facts[i].Item1, Body, Muted, 300, top + 9 + i * 13);
            _g.DrawString(facts[i].Item2, BodyBold, Ink, 400, top + 9 + i * 13);
        }
        _y = top + 86;
        _g.DrawString("Rekeningoverzicht", TitleFont, Ink, Left, _y + 16);
        _y += 24;
        _g.DrawString($"Uw openstaande posten bij {Seller.Name} op {DutchText.Date(statement.AsOf)}.", Body, Muted, Left, _y + 9);
        _y += 26;
    }

    private void TableHeader((string Head, double Right, bool Numeric)[] columns)
    {
        _g.DrawRectangle(Band, Left, _y, Width, 16);
        foreach (var (head, right, numeric) in columns)
            if (numeric) RightAligned(head, SmallBold, right, _y + 4);
            else _g.DrawString(head, SmallBold, Ink, right, _y + 11);
        _y += 20;
    }

    private void Row((string Head, double Right, bool Numeric)[] columns, IReadOnlyList<string> cells, XFont font)
    {
        if (Ensure(14)) TableHeader(columns);
        for (var c = 0; c < columns.Length; c++)
            if (columns[c].Numeric) RightAligned(cells[c], font, columns[c].Right, _y);
            else _g.DrawString(cells[c], font, Ink, columns[c].Right, _y + 9);
        _y += 13;
        _g.DrawLine(Rule, Left, _y - 2, Right, _y - 2);
    }

    private void DrawOpenItems()
    {
        Ensure(60);
        _g.DrawString("Openstaande posten", Heading, Ink, Left, _y + 10.5);
        _y += 18;
        if (statement.OpenItems.Count == 0)
        {
            _g.DrawString("Er staan geen documenten open.", Body, Ink, Left, _y + 9);
            _y += 24;
            return;
        }
        TableHeader(ItemColumns);
        foreach (var item in statement.OpenItems)
            Row(ItemColumns,
            [
                item.Number.ToString(), DutchText.Title(item.Kind), DutchText.Date(item.IssueDate),
                item.Kind == DocumentKind.Invoice ? DutchText.Date(item.DueDate) : "",
                DutchText.Number(item.TotalInclVat), DutchText.Number(item.Allocated), DutchText.Number(item.Open),
                item.IsOverdue ? item.DaysOverdue.ToString(System.Globalization.CultureInfo.InvariantCulture) : "",
            ], item.IsOverdue ? BodyBold : Body);
        _g.DrawString("Bedragen in euro, incl. btw; die van een creditnota zijn negatief.", Small, Muted, Left, _y + 7.5);
        _y += 22;
    }

    private void DrawReceived()
    {
        Ensure(60);
        _g.DrawString($"Ontvangen betalingen en verrekeningen sinds {DutchText.Date(statement.From)}", Heading, Ink, Left, _y + 10.5);
        _y += 18;
        if (statement.Received.Count == 0)
        {
            _g.DrawString("Geen.", Body, Ink, Left, _y + 9);
            _y += 24;
            return;
        }
        TableHeader(MovementColumns);
        foreach (var m in statement.Received)
            Row(MovementColumns,
            [
                DutchText.Date(m.Date), What(m.Kind), Shorten(m.Reference, 26),
                m.Document?.ToString() ?? "tegoed", DutchText.Number(m.Amount),
            ], Body);
        _y += 14;
    }

    private static string What(AllocationKind kind) => kind switch
    {
        AllocationKind.Matched or AllocationKind.Manual => "betaling",
        AllocationKind.CreditNoteSetOff => "creditnota verrekend",
        AllocationKind.Refund => "creditnota terugbetaald",
        _ => "teruggeboekt",
    };

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private void DrawTotals()
    {
        var rows = new List<(string, Money, bool)>
        {
            ("Openstaande facturen", statement.OpenInvoices, false),
            ("waarvan vervallen", statement.Overdue, false),
        };
        if (statement.OpenCreditNotes != Money.Zero) rows.Add(("Nog te verrekenen creditnota's", statement.OpenCreditNotes, false));
        if (statement.CreditBalance != Money.Zero) rows.Add(("Uw tegoed (te veel betaald)", -statement.CreditBalance, false));
        rows.Add((statement.TotalDue.IsNegative ? "Totaal te ontvangen" : "Totaal te betalen", statement.TotalDue.IsNegative ? -statement.TotalDue : statement.TotalDue, true));
        Ensure(rows.Count * 14 + 10);
        const double labelRight = Right - 110;
        foreach (var (label, amount, bold) in rows)
        {
            if (bold)
            {
                _g.DrawLine(Strong, labelRight - 150, _y, Right, _y);
                _y += 3;
            }
            RightAligned(label, bold ? BodyBold : Body, labelRight, _y);
            RightAligned(DutchText.Amount(amount), bold ? BodyBold : Body, Right - 4, _y);
            _y += 14;
        }
        _y += 14;
    }

    private void DrawPaymentInstructions()
    {
        var numbers = statement.OpenItems.Where(i => i.Kind == DocumentKind.Invoice && i.Open > Money.Zero).Select(i => i.Number.ToString()).ToList();
        var text = statement.TotalDue > Money.Zero
            ? $"Gelieve {DutchText.Amount(statement.TotalDue)} over te maken op IBAN {PaymentText.Iban(Seller.Iban)}"
              + (Seller.Bic is { Length: > 0 } bic ? $" (BIC {bic})" : "")
              + $" ten name van {Seller.Name}, onder vermelding van de factuurnummers ({string.Join(", ", numbers)}), zodat wij uw betaling aan de juiste facturen toewijzen."
              + (statement.Overdue > Money.Zero ? " Vervallen bedragen graag per omgaande." : "")
            : statement.TotalDue.IsNegative
                ? $"Wij verrekenen uw tegoed van {DutchText.Amount(-statement.TotalDue)} met uw volgende factuur, of storten het op verzoek terug."
                : "U hoeft niets te betalen.";
        var contact = $"Heeft u al betaald, dan kruist uw betaling dit overzicht. Vragen? Mail naar {Seller.InvoiceEmail} en vermeld uw debiteurnummer {buyer.Code}.";
        var lines = Wrap(text, Body, Width);
        var contactLines = Wrap(contact, Small, Width);
        Ensure(18 + lines.Count * 12 + 6 + contactLines.Count * 10);
        _g.DrawString("Betaling", Heading, Ink, Left, _y + 10.5);
        _y += 18;
        foreach (var l in lines) { _g.DrawString(l, Body, Ink, Left, _y + 9); _y += 12; }
        _y += 6;
        foreach (var l in contactLines) { _g.DrawString(l, Small, Muted, Left, _y + 7.5); _y += 10; }
    }

    private void RightAligned(string text, XFont font, double right, double top) => DocumentStyle.RightAligned(_g, text, font, right, top);

    private List<string> Wrap(string text, XFont font, double width) => DocumentStyle.Wrap(_g, text, font, width);
}
