using Dimpact.Documents.Parties;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Dimpact.Documents.Pdf;

/// <summary>
/// The look shared by the documents members receive (invoice, credit note, statement of account): A4 margins, fonts,
/// colours, the seller's footer on every page, and the text helpers that right-align and wrap.
/// </summary>
internal static class DocumentStyle
{
    public const double Left = 56;
    public const double Right = 595.28 - 56;
    public const double Width = Right - Left;
    public const double Bottom = 770;    // below this only the footer
    public const double FooterY = 800;

    private static readonly XPdfFontOptions Unicode = new(PdfFontEncoding.Unicode);
    public static readonly XFont Body = new(DocumentFonts.Family, 9, XFontStyleEx.Regular, Unicode);
    public static readonly XFont BodyBold = new(DocumentFonts.Family, 9, XFontStyleEx.Bold, Unicode);
    public static readonly XFont Small = new(DocumentFonts.Family, 7.5, XFontStyleEx.Regular, Unicode);
    public static readonly XFont SmallBold = new(DocumentFonts.Family, 7.5, XFontStyleEx.Bold, Unicode);
    public static readonly XFont Letterhead = new(DocumentFonts.Family, 14, XFontStyleEx.Bold, Unicode);
    public static readonly XFont TitleFont = new(DocumentFonts.Family, 18, XFontStyleEx.Bold, Unicode);
    public static readonly XFont Heading = new(DocumentFonts.Family, 10.5, XFontStyleEx.Bold, Unicode);

    public static readonly XBrush Ink = XBrushes.Black;
    public static readonly XBrush Muted = new XSolidBrush(XColor.FromArgb(90, 90, 90));
    public static readonly XBrush Band = new XSolidBrush(XColor.FromArgb(232, 238, 244));
    public static readonly XColor Accent = XColor.FromArgb(0, 82, 147);
    public static readonly XPen Rule = new(XColor.FromArgb(160, 160, 160), 0.5);
    public static readonly XPen Strong = new(XColor.FromArgb(0, 0, 0), 0.8);

    /// <summary>The seller's identity and the page number at the foot of every page.</summary>
    public static void DrawFooters(IReadOnlyList<PdfPage> pages, Seller seller)
    {
        var line = $"{seller.Name} · KvK {seller.KvkNumber} · BTW {seller.VatNumber} · IBAN {PaymentText.Iban(seller.Iban)}";
        for (var i = 0; i < pages.Count; i++)
        {
            using var g = XGraphics.FromPdfPage(pages[i], XGraphicsPdfPageOptions.Append);
            g.DrawLine(Rule, Left, FooterY - 8, Right, FooterY - 8);
            g.DrawString(line, Small, Muted, Left, FooterY + 2);
            g.DrawString($"Pagina {i + 1} van {pages.Count}", Small, Muted, new XRect(Left, FooterY - 5.5, Width, 10), XStringFormats.TopRight);
        }
    }

    public static void RightAligned(XGraphics g, string text, XFont font, double right, double top, XBrush? brush = null) =>
        g.DrawString(text, font, brush ?? Ink, right - g.MeasureString(text, font).Width, top + font.Size);

    /// <summary>The text in lines no wider than <paramref name="width"/>, broken between words.</summary>
    public static List<string> Wrap(XGraphics g, string text, XFont font, double width)
    {
        var lines = new List<string>();
        var current = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = current.Length == 0 ? word : current + " " + word;
            if (current.Length > 0 && g.MeasureString(candidate, font).Width > width)
            {
                lines.Add(current);
                current = word;
            }
            else current = candidate;
        }
        if (current.Length > 0 || lines.Count == 0) lines.Add(current);
        return lines;
    }
}
