using System.Globalization;
using System.Xml.Linq;
using Dimpact.Billing.Members;

namespace Dimpact.Documents.Ubl;

/// <summary>A rule a UBL document breaks, with the rule's own id and text.</summary>
public sealed record RuleViolation(string RuleId, string Message)
{
    public override string ToString() => $"[{RuleId}] {Message}";
}

/// <summary>One business rule of SI-UBL 2.0 / Peppol, as a check on a UBL document.</summary>
public sealed record NlciusRule(string Id, string Message, Func<XDocument, bool> Holds);

/// <summary>
/// The fatal Dutch rules of SI-UBL 2.0 (NLCIUS, schematron si-ubl-2.0-nlcius.sch, version 2.0.3.x), BR-NL-1 to
/// BR-NL-12, plus the version gate SI-V20-INV-R000 and PEPPOL-EN16931-R003, written as code so that the outbox can
/// refuse a document before it is sent. The texts are those of the schematron. Like the schematron, the BR-NL
/// rules apply only when the supplier is in the Netherlands and the document claims NLCIUS. BR-NL-6 is not
/// specified by NLCIUS. They complement, not replace, the EN 16931 and Peppol rules.
/// </summary>
public static class NlciusRules
{
    private static readonly XNamespace Cac = InvoiceUbl.Cac;
    private static readonly XNamespace Cbc = InvoiceUbl.Cbc;

    public static IReadOnlyList<NlciusRule> All { get; } =
    [
        new("SI-V20-INV-R000", "This XML instance is NOT tagged as an SI-UBL 2.0 invoice or credit note; please check the CustomizationID value",
            d => CustomizationId(d).StartsWith(InvoiceUbl.CustomizationId, StringComparison.Ordinal)),

        new("BR-NL-1", "For suppliers in the Netherlands the supplier MUST provide either a KVK or OIN number for its legal entity identifier (cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID with schemeID 0106 or 0190)",
            d => !Dutch(d) || HasKvkOrOin(Party(d, "AccountingSupplierParty")?.Elements(Cac + "PartyLegalEntity"))),

        new("BR-NL-2", "For suppliers in the Netherlands, the invoice MUST contain either the buyer reference (cbc:BuyerReference) or the order reference (cac:OrderReference/cbc:ID)",
            d => !Dutch(d) || HasBuyerOrOrderReference(d)),

        new("BR-NL-3", "For suppliers in the Netherlands the supplier's address (cac:AccountingSupplierParty/cac:Party/cac:PostalAddress) MUST contain street name (cbc:StreetName), city (cbc:CityName) and postal zone (cbc:PostalZone)",
            d => !Dutch(d) || Party(d, "AccountingSupplierParty")?.Element(Cac + "PostalAddress") is not { } a || IsComplete(a)),

        new("BR-NL-4", "For suppliers in the Netherlands, if the customer is in the Netherlands, the customer address (cac:AccountingCustomerParty/cac:Party/cac:PostalAddress) MUST contain the street name (cbc:StreetName), the city (cbc:CityName) and the postal zone (cbc:PostalZone)",
            d => !Dutch(d) || Party(d, "AccountingCustomerParty")?.Element(Cac + "PostalAddress") is not { } a || Country(a) != "NL" || IsComplete(a)),

        new("BR-NL-5", "For suppliers in the Netherlands, if the fiscal representative is in the Netherlands, the representative's address (cac:TaxRepresentativeParty/cac:PostalAddress) MUST contain street name (cbc:StreetName), city (cbc:CityName) and postal zone (cbc:PostalZone)",
            d => !Dutch(d) || d.Root?.Element(Cac + "TaxRepresentativeParty")?.Element(Cac + "PostalAddress") is not { } a || Country(a) != "NL" || IsComplete(a)),

        new("BR-NL-7", "The invoice or credit note type code (cbc:InvoiceTypeCode/cbc:CreditNoteTypeCode) MUST have one of the following values: 380, 381, 384, 389",
            d => !Dutch(d) || TypeCode(d) is null or "380" or "381" or "384" or "389"),

        new("BR-NL-8", "If the invoice type code is 381, the document MUST use the CreditNote scheme; if the credit note type code is 380, 384 or 389, the document MUST use the Invoice scheme",
            d => !Dutch(d) || TypeCode(d) is not { } code || (code == "381") == (d.Root?.Name == InvoiceUbl.CreditNoteNs + "CreditNote")),

        new("BR-NL-9", "For suppliers in the Netherlands, if the document is a corrective invoice (cbc:InvoiceTypeCode = 384), the document MUST contain an invoice reference (cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID)",
            d => !Dutch(d) || TypeCode(d) != "384"
                 || d.Root!.Elements(Cac + "BillingReference").Elements(Cac + "InvoiceDocumentReference").Elements(Cbc + "ID").Any()),

        new("BR-NL-10", "For suppliers in the Netherlands, if the customer is in the Netherlands, the customer's legal entity identifier (cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID) MUST be either a KVK (schemeID=0106) or OIN number (schemeID=0190)",
            d => !Dutch(d) || Party(d, "AccountingCustomerParty") is not { } p || !p.Elements(Cac + "PartyLegalEntity").Any()
                 || (p.Element(Cac + "PostalAddress") is not { } a || Country(a) != "NL" || HasKvkOrOin(p.Elements(Cac + "PartyLegalEntity")))
                    && p.Elements(Cac + "PartyLegalEntity").Elements(Cbc + "CompanyID") is var ids && (!ids.Any() || ids.Any(c => c.Value.Trim().Length > 0))),

        new("BR-NL-11", "For suppliers in the Netherlands, the supplier MUST provide a means of payment (cac:PaymentMeans) if the payment is from customer to supplier",
            d => !Dutch(d) || d.Root?.Name != InvoiceUbl.InvoiceNs + "Invoice" || PayableAmount(d) <= 0m || d.Root.Elements(Cac + "PaymentMeans").Any()),

        new("BR-NL-12", "For suppliers in the Netherlands, the payment means code (cac:PaymentMeans/cbc:PaymentMeansCode) MUST be one of 30, 48, 49, 57, 58 or 59",
            d => !Dutch(d) || d.Root!.Elements(Cac + "PaymentMeans")
                .All(m => m.Element(Cbc + "PaymentMeansCode")?.Value.Trim() is "30" or "48" or "49" or "57" or "58" or "59")),

        new("PEPPOL-EN16931-R003", "A buyer reference or purchase order reference MUST be provided.",
            HasBuyerOrOrderReference),
    ];

