using System.Globalization;
using Dimpact.TestSupport;

namespace Dimpact.Cli.Tests;

/// <summary>
/// A billing year as finance runs it from the CLI against Azurite: issue the advances, ingest the figures (which
/// settles at once, Q4 having started), settle again (nothing), deliver as .eml files, list and show documents.
/// </summary>
public class BillingYearFromTheCli
{
    private readonly string _mail = Directory.CreateTempSubdirectory("cli-mail-").FullName;
    private readonly string _documents = Directory.CreateTempSubdirectory("cli-docs-").FullName;
    private readonly Dictionary<string, string> _environment;

    public BillingYearFromTheCli() => _environment = new()
    {
        ["DIMPACT_STORAGE"] = Azurite.ConnectionString,
        ["DIMPACT_STORAGE_PREFIX"] = Azurite.UniquePrefix(),
        ["Smtp__PickupDirectory"] = _mail,
    };

    private async Task<CliResult> Run(params string[] arguments)
    {
        var result = await CliProcess.RunAsync(arguments, _environment);
        Assert.True(result.ExitCode == 0, $"dimpact {string.Join(' ', arguments)}: exit {result.ExitCode}\n{result.Output}\n{result.Error}");
        return result;
    }

    private static string[] CsvLines(CliResult result) => result.Output.TrimEnd('\n').Split('\n');

    [Fact]
    public async Task Advances_figures_settlement_and_delivery_add_up_and_nothing_is_done_twice()
    {
        foreach (var date in new[] { "2024-01-02", "2024-04-01", "2024-07-01" }) await Run("issue", "--date", date);
        Assert.Contains("0 document(s) issued; 109 were issued already.", (await Run("issue", "--date", "2024-07-01")).Output);

        var sample = Repository.Data("samples", "population-2024-01-01.csv");
        Assert.Contains("35 document(s) issued", (await Run("ingest", sample)).Output);
        await Run("ingest", sample);
        Assert.Contains("0 document(s) issued", (await Run("settle", "--year", "2024", "--date", "2024-10-02")).Output);

        var population = CsvLines(await Run("population", "list", "--csv"));
        Assert.Equal("reference_date,version,source,members,ingested_at,status,approved_by,approved_at", population[0]);
        Assert.Single(population.Skip(1)); // the same file twice is one version
        Assert.StartsWith("2024-01-01,1,population-2024-01-01.csv,41,", population[1]);

        var invoices = CsvLines(await Run("invoices", "list", "--year", "2024", "--csv"));
        Assert.Equal("number,kind,member_code,period,issue_date,total_excl_vat,vat,total_incl_vat", invoices[0]);
        var rows = invoices.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(39 + 35 + 35 + 35, rows.Count);
        Assert.Equal(Enumerable.Range(1, rows.Count).Select(n => $"2024-{n:000000}"), rows.Select(r => r[0]));

        // The year adds up per member to what settle-preview prints for the same file.
        var preview = CsvLines(await Run("settle-preview", "--year", "2024", "--population", sample, "--csv")).Skip(1).Select(l => l.Split(','));
        foreach (var member in preview.GroupBy(p => p[0]))
        {
            var definitive = member.Sum(p => decimal.Parse(p[4], CultureInfo.InvariantCulture));
            var invoiced = rows.Where(r => r[2] == member.Key).Sum(r => decimal.Parse(r[5], CultureInfo.InvariantCulture));
            Assert.Equal(definitive, invoiced);
        }

        Assert.Contains("144 sent", (await Run("deliver")).Output);
        Assert.Equal(144, Directory.GetFiles(_mail, "*.eml").Length);
        Assert.Contains("0 sent", (await Run("deliver")).Output);
        Assert.Single(CsvLines(await Run("deliveries", "list", "--failed", "--csv"))); // the header only

        await Run("invoices", "show", "2024-000007", "--out", _documents);
        Assert.True(new FileInfo(Path.Combine(_documents, "2024-000007.pdf")).Length > 10_000);
        Assert.StartsWith("%PDF-", File.ReadAllText(Path.Combine(_documents, "2024-000007.pdf"))[..5]);
        Assert.Contains("<Invoice", File.ReadAllText(Path.Combine(_documents, "2024-000007.xml")));

        var runs = CsvLines(await Run("runs", "list", "--operation", "issue", "--csv"));
        Assert.Equal(4, runs.Length - 1);
    }

    [Fact]
    public async Task A_rejected_upload_exits_2_with_the_reasons_and_stores_nothing()
    {
        var bad = Path.Combine(Directory.CreateTempSubdirectory("cli-").FullName, "bad.csv");
        await File.WriteAllTextAsync(bad, "code;name;population;reference_date\nGM0150;Deventer;-5;2024-01-01\n");
        var result = await CliProcess.RunAsync(["ingest", bad], _environment);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("population", result.Output + result.Error);
        Assert.Single(CsvLines(await Run("population", "list", "--csv")));
    }
}
