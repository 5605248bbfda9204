using Dimpact.Documents.Pdf;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Dimpact.Documents.Reports;

/// <summary>
/// A report as a landscape A4 overview (PDFsharp, the DejaVu fonts of the invoices): the title and notes, then each
/// view as a table whose headings repeat on every page, totals bold, "Pagina i van n" in the footer.
/// </summary>
public static class ReportPdf
{
    public static byte[] Render(ReportDocument document)
    {
        DocumentFonts.Install();
        using var pdf = new PdfDocument();
        pdf.Info.Title = document.Title;
        pdf.Info.Author = "Coöperatie Dimpact U.A.";
        pdf.Info.Creator = "Dimpact ledenfacturatie";
        new ReportLayout(pdf, document).Draw();
        using var stream = new MemoryStream();
        pdf.Save(stream, closeStream: false);
        return stream.ToArray();
    }
}

/// <summary>The drawing of one report: a cursor down landscape pages.</summary>
internal sealed class ReportLayout(PdfDocument pdf, ReportDocument document)
{
    private const double PageWidth = 841.89, PageHeight = 595.28; // A4 landscape
    private const double Left = 36, Right = PageWidth - 36, Width = Right - Left;
    private const double Top = 36, Bottom = PageHeight - 40, FooterY = PageHeight - 24;
    private const double RowHeight = 10.5, Padding = 3;

    private static readonly XPdfFontOptions Unicode = new(PdfFontEncoding.Unicode);
    private static readonly XFont TitleFont = new(DocumentFonts.Family, 15, XFontStyleEx.Bold, Unicode);
    private static readonly XFont Heading = new(DocumentFonts.Family, 10, XFontStyleEx.Bold, Unicode);
    private static readonly XFont Note = new(DocumentFonts.Family, 7.5, XFontStyleEx.Regular, Unicode);
    private static readonly XFont Cell = new(DocumentFonts.Family, 7, XFontStyleEx.Regular, Unicode);
    private static readonly XFont CellBold = new(DocumentFonts.Family, 7, XFontStyleEx.Bold, Unicode);

    private static readonly XBrush Ink = XBrushes.Black;
    private static readonly XBrush Muted = new XSolidBrush(XColor.FromArgb(90, 90, 90));
    private static readonly XBrush Band = new XSolidBrush(XColor.FromArgb(232, 238, 244));
    private static readonly XBrush Accent = new XSolidBrush(XColor.FromArgb(0, 82, 147));
    private static readonly XPen Rule = new(XColor.FromArgb(200, 200, 200), 0.4);
    private static readonly XPen Strong = new(XColor.FromArgb(0, 0, 0), 0.8);

    private readonly List<PdfPage> _pages = [];
    private XGraphics _g = null!;
    private double _y;

    public void Draw()
    {
        NewPage();
        _g.DrawString(document.Title, TitleFont, Accent, Left, _y + 15);
        _y += 26;
        foreach (var note in document.Notes)
        foreach (var line in Wrap(note, Note, Width))
        {
            _g.DrawString(line, Note, Muted, Left, _y + 7.5);
            _y += 10;
        }
        foreach (var table in document.Tables) DrawTable(table);
        _g.Dispose();
        DrawFooters();
    }

    private void NewPage()
    {
        _g?.Dispose();
        var page = pdf.AddPage();
        page.Width = XUnit.FromPoint(PageWidth);
        page.Height = XUnit.FromPoint(PageHeight);
        _pages.Add(page);
        _g = XGraphics.FromPdfPage(page);
        _y = Top;
    }

    private void DrawTable(ReportTable table)
    {
        var total = table.Columns.Sum(c => c.Width);
        var widths = table.Columns.Select(c => c.Width / total * Width).ToArray();
        var headings = table.Columns.Select((c, i) => Wrap(c.Heading, CellBold, widths[i] - 2 * Padding)).ToList();
        var headingHeight = headings.Max(h => h.Count) * 8.5 + 4;

        if (_y + 22 + headingHeight + 3 * RowHeight > Bottom) NewPage();
        _y += 10;
        _g.DrawString(table.Title, Heading, Ink, Left, _y + 10);
        _y += 16;
        DrawHeadings(table, widths, headings, headingHeight);
        foreach (var row in table.Rows)
        {
            if (_y + RowHeight > Bottom)
            {
                NewPage();
                _g.DrawString($"{table.Title} (vervolg)", CellBold, Muted, Left, _y + 7);
                _y += 12;
                DrawHeadings(table, widths, headings, headingHeight);
            }
            if (row.IsTotal) _g.DrawLine(Strong, Left, _y, Right, _y);
            var x = Left;
            for (var i = 0; i < row.Cells.Count && i < widths.Length; i++)
            {
                var font = row.IsTotal ? CellBold : Cell;
                var text = Fit(row.Cells[i].Display, font, widths[i] - 2 * Padding);
                var rect = new XRect(x + Padding, _y + 1.5, widths[i] - 2 * Padding, RowHeight);
                _g.DrawString(text, font, Ink, rect, row.Cells[i].IsNumber ? XStringFormats.TopRight : XStringFormats.TopLeft);
                x += widths[i];
            }
            _y += RowHeight;
            if (!row.IsTotal) _g.DrawLine(Rule, Left, _y, Right, _y);
        }
        _y += 6;
    }

    private void DrawHeadings(ReportTable table, double[] widths, List<List<string>> headings, double height)
    {
        _g.DrawRectangle(Band, Left, _y, Width, height);
        var x = Left;
        for (var i = 0; i < widths.Length; i++)
        {
            for (var l = 0; l < headings[i].Count; l++)
                _g.DrawString(headings[i][l], CellBold, Ink, new XRect(x + Padding, _y + 2 + l * 8.5, widths[i] - 2 * Padding, 8.5),
                    table.Columns[i].Numeric ? XStringFormats.TopRight : XStringFormats.TopLeft);
            x += widths[i];
        }
        _y += height;
        _g.DrawLine(Strong, Left, _y, Right, _y);
    }

    private void DrawFooters()
    {
        for (var i = 0; i < _pages.Count; i++)
        {
            using var g = XGraphics.FromPdfPage(_pages[i], XGraphicsPdfPageOptions.Append);
            g.DrawLine(Rule, Left, FooterY - 6, Right, FooterY - 6);
            g.DrawString($"Coöperatie Dimpact U.A. · {document.Title}", Note, Muted, Left, FooterY + 3);
            g.DrawString($"Pagina {i + 1} van {_pages.Count}", Note, Muted, new XRect(Left, FooterY - 4.5, Width, 10), XStringFormats.TopRight);
        }
    }

    /// <summary>Words into lines that fit the width (a word longer than the width gets a line of its own).</summary>
    private List<string> Wrap(string text, XFont font, double width)
    {
        var lines = new List<string>();
        var line = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (line.Length > 0 && _g.MeasureString(candidate, font).Width > width) { lines.Add(line); line = word; }
            else line = candidate;
        }
        if (line.Length > 0 || lines.Count == 0) lines.Add(line);
        return lines;
    }

    /// <summary>The text, cut with an ellipsis when it is wider than the cell (a long municipality name).</summary>
    private string Fit(string text, XFont font, double width)
    {
        if (_g.MeasureString(text, font).Width <= width) return text;
        var cut = text;
        while (cut.Length > 1 && _g.MeasureString(cut + "…", font).Width > width) cut = cut[..^1];
        return cut + "…";
    }
}
