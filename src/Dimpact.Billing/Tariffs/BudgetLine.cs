namespace Dimpact.Billing.Tariffs;

/// <summary>
/// The plan's annual tariff of one member for one product: the budget amount, computed on the population of
/// the advance reference date (BILLING.md). Its split into supplier costs, product hours and association costs
/// is kept to explain the amount.
/// </summary>
public sealed record BudgetLine(
    CbsCode Member,
    ProductId Product,
    Money SupplierCosts,
    Money ProductHours,
    Money AssociationCosts,
    Money Budget)
{
    /// <summary>Set for a line that starts during the year (an uptake, or a joiner's association contribution); null for a plan line.</summary>
    public LineStart? Start { get; init; }

    /// <summary>The quarter the line is billed from: 1 for a plan line.</summary>
    public int StartQuarter => Start?.Quarter ?? 1;
}

/// <summary>
/// A line that starts during the year (BILLING.md, "Membership over time"): from the quarter k of its effective date,
/// with year share s = (5 − k) / 4 of its annual tariff T; the budget amount is T × s, each advance T / 4. For an
/// uptake T = round0(rule_p(pop) × (1 + h_p) + r_p × pop) on the population at the advance reference date.
/// </summary>
public sealed record LineStart(NodaTime.LocalDate EffectiveDate, Money AnnualTariff, Population Population, decimal SupplierCosts, string Decision)
{
    public int Quarter => (EffectiveDate.Month - 1) / 3 + 1;

    /// <summary>s = (5 − k) / 4.</summary>
    public decimal Share => (5 - Quarter) / 4m;
}
