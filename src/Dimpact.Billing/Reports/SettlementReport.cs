using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Populations;
using Dimpact.Billing.Tariffs;
using NodaTime;

namespace Dimpact.Billing.Reports;

/// <summary>
/// The amounts of a settlement line, or of a sum of lines. <see cref="Advances"/>, <see cref="Q4Amount"/> and
/// <see cref="Corrections"/> are what was actually issued; <see cref="Definitive"/> is computed on the figures the
/// report names.
/// </summary>
public sealed record SettlementAmounts(Money Budget, Money Advances, Money Definitive, Money Q4Amount, Money Corrections)
{
    public static SettlementAmounts Zero { get; } = new(Money.Zero, Money.Zero, Money.Zero, Money.Zero, Money.Zero);

    /// <summary>What the settlement charged (or credited) for the year: the Q4 line plus any corrections.</summary>
    public Money SettlementAmount => Q4Amount + Corrections;

    /// <summary>
    /// What the figures still call for: definitive − advances − settlement amount. Zero once the line is settled on
    /// these figures; before Q4 (or while figures are missing or held) it shows what the settlement will charge.
    /// </summary>
    public Money Open => Definitive - Advances - SettlementAmount;

    public static SettlementAmounts operator +(SettlementAmounts a, SettlementAmounts b) =>
        new(a.Budget + b.Budget, a.Advances + b.Advances, a.Definitive + b.Definitive, a.Q4Amount + b.Q4Amount, a.Corrections + b.Corrections);

    public static SettlementAmounts Sum(IEnumerable<SettlementAmounts> amounts) => amounts.Aggregate(Zero, (sum, a) => sum + a);
}

/// <summary>One member and product: the populations the definitive amount stands on, and the amounts.</summary>
public sealed record SettlementReportLine(
    Member Member,
    Product Product,
    PopulationBasis Populations,
    bool SettlementFigureMissing,
    SettlementAmounts Amounts);

public sealed record SettlementProductTotal(Product Product, SettlementAmounts Amounts);

/// <summary>Where the settlement figures of the report come from.</summary>
public enum SettlementFiguresState
{
    /// <summary>No figures of the settlement reference date were ingested: every line stands on its reference population.</summary>
    None,

    /// <summary>The newest figures wait for finance's approval; the report computes on them, nothing is issued on them yet.</summary>
    Held,

    /// <summary>The newest figures are accepted (or approved).</summary>
    Accepted,
}

