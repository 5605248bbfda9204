using Dimpact.DataFiles.TariffYears;
using Dimpact.TestSupport;

namespace Dimpact.Cli.Tests;

/// <summary>
/// `dimpact tariff-year diff 2024 FOLDER`, as finance checks a prepared year before uploading it: the output names
/// exactly what changed, with totals; a year without data and a folder with a problem say so without a stack trace.
/// </summary>
public class ComparingTariffYears
{
    private readonly Dictionary<string, string> _environment = new()
    {
        ["DIMPACT_STORAGE"] = Azurite.ConnectionString,
        ["DIMPACT_STORAGE_PREFIX"] = Azurite.UniquePrefix(),
    };

    /// <summary>The shipped 2024 files with one changed tariff: Deventer's e-Suite from 455,224 to 460,000.</summary>
    private static string FolderWithOneChangedTariff() =>
        TariffYearBuilder.From2024().WithBudget("GM0150", "esuite", 460_000).WriteTo(Path.Combine(Directory.CreateTempSubdirectory("cli-diff-").FullName, "2024"));

    private Task<CliResult> Diff(params string[] arguments) => CliProcess.RunAsync(["tariff-year", "diff", .. arguments], _environment);

    private static void Succeeded(CliResult result) =>
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.Output}\n{result.Error}");

    [Fact]
    public async Task The_csv_of_2024_against_a_copy_with_one_changed_tariff_is_exactly_that_change()
    {
        var result = await Diff("2024", FolderWithOneChangedTariff(), "--csv");

        Succeeded(result);
        Assert.Equal("member_code,member_name,product,before,after,difference\nGM0150,Deventer,esuite,455224.00,460000.00,4776.00\n", result.Output);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public async Task The_table_names_the_member_product_and_amounts_and_the_totals()
    {
        var result = await Diff("2024", FolderWithOneChangedTariff());

        Succeeded(result);
        var changed = result.Output.Split('\n').Where(l => l.Contains("GM0", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(changed);
        Assert.Matches(@"Deventer\s+GM0150\s+e-Suite\s+changed\s+455\.224,00\s+460\.000,00\s+\+4\.776,00", line);
        Assert.Matches(@"e-Suite\s+7\.674\.472,00\s+7\.679\.248,00\s+\+4\.776,00", result.Output);
        Assert.Matches(@"Burgerzaken\s+2\.885\.143,00\s+2\.885\.143,00\s+0,00", result.Output);
        Assert.Matches(@"Total\s+13\.002\.210,00\s+13\.006\.986,00\s+\+4\.776,00", result.Output);
        Assert.Contains("No other tariff data differs", result.Output);
    }

    [Fact]
    public async Task A_year_without_tariff_data_exits_3_and_says_which()
    {
        var result = await Diff("2024", "2031");

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("error: there is no tariff year 2031: compare a year that has tariff data, or give the folder of a year's files.", result.Error.TrimEnd());
        Assert.DoesNotContain("   at ", result.Output + result.Error);
    }

    [Fact]
    public async Task A_folder_with_a_problem_exits_2_naming_file_line_and_field()
    {
        var folder = TariffYearBuilder.From2024().WithField(TariffYearFiles.BudgetFile, ["GM0150", "esuite"], "budget", "veel")
            .WriteTo(Directory.CreateTempSubdirectory("cli-diff-").FullName);

        var result = await Diff(folder, "2024");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: {Path.Combine(folder, TariffYearFiles.BudgetFile)}, line 5, field 'budget': 'veel' is not a number (use '.' as the decimal point)", result.Error.TrimEnd());
        Assert.Equal("", result.Output);
    }
}
