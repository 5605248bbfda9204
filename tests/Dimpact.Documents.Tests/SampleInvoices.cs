using Dimpact.Billing;
using Dimpact.Billing.Invoicing;
using Dimpact.Documents.Parties;
using NodaTime;
using Dimpact.Billing.Members;

namespace Dimpact.Documents.Tests;

/// <summary>
/// Documents as the billing core issues them, with the figures of BILLING.md (Deventer's 2024 advances and
/// settlement, a correction for Landsmeer) and one long document that needs more than one page.
/// </summary>
public static class SampleInvoices
{
    public const decimal Vat = 0.21m;

    public static readonly Buyer Deventer = new(
        CbsCode.Parse("GM0150"), "Deventer", new PostalAddress("Postbus 5000", "7400 GC", "Deventer"),
        ["facturen@deventer.example"], "00000001001234567000", new PeppolId("0190", "00000001001234567000"));

    public static readonly Buyer Landsmeer = new(
        CbsCode.Parse("GM0415"), "Landsmeer", new PostalAddress("Postbus 2", "1120 AA", "Landsmeer"),
        ["facturen@landsmeer.example"], "00000001001112223000");

    public static readonly Buyer Rotterdam = new(
        CbsCode.Parse("GM0599"), "Rotterdam", new PostalAddress("Postbus 70012", "3000 KP", "Rotterdam"),
        ["facturen@rotterdam.example", "crediteuren@rotterdam.example"], "00000001007654321000");

    private static readonly Population Reference2022Deventer = new(101_446);
    private static readonly InvoiceBasis Plan2024 = new("bedrijfsplan-2024", new LocalDate(2022, 1, 1));

    /// <summary>Deventer, 2024-Q1: budget / 4 per product.</summary>
    public static InvoiceDocument Advance() => Document(
        new DraftInvoice(
            new DocumentKey(Deventer.Code, 2024, 1, Purpose.Advance), Deventer.Code, Deventer.Name, new LocalDate(2024, 1, 2),
            [
                Line("esuite", "e-Suite", Reference2022Deventer, 113_806.00m),
                Line("burgerzaken", "Burgerzaken", Reference2022Deventer, 55_993.75m),
                Line("burgerzaken_kansen", "Burgerzaken kansen", Reference2022Deventer, 1_682.00m),
            ],
            Plan2024),
        7, Deventer, "PO-2024-DIMPACT-0150");

    /// <summary>Deventer's three advances of 2024 (Q1 is <see cref="Advance"/>), which its Q4 document settles.</summary>
    public static readonly IReadOnlyList<InvoiceNumber> DeventerAdvances =
        [InvoiceNumber.Parse("2024-000007"), InvoiceNumber.Parse("2024-000046"), InvoiceNumber.Parse("2024-000085")];

    /// <summary>Deventer, 2024-Q4: the worked examples of BILLING.md ("Settlement rule").</summary>
    public static InvoiceDocument Settlement() =>
        DeventerSettlement(new Population(102_000), 412, esuite: 456_894.17m, burgerzaken: 225_048.56m);

    /// <summary>
    /// Deventer, 2024-Q4, on a made-up settlement population of 60,000: the definitive amounts (computed by the rule of
    /// BILLING.md) fall below the advances, so the settlement is a credit note, which names the advances it settles.
    /// </summary>
    public static InvoiceDocument SettlementCreditNote() =>
        DeventerSettlement(new Population(60_000), 1, esuite: 336_677.78m, burgerzaken: 143_659.80m);

    /// <summary>Deventer's Q4 document on <paramref name="settled"/>, given the definitive amounts of its two population-dependent products.</summary>
    private static InvoiceDocument DeventerSettlement(Population settled, int sequence, decimal esuite, decimal burgerzaken)
    {
        var refDate = new LocalDate(2022, 1, 1);
        var settleDate = new LocalDate(2024, 1, 1);
        InvoiceLine Settled(string product, string description, decimal budget, decimal definitive, decimal advance) =>
            Line(product, description, settled, definitive - 3 * advance,
                new SettlementDetail(Money.Exact(budget), Reference2022Deventer, refDate, settled, settleDate, false,
                    Money.Exact(definitive), Money.Exact(3 * advance)));
        return Document(
            new DraftInvoice(
                new DocumentKey(Deventer.Code, 2024, 4, Purpose.Settlement), Deventer.Code, Deventer.Name, new LocalDate(2024, 10, 1),
                [
                    Settled("esuite", "e-Suite", 455_224m, esuite, 113_806.00m),
                    Settled("burgerzaken", "Burgerzaken", 223_975m, burgerzaken, 55_993.75m),
                    Settled("burgerzaken_kansen", "Burgerzaken kansen", 6_728m, 6_728.00m, 1_682.00m),
                ],
                new InvoiceBasis("bedrijfsplan-2024", settleDate)) { Settles = DeventerAdvances },
            sequence, Deventer, "PO-2024-DIMPACT-0150");
    }

