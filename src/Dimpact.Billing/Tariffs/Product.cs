namespace Dimpact.Billing.Tariffs;

public enum ProductKind
{
    /// <summary>A product or service, invoiced in quarterly advances and settled in Q4.</summary>
    Product,

    /// <summary>The verenigingsbijdrage of a member that takes no product, invoiced once a year.</summary>
    AssociationContribution,
}

/// <summary>
/// A product of the tariff year with its plan totals (Bedrijfsplan 2024, Tabel 8) from which the
/// product-hours ratio is derived.
/// </summary>
public sealed record Product(
    ProductId Id,
    string Name,
    ProductKind Kind,
    PopulationRule Rule,
    decimal SupplierCosts,
    decimal ProductHours,
    decimal VatRate)
{
    /// <summary>h_p = product hours / supplier costs (BILLING.md); 0 for a product without supplier costs.</summary>
    public decimal HoursRatio => SupplierCosts == 0m ? 0m : ProductHours / SupplierCosts;
}
