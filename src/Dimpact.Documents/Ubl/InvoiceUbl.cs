using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Dimpact.Billing;
using Dimpact.Billing.Invoicing;
using Dimpact.Documents.Parties;
using Dimpact.Billing.Members;

namespace Dimpact.Documents.Ubl;

/// <summary>
/// Writes an issued document as UBL 2.1 for the Dutch e-invoicing standard: SI-UBL 2.0 (NLCIUS), which is also
/// valid Peppol BIS Billing 3.0. An invoice becomes an Invoice (type 380), a credit note a CreditNote (type 381)
/// whose amounts are positive, as UBL states the direction by the document type rather than by the sign.
/// </summary>
public static class InvoiceUbl
{
    public const string CustomizationId = "urn:cen.eu:en16931:2017#compliant#urn:fdc:nen.nl:nlcius:v1.0";
    public const string ProfileId = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";

    /// <summary>ISO 6523 ICD of the KvK number.</summary>
    public const string KvkScheme = "0106";

    /// <summary>ISO 6523 ICD of the OIN (Dutch government organisation id).</summary>
    public const string OinScheme = "0190";

    /// <summary>SEPA credit transfer (UNCL 4461).</summary>
    public const string SepaCreditTransfer = "58";

    public static readonly XNamespace InvoiceNs = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
    public static readonly XNamespace CreditNoteNs = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2";
    public static readonly XNamespace Cac = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
    public static readonly XNamespace Cbc = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";

    private const string Currency = "EUR";

    public static XDocument Build(InvoiceDocument document)
    {
        var invoice = document.Invoice;
        var credit = invoice.Kind == DocumentKind.CreditNote;
        // The domain signs money by who pays; UBL by document type. A credit note's lines are negated so that its
        // totals are positive; a line that goes against the document's direction keeps a negative quantity.
        var sign = credit ? -1 : 1;
        Money Directed(Money m) => credit ? -m : m;

        XNamespace root = credit ? CreditNoteNs : InvoiceNs;
        var body = new List<object?>
        {
            new XAttribute(XNamespace.Xmlns + "cac", Cac),
            new XAttribute(XNamespace.Xmlns + "cbc", Cbc),
            B("CustomizationID", CustomizationId),
            B("ProfileID", ProfileId),
            B("ID", invoice.Number.ToString()),
            B("IssueDate", Date(invoice.IssueDate)),
            credit ? null : B("DueDate", Date(invoice.DueDate)),
            B(credit ? "CreditNoteTypeCode" : "InvoiceTypeCode", credit ? "381" : "380"),
            // Peppol allows one note (PEPPOL-EN16931-R002): what the document corrects and settles, in one sentence.
            DutchText.References(invoice.Draft) is { Count: > 0 } references ? B("Note", Capitalized(string.Join("; ", references))) : null,
            B("DocumentCurrencyCode", Currency),
            document.BuyerReference is { Length: > 0 } reference ? B("BuyerReference", reference) : null,
            A("InvoicePeriod",
                B("StartDate", Date(invoice.Key.ServicePeriod.Start)),
                B("EndDate", Date(invoice.Key.ServicePeriod.End))),
            // The preceding documents (EN 16931 BG-3): the corrected one, and the advances a settlement nets. Number
            // only: SI-UBL 2.0 advises against their issue date (BR-NL-24).
            PrecedingDocuments(invoice.Draft).Select(number => A("BillingReference", A("InvoiceDocumentReference", B("ID", number.ToString())))),
            A("AccountingSupplierParty", SellerParty(document.Seller)),
            A("AccountingCustomerParty", BuyerParty(document.Buyer)),
            // Payment means tell the buyer where to pay; a credit note is settled by Dimpact, so it carries none. No
            // BIC: SI-UBL 2.0 advises against one for SEPA payments (BR-NL-31); the PDF still shows it.
            credit ? null : A("PaymentMeans",
                B("PaymentMeansCode", SepaCreditTransfer),
                B("PaymentID", invoice.Number.ToString()),
                A("PayeeFinancialAccount", B("ID", document.Seller.Iban.Replace(" ", "", StringComparison.Ordinal)))),
            credit ? null : A("PaymentTerms", B("Note", $"Betaling binnen {DraftInvoice.PaymentTermDays} dagen na factuurdatum, vóór {DutchText.Date(invoice.DueDate)}")),
            A("TaxTotal",
                Amount("TaxAmount", Directed(invoice.Vat)),
                invoice.Draft.VatSubtotals.Select(v => A("TaxSubtotal",
                    Amount("TaxableAmount", Directed(v.Taxable)),
                    Amount("TaxAmount", Directed(v.Vat)),
                    TaxCategory("TaxCategory", v.Rate)))),
            A("LegalMonetaryTotal",
                Amount("LineExtensionAmount", Directed(invoice.TotalExclVat)),
                Amount("TaxExclusiveAmount", Directed(invoice.TotalExclVat)),
                Amount("TaxInclusiveAmount", Directed(invoice.TotalInclVat)),
                Amount("PayableAmount", Directed(invoice.TotalInclVat))),
            invoice.Lines.Select((line, i) => Line(line, i + 1, credit, sign)),
        };
        return new XDocument(new XDeclaration("1.0", "UTF-8", null), new XElement(root + (credit ? "CreditNote" : "Invoice"), body));
    }

