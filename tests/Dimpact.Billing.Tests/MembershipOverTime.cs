using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Membership;
using Dimpact.Billing.Populations;
using Dimpact.Billing.Settlement;
using Dimpact.Billing.Tariffs;
using Dimpact.DataFiles.Members;
using Dimpact.TestSupport;
using NodaTime;

namespace Dimpact.Billing.Tests;

/// <summary>
/// Billing follows membership changes (BILLING.md, "Membership over time"): uptakes priced and billed from their
/// quarter, caught up when recorded late, settled on the uptake rule; joiners with their entry fee, with and without
/// products; leavers billed for the whole year and nothing after; mergers as data. A year's documents are issued here
/// as the daily run does (what is due given what is issued), without storage.
/// </summary>
public class MembershipOverTime
{
    private static readonly TariffYear Plan = Repository.TariffYear2024;
    private static readonly CbsCode Losser = CbsCode.Parse("GM0168");
    private static readonly CbsCode Deventer = CbsCode.Parse("GM0150");
    private static readonly CbsCode Assen = CbsCode.Parse("GM0106");
    private static readonly CbsCode Montferland = CbsCode.Parse("GM1955");
    private static readonly CbsCode Arnhem = CbsCode.Parse("GM0202");
    private static readonly ProductId OpenOnline = ProductId.Parse("open_online");
    private static readonly ProductId MyLex = ProductId.Parse("mylex");
    private static readonly ProductId Esuite = ProductId.Parse("esuite");

    private static MembershipChanges Changes(params string[] rows) =>
        MembershipChangeFiles.Parse(MembershipChanges.Header + "\n" + string.Join("\n", rows) + "\n", version: "changes v0002");

    /// <summary>Issues what the calendar asks for on each date, in order, as the daily run does; numbered per kind.</summary>
    private static List<Invoice> IssueOn(TariffYear year, List<Invoice> issued, params LocalDate[] dates)
    {
        foreach (var date in dates)
        {
            var keys = issued.Select(i => i.Key).ToHashSet();
            foreach (var draft in IssueDueInvoices.DueBy(year, date, issued).Where(d => !keys.Contains(d.Key)))
                issued.Add(draft.WithNumber(new InvoiceNumber(draft.Kind, year.Year, issued.Count(i => i.Kind == draft.Kind) + 1)));
        }
        return issued;
    }

    private static List<Invoice> Settle(TariffYear year, List<Invoice> issued, LocalDate date, Func<CbsCode, Population> figures, int version = 1)
    {
        var snapshot = new PopulationSnapshot(year.SettlementReferenceDate, version, "test", Instant.FromUtc(2024, 3, 1, 0, 0),
            year.Members.ToDictionary(m => m.Code, m => figures(m.Code)));
        var (due, waiting) = SettleYear.DocumentsDue(year, snapshot, issued, date);
        Assert.Empty(waiting);
        foreach (var draft in due) issued.Add(draft.WithNumber(new InvoiceNumber(draft.Kind, year.Year, issued.Count(i => i.Kind == draft.Kind) + 1)));
        return issued;
    }

    private static Money Total(IEnumerable<Invoice> issued, CbsCode member, ProductId product) =>
        issued.Where(i => i.Key.Member == member).SelectMany(i => i.Lines).Where(l => l.Product == product).Sum(l => l.Amount);

    private static Population Reference(TariffYear year, CbsCode code) => year.Member(code).ReferencePopulation;

    private static readonly LocalDate[] QuarterStarts = [new(2024, 1, 1), new(2024, 4, 1), new(2024, 7, 1)];

