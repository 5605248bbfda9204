using NodaTime;

namespace Dimpact.Billing.Tariffs;

/// <summary>
/// One adopted business plan: products, members, budget amounts and the rules to settle them. It is built from
/// the tariff year's data files (see TariffYearFiles in Dimpact.DataFiles); nothing of a year is hard-coded.
/// </summary>
public sealed class TariffYear
{
    private readonly Dictionary<ProductId, Product> _products;
    private readonly Dictionary<CbsCode, Member> _members;
    private readonly ILookup<CbsCode, BudgetLine> _linesByMember;

    public TariffYear(
        int year,
        string version,
        LocalDate advanceReferenceDate,
        LocalDate settlementReferenceDate,
        PlanTotals planTotals,
        IReadOnlyList<Product> products,
        IReadOnlyList<Member> members,
        IReadOnlyList<BudgetLine> budgetLines,
        IReadOnlyList<Partnership> partnerships,
        IReadOnlyList<Merger> mergers,
        MembershipTerms? terms = null,
        MemberData? memberData = null)
    {
        Terms = terms ?? MembershipTerms.None;
        MemberData = memberData ?? MemberData.None;
        Year = year;
        Version = version;
        AdvanceReferenceDate = advanceReferenceDate;
        SettlementReferenceDate = settlementReferenceDate;
        PlanTotals = planTotals;
        Products = products;
        Members = members;
        BudgetLines = budgetLines;
        Partnerships = partnerships;
        Mergers = mergers;
        _products = products.ToDictionary(p => p.Id);
        _members = members.ToDictionary(m => m.Code);
        _linesByMember = budgetLines.ToLookup(l => l.Member);
    }

    public int Year { get; }

    /// <summary>The tariff year's settings for membership changes (entry fee, association contribution).</summary>
    public MembershipTerms Terms { get; }

    /// <summary>The member data applied to the plan: its version (documents record it), the joiners and the changes.</summary>
    public MemberData MemberData { get; }

    /// <summary>The version of the member data the year was made with ("" for the plan alone); documents record it.</summary>
    public string MemberDataVersion => MemberData.Version;

    /// <summary>The joining of a member that joins during this year, else null.</summary>
    public Joining? JoiningOf(CbsCode member) => MemberData.Joiners.GetValueOrDefault(member);

    /// <summary>A fingerprint of the data the year was built from; invoices record it to be reproducible.</summary>
    public string Version { get; }

    /// <summary>The population date the budget amounts were computed on (2024: 1 January 2022).</summary>
    public LocalDate AdvanceReferenceDate { get; }

    /// <summary>The population date of the definitive amounts (1 January of the tariff year).</summary>
    public LocalDate SettlementReferenceDate { get; }

    public PlanTotals PlanTotals { get; }
    public IReadOnlyList<Product> Products { get; }
    public IReadOnlyList<Member> Members { get; }
    public IReadOnlyList<BudgetLine> BudgetLines { get; }
    public IReadOnlyList<Partnership> Partnerships { get; }
    public IReadOnlyList<Merger> Mergers { get; }

    /// <summary>a = association costs / (supplier costs + product hours), from the plan's totals (BILLING.md).</summary>
    public decimal AssociationRate => PlanTotals.AssociationCosts / (PlanTotals.SupplierCosts + PlanTotals.ProductHours);

    public Product Product(ProductId id) =>
        _products.TryGetValue(id, out var p) ? p : throw new KeyNotFoundException($"Tariff year {Year} has no product '{id}'.");

    public Member Member(CbsCode code) =>
        _members.TryGetValue(code, out var m) ? m : throw new KeyNotFoundException($"{code} is not a member in tariff year {Year}.");

    public bool IsMember(CbsCode code) => _members.ContainsKey(code);

    public IEnumerable<BudgetLine> LinesOf(CbsCode member) => _linesByMember[member];

    /// <summary>A member's product lines: invoiced in quarterly advances and settled in Q4.</summary>
    public IEnumerable<BudgetLine> ProductLinesOf(CbsCode member) => LinesOf(member).Where(l => Product(l.Product).Kind == ProductKind.Product);

    /// <summary>A member's association contribution: invoiced whole, once, never settled or refunded.</summary>
    public IEnumerable<BudgetLine> AssociationLinesOf(CbsCode member) => LinesOf(member).Where(l => Product(l.Product).Kind == ProductKind.AssociationContribution);