    public static IReadOnlyList<RuleViolation> Check(XDocument document) =>
        All.Where(rule => !rule.Holds(document)).Select(rule => new RuleViolation(rule.Id, rule.Message)).ToList();

    private static string CustomizationId(XDocument d) => d.Root?.Element(Cbc + "CustomizationID")?.Value.Trim() ?? "";

    /// <summary>The schematron's "$s": the supplier is in the Netherlands and the document claims NLCIUS.</summary>
    private static bool Dutch(XDocument d) =>
        CustomizationId(d).Contains("#compliant#urn:fdc:nen.nl:nlcius:v1.0", StringComparison.Ordinal)
        && Party(d, "AccountingSupplierParty")?.Element(Cac + "PostalAddress") is { } a && Country(a) == "NL";

    private static XElement? Party(XDocument d, string role) => d.Root?.Element(Cac + role)?.Element(Cac + "Party");

    private static string Country(XElement address) =>
        address.Element(Cac + "Country")?.Element(Cbc + "IdentificationCode")?.Value.Trim().ToUpperInvariant() ?? "";

    private static bool IsComplete(XElement address) =>
        address.Element(Cbc + "StreetName") is not null && address.Element(Cbc + "CityName") is not null && address.Element(Cbc + "PostalZone") is not null;

    private static bool HasKvkOrOin(IEnumerable<XElement>? legalEntities)
    {
        var ids = legalEntities?.Elements(Cbc + "CompanyID").ToList() ?? [];
        return ids.Any(c => (string?)c.Attribute("schemeID") is InvoiceUbl.KvkScheme or InvoiceUbl.OinScheme)
               && ids.Any(c => c.Value.Trim().Length > 0);
    }

    private static bool HasBuyerOrOrderReference(XDocument d) =>
        d.Root?.Element(Cbc + "BuyerReference") is not null || d.Root?.Element(Cac + "OrderReference")?.Element(Cbc + "ID") is not null;

    private static string? TypeCode(XDocument d) =>
        (d.Root?.Element(Cbc + "InvoiceTypeCode") ?? d.Root?.Element(Cbc + "CreditNoteTypeCode"))?.Value.Trim();

    private static decimal PayableAmount(XDocument d) =>
        decimal.TryParse(d.Root?.Element(Cac + "LegalMonetaryTotal")?.Element(Cbc + "PayableAmount")?.Value,
            NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) ? amount : 0m;
}
