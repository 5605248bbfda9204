using System.Text.Json;
using Dimpact.TestSupport;

namespace Dimpact.Cli.Tests;

/// <summary>
/// `dimpact status` on each state a finance department meets: on schedule, waiting for figures, figures on hold, a
/// member without an invoice address and the delivery that failed for it. Exit 0 when nothing needs attention, 4
/// when something does; `--json` has the same lines.
/// </summary>
public class TheStatusScreen
{
    private readonly Dictionary<string, string> _environment = new()
    {
        ["DIMPACT_STORAGE"] = Azurite.ConnectionString,
        ["DIMPACT_STORAGE_PREFIX"] = Azurite.UniquePrefix(),
        ["Smtp__PickupDirectory"] = Directory.CreateTempSubdirectory("cli-mail-").FullName,
    };

    private Task<CliResult> Dimpact(params string[] arguments) => CliProcess.RunAsync(arguments, _environment);

    private async Task<CliResult> Run(params string[] arguments)
    {
        var result = await Dimpact(arguments);
        Assert.True(result.ExitCode == 0, $"dimpact {string.Join(' ', arguments)}: exit {result.ExitCode}\n{result.Output}\n{result.Error}");
        return result;
    }

    private async Task<(int ExitCode, JsonElement Status)> Status(string date)
    {
        var result = await Dimpact("status", "--date", date, "--json");
        Assert.True(result.ExitCode is 0 or 4, result.Output + result.Error);
        return (result.ExitCode, JsonDocument.Parse(result.Output).RootElement);
    }

    private static IEnumerable<(string Text, bool Attention)> Lines(JsonElement status, string section) =>
        status.GetProperty("sections").EnumerateArray().Single(s => s.GetProperty("title").GetString() == section)
            .GetProperty("lines").EnumerateArray().Select(l => (l.GetProperty("text").GetString()!, l.GetProperty("needsAttention").GetBoolean()));

    [Fact]
    public async Task On_schedule_nothing_needs_attention_then_missing_figures_and_held_figures_do()
    {
        await Run("daily", "--date", "2024-01-02");
        var (onSchedule, fresh) = await Status("2024-01-15");
        Assert.Equal(0, onSchedule);
        Assert.False(fresh.GetProperty("needsAttention").GetBoolean());
        Assert.Contains(Lines(fresh, "Next"), l => l.Text == "Q2 2024 advances: 35 document(s) on 1 April 2024 (the daily run issues them).");
        Assert.Contains(Lines(fresh, "Next"), l => l.Text.StartsWith("Settlement 2024: from 1 October 2024", StringComparison.Ordinal));
        Assert.Contains(Lines(fresh, "Master data"), l => l.Text.StartsWith("Assen (GM0106) lacks an OIN", StringComparison.Ordinal) && !l.Attention);

        // A quarter started and not issued: somebody has to run the daily job.
        var (late, lateStatus) = await Status("2024-04-03");
        Assert.Equal(4, late);
        Assert.Contains(Lines(lateStatus, "Next"), l => l.Text.StartsWith("Q2 2024 advances: 35 of 35 not issued yet", StringComparison.Ordinal) && l.Attention);

        await Run("daily", "--date", "2024-04-01");
        await Run("daily", "--date", "2024-07-01");
        var (waiting, waitingStatus) = await Status("2024-10-02");
        Assert.Equal(4, waiting);
        Assert.Contains(Lines(waitingStatus, "Waiting"), l => l.Text.StartsWith("Settlement 2024 waits for population figures of 1 January 2024 for 37 member(s): GM0014, GM0106", StringComparison.Ordinal) && l.Attention);

        var held = Path.Combine(Directory.CreateTempSubdirectory("cli-").FullName, "tienvoud.csv");
        File.WriteAllLines(held, File.ReadAllLines(Repository.Data("samples", "population-2024-01-01.csv"))
            .Select(l => l.StartsWith("GM0150;", StringComparison.Ordinal) ? "GM0150;Deventer;1014460;2024-01-01" : l));
        await Run("ingest", held);
        var (onHold, holdStatus) = await Status("2024-10-02");
        Assert.Equal(4, onHold);
        Assert.Contains(Lines(holdStatus, "Waiting"), l => l.Text.StartsWith("Settlement 2024 is on hold: figures 2024-01-01/v1", StringComparison.Ordinal)
            && l.Text.Contains("dimpact population approve 2024-01-01 --version 1", StringComparison.Ordinal));

        await Run("population", "approve", "2024-01-01", "--version", "1");
        var (settled, settledStatus) = await Status("2024-10-02");
        Assert.Contains(Lines(settledStatus, "Next"), l => l.Text.StartsWith("Settlement 2024: settled on figures 2024-01-01/v1", StringComparison.Ordinal));
        Assert.Equal(0, settled);

        var table = await Dimpact("status", "--date", "2024-10-02");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("Nothing needs attention.", table.Output);
    }

    [Fact]
    public async Task A_member_missing_from_the_registry_and_its_failed_delivery_need_attention()
    {
        var members = Directory.CreateTempSubdirectory("cli-members-").FullName;
        foreach (var file in Directory.GetFiles(Repository.Data("members"), "*.csv")) File.Copy(file, Path.Combine(members, Path.GetFileName(file)));
        var registry = Path.Combine(members, "registry.csv");
        File.WriteAllLines(registry, File.ReadAllLines(registry).Where(l => !l.StartsWith("GM0106,", StringComparison.Ordinal)));
        _environment["Members__Folder"] = members;

        await Run("daily", "--date", "2024-01-02");
        var (before, missing) = await Status("2024-01-15");
        Assert.Equal(4, before);
        Assert.Contains(Lines(missing, "Master data"), l => l.Text.StartsWith("Assen (GM0106) lacks an entry in the member registry", StringComparison.Ordinal) && l.Attention);

        Assert.Equal(4, (await Dimpact("deliver")).ExitCode); // Assen's invoice cannot be sent
        var (after, failed) = await Status("2024-01-15");
        Assert.Equal(4, after);
        Assert.Contains(Lines(failed, "Failed"), l => l.Text.StartsWith("Delivery of 2024-000001 to Assen (GM0106) failed for good", StringComparison.Ordinal) && l.Attention);
        Assert.Contains(Lines(failed, "E-invoices withheld"), l => l.Text.StartsWith("Borger-Odoorn (GM1681): 1 document(s) sent as PDF only", StringComparison.Ordinal));
    }
}
