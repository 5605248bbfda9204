using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Populations;
using Dimpact.Billing.Settlement;
using Dimpact.Billing.Tariffs;
using Dimpact.TestSupport;
using NodaTime;

namespace Dimpact.Billing.Tests;

/// <summary>
/// A Q4 document nets the member's advances, so it names them (BILLING.md: a credit note names what it corrects);
/// a correction names the Q4 document it corrects instead.
/// </summary>
public class ASettlementNamesTheAdvancesItSettles
{
    private static readonly TariffYear Year = Repository.TariffYear2024;
    private static readonly LocalDate October1 = new(2024, 10, 1);
    private static readonly CbsCode Deventer = CbsCode.Parse("GM0150");

    /// <summary>Q1–Q3 as the daily run issues them, numbered in issuing order.</summary>
    private static IReadOnlyList<Invoice> Advances() =>
        IssueDueInvoices.DueBy(Year, new LocalDate(2024, 7, 1))
            .Select((draft, i) => draft.WithNumber(new InvoiceNumber(DocumentKind.Invoice, 2024, i + 1)))
            .ToList();

    private static PopulationSnapshot Figures(int version, Func<CbsCode, Population> population) =>
        new(Year.SettlementReferenceDate, version, "test", Instant.FromUtc(2024, 3, 1, 0, 0),
            Year.Members.ToDictionary(m => m.Code, m => population(m.Code)));

    private static IReadOnlyList<InvoiceNumber> AdvancesOf(IEnumerable<Invoice> issued, CbsCode member) =>
        issued.Where(i => i.Key.Member == member && i.Key.Purpose == Purpose.Advance).OrderBy(i => i.Key.Quarter).Select(i => i.Number).ToList();

    [Fact]
    public void Every_Q4_document_names_the_members_three_advances_in_quarter_order()
    {
        var issued = Advances();

        var (due, _) = SettleYear.DocumentsDue(Year, Figures(1, c => Year.Member(c).ReferencePopulation), issued, October1);

        Assert.NotEmpty(due);
        Assert.All(due, d =>
        {
            Assert.Equal(Purpose.Settlement, d.Key.Purpose);
            Assert.Equal(3, d.Settles.Count);
            Assert.Equal(AdvancesOf(issued, d.Key.Member), d.Settles);
            Assert.Null(d.Corrects);
        });
    }

    [Fact]
    public void A_Q4_credit_note_names_the_advances_it_settles()
    {
        var issued = Advances();
        var shrunk = Figures(1, c => c == Deventer ? new Population(10_000) : Year.Member(c).ReferencePopulation);

        var deventer = SettleYear.DocumentsDue(Year, shrunk, issued, October1).Due.Single(d => d.Key.Member == Deventer);

        Assert.Equal(DocumentKind.CreditNote, deventer.Kind);
        Assert.Equal(AdvancesOf(issued, Deventer), deventer.Settles);
        Assert.All(deventer.Settles, n => Assert.Equal(DocumentKind.Invoice, n.Kind));
    }

    [Fact]
    public void A_correction_names_the_Q4_document_it_corrects_not_the_advances()
    {
        var advances = Advances();
        var (q4, _) = SettleYear.DocumentsDue(Year, Figures(1, c => Year.Member(c).ReferencePopulation), advances, October1);
        var settled = q4.Select((d, i) => d.WithNumber(new InvoiceNumber(d.Kind, 2024, advances.Count + 1 + i))).ToList();
        var issued = advances.Concat(settled).ToList();
        var settlement = settled.Single(d => d.Key.Member == Deventer);

        var corrected = Figures(2, c => c == Deventer ? new Population(Year.Member(c).ReferencePopulation.Count + 1_000) : Year.Member(c).ReferencePopulation);
        var correction = SettleYear.DocumentsDue(Year, corrected, issued, new LocalDate(2024, 11, 1)).Due.Single();

        Assert.Equal(Purpose.Correction, correction.Key.Purpose);
        Assert.Equal(settlement.Number, correction.Corrects);
        Assert.Empty(correction.Settles);
    }
}