    private static IEnumerable<InvoiceNumber> PrecedingDocuments(DraftInvoice draft) =>
        (draft.Corrects is { } corrected ? [corrected] : Enumerable.Empty<InvoiceNumber>()).Concat(draft.Settles);

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>The UTF-8 bytes of the document, indented, without a byte order mark.</summary>
    public static byte[] Write(InvoiceDocument document)
    {
        using var stream = new MemoryStream();
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true };
        using (var writer = XmlWriter.Create(stream, settings)) Build(document).Save(writer);
        return stream.ToArray();
    }

    private static XElement SellerParty(Seller seller) =>
        A("Party",
            new XElement(Cbc + "EndpointID", new XAttribute("schemeID", KvkScheme), seller.KvkNumber),
            A("PartyName", B("Name", seller.Name)),
            Address(seller.Street, seller.PostalCode, seller.City, seller.CountryCode),
            A("PartyTaxScheme", B("CompanyID", seller.VatNumber), A("TaxScheme", B("ID", "VAT"))),
            A("PartyLegalEntity",
                B("RegistrationName", seller.Name),
                new XElement(Cbc + "CompanyID", new XAttribute("schemeID", KvkScheme), seller.KvkNumber)),
            A("Contact", B("ElectronicMail", seller.InvoiceEmail)));

    private static XElement BuyerParty(Buyer buyer) =>
        A("Party",
            buyer.Peppol is { } peppol ? new XElement(Cbc + "EndpointID", new XAttribute("schemeID", peppol.Scheme), peppol.Identifier) : null,
            A("PartyIdentification", B("ID", buyer.Code.ToString())),
            A("PartyName", B("Name", buyer.Name)),
            Address(buyer.Address.Street, buyer.Address.PostalCode, buyer.Address.City, buyer.Address.CountryCode),
            A("PartyLegalEntity",
                B("RegistrationName", buyer.Name),
                buyer.Oin is { } oin ? new XElement(Cbc + "CompanyID", new XAttribute("schemeID", OinScheme), oin) : null),
            buyer.InvoiceEmails.Count > 0 ? A("Contact", B("ElectronicMail", buyer.InvoiceEmails[0])) : null);

    private static XElement Address(string street, string postalCode, string city, string country) =>
        A("PostalAddress",
            B("StreetName", street),
            B("CityName", city),
            B("PostalZone", postalCode),
            A("Country", B("IdentificationCode", country)));

    private static XElement Line(InvoiceLine line, int id, bool credit, int sign)
    {
        // Peppol forbids a negative price (BR-27): a line against the document's direction has quantity -1.
        var amount = sign < 0 ? -line.Amount : line.Amount;
        var quantity = amount.IsNegative ? -1 : 1;
        return A(credit ? "CreditNoteLine" : "InvoiceLine",
            B("ID", id.ToString(CultureInfo.InvariantCulture)),
            new XElement(Cbc + (credit ? "CreditedQuantity" : "InvoicedQuantity"), new XAttribute("unitCode", "C62"), quantity.ToString(CultureInfo.InvariantCulture)),
            Amount("LineExtensionAmount", amount),
            A("Item",
                B("Description", $"Grondslag: {DutchText.Count(line.PopulationBasis)} inwoners"),
                B("Name", line.Description),
                A("SellersItemIdentification", B("ID", line.Product.ToString())),
                TaxCategory("ClassifiedTaxCategory", line.VatRate),
                A("AdditionalItemProperty", B("Name", "Inwoners"), B("Value", line.PopulationBasis.ToString()))),
            A("Price", Amount("PriceAmount", amount.IsNegative ? -amount : amount)));
    }

    private static XElement TaxCategory(string name, decimal rate) =>
        A(name,
            // S = standard rate, Z = zero rated (UNCL 5305).
            B("ID", rate > 0 ? "S" : "Z"),
            B("Percent", (rate * 100m).ToString("0.##", CultureInfo.InvariantCulture)),
            A("TaxScheme", B("ID", "VAT")));

    private static XElement Amount(string name, Money amount) =>
        new(Cbc + name, new XAttribute("currencyID", Currency), amount.ToString());

    private static string Date(NodaTime.LocalDate date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static XElement A(string name, params object?[] content) => new(Cac + name, content);

    private static XElement B(string name, string value) => new(Cbc + name, value);
}
