using Dimpact.Billing.Tariffs;
using Dimpact.DataFiles.TariffYears;
using Dimpact.TestSupport;
using NodaTime;

namespace Dimpact.Billing.Tests;

/// <summary>
/// The tariff-year builder of the tests changes exactly what a test names and reads the result as the loader does:
/// the unchanged 2024 files are the shipped year, and every built year passed the loader's validation.
/// </summary>
public class TariffYearsAreBuiltInMemory
{
    private static readonly CbsCode Deventer = CbsCode.Parse("GM0150");
    private static readonly ProductId ESuite = ProductId.Parse("esuite");

    [Fact]
    public void The_unchanged_2024_files_are_the_shipped_year()
    {
        var year = TariffYearBuilder.From2024().Build();

        Assert.Equal(Repository.TariffYear2024.Version, year.Version);
        Assert.Equal(Repository.TariffYear2024.BudgetLines, year.BudgetLines);
        Assert.Equal(Repository.TariffYear2024.Members, year.Members);
    }

    [Fact]
    public void A_year_built_from_empty_has_only_what_was_added()
    {
        var year = TariffYearBuilder.Empty(2026)
            .WithPlanTotals(1_000, 100, 220)
            .WithProduct("esuite", "e-Suite", supplierCosts: 1_000, productHours: 100)
            .WithRule("esuite", "progressive_brackets", new Bracket(0, 50_000, 2m), new Bracket(50_000, null, 1m))
            .WithMember("GM0150", "Deventer", 60_000)
            .WithBudget("GM0150", "esuite", 110_000)
            .Build();

        Assert.Equal(2026, year.Year);
        Assert.Equal(new LocalDate(2024, 1, 1), year.AdvanceReferenceDate);
        Assert.Equal(0.2m, year.AssociationRate);
        Assert.Equal(110_000m, Assert.Single(year.BudgetLines).Budget.Euros);
        Assert.Equal(110_000m, year.Product(ESuite).Rule.SupplierCosts(new Population(60_000)));
    }

    [Fact]
    public void A_changed_budget_keeps_a_split_that_adds_up_to_it()
    {
        var line = TariffYearBuilder.From2024().WithBudget("GM0150", "esuite", 460_000).Build().LinesOf(Deventer).Single(l => l.Product == ESuite);

        Assert.Equal(460_000m, line.Budget.Euros);
        Assert.Equal(line.Budget, line.SupplierCosts + line.ProductHours + line.AssociationCosts);
    }

    [Fact]
    public void A_member_removed_takes_its_lines_and_partnerships_along()
    {
        var withoutPartner = TariffYearBuilder.From2024().WithoutMember("GM0293").Build();
        var withoutLead = TariffYearBuilder.From2024().WithoutMember("GM0226").Build();

        Assert.False(withoutPartner.IsMember(CbsCode.Parse("GM0293")));
        Assert.Equal(["GM0299"], Assert.Single(withoutPartner.Partnerships).Partners.Select(p => p.Value));
        Assert.Empty(withoutLead.Partnerships);
        Assert.Empty(withoutLead.LinesOf(CbsCode.Parse("GM0226")));
    }

    [Fact]
    public void Another_year_moves_both_reference_dates_along()
    {
        var year = TariffYearBuilder.From2024().WithYear(2025).Build();

        Assert.Equal(2025, year.Year);
        Assert.Equal(new LocalDate(2023, 1, 1), year.AdvanceReferenceDate);
        Assert.Equal(new LocalDate(2025, 1, 1), year.SettlementReferenceDate);
    }

    [Fact]
    public void A_column_the_file_lacks_is_added_empty_for_the_other_rows()
    {
        var builder = TariffYearBuilder.From2024().WithProductColumn("esuite", "note", "changed");
        var products = builder.Files()[TariffYearFiles.ProductsFile].Split('\n');

        var header = products[0].Split(',');
        Assert.Equal("note", header[^1]);
        Assert.Equal(["esuite", "changed"], [products[1].Split(',')[0], products[1].Split(',')[^1]]);
        Assert.Equal(["burgerzaken", ""], [products[2].Split(',')[0], products[2].Split(',')[^1]]);
        Assert.Equal(header.Length, products[2].Split(',').Length);
        Assert.Equal(Repository.TariffYear2024.Products.Count, builder.Build().Products.Count);
    }

    [Fact]
    public void The_files_written_to_a_folder_load_as_the_built_year()
    {
        var builder = TariffYearBuilder.From2024().WithMerger("GM1999", "Assen-Odoorn", "GM0106", new LocalDate(2024, 7, 1));
        var folder = builder.WriteTo(Path.Combine(Directory.CreateTempSubdirectory("builder-").FullName, "2024"));

        Assert.Equal(builder.Build().Version, TariffYearFiles.Load(folder).Version);
        Assert.NotEqual(Repository.TariffYear2024.Version, TariffYearFiles.Load(folder).Version);
    }
}
