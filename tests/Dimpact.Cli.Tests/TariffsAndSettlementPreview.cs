using System.Globalization;
using Dimpact.Billing.Settlement;
using Dimpact.Billing.Tariffs;
using Dimpact.TestSupport;

namespace Dimpact.Cli.Tests;

/// <summary>`dimpact tariffs` and `dimpact settle-preview`, as a finance user runs them.</summary>
public class TariffsAndSettlementPreview
{
    private static readonly TariffYear Year = Repository.TariffYear2024;
    private static readonly string Sample = Repository.Data("samples", "population-2024-01-01.csv");

    private static string WriteTemp(string name, string content)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("cli-").FullName, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task Tariffs_as_CSV_list_every_budget_line_with_the_exact_header()
    {
        var result = await CliProcess.RunAsync("tariffs", "--year", "2024", "--csv");
        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.TrimEnd('\n').Split('\n');
        Assert.Equal("member_code,member_name,product,annual_budget", lines[0]);
        Assert.Equal(Year.BudgetLines.Count, lines.Length - 1);
        Assert.Contains("GM0150,Deventer,esuite,455224.00", lines);
        Assert.Contains("GM0168,Losser,association_contribution,6480.00", lines);
    }

    [Fact]
    public async Task Tariffs_as_a_table_read_like_Tabel_19()
    {
        var result = await CliProcess.RunAsync("tariffs", "--year", "2024");
        Assert.Equal(0, result.ExitCode);
        var deventer = result.Output.Split('\n').Single(l => l.Contains("GM0150"));
        Assert.Contains("455.224", deventer);
        Assert.Contains("685.927", deventer);
        Assert.Contains("Westervoort (via Duiven)", result.Output);
    }

    [Fact]
    public async Task Settle_preview_CSV_matches_the_settlement_rule_for_every_member_and_product()
    {
        var result = await CliProcess.RunAsync("settle-preview", "--year", "2024", "--population", Sample, "--csv");
        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.TrimEnd('\n').Split('\n');
        Assert.Equal("member_code,product,annual_budget,quarterly_advance,definitive,q4_amount", lines[0]);

        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        var expected = SettlementCalculator.Settle(Year, c => SampleFigure(c)).SelectMany(s => s.Lines).ToList();
        Assert.Equal(expected.Count, rows.Count);
        foreach (var (row, line) in rows.Zip(expected))
        {
            Assert.Equal(line.Budget.Member.Value, row[0]);
            Assert.Equal(line.Budget.Product.Value, row[1]);
            Assert.Equal([line.Budget.Budget.ToString(), line.QuarterlyAdvance.ToString(), line.Definitive.Definitive.ToString(), line.Q4Amount.ToString()], row[2..]);
            var amounts = row[2..].Select(a => decimal.Parse(a, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(amounts[2], 3 * amounts[1] + amounts[3]); // the year adds up
        }
        Assert.Equal("", result.Error.Trim()); // every member has a figure in the sample
    }

    private static Billing.Population SampleFigure(Billing.CbsCode code)
    {
        var line = File.ReadLines(Sample).Single(l => l.StartsWith(code.Value + ";", StringComparison.Ordinal));
        return new Billing.Population(int.Parse(line.Split(';')[2], CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Members_absent_from_the_file_keep_their_reference_population_with_a_warning()
    {
        var file = WriteTemp("one.csv", "code;name;population;reference_date\nGM0150;Deventer;102000;2024-01-01\n");
        var result = await CliProcess.RunAsync("settle-preview", "--year", "2024", "--population", file, "--csv");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("GM0150,esuite,455224.00,113806.00,456894.17,115476.17", result.Output); // BILLING.md worked example
        Assert.Contains("GM0106,esuite,307174.00,76793.50,307174.00,76793.50", result.Output);  // Assen unchanged
        Assert.Contains("keep their reference population", result.Error);
        Assert.Contains("GM0106", result.Error);
    }

    [Theory]
    [InlineData("missing column", "code;name;reference_date\nGM0150;Deventer;2024-01-01\n", "population")]
    [InlineData("text in the population field", "code;name;population;reference_date\nGM0150;Deventer;veel;2024-01-01\n", "line 2, field 'population'")]
    [InlineData("negative number", "code;name;population;reference_date\nGM0150;Deventer;-5;2024-01-01\n", "line 2, field 'population'")]
    [InlineData("duplicate code", "code;name;population;reference_date\nGM0150;Deventer;102000;2024-01-01\nGM0150;Deventer;103000;2024-01-01\n", "line 3")]
    [InlineData("unknown date format", "code;name;population;reference_date\nGM0150;Deventer;102000;01-01-2024\n", "field 'reference_date'")]
    [InlineData("empty file", "", "empty")]
    public async Task A_bad_file_gets_a_specific_message_and_exit_code_2(string what, string content, string expected)
    {
        var file = WriteTemp("bad.csv", content);
        var result = await CliProcess.RunAsync("settle-preview", "--year", "2024", "--population", file);
        Assert.True(2 == result.ExitCode, $"{what}: exit {result.ExitCode}, stderr: {result.Error}");
        Assert.Contains(expected, result.Error);
        Assert.Contains(file, result.Error);
        Assert.DoesNotContain("   at ", result.Error); // no stack trace for a user's mistake
    }

    [Fact]
    public async Task A_file_of_another_year_is_refused()
    {
        var file = WriteTemp("2023.csv", "code;name;population;reference_date\nGM0150;Deventer;102000;2023-01-01\n");
        var result = await CliProcess.RunAsync("settle-preview", "--year", "2024", "--population", file);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not for the settlement reference date 2024-01-01", result.Error);
    }

    [Fact]
    public async Task An_unknown_tariff_year_is_a_clear_error()
    {
        var result = await CliProcess.RunAsync("tariffs", "--year", "2031");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("there is no tariff year 2031", result.Error);
    }
}