/// <summary>
/// The settlement overview of a tariff year (BILLING.md, "Q4: settlement" and "Corrections"), per member and product
/// of every member that is settled (association-only members paid their year at once): budget, the advances invoiced,
/// the definitive amount on the newest population figures of the settlement reference date, the Q4 line and the
/// corrections issued. Computed from what is stored, so it says what was issued and what the figures still call for.
/// </summary>
public sealed record SettlementReport(
    int Year,
    Instant GeneratedAt,
    LocalDate ReferenceDate,
    LocalDate SettlementDate,
    IReadOnlyList<Product> Products,
    PopulationSnapshot? Figures,
    IReadOnlyList<CbsCode> MissingFigures,
    IReadOnlyList<SettlementReportLine> Lines)
{
    public const string CsvHeader = "member_code,member_name,product,reference_population,settlement_population,budget,advances,definitive,settlement_amount";

    public SettlementFiguresState FiguresState => Figures switch
    {
        null => SettlementFiguresState.None,
        { IsHeld: true } => SettlementFiguresState.Held,
        _ => SettlementFiguresState.Accepted,
    };

    /// <summary>Per product, in the tariff year's product order.</summary>
    public IReadOnlyList<SettlementProductTotal> ProductTotals =>
        Products.Select(p => (Product: p, Lines: Lines.Where(l => l.Product.Id == p.Id).ToList()))
            .Where(p => p.Lines.Count > 0)
            .Select(p => new SettlementProductTotal(p.Product, SettlementAmounts.Sum(p.Lines.Select(l => l.Amounts))))
            .ToList();

    public SettlementAmounts Total => SettlementAmounts.Sum(Lines.Select(l => l.Amounts));

    /// <summary>One line per member and product, amounts with a '.' decimal point (CSV for a program or a spreadsheet).</summary>
    public string Csv() => CsvText.Of(CsvHeader, Lines.Select(l => CsvText.Line(l.Member.Code.Value, l.Member.Name, l.Product.Id.Value,
        l.Populations.Reference.Count, l.Populations.Settlement.Count, l.Amounts.Budget, l.Amounts.Advances, l.Amounts.Definitive, l.Amounts.SettlementAmount)));

    /// <summary>
    /// The report on <paramref name="documents"/> (every document of the year) and <paramref name="figures"/> (the
    /// newest figures of the settlement reference date, or null). A member without a figure keeps its reference
    /// population, as in the settlement preview, and is named in <see cref="MissingFigures"/>.
    /// </summary>
    public static SettlementReport Of(TariffYear year, IReadOnlyList<Invoice> documents, PopulationSnapshot? figures, Instant generatedAt)
    {
        Population? Figure(CbsCode c) => figures is null ? null : year.SettlementFigure(c, figures.Of);
        Population SettlementPopulation(CbsCode c) => Figure(c) ?? year.Member(c).ReferencePopulation;

        // The lines a document holds for the member whose year it is (its key), whoever received it (mergers).
        var issued = documents.SelectMany(d => d.Lines.Select(l => (d.Key.Member, d.Key.Purpose, l.Product, l.Amount)))
            .ToLookup(x => (x.Member, x.Product));
        Money IssuedAs(CbsCode member, ProductId product, Purpose purpose) =>
            issued[(member, product)].Where(x => x.Purpose == purpose).Sum(x => x.Amount);

        var lines = new List<SettlementReportLine>(); // in the order of the settlement preview: members, then their budget lines
        foreach (var member in year.BillableMembers.Where(m => year.HasProducts(m.Code)))
        foreach (var budget in year.ProductLinesOf(member.Code))
        {
            var definitive = year.Definitive(budget, SettlementPopulation);
            var missing = year.PopulationBasisOf(budget).Any(c => Figure(c) is null);
            lines.Add(new SettlementReportLine(member, year.Product(budget.Product), definitive.Basis, missing,
                new SettlementAmounts(budget.Budget, IssuedAs(member.Code, budget.Product, Purpose.Advance), definitive.Definitive,
                    IssuedAs(member.Code, budget.Product, Purpose.Settlement), IssuedAs(member.Code, budget.Product, Purpose.Correction))));
        }
        // Amounts charged for what the year no longer holds (a change withdrawn by a later upload): definitive 0.
        foreach (var member in documents.Select(d => d.Key.Member).Distinct().OrderBy(c => c.Value, StringComparer.Ordinal))
        foreach (var (product, _, vat) in Settlement.SettleYear.Withdrawn(year, member, documents.Where(d => d.Key.Member == member), includeSettled: true))
        {
            var name = documents.Where(d => d.Key.Member == member).Select(d => d.Draft.MemberName).Last();
            var who = year.IsMember(member) ? year.Member(member) : new Member(member, name, name, new Population(0));
            var what = year.Products.FirstOrDefault(p => p.Id == product) ?? new Product(product, product.Value, ProductKind.Product, new NoPopulationEffect(), 0m, 0m, vat);
            var none = new PopulationBasis(new Population(0), year.AdvanceReferenceDate, new Population(0), year.SettlementReferenceDate, false);
            lines.Add(new SettlementReportLine(who, what, none, false,
                new SettlementAmounts(Money.Zero, IssuedAs(member, product, Purpose.Advance) + IssuedAs(member, product, Purpose.AnnualContribution), Money.Zero,
                    IssuedAs(member, product, Purpose.Settlement), IssuedAs(member, product, Purpose.Correction))));
        }
        var missingFigures = year.MembersNeedingSettlementFigures().Where(c => Figure(c) is null).OrderBy(c => c.Value, StringComparer.Ordinal).ToList();
        return new SettlementReport(year.Year, generatedAt, year.AdvanceReferenceDate, year.SettlementReferenceDate, year.Products, figures, missingFigures, lines);
    }
}
