using Dimpact.TestSupport;

namespace Dimpact.Cli.Tests;

/// <summary>
/// Finance changes master data from the CLI against Azurite: upload (kept as uploaded, validated all or nothing, a new
/// version with who), the history of versions, and the members as of a date.
/// </summary>
public class MasterDataFromTheCli : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cli-master-data-").FullName;
    private readonly Dictionary<string, string> _environment = new()
    {
        ["DIMPACT_STORAGE"] = Azurite.ConnectionString,
        ["DIMPACT_STORAGE_PREFIX"] = Azurite.UniquePrefix(),
    };

    private Task<CliResult> Run(params string[] arguments) => CliProcess.RunAsync(arguments, _environment);

    private static string[] CsvLines(CliResult result) => result.Output.TrimEnd('\n').Split('\n');

    /// <summary>The shipped registry.csv with one replacement, saved where finance would keep it.</summary>
    private string Registry(string from, string to)
    {
        var path = Path.Combine(Directory.CreateDirectory(Path.Combine(_folder, Guid.NewGuid().ToString("N"))).FullName, "registry.csv");
        File.WriteAllText(path, File.ReadAllText(Repository.Data("members", "registry.csv")).Replace(from, to, StringComparison.Ordinal));
        return path;
    }

    [Fact]
    public async Task An_upload_becomes_a_version_with_who_and_the_history_and_members_show_it()
    {
        var before = await Run("members", "show", "GM0150");
        Assert.Contains("facturen@deventer.example", before.Output);

        var upload = await Run("master-data", "upload", Registry("facturen@deventer.example", "debiteuren@deventer.example"), "--by", "Anna Jansen");

        Assert.True(upload.ExitCode == 0, upload.Output + upload.Error);
        Assert.Contains("accepted", upload.Output);
        Assert.Contains("new version (registry.csv) by Anna Jansen", upload.Output);
        var history = CsvLines(await Run("master-data", "history", "--csv"));
        Assert.Equal("set,version,by,at,source,files,hash,current", history[0]);
        Assert.StartsWith("members,v0001,seed,", history[1]);
        Assert.StartsWith("members,v0002,Anna Jansen,", history[2]);
        Assert.EndsWith(",yes", history[2]);
        Assert.Contains(history, l => l.StartsWith("tariff-year-2024,v0001,seed,", StringComparison.Ordinal));
        var now = await Run("members", "show", "GM0150");
        Assert.Contains("debiteuren@deventer.example", now.Output);
        Assert.Contains("v0002, by Anna Jansen", now.Output);
        // Before the upload the registry was the seeded one.
        var then = await Run("members", "show", "GM0150", "--as-of", DateTime.UtcNow.AddDays(-2).ToString("yyyy-MM-dd"));
        Assert.Contains("facturen@deventer.example", then.Output);

        var again = await Run("master-data", "upload", Registry("facturen@deventer.example", "debiteuren@deventer.example"));
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("unchanged", again.Output);
        Assert.Equal(history.Length, CsvLines(await Run("master-data", "history", "--csv")).Length);
    }

    [Fact]
    public async Task A_bad_upload_exits_2_naming_file_line_and_field_and_stores_nothing()
    {
        var result = await Run("master-data", "upload", Registry("9400 RA", "94OO RA"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("rejected", result.Output);
        Assert.Contains("registry.csv", result.Output);
        Assert.Contains("postcode", result.Output);
        Assert.Contains("Nothing was stored", result.Output);
        Assert.DoesNotContain(CsvLines(await Run("master-data", "history", "--csv")), l => l.Contains(",v0002,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_tariff_year_file_takes_its_year_from_its_folder()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder, "tariff-years", "2024")).FullName;
        var settings = Path.Combine(folder, "tariff-year.csv");
        File.WriteAllText(settings, File.ReadAllText(Path.Combine(Repository.TariffYearFolder(2024), "tariff-year.csv"))
            .Replace("plan,Bedrijfsplan 2024", "plan,Bedrijfsplan 2024 (gewijzigd)", StringComparison.Ordinal));

        var result = await Run("master-data", "upload", settings, "--by", "Anna");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains("tariff-year-2024", result.Output);
        Assert.Contains(CsvLines(await Run("master-data", "history", "--csv")), l => l.StartsWith("tariff-year-2024,v0002,Anna,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Members_list_has_a_csv_and_an_unknown_member_is_a_mistake()
    {
        var list = CsvLines(await Run("members", "list", "--csv"));
        Assert.Equal("cbs_code,name,street,postcode,city,invoice_emails,oin,peppol_id,buyer_reference,member_in_tariff_year", list[0]);
        Assert.Equal(41, list.Length - 1);

        var unknown = await Run("members", "show", "GM9999");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("GM9999 is neither in the member registry", unknown.Error);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
