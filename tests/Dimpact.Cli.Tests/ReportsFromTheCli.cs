using System.Globalization;
using Dimpact.TestSupport;

namespace Dimpact.Cli.Tests;

/// <summary>`dimpact report settlement` and `dimpact report year` against Azurite, as finance runs them.</summary>
public class ReportsFromTheCli
{
    private readonly string _files = Directory.CreateTempSubdirectory("cli-reports-").FullName;
    private readonly Dictionary<string, string> _environment = new()
    {
        ["DIMPACT_STORAGE"] = Azurite.ConnectionString,
        ["DIMPACT_STORAGE_PREFIX"] = Azurite.UniquePrefix(),
        ["Smtp__PickupDirectory"] = Directory.CreateTempSubdirectory("cli-mail-").FullName,
    };

    private async Task<CliResult> Run(params string[] arguments)
    {
        var result = await CliProcess.RunAsync(arguments, _environment);
        Assert.True(result.ExitCode == 0, $"dimpact {string.Join(' ', arguments)}: exit {result.ExitCode}\n{result.Output}\n{result.Error}");
        return result;
    }

    private static List<string[]> Rows(CliResult result) => result.Output.TrimEnd('\n').Split('\n').Skip(1).Select(l => l.Split(',')).ToList();

    private static decimal Amount(string text) => decimal.Parse(text, CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_settlement_report_of_the_ingested_figures_equals_settle_preview_on_the_same_file_in_every_format()
    {
        foreach (var date in new[] { "2024-01-02", "2024-04-01", "2024-07-01" }) await Run("issue", "--date", date);
        var sample = Repository.Data("samples", "population-2024-01-01.csv");
        Assert.Contains("35 document(s) issued", (await Run("ingest", sample)).Output);

        var csv = await Run("report", "settlement", "--year", "2024", "--csv");
        Assert.Equal("member_code,member_name,product,reference_population,settlement_population,budget,advances,definitive,settlement_amount",
            csv.Output.Split('\n')[0]);
        var report = Rows(csv);
        var preview = Rows(await Run("settle-preview", "--year", "2024", "--population", sample, "--csv"));
        Assert.Equal(preview.Count, report.Count);
        foreach (var (line, expected) in report.Zip(preview))
        {
            Assert.Equal((expected[0], expected[1]), (line[0], line[2]));
            Assert.Equal(expected[2], line[5]); // budget
            Assert.Equal(expected[4], line[7]); // definitive
            Assert.Equal(expected[5], line[8]); // the Q4 line: no corrections
            Assert.Equal(Amount(expected[3]) * 3, Amount(line[6])); // three advances invoiced
        }
        Assert.Contains("GM0150,Deventer,esuite,101446,", csv.Output);
        var total = report.Sum(r => Amount(r[7]));
        Assert.Equal(preview.Sum(r => Amount(r[4])), total);

        var xlsx = Path.Combine(_files, "settlement.xlsx");
        var pdf = Path.Combine(_files, "sub", "settlement.pdf");
        var table = await Run("report", "settlement", "--year", "2024", "--xlsx", xlsx, "--pdf", pdf);
        Assert.Contains("Totaal", table.Output);
        Assert.Contains(total.ToString("#,##0.00", CultureInfo.GetCultureInfo("nl-NL")), table.Output);
        Assert.Contains($"wrote {xlsx}", table.Output);
        Assert.Equal("PK"u8.ToArray(), File.ReadAllBytes(xlsx)[..2]);
        Assert.Equal("%PDF-"u8.ToArray(), File.ReadAllBytes(pdf)[..5]);

        var year = await Run("report", "year", "--year", "2024", "--csv");
        Assert.StartsWith("quarter,kind,documents,total_excl_vat,vat,total_incl_vat,delivered,e_invoice_withheld,failed,pending,revenue_esuite,", year.Output);
        var quarters = Rows(year);
        Assert.Equal(["Q1", "Q2", "Q3", "Q4"], quarters.Select(q => q[0]));
        Assert.Equal(39 + 35 + 35 + 35, quarters.Sum(q => int.Parse(q[2], CultureInfo.InvariantCulture)));
        Assert.All(quarters, q => Assert.Equal(q[2], q[9])); // nothing delivered yet: every document pending
        Assert.Equal(Amount(quarters[3][3]), report.Sum(r => Amount(r[8]))); // Q4 revenue = the settlement amounts
    }

    [Fact]
    public async Task An_unknown_tariff_year_or_an_unwritable_file_is_a_clear_error_with_exit_code_2()
    {
        var year = await CliProcess.RunAsync(["report", "year", "--year", "2031"], _environment);
        Assert.Equal(2, year.ExitCode);
        Assert.Contains("there is no tariff year 2031", year.Error);

        var blocker = Path.Combine(_files, "file");
        await File.WriteAllTextAsync(blocker, "");
        var file = await CliProcess.RunAsync(["report", "settlement", "--year", "2024", "--xlsx", Path.Combine(blocker, "report.xlsx")], _environment);
        Assert.Equal(2, file.ExitCode);
        Assert.Contains("cannot be written", file.Error);
        Assert.DoesNotContain("   at ", file.Error);
    }
}
