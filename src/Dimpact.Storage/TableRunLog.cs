using System.Globalization;
using Azure.Data.Tables;
using Dimpact.Billing.Runs;
using NodaTime;
using NodaTime.Text;

namespace Dimpact.Storage;

/// <summary>
/// Run records in the runs table: one partition per operation; the row key is the start's ticks inverted, so that a
/// partition reads newest first, then the run id, so that two runs starting in the same tick stay apart.
/// </summary>
public sealed class TableRunLog(BillingStorage storage) : IRunLog
{
    private TableClient Table => storage.Table(BillingStorage.RunsTable);

    public static string RowKey(RunRecord run) =>
        string.Create(CultureInfo.InvariantCulture, $"{long.MaxValue - run.Started.ToUnixTimeTicks():D19}|{run.Id:N}");

    public async Task SaveAsync(RunRecord run, CancellationToken cancellationToken = default)
    {
        await storage.EnsureCreatedAsync();
        await Table.UpsertEntityAsync(new TableEntity(run.Operation, RowKey(run))
        {
            ["RunId"] = run.Id.ToString(),
            ["RunDate"] = LocalDatePattern.Iso.Format(run.RunDate),
            ["DryRun"] = run.DryRun,
            ["Started"] = run.Started.ToDateTimeOffset(),
            ["Finished"] = run.Finished?.ToDateTimeOffset(),
            ["Outcome"] = run.Outcome.ToString(),
            ["Issued"] = run.Issued,
            ["AlreadyIssued"] = run.AlreadyIssued,
            ["Error"] = run.Error,
            ["By"] = run.By,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<RunRecord>> ListAsync(string? operation = null, int max = 50, CancellationToken cancellationToken = default, bool dryRuns = true)
    {
        await storage.EnsureCreatedAsync();
        // Dry runs are left out by the query, so that however many there are (status calls), they take no place of a run that wrote.
        string[] filters = [.. operation is null ? [] : new[] { TableClient.CreateQueryFilter($"PartitionKey eq {operation}") },
            .. dryRuns ? [] : new[] { TableClient.CreateQueryFilter($"DryRun eq {false}") }];
        var filter = filters.Length == 0 ? null : string.Join(" and ", filters);
        var runs = new List<RunRecord>();
        // Newest first within a partition; across operations, each partition's newest `max` are merged.
        var perPartition = new Dictionary<string, int>();
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var seen = perPartition[e.PartitionKey] = perPartition.GetValueOrDefault(e.PartitionKey) + 1;
            if (seen > max) { if (operation is not null) break; continue; }
            runs.Add(new RunRecord(
                Guid.Parse(e.GetString("RunId")),
                e.PartitionKey,
                LocalDatePattern.Iso.Parse(e.GetString("RunDate")).GetValueOrThrow(),
                e.GetBoolean("DryRun") ?? false,
                Instant.FromDateTimeOffset(e.GetDateTimeOffset("Started")!.Value),
                e.GetDateTimeOffset("Finished") is { } finished ? Instant.FromDateTimeOffset(finished) : null,
                Enum.Parse<RunOutcome>(e.GetString("Outcome")),
                e.GetInt32("Issued") ?? 0,
                e.GetInt32("AlreadyIssued") ?? 0,
                e.GetString("Error"),
                e.GetString("By")));
        }
        return runs.OrderByDescending(r => r.Started).Take(max).ToList();
    }
}
