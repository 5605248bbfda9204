using System.Text;
using Dimpact.Billing;
using Dimpact.Documents.Parties;
using Dimpact.Documents.Pdf;
using UglyToad.PdfPig;

namespace Dimpact.Documents.Tests;

/// <summary>The PDF carries what BILLING.md ("VAT and invoice content") asks, read back as text.</summary>
public class InvoicePdfTests
{
    private static string Text(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(p => p.Text));
    }

    [Fact]
    public void An_advance_invoice_shows_number_member_every_line_amount_and_the_totals_in_Dutch_format()
    {
        var text = Text(InvoicePdf.Render(SampleInvoices.Advance()));

        Assert.Contains("Factuur", text);
        Assert.Contains("2024-000007", text);
        Assert.Contains("Deventer", text);
        Assert.Contains("Postbus 5000", text);
        Assert.Contains("PO-2024-DIMPACT-0150", text);
        Assert.Contains("€ 113.806,00", text);
        Assert.Contains("€ 55.993,75", text);
        Assert.Contains("€ 1.682,00", text);
        Assert.Contains("€ 171.481,75", text);       // excl. VAT
        Assert.Contains("BTW 21% over € 171.481,75", text);
        Assert.Contains("€ 36.011,17", text);        // 21 % of the total, rounded once
        Assert.Contains("€ 207.492,92", text);       // incl. VAT
        Assert.Contains("101.446", text);            // population basis
    }

    [Fact]
    public void An_invoice_names_seller_dates_and_payment_instructions()
    {
        var text = Text(InvoicePdf.Render(SampleInvoices.Advance()));

        Assert.Contains("Coöperatie Dimpact U.A.", text);
        Assert.Contains("Zuiderval 96", text);
        Assert.Contains("7543 EZ Enschede", text);
        Assert.Contains("08154067", text);
        Assert.Contains("NL000000000B01", text);
        Assert.Contains("02-01-2024", text);                  // issue date
        Assert.Contains("01-01-2024 t/m 31-03-2024", text);   // period of service
        Assert.Contains("Gelieve € 207.492,92 vóór 01-02-2024 over te maken op IBAN NL91 ABNA 0417 1643 00", text);
        Assert.Contains("onder vermelding van factuurnummer 2024-000007", text);
    }

    [Fact]
    public void A_document_names_the_tariff_data_and_member_data_versions_it_was_made_with()
    {
        var plain = Text(InvoicePdf.Render(SampleInvoices.Advance()));
        var document = SampleInvoices.Advance();
        var withMembers = document with
        {
            Invoice = document.Invoice with { Draft = document.Invoice.Draft with { Basis = document.Invoice.Draft.Basis with { MemberDataVersion = "members v0003, changes v0002" } } },
        };

        var text = Text(InvoicePdf.Render(withMembers));

        // Compared without spaces: the sentence wraps, and a wrapped line's space is not in the extracted text.
        static string Squeezed(string s) => s.Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal);
        Assert.Contains("Berekendmettariefgegevensbedrijfsplan-2024.", Squeezed(plain));
        Assert.DoesNotContain("ledengegevens", plain);
        Assert.Contains("Berekendmettariefgegevensbedrijfsplan-2024enledengegevensmembersv0003,changesv0002.", Squeezed(text));
    }

    [Fact]
    public void The_PDF_keeps_the_BIC_that_the_e_invoice_leaves_out()
    {
        var text = Text(InvoicePdf.Render(SampleInvoices.Advance()));

        Assert.Contains("BIC", text);
        Assert.Contains("(BIC ABNANL2A)", text);
    }

    [Fact]
    public void A_settlement_invoice_shows_per_product_budget_populations_definitive_advances_and_due()
    {
        var text = Text(InvoicePdf.Render(SampleInvoices.Settlement()));

        Assert.Contains("Afrekening per product", text);
        Assert.Contains("455.224,00", text);     // budget
        Assert.Contains("101.446", text);        // reference population
        Assert.Contains("01-01-2022", text);     // reference date
        Assert.Contains("102.000", text);        // settlement population
        Assert.Contains("01-01-2024", text);     // settlement date
        Assert.Contains("456.894,17", text);     // definitive
        Assert.Contains("-341.418,00", text);    // three advances deducted
        Assert.Contains("€ 115.476,17", text);   // Q4 line
        Assert.Contains("€ 57.067,31", text);
        Assert.Contains("225.048,56", text);
    }

    [Fact]
    public void A_Q4_settlement_credit_note_names_the_advances_it_settles()
    {
        var text = Text(InvoicePdf.Render(SampleInvoices.SettlementCreditNote()));

        Assert.Contains("Creditnota", text);
        Assert.Contains("C2024-000001", text);
        Assert.Contains("Deze creditnota verrekent voorschotfacturen 2024-000007, 2024-000046, 2024-000085.", text);
        Assert.Contains("€ -27.379,67", text);
        Assert.Contains("Het bedrag van € 33.129,40 komt u toe", text);
    }

    [Fact]
    public void A_Q4_settlement_invoice_names_the_advances_it_settles()
    {
        var text = Text(InvoicePdf.Render(SampleInvoices.Settlement()));

        Assert.Contains("Deze factuur verrekent voorschotfacturen 2024-000007, 2024-000046, 2024-000085.", text);
    }

    [Fact]
    public void A_document_that_corrects_a_credit_note_calls_it_a_credit_note()
    {
        var text = Text(InvoicePdf.Render(SampleInvoices.SupplementaryInvoice(Billing.Invoicing.InvoiceNumber.Parse("C2024-000001"))));

        Assert.Contains("Deze factuur corrigeert creditnota C2024-000001.", text);
        Assert.DoesNotContain("corrigeert factuur", text);
    }

    [Fact]
    public void The_largest_settlement_figures_appear_in_full()
    {
        var text = Text(InvoicePdf.Render(SampleInvoices.LargeSettlement()));

        Assert.Contains("1.494.040,00", text);
        Assert.Contains("655.468", text);
        Assert.Contains("670.000", text);
        Assert.Contains("1.502.763,29", text);
        Assert.Contains("-1.120.530,00", text);
        Assert.Contains("382.233,29", text);
    }

    [Fact]
    public void A_credit_note_is_titled_as_such_names_the_invoice_it_corrects_and_announces_the_refund()
    {
        var text = Text(InvoicePdf.Render(SampleInvoices.CreditNote()));

        Assert.Contains("Creditnota", text);
        Assert.Contains("C2024-000002", text);
        Assert.Contains("Deze creditnota corrigeert factuur 2024-000123", text);
        Assert.Contains("€ -1.250,50", text);
        Assert.Contains("€ -1.513,11", text);
        Assert.Contains("Het bedrag van € 1.513,11 komt u toe", text);
        Assert.DoesNotContain("Gelieve", text);
    }

    [Fact]
    public void A_long_invoice_runs_over_pages_with_page_numbers_and_the_table_header_repeated()
    {
        var pdf = InvoicePdf.Render(SampleInvoices.Long());
        using var document = PdfDocument.Open(pdf);

        Assert.True(document.NumberOfPages > 1, $"{document.NumberOfPages} page(s)");
        var pages = document.GetPages().ToList();
        Assert.Contains($"Pagina 1 van {pages.Count}", pages[0].Text);
        Assert.Contains($"Pagina {pages.Count} van {pages.Count}", pages[^1].Text);
        Assert.All(pages, p => Assert.Contains("Bedrag excl. BTW", p.Text));
        var all = string.Join("\n", pages.Select(p => p.Text));
        foreach (var line in SampleInvoices.Long().Invoice.Lines)
            Assert.Contains(DutchText.Amount(line.Amount), all);
        Assert.Contains(DutchText.Amount(SampleInvoices.Long().Invoice.TotalInclVat), pages[^1].Text);
    }

    [Fact]
    public void Every_letter_is_drawn_in_an_embedded_DejaVu_subset()
    {
        var pdf = InvoicePdf.Render(SampleInvoices.Settlement());
        using var document = PdfDocument.Open(pdf);

        var fonts = document.GetPages().SelectMany(p => p.Letters).Select(l => l.FontName).Distinct().ToList();
        Assert.NotEmpty(fonts);
        Assert.All(fonts, f => Assert.Matches(@"^[A-Z]{6}\+DejaVu ?Sans", f));
        Assert.Contains("/FontFile2", Encoding.Latin1.GetString(pdf));
    }

    [Fact]
    public void The_same_invoice_renders_to_the_same_bytes()
    {
        foreach (var sample in new[] { SampleInvoices.Advance(), SampleInvoices.Settlement(), SampleInvoices.SettlementCreditNote(), SampleInvoices.CreditNote(), SampleInvoices.Long() })
            Assert.Equal(InvoicePdf.Render(sample), InvoicePdf.Render(sample));
    }

    [Fact]
    public void Another_invoice_number_gives_another_file_identity()
    {
        var first = SampleInvoices.Advance();
        var second = first with { Invoice = first.Invoice with { Number = first.Invoice.Number.Next() } };

        Assert.NotEqual(InvoicePdf.Render(first), InvoicePdf.Render(second));
    }

    [Fact]
    public void The_file_dates_are_the_issue_date_not_the_clock()
    {
        using var document = PdfDocument.Open(InvoicePdf.Render(SampleInvoices.Advance()));

        Assert.StartsWith("D:20240102", document.Information.CreationDate);
        Assert.StartsWith("D:20240102", document.Information.ModifiedDate);
    }
}
