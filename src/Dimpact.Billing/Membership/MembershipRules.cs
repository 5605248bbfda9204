using System.Globalization;
using Dimpact.Billing.Tariffs;
using NodaTime;

namespace Dimpact.Billing.Membership;

/// <summary>
/// Applies the membership changes to a tariff year's plan (BILLING.md, "Membership over time"), giving the year as it
/// is billed: joiners become members with an entry fee, and without products an association contribution × s; an
/// uptake not in the budget becomes a line priced T = round0(rule_p(pop) × (1 + h_p) + r_p × pop), billed from its
/// start quarter; a member (or product) that left before the year is not billed in it, while the year it leaves in
/// stays due in full; a merger sends the predecessor's documents to its successor from the effective date.
/// </summary>
public static class MembershipRules
{
    /// <summary>
    /// The plan with the changes applied. Throws <see cref="InvalidInputException"/> naming file, line and field when a
    /// change cannot be applied to this year (e.g. an uptake of a product the year cannot price).
    /// </summary>
    /// <param name="nameOf">The name of a merger's successor (from the member registry); its code when unknown.</param>
    public static TariffYear Apply(TariffYear plan, MembershipChanges changes, Func<CbsCode, string?>? nameOf = null)
    {
        var problems = new List<DataProblem>();
        var applied = Apply(plan, changes, nameOf, problems);
        if (problems.Count > 0) throw new InvalidInputException(problems);
        return applied;
    }

    /// <summary>Every problem of the changes against every plan; also a join or uptake in a year without tariff data.</summary>
    public static IReadOnlyList<DataProblem> Check(IEnumerable<TariffYear> plans, MembershipChanges changes, Func<CbsCode, string?>? nameOf = null)
    {
        var problems = new List<DataProblem>();
        var years = plans.ToDictionary(p => p.Year);
        foreach (var change in changes.Changes.Where(c => c.Kind is ChangeKind.Join or ChangeKind.Uptake && !years.ContainsKey(c.Year)))
            problems.Add(new DataProblem(changes.File, change.Line, "effective_date",
                $"there is no tariff year {change.Year} to bill this {change.Kind.ToString().ToLowerInvariant()} in: add the tariff data of {change.Year} first"));
        foreach (var plan in years.Values.OrderBy(p => p.Year)) Apply(plan, changes, nameOf, problems);
        return problems.Distinct().ToList();
    }

