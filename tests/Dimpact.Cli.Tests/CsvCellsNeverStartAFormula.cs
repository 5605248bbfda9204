using Dimpact.Billing;
using Dimpact.Cli.Output;
using Dimpact.TestSupport;

namespace Dimpact.Cli.Tests;

/// <summary>
/// CSV output never starts a text cell with =, +, -, @, tab or carriage return (OWASP, "CSV Injection"): such text,
/// which can come from a user (a file name), gets a leading apostrophe in the one CSV writer. Amounts stay numbers.
/// </summary>
public class CsvCellsNeverStartAFormula
{
    [Fact]
    public void Text_that_a_spreadsheet_would_run_gets_an_apostrophe_and_amounts_stay_numbers()
    {
        var line = Formats.CsvLine("=1+1", "+31 53 000", "-x", "@SUM(A1)", "\tx", "plain", "a-b=c", Money.Exact(-123.45m), -7, "");

        Assert.Equal("'=1+1,'+31 53 000,'-x,'@SUM(A1),'\tx,plain,a-b=c,-123.45,-7,", line);
    }

    [Fact]
    public void An_escaped_cell_with_a_comma_or_quote_is_still_quoted()
    {
        Assert.Equal("\"'=HYPERLINK(\"\"https://example.org\"\",\"\"x\"\")\"", Formats.CsvLine("=HYPERLINK(\"https://example.org\",\"x\")"));
    }

    [Fact]
    public async Task A_population_file_named_like_a_formula_is_listed_as_text()
    {
        var environment = new Dictionary<string, string>
        {
            ["DIMPACT_STORAGE"] = Azurite.ConnectionString,
            ["DIMPACT_STORAGE_PREFIX"] = Azurite.UniquePrefix(),
        };
        var name = "=HYPERLINK(\"evil.example\",\"figures\").csv"; // no slash: it is a file name
        var path = Path.Combine(Directory.CreateTempSubdirectory("cli-csv-").FullName, name);
        File.Copy(Repository.Data("samples", "population-2024-01-01.csv"), path);

        var ingest = await CliProcess.RunAsync(["ingest", path], environment);
        Assert.True(ingest.ExitCode == 0, ingest.Output + ingest.Error);
        var list = await CliProcess.RunAsync(["population", "list", "--csv"], environment);

        Assert.Equal(0, list.ExitCode);
        var row = list.Output.TrimEnd('\n').Split('\n')[1];
        Assert.StartsWith("2024-01-01,1,\"'=HYPERLINK(\"\"evil.example\"\",\"\"figures\"\").csv\",41,", row);
    }
}
