using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Tariffs;

namespace Dimpact.Billing.Settlement;

/// <summary>
/// The amounts of a member's year: budget, quarterly advance, definitive amount and the Q4 amount per product
/// (BILLING.md, "Q4: settlement" and "the population effect").
/// </summary>
public sealed record SettlementLine(DefinitiveAmount Definitive, Money QuarterlyAdvance, Money AdvancesInvoiced)
{
    public BudgetLine Budget => Definitive.Line;

    /// <summary>The Q4 line: definitive amount minus the advances already invoiced, so that the year adds up to the cent.</summary>
    public Money Q4Amount => Definitive.Definitive - AdvancesInvoiced;
}

public sealed record MemberSettlement(Member Member, IReadOnlyList<SettlementLine> Lines)
{
    public Money Q4Total => Lines.Sum(l => l.Q4Amount);
}

public static class SettlementCalculator
{
    /// <summary>Advances a product line receives in the year: Q1, Q2 and Q3.</summary>
    public const int AdvanceQuarters = 3;

    /// <summary>
    /// Settles every product member on the given settlement populations, assuming the three advances were
    /// invoiced as the calendar prescribes. Association-only members are left out: they paid the year at once.
    /// </summary>
    public static IReadOnlyList<MemberSettlement> Settle(TariffYear year, Func<CbsCode, Population> settlementPopulation) =>
        // A line that starts during the year has advances from its start quarter only.
        year.BillableMembers
            .Where(m => year.HasProducts(m.Code))
            .Select(m => SettleMember(year, m.Code, settlementPopulation, line => TariffYear.AdvancesDueThrough(line, AdvanceQuarters)))
            .ToList();

    public static MemberSettlement SettleMember(
        TariffYear year,
        CbsCode member,
        Func<CbsCode, Population> settlementPopulation,
        Func<BudgetLine, Money> advancesInvoiced) =>
        new(year.Member(member),
            year.ProductLinesOf(member)
                .Select(line => new SettlementLine(year.Definitive(line, settlementPopulation), TariffYear.QuarterlyAdvance(line), advancesInvoiced(line)))
                .ToList());
}