    [Fact]
    public void Losser_takes_up_Open_Online_from_1_July_as_the_worked_example_says()
    {
        var year = MembershipRules.Apply(Plan, Changes("GM0168,Losser,uptake,open_online,2024-07-01,,,,,ALV 2024-06-12 besluit 4"));

        var line = year.LinesOf(Losser).Single(l => l.Product == OpenOnline);
        Assert.Equal(Money.Exact(17_756m), line.Start!.AnnualTariff);
        Assert.Equal(Money.Exact(8_878.00m), line.Budget);

        // Q1 brought the association contribution whole; Q3 the first Open Online advance; no advance before.
        var issued = IssueOn(year, [], QuarterStarts);
        var losser = issued.Where(i => i.Key.Member == Losser).ToList();
        Assert.Equal([(1, Purpose.AnnualContribution), (3, Purpose.Advance)], losser.Select(i => (i.Key.Quarter, i.Key.Purpose)));
        Assert.Equal(Money.Exact(6_480m), losser[0].TotalExclVat);
        Assert.Equal(Money.Exact(4_439.00m), Assert.Single(losser[1].Lines).Amount);
        Assert.Equal("changes v0002", losser[1].Draft.Basis.MemberDataVersion);

        // Settlement population 23,362, same bracket: 0.10 × 278 × 1/2 = 13.90.
        Settle(year, issued, new LocalDate(2024, 10, 1), c => c == Losser ? new Population(23_362) : Reference(year, c));
        var q4 = issued.Single(i => i.Key.Member == Losser && i.Key.Purpose == Purpose.Settlement);
        var settled = Assert.Single(q4.Lines);
        Assert.Equal(OpenOnline, settled.Product);
        Assert.Equal(Money.Exact(8_891.90m), settled.Settlement!.Definitive);
        Assert.Equal(Money.Exact(4_452.90m), settled.Amount);
        Assert.Equal(Money.Exact(8_891.90m), Total(issued, Losser, OpenOnline));
        Assert.Equal(Money.Exact(6_480m), Total(issued, Losser, ProductId.Parse("association_contribution"))); // not refunded
    }

    [Fact]
    public void An_uptake_recorded_after_its_quarters_were_invoiced_is_caught_up_on_the_next_document()
    {
        // Deventer's Q1 and Q2 advances are issued on the plan; then an uptake of My-Lex from 1 January is recorded.
        var issued = IssueOn(Plan, [], QuarterStarts[..2]);
        var year = MembershipRules.Apply(Plan, Changes("GM0150,Deventer,uptake,mylex,2024-01-01,,,,,ALV 2024-04-20"));
        var line = year.LinesOf(Deventer).Single(l => l.Product == MyLex);
        var advance = TariffYear.QuarterlyAdvance(line);
        // T = round0(34,380 × (1 + 37,326 / 371,017) + 0.11 × 101,446): bracket 5 (100,000–150,000).
        Assert.Equal(Money.RoundToEuros(34_380m * (1m + 37_326m / 371_017m) + 0.11m * 101_446m), line.Start!.AnnualTariff);

        IssueOn(year, issued, QuarterStarts[2]);

        var q3 = issued.Single(i => i.Key == new DocumentKey(Deventer, 2024, 3, Purpose.Advance));
        Assert.Equal(advance * 3, q3.Lines.Single(l => l.Product == MyLex).Amount); // Q1, Q2 and Q3 at once
        Assert.Contains("eerdere kwartalen", q3.Lines.Single(l => l.Product == MyLex).Description);
        Assert.Equal(2, issued.Count(i => i.Key.Member == Deventer && i.Key.Quarter < 3 && i.Lines.All(l => l.Product != MyLex)));

        Settle(year, issued, new LocalDate(2024, 10, 1), c => Reference(year, c));
        Assert.Equal(line.Budget, Total(issued, Deventer, MyLex)); // unchanged population: the year adds up to T × s, s = 1
    }

