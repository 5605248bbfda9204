namespace Dimpact.Billing.Tariffs;

public enum ProductKind
{
    /// <summary>A product or service, invoiced in quarterly advances and settled in Q4.</summary>
    Product,

    /// <summary>The verenigingsbijdrage of a member that takes no product, invoiced once a year.</summary>
    AssociationContribution,

    /// <summary>The entreegeld a joining member pays once, on its first document (not a plan product).</summary>
    EntryFee,
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
    decimal VatRate,
    UptakeTariff? Uptake = null)
{
    /// <summary>h_p = product hours / supplier costs (BILLING.md); 0 for a product without supplier costs.</summary>
    public decimal HoursRatio => SupplierCosts == 0m ? 0m : ProductHours / SupplierCosts;
}

/// <summary>
/// How the product is priced when a member takes it up during the year and the budget does not include it (BILLING.md,
/// "Membership over time"): the association costs per inhabitant r_p (Bedrijfsplan Tabel 7) and the fixed part of the
/// supplier costs added to the product's population rule (Burgerzaken: the Common Ground contribution 15,000; PodiumD
/// formulier: 11,026 + 3,745; Open Online: 11,025). <c>FixedCosts</c> null: the supplier amount is priced per
/// municipality and entered with the uptake ('Kansen').
/// </summary>
public sealed record UptakeTariff(decimal AssociationCostsPerInhabitant, decimal? FixedCosts);
