using System.Xml.Linq;
using Dimpact.Documents.Ubl;
using Dimpact.Billing.Members;

namespace Dimpact.Documents.Tests;

/// <summary>Each Dutch rule fires on a document broken for it, and only the rules that should.</summary>
public class NlciusRulesTests
{
    private static readonly XNamespace Cac = InvoiceUbl.Cac;
    private static readonly XNamespace Cbc = InvoiceUbl.Cbc;

    private static XElement Seller(XDocument d) => d.Root!.Element(Cac + "AccountingSupplierParty")!.Element(Cac + "Party")!;
    private static XElement Buyer(XDocument d) => d.Root!.Element(Cac + "AccountingCustomerParty")!.Element(Cac + "Party")!;

    private static readonly Dictionary<string, (string[] Fires, Action<XDocument> Break)> Breakages = new()
    {
        ["SI-V20-INV-R000"] = (["SI-V20-INV-R000"], d => d.Root!.Element(Cbc + "CustomizationID")!.Value = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"),
        ["BR-NL-1"] = (["BR-NL-1"], d => Seller(d).Element(Cac + "PartyLegalEntity")!.Element(Cbc + "CompanyID")!.Remove()),
        ["BR-NL-2"] = (["BR-NL-2", "PEPPOL-EN16931-R003"], d => d.Root!.Element(Cbc + "BuyerReference")!.Remove()),
        ["BR-NL-3"] = (["BR-NL-3"], d => Seller(d).Element(Cac + "PostalAddress")!.Element(Cbc + "StreetName")!.Remove()),
        ["BR-NL-4"] = (["BR-NL-4"], d => Buyer(d).Element(Cac + "PostalAddress")!.Element(Cbc + "PostalZone")!.Remove()),
        ["BR-NL-5"] = (["BR-NL-5"], d => d.Root!.Element(Cac + "AccountingCustomerParty")!.AddAfterSelf(
            new XElement(Cac + "TaxRepresentativeParty",
                new XElement(Cac + "PostalAddress", new XElement(Cbc + "CityName", "Utrecht"),
                    new XElement(Cac + "Country", new XElement(Cbc + "IdentificationCode", "NL")))))),
        ["BR-NL-7"] = (["BR-NL-7"], d => d.Root!.Element(Cbc + "InvoiceTypeCode")!.Value = "386"),
        ["BR-NL-8"] = (["BR-NL-8"], d => d.Root!.Element(Cbc + "InvoiceTypeCode")!.Value = "381"),
        ["BR-NL-9"] = (["BR-NL-9"], d => d.Root!.Element(Cbc + "InvoiceTypeCode")!.Value = "384"),
        ["BR-NL-10"] = (["BR-NL-10"], d => Buyer(d).Element(Cac + "PartyLegalEntity")!.Element(Cbc + "CompanyID")!.Remove()),
        ["BR-NL-11"] = (["BR-NL-11"], d => d.Root!.Element(Cac + "PaymentMeans")!.Remove()),
        ["BR-NL-12"] = (["BR-NL-12"], d => d.Root!.Element(Cac + "PaymentMeans")!.Element(Cbc + "PaymentMeansCode")!.Value = "31"),
        ["PEPPOL-EN16931-R003"] = (["BR-NL-2", "PEPPOL-EN16931-R003"], d => d.Root!.Element(Cbc + "BuyerReference")!.Remove()),
    };

    public static TheoryData<string> RuleIds() => [.. Breakages.Keys];

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void A_rule_fires_on_the_document_broken_for_it_and_no_other_rule_does(string ruleId)
    {
        var document = InvoiceUbl.Build(SampleInvoices.Advance());
        Assert.Empty(NlciusRules.Check(document));

        var (fires, breakIt) = Breakages[ruleId];
        breakIt(document);

        var violations = NlciusRules.Check(document);
        Assert.Equal(fires.Order(), violations.Select(v => v.RuleId).Order());
        Assert.All(violations, v => Assert.False(string.IsNullOrWhiteSpace(v.Message)));
    }

    [Fact]
    public void Every_rule_has_a_breaking_test()
    {
        Assert.Equal(NlciusRules.All.Select(r => r.Id).Order(), Breakages.Keys.Order());
        Assert.Contains("BR-NL-1", NlciusRules.All.Select(r => r.Id));
        Assert.Equal(13, NlciusRules.All.Count);   // BR-NL-1..12 without the unspecified 6, the version gate and R003
    }

    [Fact]
    public void A_member_without_OIN_cannot_be_sent_a_UBL_invoice()
    {
        var sample = SampleInvoices.Advance();
        var document = sample with { Buyer = sample.Buyer with { Oin = null, Peppol = null } };

        var violations = NlciusRules.Check(InvoiceUbl.Build(document));

        Assert.Equal(["BR-NL-10"], violations.Select(v => v.RuleId));
        Assert.Contains("KVK (schemeID=0106) or OIN number (schemeID=0190)", violations[0].Message);
    }

    [Fact]
    public void A_document_without_buyer_reference_breaks_BR_NL_2_and_PEPPOL_R003()
    {
        var document = SampleInvoices.Advance() with { BuyerReference = null };

        var violations = NlciusRules.Check(InvoiceUbl.Build(document)).Select(v => v.RuleId);

        Assert.Equal(["BR-NL-2", "PEPPOL-EN16931-R003"], violations.Order());
    }

    [Fact]
    public void The_Dutch_rules_do_not_apply_to_a_foreign_supplier()
    {
        var document = InvoiceUbl.Build(SampleInvoices.Advance());
        Seller(document).Element(Cac + "PostalAddress")!.Element(Cac + "Country")!.Element(Cbc + "IdentificationCode")!.Value = "BE";
        Seller(document).Element(Cac + "PartyLegalEntity")!.Element(Cbc + "CompanyID")!.Remove();

        Assert.Empty(NlciusRules.Check(document));
    }
}