    [Fact]
    public void An_uptake_recorded_after_the_settlement_gets_a_correction()
    {
        var issued = Settle(Plan, IssueOn(Plan, [], QuarterStarts), new LocalDate(2024, 10, 1), c => Reference(Plan, c));
        var year = MembershipRules.Apply(Plan, Changes("GM0150,Deventer,uptake,mylex,2024-10-01,,,,,ALV 2024-11-20"));

        Settle(year, issued, new LocalDate(2024, 12, 1), c => Reference(year, c));

        var correction = issued.Single(i => i.Key.Member == Deventer && i.Key.Purpose == Purpose.Correction);
        var line = Assert.Single(correction.Lines);
        Assert.Equal(MyLex, line.Product);
        Assert.Equal(year.LinesOf(Deventer).Single(l => l.Product == MyLex).Budget, line.Amount); // s = 1/4, nothing invoiced before
    }

    [Fact]
    public void A_joiner_with_products_pays_its_entry_fee_on_its_first_document_only()
    {
        var year = MembershipRules.Apply(Plan, Changes(
            "GM1955,Montferland,join,,2024-04-01,35000,,,,ALV 2024-03-15 besluit 2",
            "GM1955,Montferland,uptake,esuite,2024-04-01,35000,,,,ALV 2024-03-15 besluit 2"));

        var issued = IssueOn(year, [], QuarterStarts);
        Settle(year, issued, new LocalDate(2024, 10, 1), c => c == Montferland ? new Population(35_500) : Reference(year, c));

        var documents = issued.Where(i => i.Key.Member == Montferland).OrderBy(i => i.Key.Quarter).ToList();
        Assert.Equal([2, 3, 4], documents.Select(d => d.Key.Quarter));
        var fee = Assert.Single(documents.SelectMany(d => d.Lines), l => l.Product == TariffYear.EntryFeeProduct);
        Assert.Same(fee, documents[0].Lines[0]);
        Assert.Equal(Plan.Terms.EntryFee, fee.Amount); // the tariff year's fee: the row names none

        var line = year.LinesOf(Montferland).Single();
        var tariff = Money.RoundToEuros(1.83m * 35_000 * (1m + year.Product(Esuite).HoursRatio) + 0.96m * 35_000);
        Assert.Equal(tariff, line.Start!.AnnualTariff);
        Assert.Equal(Money.Round(tariff.Euros * 0.75m), line.Budget);
        // Definitive: T × s + round2(round2(1.83 × 500 × (1 + h) + 0.96 × 500) × 3/4).
        var effect = Money.Round(Money.Round(1.83m * 500 * (1m + year.Product(Esuite).HoursRatio) + 0.96m * 500).Euros * 0.75m);
        Assert.Equal(line.Budget + effect, Total(issued, Montferland, Esuite));
    }

    [Fact]
    public void A_joiner_without_products_pays_the_association_contribution_times_s_once_with_the_fee_of_its_row()
    {
        var year = MembershipRules.Apply(Plan, Changes("GM0202,Arnhem,join,,2024-07-01,164000,7500.00,,,ALV 2024-06-12 besluit 5"));

        var issued = IssueOn(year, [], [.. QuarterStarts, new LocalDate(2024, 10, 1)]);
        Settle(year, issued, new LocalDate(2024, 10, 1), c => Reference(year, c));

        var document = Assert.Single(issued, i => i.Key.Member == Arnhem);
        Assert.Equal(new DocumentKey(Arnhem, 2024, 3, Purpose.AnnualContribution), document.Key);
        Assert.Equal([Money.Exact(7_500m), Money.Exact(3_240m)], document.Lines.Select(l => l.Amount)); // fee, 6,480 × 1/2
    }

    [Fact]
    public void A_joiner_cannot_be_billed_without_an_entry_fee()
    {
        var withoutFee = TariffYearBuilder.From2024().WithoutSetting("entry_fee").Build();

        var problem = Assert.Single(Assert.Throws<InvalidInputException>(() =>
            MembershipRules.Apply(withoutFee, Changes("GM0202,Arnhem,join,,2024-07-01,164000,,,,ALV 2024-06-12 besluit 5"))).Problems);

        Assert.Equal((MembershipChanges.FileName, (int?)2, "entry_fee"), (problem.File, problem.Line, problem.Field));
    }

