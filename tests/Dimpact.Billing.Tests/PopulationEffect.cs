using Dimpact.Billing.Settlement;
using Dimpact.Billing.Tariffs;
using Dimpact.TestSupport;

namespace Dimpact.Billing.Tests;

/// <summary>definitive = budget + round2(Δsupplier × (1 + h_p) × (1 + a)); Q4 = definitive − 3 advances (BILLING.md).</summary>
public class PopulationEffect
{
    private readonly TariffYear _year = Repository.TariffYear2024;

    [Theory] // The worked examples of BILLING.md, to the cent.
    [InlineData("GM0150", "esuite", 455224, 113806.00, 102000, 456894.17, 115476.17)]
    [InlineData("GM0150", "burgerzaken", 223975, 55993.75, 102000, 225048.56, 57067.31)]
    [InlineData("GM0150", "burgerzaken_kansen", 6728, 1682.00, 102000, 6728.00, 1682.00)]
    [InlineData("GM0415", "mylex", 24642, 6160.50, 20100, 32878.84, 14397.34)]
    [InlineData("GM0599", "esuite", 1494040, 373510.00, 670000, 1502763.29, 382233.29)]
    public void Worked_examples(string member, string product, int budget, double advance, int settlementPopulation, double definitive, double q4)
    {
        var code = CbsCode.Parse(member);
        var settlement = SettlementCalculator.SettleMember(_year, code, c => new Population(settlementPopulation),
            l => TariffYear.QuarterlyAdvance(l) * SettlementCalculator.AdvanceQuarters);
        var line = settlement.Lines.Single(l => l.Budget.Product.Value == product);

        Assert.Equal((decimal)budget, line.Budget.Budget.Euros);
        Assert.Equal((decimal)advance, line.QuarterlyAdvance.Euros);
        Assert.Equal((decimal)definitive, line.Definitive.Definitive.Euros);
        Assert.Equal((decimal)q4, line.Q4Amount.Euros);
        Assert.Equal(line.Definitive.Definitive, line.QuarterlyAdvance * 3 + line.Q4Amount);
    }

    [Fact]
    public void A_bracket_holds_populations_above_its_lower_and_up_to_its_upper_bound()
    {
        var mylex = _year.Product(ProductId.Parse("mylex")).Rule;
        Assert.Equal(8840m, mylex.SupplierCosts(new Population(20_000)));
        Assert.Equal(14470m, mylex.SupplierCosts(new Population(20_001)));
        Assert.Equal(8840m, mylex.SupplierCosts(new Population(0)));
        Assert.Equal(44040m, mylex.SupplierCosts(new Population(5_000_000)));
    }

    [Fact]
    public void The_e_suite_schijventarief_charges_each_inhabitant_at_the_rate_of_its_bracket()
    {
        var esuite = _year.Product(ProductId.Parse("esuite")).Rule;
        Assert.Equal(50_000 * 1.83m, esuite.SupplierCosts(new Population(50_000)));
        Assert.Equal(50_000 * 1.83m + 50_000 * 2.14m + 200_000 * 2.26m + 1 * 0.45m, esuite.SupplierCosts(new Population(300_001)));
    }

    [Fact]
    public void Products_without_a_population_rule_keep_their_budget()
    {
        var kansen = _year.LinesOf(CbsCode.Parse("GM0150")).Single(l => l.Product.Value == "burgerzaken_kansen");
        var definitive = _year.Definitive(kansen, _ => new Population(1));
        Assert.Equal(kansen.Budget, definitive.Definitive);
        Assert.Equal(Money.Zero, definitive.PopulationEffect);
    }
}
