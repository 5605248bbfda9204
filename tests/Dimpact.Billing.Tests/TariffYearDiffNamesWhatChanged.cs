using Dimpact.Billing.Tariffs;
using Dimpact.DataFiles.TariffYears;
using Dimpact.TestSupport;
using NodaTime;

namespace Dimpact.Billing.Tests;

/// <summary>
/// `dimpact tariff-year diff` names exactly what changed between two tariff years: per member and product the budget
/// amounts before and after and their difference, the other data that changed, and the totals per product and overall.
/// </summary>
public class TariffYearDiffNamesWhatChanged
{
    private static readonly TariffYear Year2024 = Repository.TariffYear2024;
    private static readonly ProductId ESuite = ProductId.Parse("esuite");

    private static Money Euros(decimal amount) => Money.Exact(amount);

    [Fact]
    public void A_copy_with_one_changed_tariff_names_exactly_that_change_and_its_totals()
    {
        var changed = TariffYearBuilder.From2024().WithBudget("GM0150", "esuite", 460_000).Build();

        var diff = TariffYearDiff.Compare(Year2024, changed);

        var line = Assert.Single(diff.Lines);
        Assert.Equal((CbsCode.Parse("GM0150"), "Deventer", ESuite), (line.Member, line.MemberName, line.Product));
        Assert.Equal(TariffChange.Changed, line.Change);
        Assert.Equal((Euros(455_224), Euros(460_000), Euros(4_776)), (line.Before!.Budget, line.After!.Budget, line.Difference));
        Assert.Empty(diff.Data);

        var esuite = diff.Totals.Single(t => t.Product == ESuite);
        Assert.Equal((Euros(7_674_472), Euros(7_679_248), Euros(4_776)), (esuite.Before, esuite.After, esuite.Difference));
        Assert.All(diff.Totals.Where(t => t.Product != ESuite), t => Assert.Equal(Money.Zero, t.Difference));
        Assert.Equal(Year2024.Products.Select(p => p.Id), diff.Totals.Select(t => t.Product));
        Assert.Equal(Year2024.BudgetLines.Sum(l => l.Budget), diff.TotalBefore);
        Assert.Equal(Euros(4_776), diff.TotalDifference);
    }

    [Fact]
    public void A_year_compared_with_itself_has_no_differences()
    {
        var diff = TariffYearDiff.Compare(Year2024, TariffYearBuilder.From2024().Build());

        Assert.True(diff.IsEmpty);
        Assert.Equal(Money.Zero, diff.TotalDifference);
    }

    [Fact]
    public void A_member_who_joins_or_leaves_brings_or_takes_its_lines()
    {
        var after = TariffYearBuilder.From2024()
            .WithMember("GM0141", "Almelo", 73_000)
            .WithBudget("GM0141", "burgerzaken", 100_740)
            .WithoutMember("GM0150")
            .Build();

        var diff = TariffYearDiff.Compare(Year2024, after);

        var joined = Assert.Single(diff.Lines, l => l.Change == TariffChange.Added);
        Assert.Equal(("GM0141", "Almelo", Euros(100_740)), (joined.Member.Value, joined.MemberName, joined.Difference));
        Assert.Null(joined.Before);
        var left = diff.Lines.Where(l => l.Change == TariffChange.Removed).ToList();
        Assert.Equal(["esuite", "burgerzaken", "burgerzaken_kansen"], left.Select(l => l.Product.Value));
        Assert.All(left, l => Assert.Equal(("GM0150", "Deventer"), (l.Member.Value, l.MemberName)));
        Assert.Equal(-(455_224m + 223_975m + 6_728m), left.Sum(l => l.Difference).Euros);
        Assert.Equal(4, diff.Lines.Count);

        Assert.Equal(
            [
                new TariffDataDifference("member GM0141", "", null, "name Almelo; name_in_plan Almelo; reference_population 73000"),
                new TariffDataDifference("member GM0150", "", "name Deventer; name_in_plan Deventer; reference_population 101446", null),
            ],
            diff.Data);
        Assert.Equal(Euros(100_740 - 455_224 - 223_975 - 6_728), diff.TotalDifference);
    }

    [Fact]
    public void Settings_product_rules_VAT_uptake_rates_and_a_reference_population_are_named_field_by_field()
    {
        var after = TariffYearBuilder.From2024()
            .WithProductColumn("esuite", "vat_rate", "0.09")
            .WithField(TariffYearFiles.RulesFile, ["mylex", "1"], "amount", "9000")
            .WithSetting("plan_product_hours", "254086")
            .WithSetting("entry_fee", "6000")
            .WithProductColumn("burgerzaken", TariffYearFiles.UptakeRateColumn, "0.60")
            .WithField(TariffYearFiles.MembersFile, ["GM0150"], "reference_population", "101500")
            .Build();

        var diff = TariffYearDiff.Compare(Year2024, after);

        Assert.Empty(diff.Lines);
        Assert.Equal(Money.Zero, diff.TotalDifference);
        Assert.Equal(
            [
                new TariffDataDifference("settings", "plan_product_hours", "254085", "254086"),
                new TariffDataDifference("settings", "entry_fee", "5000.00", "6000.00"),
                new TariffDataDifference("product esuite", "vat_rate", "0.21", "0.09"),
                new TariffDataDifference("product burgerzaken", "association_costs_per_inhabitant", "0.58", "0.60"),
                new TariffDataDifference("product mylex", "brackets",
                    "0-20000: 8840 | 20000-40000: 14470 | 40000-75000: 18850 | 75000-100000: 23940 | 100000-150000: 34380 | 150000-: 44040",
                    "0-20000: 9000 | 20000-40000: 14470 | 40000-75000: 18850 | 75000-100000: 23940 | 100000-150000: 34380 | 150000-: 44040"),
                new TariffDataDifference("member GM0150", "reference_population", "101446", "101500"),
            ],
            diff.Data);
    }

    [Fact]
    public void A_merger_and_a_partnership_are_named_by_the_municipality_they_concern()
    {
        var after = TariffYearBuilder.From2024()
            .WithMerger("GM1999", "Assen-Odoorn", "GM0106", new LocalDate(2024, 7, 1))
            .WithField(TariffYearFiles.PartnershipsFile, ["GM0226", "GM0293"], "products", "open_online")
            .WithField(TariffYearFiles.PartnershipsFile, ["GM0226", "GM0299"], "products", "open_online")
            .Build();

        var diff = TariffYearDiff.Compare(Year2024, after);

        Assert.Empty(diff.Lines);
        Assert.Equal(
            [
                new TariffDataDifference("partner GM0293", "products", "podiumd_formulier|open_online", "open_online"),
                new TariffDataDifference("partner GM0299", "products", "podiumd_formulier|open_online", "open_online"),
                new TariffDataDifference("merger of GM0106", "", null, "successor_code GM1999; successor_name Assen-Odoorn; effective_date 2024-07-01"),
            ],
            diff.Data);
    }

    [Fact]
    public void The_next_year_with_the_same_data_differs_only_in_its_reference_dates()
    {
        var diff = TariffYearDiff.Compare(Year2024, TariffYearBuilder.From2024().WithYear(2025).Build());

        Assert.Empty(diff.Lines);
        Assert.Equal(
            [
                new TariffDataDifference("settings", "advance_reference_date", "2022-01-01", "2023-01-01"),
                new TariffDataDifference("settings", "settlement_reference_date", "2024-01-01", "2025-01-01"),
            ],
            diff.Data);
    }
}