    [Fact]
    public void A_member_leaving_mid_year_is_billed_for_the_whole_year_and_nothing_after()
    {
        var changes = Changes("GM0150,Deventer,leave,,2024-07-01,,,,,ALV 2023-12-06 (art. 6.4)");
        var year = MembershipRules.Apply(Plan, changes);

        var withLeave = Settle(year, IssueOn(year, [], QuarterStarts), new LocalDate(2024, 10, 1), c => Reference(year, c));
        var without = Settle(Plan, IssueOn(Plan, [], QuarterStarts), new LocalDate(2024, 10, 1), c => Reference(Plan, c));
        Assert.Equal(without.Where(i => i.Key.Member == Deventer).Select(i => i.TotalExclVat), withLeave.Where(i => i.Key.Member == Deventer).Select(i => i.TotalExclVat));
        Assert.Equal(4, withLeave.Count(i => i.Key.Member == Deventer));

        var next = MembershipRules.Apply(TariffYearBuilder.From2024().WithYear(2025).Build(), changes);
        Assert.DoesNotContain(next.BillableMembers, m => m.Code == Deventer);
        Assert.DoesNotContain(IssueDueInvoices.DueBy(next, new LocalDate(2025, 7, 1)), d => d.Key.Member == Deventer);
        Assert.Contains(next.BillableMembers, m => m.Code == Assen);
    }

    [Fact]
    public void A_merger_from_the_data_sends_the_members_documents_to_its_successor_from_the_effective_date()
    {
        var year = MembershipRules.Apply(Plan, Changes(
            "GM0106,Assen,merge,,2024-07-01,,,,GM1999,Herindeling Assen-Aa en Hunze 2024",
            "GM1681,Borger-Odoorn,merge,,2024-07-01,,,,GM1999,Herindeling Assen-Aa en Hunze 2024"), code => code.Value == "GM1999" ? "Assen-Odoorn" : null);

        var issued = IssueOn(year, [], QuarterStarts);

        var assen = issued.Where(i => i.Key.Member == Assen).OrderBy(i => i.Key.Quarter).ToList();
        Assert.Equal(["GM0106", "GM0106", "GM1999"], assen.Select(i => i.Member.Value));
        Assert.Equal("Assen-Odoorn", assen[2].Draft.MemberName);
        Assert.Equal(assen[0].TotalExclVat, assen[2].TotalExclVat); // the lines stay the predecessor's
    }

    [Fact]
    public void An_uptake_withdrawn_after_it_was_invoiced_is_credited_by_the_settlement()
    {
        var withUptake = MembershipRules.Apply(Plan, Changes("GM0168,Losser,uptake,open_online,2024-07-01,,,,,ALV 2024-06-12 besluit 4"));
        var issued = IssueOn(withUptake, [], QuarterStarts);
        var withdrawn = MembershipRules.Apply(Plan, new MembershipChanges("changes v0003", []));

        Settle(withdrawn, issued, new LocalDate(2024, 10, 1), c => Reference(withdrawn, c));

        var q4 = issued.Single(i => i.Key.Member == Losser && i.Key.Purpose == Purpose.Settlement);
        Assert.Equal(DocumentKind.CreditNote, q4.Kind);
        Assert.Equal(Money.Exact(-4_439.00m), Assert.Single(q4.Lines).Amount);
        Assert.Equal(Money.Zero, Total(issued, Losser, OpenOnline));
        Assert.Equal(Money.Exact(6_480m), Total(issued, Losser, ProductId.Parse("association_contribution"))); // the plan's, kept
        var report = Reports.SettlementReport.Of(withdrawn, issued, null, Instant.FromUtc(2024, 10, 1, 0, 0));
        var line = Assert.Single(report.Lines, l => l.Member.Code == Losser);
        Assert.Equal((Money.Exact(4_439m), Money.Zero, Money.Exact(-4_439m), Money.Zero), (line.Amounts.Advances, line.Amounts.Definitive, line.Amounts.SettlementAmount, line.Amounts.Open));
    }

