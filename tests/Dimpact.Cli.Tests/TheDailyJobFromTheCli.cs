using Dimpact.TestSupport;

namespace Dimpact.Cli.Tests;

/// <summary>
/// `dimpact daily` is the timer's job (RunDailyBilling, from the shared registration): it issues what is due, settles
/// when due and queues deliveries; a dry run writes nothing; a rerun adds nothing; a year without tariff data exits 3
/// and still settles last year.
/// </summary>
public class TheDailyJobFromTheCli
{
    private readonly Dictionary<string, string> _environment = new()
    {
        ["DIMPACT_STORAGE"] = Azurite.ConnectionString,
        ["DIMPACT_STORAGE_PREFIX"] = Azurite.UniquePrefix(),
        ["Smtp__PickupDirectory"] = Directory.CreateTempSubdirectory("cli-mail-").FullName,
        ["Finance__NotifyEmails"] = "financien@dimpact.example",
    };

    private Task<CliResult> Dimpact(params string[] arguments) => CliProcess.RunAsync(arguments, _environment);

    private async Task<CliResult> Run(params string[] arguments)
    {
        var result = await Dimpact(arguments);
        Assert.True(result.ExitCode == 0, $"dimpact {string.Join(' ', arguments)}: exit {result.ExitCode}\n{result.Output}\n{result.Error}");
        return result;
    }

    private async Task<int> Documents() => (await Run("invoices", "list", "--year", "2024", "--csv")).Output.TrimEnd().Split('\n').Length - 1;

    [Fact]
    public async Task The_daily_job_issues_settles_and_queues_once_and_a_dry_run_writes_nothing()
    {
        var january = await Run("daily", "--date", "2024-01-02");
        Assert.Contains("Advances: 39 document(s) issued; 0 were issued already.", january.Output);
        Assert.Contains("39 document(s) queued for delivery", january.Output);

        var dry = await Run("daily", "--date", "2024-04-01", "--dry-run");
        Assert.Contains("Advances: 35 document(s) would be issued; 39 already issued.", dry.Output);
        Assert.Equal(39, await Documents());

        await Run("daily", "--date", "2024-04-01");
        await Run("daily", "--date", "2024-07-01");
        Assert.Contains("35 document(s) issued", (await Run("ingest", Repository.Data("samples", "population-2024-01-01.csv"))).Output);

        // The settlement wrote the year's reports and finance's notification carries the settlement workbook.
        await Run("deliver");
        var settlementMail = Directory.GetFiles(_environment["Smtp__PickupDirectory"], "*.eml").Select(File.ReadAllText)
            .Single(m => m.Contains("To: financien@dimpact.example", StringComparison.Ordinal) && m.Contains("settlement-2024.xlsx", StringComparison.Ordinal));
        Assert.Contains("afrekening-2024.csv", settlementMail);
        var reports = Storage.BillingStorage.FromConnectionString(Azurite.ConnectionString, _environment["DIMPACT_STORAGE_PREFIX"]).Container(Storage.BillingStorage.BillingReportsContainer);
        foreach (var name in new[] { "2024/settlement-2024.xlsx", "2024/settlement-2024.pdf", "2024/year-2024.xlsx" })
            Assert.True((await reports.GetBlobClient(name).ExistsAsync()).Value, $"{name} is not in the reports container");

        var october = await Run("daily", "--date", "2024-10-02");
        Assert.Contains("Advances: 0 document(s) issued; 109 were issued already.", october.Output);
        Assert.Contains("0 document(s) issued; 0 were issued already.", october.Output); // the settlement: done already
        Assert.Equal(144, await Documents());

        var nextYear = await Dimpact("daily", "--date", "2025-01-02");
        Assert.Equal(3, nextYear.ExitCode);
        Assert.Contains("no tariff year 2025", nextYear.Error);
        Assert.Contains("Settlement 2024 on figures 2024-01-01/v1", nextYear.Output); // last year is still settled (corrections)
        Assert.DoesNotContain("   at ", nextYear.Output + nextYear.Error);
    }
}
