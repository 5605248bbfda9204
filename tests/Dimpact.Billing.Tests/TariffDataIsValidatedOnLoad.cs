using Dimpact.Billing.Tariffs;
using Dimpact.TestSupport;
using Dimpact.DataFiles.TariffYears;

namespace Dimpact.Billing.Tests;

/// <summary>A tariff year with any problem is not built; every problem names its file, line and field.</summary>
public class TariffDataIsValidatedOnLoad
{
    private static InvalidInputException Refused(TariffYearBuilder year) => Assert.Throws<InvalidInputException>(() => year.Build());

    [Fact]
    public void The_2024_files_load_and_have_a_stable_version()
    {
        var year = TariffYearBuilder.From2024().Build();
        Assert.Equal(2024, year.Year);
        Assert.Equal(new NodaTime.LocalDate(2022, 1, 1), year.AdvanceReferenceDate);
        Assert.Equal(new NodaTime.LocalDate(2024, 1, 1), year.SettlementReferenceDate);
        Assert.Equal(year.Version, TariffYearBuilder.From2024().Build().Version);
        Assert.Equal(Repository.TariffYear2024.Version, year.Version);
        Assert.StartsWith("2024-", year.Version);
    }

    [Fact]
    public void A_changed_file_changes_the_version()
    {
        var before = TariffYearBuilder.From2024().Build().Version;
        var changed = TariffYearBuilder.From2024().WithBudget("GM0150", "esuite", 455_225, split: (341_267, 1_198, 112_759)).Build();
        Assert.NotEqual(before, changed.Version);
    }

    [Fact]
    public void Text_in_an_amount_is_reported_with_file_line_and_field()
    {
        var error = Refused(TariffYearBuilder.From2024().WithField(TariffYearFiles.BudgetFile, ["GM0150", "esuite"], "budget", "veel"));
        var problem = Assert.Single(error.Problems);
        Assert.Equal(TariffYearFiles.BudgetFile, problem.File);
        Assert.Equal(5, problem.Line);
        Assert.Equal("budget", problem.Field);
        Assert.Contains("'veel' is not a number", problem.Message);
    }

    [Fact]
    public void Every_problem_is_reported_not_only_the_first()
    {
        var error = Refused(TariffYearBuilder.From2024()
            .WithField(TariffYearFiles.MembersFile, ["GM0150"], "cbs_code", "GX0150")
            .WithField(TariffYearFiles.MembersFile, ["GM0106"], "reference_population", "-5"));
        Assert.Contains(error.Problems, p => p.Field == "cbs_code" && p.Message.Contains("GX0150"));
        Assert.Contains(error.Problems, p => p.Field == "reference_population" && p.Message.Contains("below the minimum"));
        // Deventer's budget lines now name a code that is no member.
        Assert.Contains(error.Problems, p => p.File == TariffYearFiles.BudgetFile && p.Message.Contains("GM0150 is not in members.csv"));
    }

    [Fact]
    public void A_missing_column_is_named()
    {
        var error = Refused(TariffYearBuilder.From2024().WithoutColumn(TariffYearFiles.ProductsFile, "vat_rate"));
        Assert.Contains(error.Problems, p => p.Field == "vat_rate" && p.Line == 1 && p.Message.Contains("no column 'vat_rate'"));
    }

    [Fact]
    public void A_budget_that_does_not_match_its_split_is_rejected()
    {
        var error = Refused(TariffYearBuilder.From2024().WithBudget("GM0150", "esuite", 455_300, split: (341_267, 1_198, 112_759)));
        Assert.Contains(error.Problems, p => p.Field == "budget" && p.Message.Contains("differs from supplier + hours + association costs"));
    }

    [Fact]
    public void Brackets_must_be_contiguous_and_end_unbounded()
    {
        var gap = Refused(TariffYearBuilder.From2024().WithField(TariffYearFiles.RulesFile, ["mylex", "2"], "from_inhabitants", "25000"));
        Assert.Contains(gap.Problems, p => p.Field == "from_inhabitants" && p.Message.Contains("does not continue the previous bracket"));
        var bounded = Refused(TariffYearBuilder.From2024().WithField(TariffYearFiles.RulesFile, ["mylex", "6"], "to_inhabitants", "900000"));
        Assert.Contains(bounded.Problems, p => p.Field == "to_inhabitants" && p.Message.Contains("must be unbounded"));
    }

    [Fact]
    public void A_rule_that_does_not_fit_its_brackets_is_rejected()
    {
        var error = Refused(TariffYearBuilder.From2024().WithProductColumn("mylex", "population_rule", "per_inhabitant"));
        Assert.Contains(error.Problems, p => p.Field == "population_rule" && p.Message.Contains("does not fit the 6 bracket(s)"));
    }

    [Fact]
    public void A_partner_cannot_also_be_billed_directly_for_a_shared_product()
    {
        var error = Refused(TariffYearBuilder.From2024().WithBudget("GM0293", "open_online", 100));
        Assert.Contains(error.Problems, p => p.Field == "cbs_code" && p.Message.Contains("billed via its lead member"));
    }

    [Fact]
    public void Every_duplicate_key_and_unknown_member_is_reported_with_file_line_and_field()
    {
        var year = TariffYearBuilder.From2024();
        int Append(string file, string row) => year.AppendRow(file, row).LastLine(file);
        var member = Append(TariffYearFiles.MembersFile, "GM0106,Assen,Assen,68979");
        var product = Append(TariffYearFiles.ProductsFile, "esuite,e-Suite,product,progressive_brackets,5753312,20189,1900971,0.21");
        var partner = Append(TariffYearFiles.PartnershipsFile, "RID de Liemers,GM0226,GM0293,open_online");
        var lead = Append(TariffYearFiles.PartnershipsFile, "Elders,GM9998,GM0150,esuite");
        var merger = Append(TariffYearFiles.MergersFile, "GM1992,Voorne aan Zee,GM0501,2023-01-01");

        var problems = Refused(year).Problems;

        Assert.Equal(
            [
                new DataProblem(TariffYearFiles.ProductsFile, product, "product", "'esuite' appears twice"),
                new DataProblem(TariffYearFiles.MembersFile, member, "cbs_code", "GM0106 appears twice"),
                new DataProblem(TariffYearFiles.PartnershipsFile, partner, "partner_code", "GM0293 is already billed via another member"),
                new DataProblem(TariffYearFiles.PartnershipsFile, lead, "lead_code", "GM9998 is not in members.csv"),
                new DataProblem(TariffYearFiles.MergersFile, merger, "predecessor_code", "GM0501 already has a successor"),
            ],
            problems);
    }

    [Fact]
    public void A_duplicate_line_and_a_missing_file_are_reported()
    {
        var duplicate = Refused(TariffYearBuilder.From2024().AppendRow(TariffYearFiles.BudgetFile, "GM0150,esuite,341267,1198,112759,455224"));
        Assert.Contains(duplicate.Problems, p => p.Message.Contains("second 'esuite' line"));
        var missing = Refused(TariffYearBuilder.From2024().WithoutFile(TariffYearFiles.MergersFile));
        Assert.Contains(missing.Problems, p => p.File == TariffYearFiles.MergersFile && p.Message == "the file is missing");
    }
}
