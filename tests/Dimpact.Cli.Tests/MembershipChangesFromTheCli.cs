using System.Globalization;
using Dimpact.TestSupport;

namespace Dimpact.Cli.Tests;

/// <summary>
/// BILLING.md's worked example through the CLI on Azurite: finance uploads membership-changes.csv with Losser's uptake
/// of Open Online from 1 July 2024, then the year runs as usual (issue, ingest): the Q3 advance is 4,439.00, and on
/// 23,362 inhabitants the definitive amount 8,891.90 and the Q4 line 4,452.90, as `invoices show` prints them.
/// </summary>
public class MembershipChangesFromTheCli
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cli-membership-").FullName;
    private readonly Dictionary<string, string> _environment;

    public MembershipChangesFromTheCli() => _environment = new()
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

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string[] CsvLines(CliResult result) => result.Output.TrimEnd('\n').Split('\n');

    [Fact]
    public async Task Losser_takes_up_Open_Online_from_1_July_2024_as_the_worked_example_says()
    {
        await Run("issue", "--date", "2024-01-02");
        await Run("issue", "--date", "2024-04-01");
        var changes = Write("membership-changes.csv",
            "member_code,member_name,change,product,effective_date,population,entry_fee,supplier_amount,successor_code,decision\n"
            + "GM0168,Losser,uptake,open_online,2024-07-01,,,,,ALV 2024-06-12 besluit 4\n");
        await Run("master-data", "upload", changes, "--by", "finance test");
        await Run("issue", "--date", "2024-07-01");
        var figures = Write("population-2024-01-01.csv", File.ReadAllText(Repository.Data("samples", "population-2024-01-01.csv"))
            .Replace("GM0168;Losser;23611;2024-01-01", "GM0168;Losser;23362;2024-01-01", StringComparison.Ordinal));
        await Run("ingest", figures);

        var losser = CsvLines(await Run("invoices", "list", "--year", "2024", "--csv")).Skip(1).Select(l => l.Split(','))
            .Where(r => r[2] == "GM0168").ToList();
        Assert.Equal(["2024", "2024-Q3", "2024-Q4"], losser.Select(r => r[3]));
        Assert.Equal(["6480.00", "4439.00", "4452.90"], losser.Select(r => r[5]));
        Assert.Equal(6480.00m + 4439.00m + 4452.90m - 6480.00m, losser.Skip(1).Sum(r => decimal.Parse(r[5], CultureInfo.InvariantCulture))); // Open Online: 8,891.90

        var q3 = (await Run("invoices", "show", losser[1][0], "--out", _folder)).Output;
        Assert.Contains("Open Online, voorschot Q3 2024", q3);
        Assert.Contains("4.439,00", q3);
        var q4 = (await Run("invoices", "show", losser[2][0], "--out", _folder)).Output;
        Assert.Contains("Open Online, afrekening 2024", q4);
        Assert.Contains("4.452,90", q4);
        Assert.Contains("member data", q4);
    }

    [Theory]
    [InlineData("semicolons", "the fields are separated by ';'")]
    [InlineData("workbook", "the file is an Excel workbook (.xlsx)")]
    [InlineData("utf16", "the file is UTF-16 encoded")]
    [InlineData("dutch-date", "'1-7-2024' is not a date in the form yyyy-MM-dd")]
    public async Task The_file_a_tired_clerk_uploads_is_refused_with_what_to_do_and_changes_nothing(string mistake, string message)
    {
        const string Header = "member_code,member_name,change,product,effective_date,population,entry_fee,supplier_amount,successor_code,decision";
        var good = Header + "\nGM0168,Losser,uptake,open_online,2024-07-01,,,,,ALV\n";
        byte[] content = mistake switch
        {
            "semicolons" => System.Text.Encoding.UTF8.GetBytes(good.Replace(',', ';')),
            "workbook" => [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00],
            "utf16" => System.Text.Encoding.Unicode.GetBytes(good),
            _ => System.Text.Encoding.UTF8.GetBytes(good.Replace("2024-07-01", "1-7-2024")),
        };
        var path = Path.Combine(Directory.CreateDirectory(Path.Combine(_folder, mistake)).FullName, "membership-changes.csv");
        await File.WriteAllBytesAsync(path, content);

        var result = await CliProcess.RunAsync(["master-data", "upload", path], _environment);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Output.Replace("\n", " ") + result.Error);
        Assert.DoesNotContain("   at ", result.Output + result.Error); // no stack trace
        var history = CsvLines(await Run("master-data", "history", "--csv")).Skip(1).ToList();
        Assert.All(history, line => Assert.Contains(",seed,", line)); // only the seed: nothing stored
    }
}