    private static TariffYear Apply(TariffYear plan, MembershipChanges changes, Func<CbsCode, string?>? nameOf, List<DataProblem> problems)
    {
        var y = plan.Year;
        var firstDay = new LocalDate(y, 1, 1);
        var members = plan.Members.ToList();
        var lines = plan.BudgetLines.ToList();
        var mergers = plan.Mergers.ToList();
        var joiners = new Dictionary<CbsCode, Joining>();
        var products = plan.Products.ToList();
        var ordered = changes.Changes.OrderBy(c => c.EffectiveDate).ThenBy(c => c.Line).ToList();
        void Problem(MembershipChange c, string field, string message) => problems.Add(new DataProblem(changes.File, c.Line, field, message));
        bool IsMember(CbsCode code) => members.Any(m => m.Code == code);

        foreach (var change in ordered.Where(c => c.Kind == ChangeKind.Join && c.Year == y))
        {
            if (plan.IsMember(change.Member)) { Problem(change, "member_code", $"{change.Member} is a member in the plan of {y} already"); continue; }
            if ((change.EntryFee ?? plan.Terms.EntryFee) is not { } fee)
            {
                Problem(change, "entry_fee", $"no entry fee: enter the amount the members' meeting set, or set entry_fee in the tariff data of {y}");
                continue;
            }
            members.Add(new Member(change.Member, change.MemberName, change.MemberName, change.Population!.Value));
            joiners[change.Member] = new Joining(change.EffectiveDate, fee, change.Decision);
        }
        foreach (var change in ordered.Where(c => c.Kind == ChangeKind.Join && c.Year < y && !plan.IsMember(c.Member)))
            if (!ordered.Any(l => l.Kind == ChangeKind.Leave && l.Product is null && l.Member == change.Member && l.EffectiveDate <= firstDay))
                Problem(change, "member_code", $"{change.Member} joined in {change.Year} but is not a member in the tariff data of {y} (members.csv and budget.csv): it would not be billed for {y}");

        foreach (var change in ordered.Where(c => c.Kind == ChangeKind.Uptake && c.Year == y))
        {
            var joining = joiners.GetValueOrDefault(change.Member);
            if (!plan.IsMember(change.Member) && joining is null)
            {
                Problem(change, "member_code", $"{change.Member} is not a member in {y}: record its join first");
                continue;
            }
            if (joining is not null && change.EffectiveDate < joining.EffectiveDate)
            {
                Problem(change, "effective_date", $"the uptake starts before {change.Member} joins on {joining.EffectiveDate:yyyy-MM-dd}");
                continue;
            }
            var productId = change.Product!.Value;
            if (products.FirstOrDefault(p => p.Id == productId) is not { } product)
            {
                Problem(change, "product", $"'{productId}' is not a product of tariff year {y}");
                continue;
            }
            if (product.Kind != ProductKind.Product) { Problem(change, "product", $"'{productId}' cannot be taken up: it is not a product"); continue; }
            if (lines.Any(l => l.Member == change.Member && l.Product == productId))
            {
                Problem(change, "product", $"{change.Member} has {productId} in the budget of {y} already: an uptake in the budget is an ordinary budget line");
                continue;
            }
            if (product.Uptake is not { } tariff)
            {
                Problem(change, "product", $"tariff year {y} cannot price an uptake of {productId}: products.csv has no association costs per inhabitant for it");
                continue;
            }
            var reference = plan.IsMember(change.Member) ? plan.Member(change.Member).ReferencePopulation : members.Single(m => m.Code == change.Member).ReferencePopulation;
            if (plan.IsMember(change.Member) && change.Population is { } given && given != reference)
            {
                Problem(change, "population", string.Create(CultureInfo.InvariantCulture,
                    $"{given.Count} differs from {change.Member}'s population on {plan.AdvanceReferenceDate:yyyy-MM-dd} in the plan, {reference.Count}"));
                continue;
            }
            var population = change.Population ?? reference;
            decimal supplier;
            if (change.SupplierAmount is { } entered) supplier = entered.Euros;
            else if (tariff.FixedCosts is { } fixedCosts) supplier = product.Rule.SupplierCosts(population) + fixedCosts;
            else { Problem(change, "supplier_amount", $"{productId} is priced per municipality: enter the supplier amount of the uptake"); continue; }

            var annual = Money.RoundToEuros(supplier * (1m + product.HoursRatio) + tariff.AssociationCostsPerInhabitant * population.Count);
            var start = new LineStart(change.EffectiveDate, annual, population, supplier, change.Decision);
            lines.Add(new BudgetLine(change.Member, productId,
                Money.Round(supplier * start.Share), Money.Round(supplier * product.HoursRatio * start.Share),
                Money.Round(tariff.AssociationCostsPerInhabitant * population.Count * start.Share), Money.Round(annual.Euros * start.Share)) { Start = start });
        }

        // A joiner without products pays the association contribution × s, once.
        foreach (var (code, joining) in joiners.Where(j => !lines.Any(l => l.Member == j.Key)))
        {
            var change = ordered.First(c => c.Kind == ChangeKind.Join && c.Member == code && c.Year == y);
            var contribution = products.FirstOrDefault(p => p.Kind == ProductKind.AssociationContribution);
            if (contribution is null || plan.Terms.AssociationContribution is not { } amount)
            {
                Problem(change, "member_code", $"{code} joins without products, but the tariff data of {y} has no association contribution (association_contribution in tariff-year.csv)");
                continue;
            }
            var start = new LineStart(joining.EffectiveDate, amount, change.Population!.Value, 0m, joining.Decision);
            lines.Add(new BudgetLine(code, contribution.Id, Money.Zero, Money.Zero, Money.Round(amount.Euros * start.Share), Money.Round(amount.Euros * start.Share)) { Start = start });
        }
        if (joiners.Count > 0 && products.All(p => p.Id != TariffYear.EntryFeeProduct))
        {
            var vat = products.FirstOrDefault(p => p.Kind == ProductKind.AssociationContribution)?.VatRate ?? products.Max(p => p.VatRate);
            products.Add(new Product(TariffYear.EntryFeeProduct, "Entreegeld", ProductKind.EntryFee, new NoPopulationEffect(), 0m, 0m, vat));
        }

        // Leaving: the year the member (or product) leaves in stays due in full; a year after it is not billed.
        foreach (var change in ordered.Where(c => c.Kind == ChangeKind.Leave))
        {
            if (change.Year == y && !IsMember(change.Member)) { Problem(change, "member_code", $"{change.Member} is not a member in {y}"); continue; }
            if (change.Year == y && change.Product is { } stopped && !lines.Any(l => l.Member == change.Member && l.Product == stopped))
            {
                Problem(change, "product", $"{change.Member} has no {stopped} in {y} to stop");
                continue;
            }
            if (change.EffectiveDate > firstDay) continue;
            lines.RemoveAll(l => l.Member == change.Member && (change.Product is null || l.Product == change.Product));
        }

        // Mergers as data: the successor receives the predecessors' documents from the effective date.
        foreach (var group in ordered.Where(c => c.Kind == ChangeKind.Merge).GroupBy(c => (Successor: c.Successor!.Value, c.EffectiveDate)))
        {
            var predecessors = group.Where(c => plan.IsMember(c.Member)).Select(c => c.Member).ToList();
            foreach (var change in group.Where(c => c.Year == y && !plan.IsMember(c.Member)))
                Problem(change, "member_code", $"{change.Member} is not a member in {y}");
            if (predecessors.Count == 0) continue;
            mergers.Add(new Merger(group.Key.Successor, nameOf?.Invoke(group.Key.Successor) ?? group.Key.Successor.Value, predecessors, group.Key.EffectiveDate));
        }

        var applied = ordered.Where(c => c.Year == y || (c.Kind is ChangeKind.Leave or ChangeKind.Merge && c.EffectiveDate <= firstDay && plan.IsMember(c.Member))).ToList();
        return new TariffYear(y, plan.Version, plan.AdvanceReferenceDate, plan.SettlementReferenceDate, plan.PlanTotals, products, members, lines,
            plan.Partnerships, mergers, plan.Terms, new MemberData(changes.Version, joiners, applied));
    }
}
