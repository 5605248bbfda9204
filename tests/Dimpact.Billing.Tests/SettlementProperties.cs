using Dimpact.Billing.Settlement;
using Dimpact.Billing.Tariffs;
using Dimpact.TestSupport;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Dimpact.Billing.Tests;

/// <summary>Properties of the settlement over random populations for every member of the 2024 plan.</summary>
public class SettlementProperties
{
    private static readonly TariffYear Year = Repository.TariffYear2024;

    private static Arbitrary<Dictionary<CbsCode, Population>> RandomPopulations() =>
        Gen.Choose(0, 1_200_000).ArrayOf(Year.Members.Count)
            .Where(a => a.Length == Year.Members.Count)
            .Select(counts => Year.Members.Select((m, i) => (m.Code, Population: new Population(counts[i]))).ToDictionary(x => x.Code, x => x.Population))
            .ToArbitrary();

    [Fact]
    public void Unchanged_population_gives_definitive_equal_to_budget()
    {
        foreach (var settlement in SettlementCalculator.Settle(Year, c => Year.Member(c).ReferencePopulation))
        foreach (var line in settlement.Lines)
            Assert.Equal(line.Budget.Budget, line.Definitive.Definitive);
    }

    [Property(MaxTest = 300)]
    public Property Three_advances_plus_the_Q4_amount_equal_the_definitive_amount_exactly() =>
        Prop.ForAll(RandomPopulations(), populations =>
            SettlementCalculator.Settle(Year, c => populations[c])
                .SelectMany(s => s.Lines)
                .All(l => l.QuarterlyAdvance * 3 + l.Q4Amount == l.Definitive.Definitive));

    [Property(MaxTest = 300)]
    public Property Definitive_amounts_are_exact_cents() =>
        Prop.ForAll(RandomPopulations(), populations =>
            SettlementCalculator.Settle(Year, c => populations[c])
                .SelectMany(s => s.Lines)
                .All(l => decimal.Round(l.Definitive.Definitive.Euros, 2) == l.Definitive.Definitive.Euros));

    [Property(MaxTest = 300)]
    public Property E_suite_and_Burgerzaken_definitive_amounts_are_monotonic_in_population() =>
        Prop.ForAll(Gen.Choose(0, 1_200_000).Two().ToArbitrary(), pair =>
        {
            var (a, b) = pair.Item1 <= pair.Item2 ? (pair.Item1, pair.Item2) : (pair.Item2, pair.Item1);
            return Year.BudgetLines
                .Where(l => l.Product.Value is "esuite" or "burgerzaken")
                .All(l => Year.Definitive(l, _ => new Population(a)).Definitive <= Year.Definitive(l, _ => new Population(b)).Definitive);
        });

    [Property(MaxTest = 300)]
    public Property Unchanged_population_for_one_member_leaves_its_amounts_at_budget_whatever_the_others_do() =>
        Prop.ForAll(RandomPopulations(), populations =>
        {
            var deventer = CbsCode.Parse("GM0150");
            populations[deventer] = Year.Member(deventer).ReferencePopulation;
            return SettlementCalculator.Settle(Year, c => populations[c]).Single(s => s.Member.Code == deventer)
                .Lines.All(l => l.Definitive.Definitive == l.Budget.Budget);
        });
}
