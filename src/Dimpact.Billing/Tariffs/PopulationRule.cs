namespace Dimpact.Billing.Tariffs;

/// <summary>
/// A size bracket: it holds populations with <c>From &lt; p ≤ To</c>; the first bracket starts at 0 and the
/// last is unbounded (BILLING.md, "Settlement rule").
/// </summary>
public sealed record Bracket(int From, int? To, decimal Amount);

/// <summary>
/// How a product's supplier costs depend on population. Only differences matter: the settlement charges
/// rule(settlement population) − rule(reference population) (BILLING.md, "the population effect").
/// </summary>
public abstract record PopulationRule
{
    public abstract decimal SupplierCosts(Population population);

    public bool DependsOnPopulation => this is not NoPopulationEffect;

    public static string[] Kinds => ["progressive_brackets", "per_inhabitant", "size_bracket_fee", "none"];
}

/// <summary>Schijventarief: each inhabitant is charged the rate of the bracket it falls in (Bedrijfsplan 2024, Tabel 9).</summary>
public sealed record ProgressiveBrackets(IReadOnlyList<Bracket> Brackets) : PopulationRule
{
    public override decimal SupplierCosts(Population population) =>
        Brackets.Sum(b =>
        {
            var upper = b.To is { } to ? Math.Min(population.Count, to) : population.Count;
            return Math.Max(0, upper - b.From) * b.Amount;
        });
}

/// <summary>A rate per inhabitant (Bedrijfsplan 2024: BZM € 1,38 per inhabitant).</summary>
public sealed record PerInhabitant(decimal Rate) : PopulationRule
{
    public override decimal SupplierCosts(Population population) => population.Count * Rate;
}

/// <summary>The annual fee of the bracket the population falls in (Bedrijfsplan 2024, Tabel 13 and 17).</summary>
public sealed record SizeBracketFee(IReadOnlyList<Bracket> Brackets) : PopulationRule
{
    public override decimal SupplierCosts(Population population) =>
        // Brackets are contiguous from 0 (validated on load), so the first whose upper bound is not exceeded holds it;
        // a population of 0 falls in the first.
        Brackets.First(b => b.To is null || population.Count <= b.To).Amount;
}

/// <summary>The product's price does not depend on population.</summary>
public sealed record NoPopulationEffect : PopulationRule
{
    public override decimal SupplierCosts(Population population) => 0m;
}
