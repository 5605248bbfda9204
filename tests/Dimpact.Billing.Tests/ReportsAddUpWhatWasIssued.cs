using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Populations;
using Dimpact.Billing.Reports;
using Dimpact.Billing.Settlement;
using Dimpact.Billing.Tariffs;
using Dimpact.TestSupport;
using NodaTime;

namespace Dimpact.Billing.Tests;

/// <summary>
/// The reports count what was issued, signed: a Q4 credit note lowers the settlement amount and shows as a credit note
/// of Q4 in the year report; a delivery counts once as delivered, withheld (part of delivered), failed or pending.
/// </summary>
public class ReportsAddUpWhatWasIssued
{
    private static readonly TariffYear Year = Repository.TariffYear2024;
    private static readonly CbsCode Deventer = CbsCode.Parse("GM0150");
    private static readonly Instant Now = Instant.FromUtc(2024, 10, 1, 5, 0);

    /// <summary>Q1–Q3 and the Q4 documents on figures where Deventer shrank (its Q4 a credit note), numbered per series.</summary>
    private static (IReadOnlyList<Invoice> Issued, PopulationSnapshot Figures) SettledYear()
    {
        var figures = new PopulationSnapshot(Year.SettlementReferenceDate, 1, "test", Now,
            Year.Members.ToDictionary(m => m.Code, m => m.Code == Deventer ? new Population(60_000) : m.ReferencePopulation));
        var advances = IssueDueInvoices.DueBy(Year, new LocalDate(2024, 7, 1)).ToList();
        var numbered = Number(advances, []);
        var (due, _) = SettleYear.DocumentsDue(Year, figures, numbered, new LocalDate(2024, 10, 1));
        return (Number(due, numbered), figures);
    }

    private static List<Invoice> Number(IEnumerable<DraftInvoice> drafts, List<Invoice> before)
    {
        var issued = new List<Invoice>(before);
        foreach (var draft in drafts)
            issued.Add(draft.WithNumber(new InvoiceNumber(draft.Kind, 2024, issued.Count(i => i.Kind == draft.Kind) + 1)));
        return issued;
    }

    [Fact]
    public void A_Q4_credit_note_lowers_the_settlement_amount_and_the_year_still_adds_up_to_the_definitive_amount()
    {
        var (issued, figures) = SettledYear();

        var report = SettlementReport.Of(Year, issued, figures, Now);

        var esuite = report.Lines.Single(l => l.Member.Code == Deventer && l.Product.Id.Value == "esuite");
        Assert.True(esuite.Amounts.SettlementAmount.IsNegative);
        Assert.True(esuite.Amounts.Definitive < esuite.Amounts.Budget);
        Assert.All(report.Lines, l => Assert.Equal(l.Amounts.Definitive, l.Amounts.Advances + l.Amounts.SettlementAmount));
        Assert.All(report.Lines, l => Assert.Equal(Money.Zero, l.Amounts.Open));
        Assert.Contains($"GM0150,Deventer,esuite,101446,60000,455224.00,341418.00,{esuite.Amounts.Definitive},-", report.Csv());
    }

    [Fact]
    public void A_credit_note_is_a_row_of_its_own_with_negative_amounts_in_the_year_report()
    {
        var (issued, _) = SettledYear();

        var report = YearReport.Of(Year, issued, [], Now);

        var credit = report.Rows.Single(r => r.Kind == DocumentKind.CreditNote);
        Assert.Equal(4, credit.Quarter);
        Assert.Equal(1, credit.Totals.Documents);
        Assert.True(credit.Totals.TotalInclVat.IsNegative);
        Assert.Equal(issued.Sum(i => i.TotalExclVat), report.Total.TotalExclVat);
        Assert.Equal(issued.Sum(i => i.TotalExclVat), report.Products.Sum(p => p.Total));
        Assert.Equal(new DeliveryCounts(0, 0, 0, issued.Count), report.Total.Deliveries); // nothing dispatched yet
        Assert.Contains("\nQ4,credit_note,1,-", report.Csv());
    }

    [Fact]
    public void A_delivery_counts_once_and_a_withheld_e_invoice_counts_as_delivered_too()
    {
        var (issued, _) = SettledYear();
        var delivery = InvoiceDelivery.For(issued[0]);
        var at = Instant.FromUtc(2024, 1, 2, 6, 0);

        Assert.Equal(new DeliveryCounts(1, 0, 0, 0), DeliveryCounts.Of(delivery.Sent(at, ["x@example.nl"], "<id>", null)));
        Assert.Equal(new DeliveryCounts(1, 1, 0, 0), DeliveryCounts.Of(delivery.Sent(at, ["x@example.nl"], "<id>", "e-invoice withheld: BR-NL-1")));
        Assert.Equal(new DeliveryCounts(0, 0, 1, 0), DeliveryCounts.Of(delivery.GaveUp("no invoice address")));
        Assert.Equal(new DeliveryCounts(0, 0, 0, 1), DeliveryCounts.Of(delivery.StartSending(at)));
        Assert.Equal(new DeliveryCounts(0, 0, 0, 1), DeliveryCounts.Of(delivery.AttemptFailed("timeout", at)));
        Assert.Equal(new DeliveryCounts(0, 0, 0, 1), DeliveryCounts.Of(null));
    }
}
