using Dimpact.Billing.Tariffs;
using Dimpact.Cli.Bench;
using Dimpact.TestSupport;
using Dimpact.DataFiles.TariffYears;

namespace Dimpact.Cli.Tests;

/// <summary>
/// `dimpact bench` compares like with like: the issue run's entities with as many entities written in 100-entity
/// transactions on the same storage (and single inserts as a second line). Its figures are printed, never asserted.
/// </summary>
public class TheIssueBenchmark
{
    [Fact]
    public async Task The_bench_counts_the_issue_runs_entities_and_writes_as_many_in_raw_transactions()
    {
        var result = await CliProcess.RunAsync("bench", "--members", "40", "--csv", "--storage", Azurite.ConnectionString);

        Assert.Equal(0, result.ExitCode);
        var metrics = result.Output.TrimEnd('\n').Split('\n').Skip(1).Select(l => l.Split(',')).ToDictionary(f => f[0], f => f[1]);
        Assert.Equal("40", metrics["invoices"]);
        // 40 invoices of 3 entities each, and the counter once in each of 2 transactions (33 + 7 invoices).
        Assert.Equal("122", metrics["issue_entities"]);
        Assert.Equal("200", metrics["raw_batch_entities"]);
        Assert.Equal("40", metrics["raw_single_inserts"]);
        Assert.All(["invoices_per_second", "issue_entities_per_second", "storage_requests_per_invoice", "raw_batch_entities_per_second",
            "raw_single_entities_per_second", "issue_to_raw_batch_entity_rate", "issue_to_raw_single_entity_rate"], m => Assert.Contains(m, metrics.Keys));
    }

    [Fact]
    public void A_cooperative_beyond_10000_members_gets_synthetic_codes_from_GM10000()
    {
        var root = Directory.CreateTempSubdirectory("bench-").FullName;
        try
        {
            // This switches the synthetic codes on for the test process too; no test here parses a code in-process that must be refused.
            SyntheticCooperative.Write(Repository.TariffYearFolder(2024), root, 10_002);

            var year = TariffYearFiles.Load(Path.Combine(root, "2024"));

            Assert.Equal(10_002, year.Members.Count);
            Assert.Equal(["GM9999", "GM10000", "GM10001"], year.Members.Skip(9_999).Select(m => m.Code.Value));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
