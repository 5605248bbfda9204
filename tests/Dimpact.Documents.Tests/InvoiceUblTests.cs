using System.Xml.Linq;
using Dimpact.Documents.Parties;
using Dimpact.Documents.Ubl;

namespace Dimpact.Documents.Tests;

/// <summary>The UBL is valid UBL 2.1 and keeps the Dutch rules of SI-UBL 2.0 (NLCIUS).</summary>
public class InvoiceUblTests
{
    private static readonly XNamespace Cac = InvoiceUbl.Cac;
    private static readonly XNamespace Cbc = InvoiceUbl.Cbc;

    public static TheoryData<string> Samples() => ["advance", "settlement", "large-settlement", "settlement-creditnote", "creditnote", "long"];

    private static InvoiceDocument Sample(string name) => name switch
    {
        "advance" => SampleInvoices.Advance(),
        "settlement" => SampleInvoices.Settlement(),
        "large-settlement" => SampleInvoices.LargeSettlement(),
        "settlement-creditnote" => SampleInvoices.SettlementCreditNote(),
        "creditnote" => SampleInvoices.CreditNote(),
        _ => SampleInvoices.Long(),
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Our_documents_pass_the_UBL_2_1_schema(string name)
    {
        var errors = UblSchema.Errors(InvoiceUbl.Write(Sample(name)));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Our_documents_keep_the_NLCIUS_rules(string name)
    {
        var violations = NlciusRules.Check(InvoiceUbl.Build(Sample(name)));
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public void The_schemas_are_read_from_the_shared_folder_beside_the_repository_not_from_a_copy()
    {
        Assert.Equal(Path.GetFullPath(RepositoryFiles.Path("..", "shared", "schemas", "ubl-2.1")), UblSchema.Folder);
        Assert.True(File.Exists(Path.Combine(UblSchema.Folder, "maindoc", "UBL-CreditNote-2.1.xsd")), UblSchema.Folder);
        Assert.False(Directory.Exists(RepositoryFiles.Path("tests", "Dimpact.Documents.Tests", "Schemas")));
        Assert.False(Directory.Exists(Path.Combine(AppContext.BaseDirectory, "Schemas")));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void No_document_names_a_BIC_for_the_SEPA_transfer_BR_NL_31(string name)
    {
        var sample = Sample(name);
        Assert.Equal("ABNANL2A", sample.Seller.Bic); // the seller has one: the PDF shows it

        var document = InvoiceUbl.Build(sample);

        Assert.Empty(document.Descendants(Cac + "FinancialInstitutionBranch"));
        Assert.DoesNotContain("ABNANL2A", document.ToString());
        Assert.All(document.Root!.Elements(Cac + "PaymentMeans"), m => Assert.Equal(InvoiceUbl.SepaCreditTransfer, m.Element(Cbc + "PaymentMeansCode")!.Value));
    }

    [Fact]
    public void A_broken_document_fails_the_schema()
    {
        var document = InvoiceUbl.Build(SampleInvoices.Advance());
        // IssueDate after InvoiceTypeCode breaks the sequence the schema prescribes; a second ID is not allowed at all.
        var issueDate = document.Root!.Element(Cbc + "IssueDate")!;
        issueDate.Remove();
        document.Root.Element(Cbc + "InvoiceTypeCode")!.AddAfterSelf(issueDate);

        Assert.NotEmpty(UblSchema.Errors(document));
    }

    [Fact]
    public void An_amount_without_currency_fails_the_schema()
    {
        var document = InvoiceUbl.Build(SampleInvoices.Advance());
        document.Descendants(Cbc + "PayableAmount").Single().Attribute("currencyID")!.Remove();

        Assert.NotEmpty(UblSchema.Errors(document));
    }

    [Fact]
    public void An_invoice_is_type_380_with_the_header_facts()
    {
        var root = InvoiceUbl.Build(SampleInvoices.Advance()).Root!;

        Assert.Equal(InvoiceUbl.InvoiceNs + "Invoice", root.Name);
        Assert.Equal("urn:cen.eu:en16931:2017#compliant#urn:fdc:nen.nl:nlcius:v1.0", root.Element(Cbc + "CustomizationID")!.Value);
        Assert.Equal("urn:fdc:peppol.eu:2017:poacc:billing:01:1.0", root.Element(Cbc + "ProfileID")!.Value);
        Assert.Equal("380", root.Element(Cbc + "InvoiceTypeCode")!.Value);
        Assert.Equal("2024-000007", root.Element(Cbc + "ID")!.Value);
        Assert.Equal("2024-01-02", root.Element(Cbc + "IssueDate")!.Value);
        Assert.Equal("2024-02-01", root.Element(Cbc + "DueDate")!.Value);
        Assert.Equal("PO-2024-DIMPACT-0150", root.Element(Cbc + "BuyerReference")!.Value);
        Assert.Equal("2024-01-01", root.Element(Cac + "InvoicePeriod")!.Element(Cbc + "StartDate")!.Value);
        Assert.Equal("2024-03-31", root.Element(Cac + "InvoicePeriod")!.Element(Cbc + "EndDate")!.Value);
    }

    [Fact]
    public void The_parties_carry_KvK_VAT_OIN_and_Peppol_ids()
    {
        var root = InvoiceUbl.Build(SampleInvoices.Advance()).Root!;
        var seller = root.Element(Cac + "AccountingSupplierParty")!.Element(Cac + "Party")!;
        var buyer = root.Element(Cac + "AccountingCustomerParty")!.Element(Cac + "Party")!;

        Assert.Equal("0106", seller.Element(Cbc + "EndpointID")!.Attribute("schemeID")!.Value);
        var kvk = seller.Element(Cac + "PartyLegalEntity")!.Element(Cbc + "CompanyID")!;
        Assert.Equal(("0106", "08154067"), (kvk.Attribute("schemeID")!.Value, kvk.Value));
        Assert.Equal("NL000000000B01", seller.Element(Cac + "PartyTaxScheme")!.Element(Cbc + "CompanyID")!.Value);
        var oin = buyer.Element(Cac + "PartyLegalEntity")!.Element(Cbc + "CompanyID")!;
        Assert.Equal(("0190", "00000001001234567000"), (oin.Attribute("schemeID")!.Value, oin.Value));
        Assert.Equal("00000001001234567000", buyer.Element(Cbc + "EndpointID")!.Value);
    }

    [Fact]
    public void Payment_is_a_SEPA_transfer_to_Dimpacts_IBAN_with_the_invoice_number()
    {
        var means = InvoiceUbl.Build(SampleInvoices.Advance()).Root!.Element(Cac + "PaymentMeans")!;

        Assert.Equal("58", means.Element(Cbc + "PaymentMeansCode")!.Value);
        Assert.Equal("2024-000007", means.Element(Cbc + "PaymentID")!.Value);
        Assert.Equal("NL91ABNA0417164300", means.Element(Cac + "PayeeFinancialAccount")!.Element(Cbc + "ID")!.Value);
    }

    [Fact]
    public void Totals_and_VAT_per_rate_match_the_invoice()
    {
        var root = InvoiceUbl.Build(SampleInvoices.Advance()).Root!;
        var totals = root.Element(Cac + "LegalMonetaryTotal")!;
        var subtotal = root.Element(Cac + "TaxTotal")!.Element(Cac + "TaxSubtotal")!;

        Assert.Equal("171481.75", totals.Element(Cbc + "TaxExclusiveAmount")!.Value);
        Assert.Equal("207492.92", totals.Element(Cbc + "PayableAmount")!.Value);
        Assert.Equal("36011.17", root.Element(Cac + "TaxTotal")!.Element(Cbc + "TaxAmount")!.Value);
        Assert.Equal("171481.75", subtotal.Element(Cbc + "TaxableAmount")!.Value);
        Assert.Equal("S", subtotal.Element(Cac + "TaxCategory")!.Element(Cbc + "ID")!.Value);
        Assert.Equal("21", subtotal.Element(Cac + "TaxCategory")!.Element(Cbc + "Percent")!.Value);
        Assert.Equal(3, root.Elements(Cac + "InvoiceLine").Count());
        Assert.Equal(["113806.00", "55993.75", "1682.00"],
            root.Elements(Cac + "InvoiceLine").Select(l => l.Element(Cbc + "LineExtensionAmount")!.Value));
    }

    [Fact]
    public void A_credit_note_is_type_381_with_positive_amounts_and_a_reference_to_the_corrected_invoice()
    {
        var root = InvoiceUbl.Build(SampleInvoices.CreditNote()).Root!;

        Assert.Equal(InvoiceUbl.CreditNoteNs + "CreditNote", root.Name);
        Assert.Equal("381", root.Element(Cbc + "CreditNoteTypeCode")!.Value);
        Assert.Equal("2024-000123", root.Element(Cac + "BillingReference")!.Element(Cac + "InvoiceDocumentReference")!.Element(Cbc + "ID")!.Value);
        Assert.Equal("1513.11", root.Element(Cac + "LegalMonetaryTotal")!.Element(Cbc + "PayableAmount")!.Value);
        var line = root.Element(Cac + "CreditNoteLine")!;
        Assert.Equal("1", line.Element(Cbc + "CreditedQuantity")!.Value);
        Assert.Equal("1250.50", line.Element(Cbc + "LineExtensionAmount")!.Value);
    }

    [Fact]
    public void A_Q4_settlement_credit_note_references_each_advance_it_settles()
    {
        var xml = InvoiceUbl.Build(SampleInvoices.SettlementCreditNote());
        var root = xml.Root!;

        Assert.Equal(InvoiceUbl.CreditNoteNs + "CreditNote", root.Name);
        Assert.Equal("C2024-000001", root.Element(Cbc + "ID")!.Value);
        var references = root.Elements(Cac + "BillingReference").Select(r => r.Element(Cac + "InvoiceDocumentReference")!).ToList();
        Assert.Equal(["2024-000007", "2024-000046", "2024-000085"], references.Select(r => r.Element(Cbc + "ID")!.Value));
        // SI-UBL 2.0 advises against the preceding invoice's issue date (BR-NL-24).
        Assert.All(references, r => Assert.Null(r.Element(Cbc + "IssueDate")));
        Assert.Equal("Verrekent voorschotfacturen 2024-000007, 2024-000046, 2024-000085", root.Element(Cbc + "Note")!.Value);
        Assert.Equal("33129.40", root.Element(Cac + "LegalMonetaryTotal")!.Element(Cbc + "PayableAmount")!.Value);
        Assert.Empty(UblSchema.Errors(xml));
        Assert.Empty(NlciusRules.Check(xml));
    }

    [Fact]
    public void A_Q4_settlement_invoice_references_the_advances_it_settles_too()
    {
        var root = InvoiceUbl.Build(SampleInvoices.Settlement()).Root!;

        Assert.Equal("380", root.Element(Cbc + "InvoiceTypeCode")!.Value);
        Assert.Equal(["2024-000007", "2024-000046", "2024-000085"],
            root.Elements(Cac + "BillingReference").Select(r => r.Element(Cac + "InvoiceDocumentReference")!.Element(Cbc + "ID")!.Value));
    }

    [Fact]
    public void An_advance_references_nothing()
    {
        var root = InvoiceUbl.Build(SampleInvoices.Advance()).Root!;

        Assert.Empty(root.Elements(Cac + "BillingReference"));
        Assert.Null(root.Element(Cbc + "Note"));
    }

    [Fact]
    public void A_correction_of_a_credit_note_calls_it_a_credit_note()
    {
        var root = InvoiceUbl.Build(SampleInvoices.SupplementaryInvoice(Billing.Invoicing.InvoiceNumber.Parse("C2024-000001"))).Root!;

        Assert.Equal("Corrigeert creditnota C2024-000001", root.Element(Cbc + "Note")!.Value);
        Assert.Equal("C2024-000001", root.Element(Cac + "BillingReference")!.Element(Cac + "InvoiceDocumentReference")!.Element(Cbc + "ID")!.Value);
    }

    [Fact]
    public void A_supplementary_invoice_for_a_correction_references_the_original_and_stays_valid()
    {
        var xml = InvoiceUbl.Build(SampleInvoices.SupplementaryInvoice(Billing.Invoicing.InvoiceNumber.Parse("2024-000412")));

        Assert.Equal("380", xml.Root!.Element(Cbc + "InvoiceTypeCode")!.Value);
        Assert.Equal("2024-000412", xml.Root.Element(Cac + "BillingReference")!.Element(Cac + "InvoiceDocumentReference")!.Element(Cbc + "ID")!.Value);
        Assert.Empty(UblSchema.Errors(xml));
        Assert.Empty(NlciusRules.Check(xml));
    }

    [Fact]
    public void A_line_against_the_documents_direction_has_quantity_minus_one_and_a_positive_price()
    {
        var sample = SampleInvoices.Advance();
        var lines = sample.Invoice.Lines.Append(SampleInvoices.Line("mylex", "Terugbetaling", new Billing.Population(1), -100m)).ToList();
        var document = sample with { Invoice = sample.Invoice with { Draft = sample.Invoice.Draft with { Lines = lines } } };

        var xml = InvoiceUbl.Build(document);
        var last = xml.Root!.Elements(Cac + "InvoiceLine").Last();

        Assert.Equal("-1", last.Element(Cbc + "InvoicedQuantity")!.Value);
        Assert.Equal("-100.00", last.Element(Cbc + "LineExtensionAmount")!.Value);
        Assert.Equal("100.00", last.Element(Cac + "Price")!.Element(Cbc + "PriceAmount")!.Value);
        Assert.Empty(UblSchema.Errors(xml));
    }
}
