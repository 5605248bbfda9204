using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Dimpact.Billing;
using Dimpact.Billing.Populations;
using NodaTime;
using NodaTime.Text;

namespace Dimpact.Storage;

/// <summary>
/// Population snapshots in Table storage: one partition per reference date holding a version counter, one entity
/// per version (figures as JSON) and a claim per figures hash. A new version is counter + version + claim in one
/// entity-group transaction, so concurrent ingestions can neither take the same version number nor store the same
/// figures twice.
/// </summary>
public sealed class TablePopulationSnapshots(BillingStorage storage) : IPopulationSnapshots
{
    private const string CounterRow = "latest";
    private const string VersionPrefix = "v";
    private const int MaxAttempts = 50;

    private TableClient Table => storage.Table(BillingStorage.PopulationsTable);

    private static string Partition(LocalDate date) => LocalDatePattern.Iso.Format(date);
    private static string VersionRow(int version) => string.Create(CultureInfo.InvariantCulture, $"{VersionPrefix}{version:0000}");
    private static string HashRow(string hash) => "hash|" + hash;

    public async Task<PopulationSnapshot?> LatestAsync(LocalDate referenceDate, CancellationToken cancellationToken = default)
    {
        await storage.EnsureCreatedAsync();
        var counter = await Table.GetEntityIfExistsAsync<TableEntity>(Partition(referenceDate), CounterRow, cancellationToken: cancellationToken);
        if (!counter.HasValue) return null;
        var entity = await Table.GetEntityAsync<TableEntity>(Partition(referenceDate), VersionRow(counter.Value!.GetInt32("Version")!.Value), cancellationToken: cancellationToken);
        return FromEntity(entity.Value);
    }

    public async Task<IReadOnlyList<PopulationSnapshot>> ListAsync(CancellationToken cancellationToken = default)
    {
        await storage.EnsureCreatedAsync();
        var filter = TableClient.CreateQueryFilter($"RowKey ge {VersionPrefix} and RowKey lt {"w"}");
        var list = new List<PopulationSnapshot>();
        await foreach (var entity in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            list.Add(FromEntity(entity));
        return list.OrderBy(s => s.ReferenceDate).ThenBy(s => s.Version).ToList();
    }

    public async Task<SnapshotOutcome> AddAsync(LocalDate referenceDate, IReadOnlyDictionary<CbsCode, Population> figures, string source, Instant ingestedAt, CancellationToken cancellationToken = default)
    {
        await storage.EnsureCreatedAsync();
        var partition = Partition(referenceDate);
        var hash = PopulationSnapshot.HashOf(figures);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            if (await FindByHashAsync(referenceDate, hash, cancellationToken) is { } existing) return new SnapshotOutcome(existing, false);
            var counter = await Table.GetEntityIfExistsAsync<TableEntity>(partition, CounterRow, cancellationToken: cancellationToken);
            var version = counter.HasValue ? counter.Value!.GetInt32("Version")!.Value + 1 : 1;
            var snapshot = new PopulationSnapshot(referenceDate, version, source, ingestedAt, figures);
            var transaction = new TableTransaction()
                .Add(counter.HasValue ? TableTransactionActionType.UpdateReplace : TableTransactionActionType.Add,
                    new TableEntity(partition, CounterRow) { ["Version"] = version }, counter.HasValue ? counter.Value!.ETag : default)
                .Add(TableTransactionActionType.Add, ToEntity(snapshot, hash))
                .Add(TableTransactionActionType.Add, new TableEntity(partition, HashRow(hash)) { ["Version"] = version });
            try
            {
                await transaction.SubmitAsync(Table, cancellationToken);
                return new SnapshotOutcome(snapshot, true);
            }
            catch (TableTransactionFailedException)
            {
                await Task.Delay(Random.Shared.Next(0, Math.Min(100, attempt * 10)), cancellationToken);
            }
        }
        throw new InvalidOperationException($"Could not store population figures of {partition} after {MaxAttempts} attempts.");
    }

    private async Task<PopulationSnapshot?> FindByHashAsync(LocalDate date, string hash, CancellationToken cancellationToken)
    {
        var claim = await Table.GetEntityIfExistsAsync<TableEntity>(Partition(date), HashRow(hash), cancellationToken: cancellationToken);
        if (!claim.HasValue) return null;
        var entity = await Table.GetEntityAsync<TableEntity>(Partition(date), VersionRow(claim.Value!.GetInt32("Version")!.Value), cancellationToken: cancellationToken);
        return FromEntity(entity.Value);
    }

    private static TableEntity ToEntity(PopulationSnapshot snapshot, string hash) => new(Partition(snapshot.ReferenceDate), VersionRow(snapshot.Version))
    {
        ["Version"] = snapshot.Version,
        ["Source"] = snapshot.Source,
        ["IngestedAt"] = InstantPattern.ExtendedIso.Format(snapshot.IngestedAt),
        ["Members"] = snapshot.Figures.Count,
        ["FiguresHash"] = hash,
        ["Figures"] = JsonSerializer.Serialize(snapshot.Figures.OrderBy(f => f.Key.Value, StringComparer.Ordinal).ToDictionary(f => f.Key.Value, f => f.Value.Count)),
    };

    private static PopulationSnapshot FromEntity(TableEntity entity) => new(
        LocalDatePattern.Iso.Parse(entity.PartitionKey).GetValueOrThrow(),
        entity.GetInt32("Version")!.Value,
        entity.GetString("Source"),
        InstantPattern.ExtendedIso.Parse(entity.GetString("IngestedAt")).GetValueOrThrow(),
        JsonSerializer.Deserialize<Dictionary<string, int>>(entity.GetString("Figures"))!
            .ToDictionary(f => CbsCode.Parse(f.Key), f => new Population(f.Value)));
}
