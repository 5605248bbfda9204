using System.Globalization;

namespace Dimpact.Billing.Tariffs;

public enum TariffChange
{
    Added,
    Removed,
    Changed,
}

/// <summary>
/// A budget line that differs between two tariff years: added (no amount before), removed (none after) or changed
/// (its amount, or its split into supplier costs, product hours and association costs, which explains the amount).
/// </summary>
public sealed record BudgetLineDifference(CbsCode Member, string MemberName, ProductId Product, BudgetLine? Before, BudgetLine? After)
{
    public TariffChange Change => Before is null ? TariffChange.Added : After is null ? TariffChange.Removed : TariffChange.Changed;

    public Money Difference => (After?.Budget ?? Money.Zero) - (Before?.Budget ?? Money.Zero);
}

/// <summary>The budget of one product in both years, over all members: what the changed lines add up to.</summary>
public sealed record ProductTotal(ProductId Product, string Name, Money Before, Money After)
{
    public Money Difference => After - Before;
}

/// <summary>
/// A change in the data other than a budget amount: a setting, a product (its rule and brackets, VAT rate, plan
/// totals), a member's name or reference population, a partnership or a merger. Values are as the data files write
/// them; <c>null</c> where the subject is absent from that year.
/// </summary>
public sealed record TariffDataDifference(string Subject, string Field, string? Before, string? After);

