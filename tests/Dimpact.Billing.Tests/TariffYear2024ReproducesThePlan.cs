using Dimpact.Billing.Tariffs;
using Dimpact.TestSupport;

namespace Dimpact.Billing.Tests;

/// <summary>The tariff year 2024 data files reproduce the Bedrijfsplan 2024 (Tabel 8, 10–19) to the euro.</summary>
public class TariffYear2024ReproducesThePlan
{
    private readonly TariffYear _year = Repository.TariffYear2024;
    private readonly IReadOnlyDictionary<string, CbsCode> _codes = PlanTables.CodesByPlanName();

    [Fact]
    public void Every_member_budget_per_product_equals_the_plan_table()
    {
        var planLines = PlanTables.Read("tariffs_2024_by_member.csv");
        Assert.Equal(105, planLines.Count);
        foreach (var row in planLines)
        {
            var code = _codes[row["municipality"]];
            var product = ProductId.Parse(row["product"]);
            var line = _year.LinesOf(code).SingleOrDefault(l => l.Product == product);
            if (row.Amount("tariff_2024") is { } tariff)
            {
                Assert.True(line is not null, $"{row["municipality"]} has no {product} line");
                Assert.Equal(tariff, line.Budget.Euros);
                Assert.Equal(row.Amount("supplier_costs") ?? 0, line.SupplierCosts.Euros);
                Assert.Equal(row.Amount("product_hours") ?? 0, line.ProductHours.Euros);
                Assert.Equal(row.Amount("association_costs") ?? 0, line.AssociationCosts.Euros);
            }
            else
            {
                // Westervoort and Zevenaar: printed without amounts, billed through Duiven (RID de Liemers).
                Assert.Null(line);
                Assert.Equal(CbsCode.Parse("GM0226"), _year.BilledVia(code));
            }
        }
        Assert.Equal(103 + 4, _year.BudgetLines.Count);
    }

    [Fact]
    public void The_association_contribution_is_charged_to_exactly_the_four_members_without_products()
    {
        var associationOnly = _year.Members.Where(m => _year.IsAssociationOnly(m.Code)).Select(m => m.NameInPlan).Order();
        Assert.Equal(["Leeuwarden", "Losser", "Twenterand", "Zaanstad"], associationOnly);
        Assert.All(associationOnly, name => Assert.Equal(6480m, _year.AnnualBudget(_codes[name]).Euros));
    }

    [Fact]
    public void A_member_total_is_the_sum_of_its_lines_and_Tabel_19_totals_agree_within_its_rounding()
    {
        Assert.Equal(685_927m, _year.AnnualBudget(CbsCode.Parse("GM0150")).Euros); // Deventer, BILLING.md
        var offByOne = new List<string>();
        foreach (var row in PlanTables.Read("tariff_overview_2024.csv").Where(r => r["municipality"] != "Totaal"))
        {
            var code = _codes[row["municipality"]];
            var lines = _year.LinesOf(code).ToList();
            Assert.Equal(lines.Sum(l => l.Budget), _year.AnnualBudget(code));
            var printed = row.Amount("total") ?? 0m;
            var diff = _year.AnnualBudget(code).Euros - printed;
            Assert.InRange(diff, -1m, 1m);
            if (diff != 0) offByOne.Add(row["municipality"]);
        }
        // reference/NOTES.md check 4: 13 Tabel 19 row totals are EUR 1 off their product sum.
        Assert.Equal(13, offByOne.Count);
    }

    /// <summary>
    /// Product totals against Tabel 8 (= Tabel 19's Totaal row). Differences are the plan's own rounding of its
    /// printed totals (reference/NOTES.md, checks 3 and 4); Open Online's −6 comes from Tabel 18 printing bracket-2
    /// rows as 15.384 and 15.385 for the same bracket.
    /// </summary>
    [Theory]
    [InlineData("esuite", 0)]
    [InlineData("burgerzaken", 0)]
    [InlineData("burgerzaken_kansen", -2)]
    [InlineData("mylex", -1)]
    [InlineData("podiumd_formulier", 2)]
    [InlineData("open_online", -6)]
    [InlineData("association_contribution", 0)]
    public void Product_totals_equal_Tabel_8_and_19_within_the_plans_rounding(string product, int documentedDifference)
    {
        var id = ProductId.Parse(product);
        var sum = _year.BudgetLines.Where(l => l.Product == id).Sum(l => l.Budget).Euros;
        var totals = PlanTables.Read("tariff_overview_2024.csv").Single(r => r["municipality"] == "Totaal");
        Assert.Equal(documentedDifference, sum - totals.Amount(product));
        var tabel8 = PlanTables.Read("product_costs_2024.csv").SingleOrDefault(r => r["product"] == product);
        if (tabel8 is not null) Assert.Equal(totals.Amount(product), tabel8.Amount("total"));
    }

    [Fact]
    public void The_hours_ratios_and_association_rate_are_derived_from_the_years_data()
    {
        // BILLING.md gives them to six decimals.
        Assert.Equal(0.329294m, Math.Round(_year.AssociationRate, 6));
        var expected = new Dictionary<string, decimal>
        {
            ["esuite"] = 0.003509m, ["burgerzaken"] = 0.056367m, ["burgerzaken_kansen"] = 0m,
            ["mylex"] = 0.100605m, ["podiumd_formulier"] = 0.236300m, ["open_online"] = 0.108874m,
        };
        foreach (var (product, ratio) in expected)
            Assert.Equal(ratio, Math.Round(_year.Product(ProductId.Parse(product)).HoursRatio, 6));
    }

    [Fact]
    public void Duivens_open_online_bracket_counts_the_whole_partnership()
    {
        var duiven = CbsCode.Parse("GM0226");
        var line = _year.LinesOf(duiven).Single(l => l.Product.Value == "open_online");
        Assert.Equal(["GM0226", "GM0293", "GM0299"], _year.PopulationBasisOf(line).Select(c => c.Value));
        var unchanged = _year.Definitive(line, c => _year.Member(c).ReferencePopulation);
        Assert.Equal(24_946 + 14_944 + 44_645, unchanged.Basis.Reference.Count);
        Assert.True(unchanged.Basis.Combined);
    }
}
