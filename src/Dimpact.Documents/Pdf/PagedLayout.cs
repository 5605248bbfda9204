using Dimpact.Documents.Parties;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

using static Dimpact.Documents.Pdf.DocumentStyle;

namespace Dimpact.Documents.Pdf;

/// <summary>
/// What every document layout shares: a cursor that runs down A4 pages and starts a new one when full (with a
/// continuation heading), the seller's letterhead, and the footers drawn on every page at the end.
/// </summary>
internal abstract class PagedLayout(PdfDocument pdf, Seller seller)
{
    private readonly List<PdfPage> _pages = [];

    /// <summary>Who issues the document: letterhead, footers, payment instructions.</summary>
    protected Seller Seller { get; } = seller;
    protected XGraphics _g = null!;
    protected double _y;

    /// <summary>The line at the top of every page after the first ("Factuur 2024-000007 · Deventer (vervolg)").</summary>
    protected abstract string ContinuationHeading { get; }

    protected void NewPage(bool first = false)
    {
        if (!first) _g.Dispose();
        var page = pdf.AddPage();
        page.Size = PageSize.A4;
        _pages.Add(page);
        _g = XGraphics.FromPdfPage(page);
        _y = 50;
        if (!first)
        {
            _g.DrawString(ContinuationHeading, SmallBold, Muted, Left, _y + 7.5);
            _y += 24;
        }
    }

    /// <summary>Starts a new page unless <paramref name="height"/> still fits; true when it started one.</summary>
    protected bool Ensure(double height)
    {
        if (_y + height <= Bottom) return false;
        NewPage();
        return true;
    }

    /// <summary>The seller's name, address and e-mail at the top of the first page (the cursor stays where it was).</summary>
    protected void DrawLetterhead()
    {
        _g.DrawString(Seller.Name, Letterhead, new XSolidBrush(Accent), Left, _y + 14);
        _g.DrawString(Seller.Street, Body, Muted, Left, _y + 30);
        _g.DrawString($"{Seller.PostalCode} {Seller.City}", Body, Muted, Left, _y + 42);
        _g.DrawString(Seller.InvoiceEmail, Body, Muted, Left, _y + 54);
    }

    /// <summary>Ends the drawing: the footers of every page (the seller's identity, page n of m).</summary>
    protected void Finish()
    {
        _g.Dispose();
        DocumentStyle.DrawFooters(_pages, Seller);
    }
}