    /// <summary>Rotterdam, 2024-Q4: the largest amounts of BILLING.md's worked examples, for the widest columns.</summary>
    public static InvoiceDocument LargeSettlement()
    {
        var reference = new Population(655_468);
        var settled = new Population(670_000);
        var detail = new SettlementDetail(Money.Exact(1_494_040m), reference, new LocalDate(2022, 1, 1), settled, new LocalDate(2024, 1, 1), false,
            Money.Exact(1_502_763.29m), Money.Exact(3 * 373_510.00m));
        return Document(
            new DraftInvoice(
                new DocumentKey(Rotterdam.Code, 2024, 4, Purpose.Settlement), Rotterdam.Code, Rotterdam.Name, new LocalDate(2024, 10, 1),
                [Line("esuite", "e-Suite", settled, 382_233.29m, detail)],
                new InvoiceBasis("bedrijfsplan-2024", new LocalDate(2024, 1, 1))),
            433, Rotterdam, "4500123456");
    }

    /// <summary>Landsmeer: corrected population figures lower the My-Lex amount already settled in 2024-000123.</summary>
    public static InvoiceDocument CreditNote() => Document(
        new DraftInvoice(
            new DocumentKey(Landsmeer.Code, 2024, 4, Purpose.Correction, 1), Landsmeer.Code, Landsmeer.Name, new LocalDate(2024, 11, 15),
            [Line("mylex", "My-Lex, correctie afrekening 2024", new Population(19_870), -1_250.50m)],
            new InvoiceBasis("bedrijfsplan-2024", new LocalDate(2024, 1, 1)),
            Corrects: InvoiceNumber.Parse("2024-000123")),
        2, Landsmeer, "LM-2024-017");

    /// <summary>Deventer's Q1 lines as a supplementary invoice after corrected figures, correcting <paramref name="corrected"/>.</summary>
    public static InvoiceDocument SupplementaryInvoice(InvoiceNumber corrected)
    {
        var sample = Advance();
        var draft = sample.Invoice.Draft with
        {
            Key = sample.Invoice.Key with { Quarter = 4, Purpose = Purpose.Correction, Revision = 1 },
            Corrects = corrected,
        };
        return sample with { Invoice = sample.Invoice with { Draft = draft } };
    }

    /// <summary>Sixty lines, enough for three pages.</summary>
    public static InvoiceDocument Long()
    {
        string[] products = ["esuite", "burgerzaken", "mylex", "open_online", "podiumd_formulier"];
        var lines = Enumerable.Range(1, 60)
            .Select(i => Line(products[i % products.Length], $"Regel {i}: {products[i % products.Length]} deelvoorziening {i} van het samenwerkingsverband",
                new Population(655_468), 1_000m + i * 37.25m))
            .ToList();
        return Document(
            new DraftInvoice(new DocumentKey(Rotterdam.Code, 2024, 2, Purpose.Advance), Rotterdam.Code, Rotterdam.Name, new LocalDate(2024, 4, 1), lines, Plan2024),
            205, Rotterdam, "4500123456");
    }

    public static InvoiceLine Line(string product, string description, Population basis, decimal amount, SettlementDetail? settlement = null) =>
        new(ProductId.Parse(product), description, basis, Money.Exact(amount), Vat, settlement);

    private static InvoiceDocument Document(DraftInvoice draft, int sequence, Buyer buyer, string? reference) =>
        new(draft.WithNumber(new InvoiceNumber(draft.Kind, draft.Key.Year, sequence)), Seller.Sample, buyer, reference);
}
