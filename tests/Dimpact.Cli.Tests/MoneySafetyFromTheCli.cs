using Dimpact.Storage;
using Dimpact.TestSupport;

namespace Dimpact.Cli.Tests;

/// <summary>
/// Issue 9 as finance meets it in the CLI: uploads are kept as uploaded, implausible figures are refused or held
/// until `population approve`, a year without tariff data exits 3, and no mistake prints a stack trace.
/// </summary>
public class MoneySafetyFromTheCli
{
    private readonly string _prefix = Azurite.UniquePrefix();
    private readonly Dictionary<string, string> _environment;
    private static readonly string Sample = File.ReadAllText(Repository.Data("samples", "population-2024-01-01.csv"));

    public MoneySafetyFromTheCli() => _environment = new()
    {
        ["DIMPACT_STORAGE"] = Azurite.ConnectionString,
        ["DIMPACT_STORAGE_PREFIX"] = _prefix,
        ["Smtp__PickupDirectory"] = Directory.CreateTempSubdirectory("cli-mail-").FullName,
    };

    private Task<CliResult> Dimpact(params string[] arguments) => CliProcess.RunAsync(arguments, _environment);

    private async Task<CliResult> Run(params string[] arguments)
    {
        var result = await Dimpact(arguments);
        Assert.True(result.ExitCode == 0, $"dimpact {string.Join(' ', arguments)}: exit {result.ExitCode}\n{result.Output}\n{result.Error}");
        return result;
    }

    private static string FileWith(string folder, string name, string code, string figure)
    {
        var directory = Path.Combine(Directory.CreateTempSubdirectory("cli-").FullName, folder);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, string.Join('\n', Sample.Split('\n').Select(l => l.StartsWith(code + ";", StringComparison.Ordinal) ? string.Join(';', [l.Split(';')[0], l.Split(';')[1], figure, l.Split(';')[3]]) : l)));
        return path;
    }

    private static void NoStackTrace(CliResult result) => Assert.DoesNotContain("   at ", result.Output + result.Error);

    [Fact]
    public async Task Two_uploads_of_the_same_name_are_both_kept_as_uploaded()
    {
        var v1 = FileWith("v1", "pop.csv", "GM0150", "101500");
        var v2 = FileWith("v2", "pop.csv", "GM0150", "101600");
        Assert.Contains("kept as population-uploads/", (await Run("ingest", v1)).Output);
        await Run("ingest", v2);

        var container = BillingStorage.FromConnectionString(Azurite.ConnectionString, _prefix).Container(BillingStorage.UploadsContainer);
        var contents = new List<string>();
        await foreach (var blob in container.GetBlobsAsync())
        {
            Assert.EndsWith("/pop.csv", blob.Name);
            contents.Add((await container.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString());
        }
        Assert.Equal([File.ReadAllText(v1), File.ReadAllText(v2)], contents.Order());
        Assert.Contains("pop.csv", (await Run("population", "list", "--csv")).Output);
    }

    [Fact]
    public async Task Held_figures_wait_for_population_approve_and_then_settle()
    {
        foreach (var date in new[] { "2024-01-02", "2024-04-01", "2024-07-01" }) await Run("issue", "--date", date);
        var ingest = await Run("ingest", FileWith("x", "tienvoud.csv", "GM0150", "1014460"));
        Assert.Contains("HELD", ingest.Output);
        Assert.Contains("dimpact population approve 2024-01-01 --version 1", ingest.Output);

        var settle = await Run("settle", "--year", "2024", "--date", "2024-10-02");
        Assert.Contains("on hold: settlement 2024 waits for approval of figures 2024-01-01/v1", settle.Output);
        Assert.Contains("GM0150: 1014460", settle.Output);
        Assert.Equal(1 + 109, (await Run("invoices", "list", "--year", "2024", "--csv")).Output.TrimEnd().Split('\n').Length);
        Assert.Contains(",held,,", (await Run("population", "list", "--csv")).Output);

        var approve = await Run("population", "approve", "2024-01-01", "--version", "1", "--by", "j.jansen");
        Assert.Contains("approved by j.jansen", approve.Output);
        Assert.Contains("35 document(s) issued", approve.Output);
        Assert.Contains("approved already", (await Run("population", "approve", "2024-01-01", "--version", "1")).Output);
        Assert.Contains(",approved,j.jansen,", (await Run("population", "list", "--csv")).Output);

        var missing = await Dimpact("population", "approve", "2024-01-01", "--version", "9");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("there is no version 9", missing.Error);
        NoStackTrace(missing);
    }

    [Fact]
    public async Task An_overflowing_figure_exits_2_naming_file_line_and_field_and_stores_nothing()
    {
        var file = FileWith("x", "westervoort.csv", "GM0293", "2147483647");
        var preview = await Dimpact("settle-preview", "--year", "2024", "--population", file);
        Assert.Equal(2, preview.ExitCode);
        Assert.Contains("westervoort.csv, line 33, field 'population'", preview.Error);
        NoStackTrace(preview);

        var ingest = await Dimpact("ingest", file);
        Assert.Equal(2, ingest.ExitCode);
        NoStackTrace(ingest);
        Assert.Single((await Run("population", "list", "--csv")).Output.TrimEnd().Split('\n'));
        Assert.Contains("waiting for figures", (await Run("settle", "--year", "2024", "--date", "2024-10-02")).Output);
    }

    [Fact]
    public async Task Issuing_in_a_year_without_tariff_data_exits_3_and_says_so()
    {
        var result = await Dimpact("issue", "--date", "2025-01-02");
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("no tariff year 2025", result.Error);
        NoStackTrace(result);
        Assert.Contains("no tariff year 2025", (await Run("runs", "list", "--csv")).Output);
    }
}