/// <summary>
/// What changed from one tariff year to another (<c>dimpact tariff-year diff</c>): per member and product the budget
/// lines added, removed or changed, the other data that changed, and the budget per product and overall in both years.
/// Finance reads it before a new or corrected year is used, so that exactly the intended change goes into the invoices.
/// </summary>
public sealed record TariffYearDiff(
    TariffYear Before,
    TariffYear After,
    IReadOnlyList<BudgetLineDifference> Lines,
    IReadOnlyList<TariffDataDifference> Data,
    IReadOnlyList<ProductTotal> Totals)
{
    public Money TotalBefore => Totals.Sum(t => t.Before);
    public Money TotalAfter => Totals.Sum(t => t.After);
    public Money TotalDifference => TotalAfter - TotalBefore;

    /// <summary>Nothing differs but the year itself (and the version, a hash of the files).</summary>
    public bool IsEmpty => Lines.Count == 0 && Data.Count == 0;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static TariffYearDiff Compare(TariffYear before, TariffYear after)
    {
        var lines = Keyed(before.BudgetLines.ToDictionary(l => (l.Member, l.Product)), after.BudgetLines.ToDictionary(l => (l.Member, l.Product)))
            .Where(p => p.Before != p.After)
            .Select(p => new BudgetLineDifference(
                p.Key.Member, NameIn(after, p.Key.Member) ?? NameIn(before, p.Key.Member) ?? "", p.Key.Product, p.Before, p.After))
            .OrderBy(d => d.MemberName, StringComparer.Ordinal).ThenBy(d => d.Member.Value, StringComparer.Ordinal)
            .ThenBy(d => ProductOrder(before, after, d.Product))
            .ToList();

        var totals = before.Products.Select(p => p.Id).Concat(after.Products.Select(p => p.Id)).Distinct()
            .Select(id => new ProductTotal(id, (after.Products.FirstOrDefault(p => p.Id == id) ?? before.Product(id)).Name,
                Budget(before, id), Budget(after, id)))
            .ToList();

        var data = new List<TariffDataDifference>();
        data.AddRange(Fields("settings", Settings(before), Settings(after)));
        foreach (var (id, b, a) in Keyed(before.Products.ToDictionary(p => p.Id), after.Products.ToDictionary(p => p.Id)))
            data.AddRange(Fields($"product {id}", b is null ? null : Describe(b), a is null ? null : Describe(a)));
        foreach (var (code, b, a) in Keyed(before.Members.ToDictionary(m => m.Code), after.Members.ToDictionary(m => m.Code)))
            data.AddRange(Fields($"member {code}", b is null ? null : Describe(b), a is null ? null : Describe(a)));
        foreach (var (partner, b, a) in Keyed(Partners(before), Partners(after)))
            data.AddRange(Fields($"partner {partner}", b, a));
        foreach (var (predecessor, b, a) in Keyed(Predecessors(before), Predecessors(after)))
            data.AddRange(Fields($"merger of {predecessor}", b, a));
        return new TariffYearDiff(before, after, lines, data, totals);
    }

    private static string? NameIn(TariffYear year, CbsCode code) => year.IsMember(code) ? year.Member(code).Name : null;

    private static int ProductOrder(TariffYear before, TariffYear after, ProductId id) =>
        after.Products.Select(p => p.Id).Concat(before.Products.Select(p => p.Id)).ToList().IndexOf(id);

    private static Money Budget(TariffYear year, ProductId product) => year.BudgetLines.Where(l => l.Product == product).Sum(l => l.Budget);

    /// <summary>Both years' items by key, in the order of the later year, then what only the earlier one has.</summary>
    private static IEnumerable<(TKey Key, T? Before, T? After)> Keyed<TKey, T>(Dictionary<TKey, T> earlier, Dictionary<TKey, T> later)
        where T : class where TKey : notnull =>
        later.Keys.Concat(earlier.Keys.Where(k => !later.ContainsKey(k)))
            .Select(k => (k, earlier.GetValueOrDefault(k), later.GetValueOrDefault(k)));

    /// <summary>The fields that differ; a subject present in one year only is one difference, named by its first field.</summary>
    private static IEnumerable<TariffDataDifference> Fields(string subject, IReadOnlyList<(string Field, string Value)>? before, IReadOnlyList<(string Field, string Value)>? after)
    {
        if (before is null || after is null)
        {
            yield return new TariffDataDifference(subject, "", before is null ? null : Summary(before), after is null ? null : Summary(after));
            yield break;
        }
        var earlier = before.ToDictionary(f => f.Field, f => f.Value);
        foreach (var (field, value) in after)
            if (earlier.GetValueOrDefault(field) != value) yield return new TariffDataDifference(subject, field, earlier.GetValueOrDefault(field), value);
        foreach (var (field, value) in before.Where(f => !after.Any(a => a.Field == f.Field)))
            yield return new TariffDataDifference(subject, field, value, null);
    }

    private static string Summary(IReadOnlyList<(string Field, string Value)> fields) => string.Join("; ", fields.Select(f => $"{f.Field} {f.Value}"));

    // The year itself is not a difference: the reference dates are, as they decide the populations billed on.
    private static IReadOnlyList<(string, string)> Settings(TariffYear year) =>
    [
        ("advance_reference_date", Date(year.AdvanceReferenceDate)),
        ("settlement_reference_date", Date(year.SettlementReferenceDate)),
        ("plan_supplier_costs", Number(year.PlanTotals.SupplierCosts)),
        ("plan_product_hours", Number(year.PlanTotals.ProductHours)),
        ("plan_association_costs", Number(year.PlanTotals.AssociationCosts)),
        ("association_contribution", Amount(year.Terms.AssociationContribution)),
        ("entry_fee", Amount(year.Terms.EntryFee)),
    ];

    private static IReadOnlyList<(string, string)> Describe(Product product) =>
    [
        ("name", product.Name),
        ("kind", product.Kind switch { ProductKind.Product => "product", ProductKind.AssociationContribution => "association_contribution", _ => "entry_fee" }),
        ("population_rule", RuleName(product.Rule)),
        ("brackets", Brackets(product.Rule)),
        ("supplier_costs", Number(product.SupplierCosts)),
        ("product_hours", Number(product.ProductHours)),
        ("vat_rate", Number(product.VatRate)),
        ("association_costs_per_inhabitant", product.Uptake is { } uptake ? Number(uptake.AssociationCostsPerInhabitant) : ""),
        ("uptake_fixed_costs", product.Uptake?.FixedCosts is { } fixedCosts ? Number(fixedCosts) : ""),
    ];

    private static IReadOnlyList<(string, string)> Describe(Member member) =>
    [
        ("name", member.Name),
        ("name_in_plan", member.NameInPlan),
        ("reference_population", member.ReferencePopulation.Count.ToString(Invariant)),
    ];

    private static Dictionary<CbsCode, IReadOnlyList<(string, string)>> Partners(TariffYear year) =>
        year.Partnerships.SelectMany(p => p.Partners.Select(partner => (partner, (IReadOnlyList<(string, string)>)
        [
            ("partnership", p.Name), ("lead_code", p.Lead.Value), ("products", string.Join('|', p.Products.Select(x => x.Value))),
        ]))).ToDictionary(x => x.partner, x => x.Item2);

    private static Dictionary<CbsCode, IReadOnlyList<(string, string)>> Predecessors(TariffYear year) =>
        year.Mergers.SelectMany(m => m.Predecessors.Select(p => (p, (IReadOnlyList<(string, string)>)
        [
            ("successor_code", m.Successor.Value), ("successor_name", m.SuccessorName), ("effective_date", Date(m.EffectiveDate)),
        ]))).ToDictionary(x => x.p, x => x.Item2);

    private static string RuleName(PopulationRule rule) => rule switch
    {
        ProgressiveBrackets => "progressive_brackets",
        PerInhabitant => "per_inhabitant",
        SizeBracketFee => "size_bracket_fee",
        _ => "none",
    };

    private static string Brackets(PopulationRule rule) => rule switch
    {
        ProgressiveBrackets p => Brackets(p.Brackets),
        SizeBracketFee s => Brackets(s.Brackets),
        PerInhabitant i => Number(i.Rate),
        _ => "",
    };

    private static string Brackets(IEnumerable<Bracket> brackets) =>
        string.Join(" | ", brackets.Select(b => $"{b.From.ToString(Invariant)}-{b.To?.ToString(Invariant) ?? ""}: {Number(b.Amount)}"));

    private static string Number(decimal value) => value.ToString(Invariant);

    private static string Amount(Money? amount) => amount?.ToString() ?? "";

    private static string Date(NodaTime.LocalDate date) => date.ToString("yyyy-MM-dd", Invariant);
}