    /// <summary>Whether the member has product lines, which are settled in Q4.</summary>
    public bool HasProducts(CbsCode member) => ProductLinesOf(member).Any();

    /// <summary>The entry fee line's product: present in the year when a member joins during it.</summary>
    public static readonly ProductId EntryFeeProduct = ProductId.Parse("entry_fee");

    public Money AnnualBudget(CbsCode member) => LinesOf(member).Sum(l => l.Budget);

    /// <summary>A member that takes no product pays only the association contribution, invoiced in one instalment.</summary>
    public bool IsAssociationOnly(CbsCode member) =>
        LinesOf(member).Any() && LinesOf(member).All(l => Product(l.Product).Kind == ProductKind.AssociationContribution);

    /// <summary>The lead member that is billed on behalf of this member, if any (Westervoort, Zevenaar → Duiven).</summary>
    public CbsCode? BilledVia(CbsCode member) =>
        Partnerships.FirstOrDefault(p => p.Partners.Contains(member))?.Lead;

    /// <summary>Members that receive invoices: every member with budget lines.</summary>
    public IEnumerable<Member> BillableMembers => Members.Where(m => LinesOf(m.Code).Any());

    /// <summary>The members whose population the line's bracket depends on: the member, plus partners for shared products.</summary>
    public IReadOnlyList<CbsCode> PopulationBasisOf(BudgetLine line)
    {
        if (line.Start is not null) return [line.Member]; // an uptake is priced on the member's own population
        var partnership = Partnerships.FirstOrDefault(p => p.Lead == line.Member && p.Products.Contains(line.Product));
        return partnership is null ? [line.Member] : [line.Member, .. partnership.Partners];
    }

    /// <summary>Members whose settlement population must be known before the year can be settled.</summary>
    public IReadOnlySet<CbsCode> MembersNeedingSettlementFigures() =>
        BudgetLines.Where(l => Product(l.Product) is { Kind: ProductKind.Product } p
                && (p.Rule.DependsOnPopulation || (l.Start is not null && p.Uptake is { AssociationCostsPerInhabitant: > 0 })))
            .SelectMany(PopulationBasisOf)
            .ToHashSet();

    /// <summary>
    /// Who receives a member's document issued on a date (BILLING.md, "the successor code takes over the
    /// predecessors' billing"): the successor of a merger effective on or before that date, else the member itself.
    /// The document stays the predecessor's (its key and lines), only its addressee changes.
    /// </summary>
    public (CbsCode Code, string Name) RecipientOn(CbsCode member, LocalDate issueDate) =>
        Mergers.FirstOrDefault(m => m.Predecessors.Contains(member) && m.EffectiveDate <= issueDate) is { } merger
            ? (merger.Successor, merger.SuccessorName)
            : (member, Member(member).Name);

    /// <summary>
    /// A member's settlement population from figures by code: its own figure; else, when it merged and every
    /// predecessor is a member of this year, its share of the successor's figure in proportion to the predecessors'
    /// reference populations (the shares add up to the successor's figure exactly, by largest remainder). The budget
    /// amounts are per predecessor, so each predecessor line is settled on its share: the population change of the
    /// merged municipality is charged once, never the successor's whole figure per predecessor.
    /// </summary>
    public Population? SettlementFigure(CbsCode member, Func<CbsCode, Population?> figures)
    {
        if (figures(member) is { } own) return own;
        if (Mergers.FirstOrDefault(m => m.Predecessors.Contains(member)) is not { } merger
            || !merger.Predecessors.All(IsMember) || figures(merger.Successor) is not { } successor) return null;
        var references = merger.Predecessors.Select(p => (Code: p, Reference: (long)Member(p).ReferencePopulation.Count)).ToList();
        var total = references.Sum(r => r.Reference);
        if (total == 0) return null;
        var shares = references.Select(r => (r.Code, Whole: successor.Count * r.Reference / total, Remainder: successor.Count * r.Reference % total)).ToList();
        var left = successor.Count - shares.Sum(s => s.Whole);
        var extra = shares.OrderByDescending(s => s.Remainder).ThenBy(s => s.Code.Value, StringComparer.Ordinal).Take((int)left).Select(s => s.Code).ToHashSet();
        var mine = shares.Single(s => s.Code == member);
        return new Population((int)(mine.Whole + (extra.Contains(member) ? 1 : 0)));
    }