    [Fact]
    public void A_join_withdrawn_after_its_documents_were_issued_is_credited_whole_fee_included()
    {
        var joined = MembershipRules.Apply(Plan, Changes(
            "GM1955,Montferland,join,,2024-04-01,35000,,,,ALV 2024-03-15 besluit 2",
            "GM1955,Montferland,uptake,esuite,2024-04-01,35000,,,,ALV 2024-03-15 besluit 2"));
        var issued = IssueOn(joined, [], QuarterStarts);
        var charged = issued.Where(i => i.Key.Member == Montferland).Sum(i => i.TotalExclVat);
        var withdrawn = MembershipRules.Apply(Plan, new MembershipChanges("changes v0003", []));

        Settle(withdrawn, issued, new LocalDate(2024, 10, 1), c => Reference(withdrawn, c));

        var credit = issued.Single(i => i.Key.Member == Montferland && i.Key.Purpose == Purpose.Settlement);
        Assert.Equal(-charged, credit.TotalExclVat);
        Assert.Equal([TariffYear.EntryFeeProduct, Esuite], credit.Lines.Select(l => l.Product).Order(Comparer<ProductId>.Create((a, b) => string.CompareOrdinal(a.Value, b.Value))));
        Assert.Equal("Montferland", credit.Draft.MemberName);
        Assert.Empty(SettleYear.DocumentsDue(withdrawn, new PopulationSnapshot(withdrawn.SettlementReferenceDate, 1, "test", Instant.FromUtc(2024, 3, 1, 0, 0),
            withdrawn.Members.ToDictionary(m => m.Code, m => m.ReferencePopulation)), issued, new LocalDate(2024, 10, 2)).Due);
    }

    [Fact]
    public void Changes_that_do_not_fit_the_year_are_refused_with_line_and_field()
    {
        var problems = MembershipRules.Check([Plan], Changes(
            "GM0150,Deventer,uptake,esuite,2024-04-01,,,,,ALV",              // in the budget already
            "GM0150,Deventer,uptake,burgerzaken_kansen,2024-04-01,,,,,ALV",  // in the budget already
            "GM0168,Losser,uptake,mylex,2024-04-01,25000,,,,ALV",            // not Losser's plan population
            "GM0168,Losser,uptake,podcasts,2024-04-01,,,,,ALV",              // no such product
            "GM0202,Arnhem,uptake,esuite,2024-04-01,164000,,,,ALV",          // not a member, no join
            "GM0363,Amsterdam,join,,2025-01-01,930000,,,,ALV"));             // no tariff year 2025

        Assert.Equal(
            [(2, "product"), (3, "product"), (4, "population"), (5, "product"), (6, "member_code"), (7, "effective_date")],
            problems.Select(p => (p.Line ?? 0, p.Field ?? "")).OrderBy(p => p.Item1));
    }

    [Fact]
    public void The_file_needs_its_exact_header_and_the_fields_each_change_needs()
    {
        var header = Assert.Throws<InvalidInputException>(() => MembershipChangeFiles.Parse("member_code,member_name,change\nGM0150,Deventer,leave\n")).Problems;
        Assert.Contains("the header must be exactly", Assert.Single(header).Message);

        var rows = Assert.Throws<InvalidInputException>(() => MembershipChangeFiles.Parse(MembershipChanges.Header + "\n"
            + "GM0150,Deventer,quit,,2024-07-01,,,,,ALV\n"
            + "GM1955,Montferland,join,,2024-04-01,,,,,ALV\n"
            + "GM0150,Deventer,merge,,2024-07-01,,,,,ALV\n"
            + "GM0150,Deventer,uptake,mylex,2024-13-01,,,,,ALV\n"
            + "GM0150,Deventer,leave,,2024-07-01,,500,,,ALV\n")).Problems;
        Assert.Equal([(2, "change"), (3, "population"), (4, "successor_code"), (5, "effective_date"), (6, "entry_fee")],
            rows.Select(p => (p.Line ?? 0, p.Field ?? "")));
    }
}
