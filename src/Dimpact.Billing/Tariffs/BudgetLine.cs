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
    Money Budget);