    /// <summary>
    /// A quarterly advance line: budget / 4, rounded to cents (BILLING.md, "Q1, Q2, Q3: advances"); for a line that
    /// starts during the year its annual tariff T / 4, from its start quarter ("Membership over time").
    /// </summary>
    public static Money QuarterlyAdvance(BudgetLine line) => Money.Round((line.Start?.AnnualTariff ?? line.Budget).Euros / 4m);

    /// <summary>The advances due for a line up to and including quarter q (Q1–Q3): quarters from its start quarter.</summary>
    public static Money AdvancesDueThrough(BudgetLine line, int quarter) =>
        QuarterlyAdvance(line) * Math.Max(0, Math.Min(quarter, 3) - line.StartQuarter + 1);

    /// <summary>
    /// The definitive annual amount of a line on the settlement population:
    /// budget + round2(Δsupplier × (1 + h_p) × (1 + a)) (BILLING.md, "the population effect").
    /// </summary>
    public DefinitiveAmount Definitive(BudgetLine line, Func<CbsCode, Population> settlementPopulation)
    {
        var product = Product(line.Product);
        var basisMembers = PopulationBasisOf(line);
        var reference = line.Start?.Population ?? basisMembers.Aggregate(new Population(0), (sum, c) => sum + Member(c).ReferencePopulation);
        var settlement = basisMembers.Aggregate(new Population(0), (sum, c) => sum + settlementPopulation(c));
        var basis = new PopulationBasis(reference, AdvanceReferenceDate, settlement, SettlementReferenceDate, basisMembers.Count > 1);

        var supplierDelta = product.Rule.SupplierCosts(settlement) - product.Rule.SupplierCosts(reference);
        // A line started during the year: round2(round2(Δsupplier × (1 + h_p) + r_p × Δpop) × s) (BILLING.md, "Membership over time").
        var effect = line.Start is { } start
            ? Money.Round(Money.Round(supplierDelta * (1m + product.HoursRatio)
                + (product.Uptake?.AssociationCostsPerInhabitant ?? 0m) * (settlement.Count - reference.Count)).Euros * start.Share)
            : Money.Round(supplierDelta * (1m + product.HoursRatio) * (1m + AssociationRate));
        return new DefinitiveAmount(line, basis, supplierDelta, effect, line.Budget + effect);
    }
}

/// <summary>The plan's cost totals (Bedrijfsplan 2024, Tabel 8) from which the association rate is derived.</summary>
public sealed record PlanTotals(decimal SupplierCosts, decimal ProductHours, decimal AssociationCosts);

/// <summary>The populations a line was computed on; <c>Combined</c> when a partnership's populations were summed.</summary>
public sealed record PopulationBasis(
    Population Reference,
    LocalDate ReferenceDate,
    Population Settlement,
    LocalDate SettlementDate,
    bool Combined);

public sealed record DefinitiveAmount(
    BudgetLine Line,
    PopulationBasis Basis,
    decimal SupplierCostsDelta,
    Money PopulationEffect,
    Money Definitive);

/// <summary>
/// The tariff year's settings for membership changes: the entry fee the members' meeting set (not in the plan; a joiner
/// cannot be billed without one) and the association contribution of a member without products (6,480 in 2024).
/// </summary>
public sealed record MembershipTerms(Money? EntryFee, Money? AssociationContribution)
{
    public static readonly MembershipTerms None = new(null, null);
}

/// <summary>A member joining during the year: from its effective date, with the entry fee it pays on its first document.</summary>
public sealed record Joining(NodaTime.LocalDate EffectiveDate, Money EntryFee, string Decision);

/// <summary>The member data applied to a plan: the version documents record, the year's joiners and the changes applied.</summary>
public sealed record MemberData(string Version, IReadOnlyDictionary<CbsCode, Joining> Joiners, IReadOnlyList<Membership.MembershipChange> Changes)
{
    public static readonly MemberData None = new("", new Dictionary<CbsCode, Joining>(), []);

    /// <summary>
    /// The part of a member data version that can change amounts: the membership changes ("changes v0002" of
    /// "members v0003, changes v0002"); an address or e-mail upload (the members part) changes no amount.
    /// </summary>
    public static string AmountsPart(string? memberDataVersion) =>
        memberDataVersion?.Split(',', StringSplitOptions.TrimEntries).FirstOrDefault(p => p.StartsWith("changes ", StringComparison.Ordinal))
        ?? (memberDataVersion is { } v && !v.Contains("members ", StringComparison.Ordinal) ? v : "");
}
