using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Dimpact.Billing.MasterData;
using Dimpact.DataFiles.MasterData;
using Dimpact.DataFiles.TariffYears;
using NodaTime;
using NodaTime.Text;

namespace Dimpact.Storage;

/// <summary>
/// Master data versions in Table storage (table <c>masterdata</c>: one partition per set, a row per version and a
/// <c>latest</c> row holding the current one) with the files of each version in blobs written once: a tariff year's in
/// <c>tariff-years/{year}/{tariff version}/{file}</c> (where <see cref="ArchivedTariffYears.LoadVersionAsync"/> finds
/// them to reproduce a document), the member data in <c>master-data-versions/{set}/{hash}/{file}</c>. The blobs are
/// named after their content, so that a writer that loses the race for a version number leaves nothing wrong behind.
/// </summary>
/// <remarks>
/// A new version is one entity-group transaction: <c>Add</c> of the version row (fails when another process took the
/// number: the caller re-reads and tries the next) and the <c>latest</c> row replaced. An empty account is seeded with
/// the data shipped with the program (<see cref="ShippedMasterData"/>) as v0001 by "seed", once per process; five
/// processes seeding at once store one v0001, because all but one lose the <c>Add</c>.
/// The current versions are one query (the <c>latest</c> rows), kept at most <paramref name="maxAge"/> (default 2 s) so
/// that a delivery run does not read them per document; this process's own writes drop them at once.
/// </remarks>
public sealed class TableMasterDataStore(BillingStorage storage, ShippedMasterData? seed, IClock clock, Duration? maxAge = null) : IMasterDataStore
{
    private const string LatestRow = "latest";
    private static readonly Duration DefaultMaxAge = Duration.FromSeconds(2);

    private readonly Duration _maxAge = maxAge ?? DefaultMaxAge;
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> _files = new();
    private readonly object _gate = new();
    private Lazy<Task>? _seeded;
    private volatile Pointers? _current;

    // Ages by the machine's monotonic clock, not the billing clock (a test's fake clock stands still).
    private sealed record Pointers(MasterDataPointers Current, long ReadAtMs);

    private TableClient Table => storage.Table(BillingStorage.MasterDataTable);

    public async Task<MasterDataPointers> CurrentAsync(CancellationToken cancellationToken = default)
    {
        await SeedAsync();
        var now = Environment.TickCount64;
        if (_current is { } cached && now - cached.ReadAtMs < _maxAge.TotalMilliseconds) return cached.Current;
        var pointers = await ReadPointersAsync(cancellationToken);
        _current = new Pointers(pointers, now);
        return pointers;
    }

    private async Task<MasterDataPointers> ReadPointersAsync(CancellationToken cancellationToken)
    {
        var current = new Dictionary<MasterDataSet, MasterDataVersion>();
        await foreach (var row in Table.QueryAsync<TableEntity>(e => e.RowKey == LatestRow, cancellationToken: cancellationToken))
            current[MasterDataSet.Parse(row.PartitionKey)] = FromEntity(row);
        return new MasterDataPointers(current);
    }

    public async Task<IReadOnlyList<MasterDataVersion>> HistoryAsync(CancellationToken cancellationToken = default)
    {
        await SeedAsync();
        var versions = new List<MasterDataVersion>();
        await foreach (var row in Table.QueryAsync<TableEntity>(e => e.RowKey.CompareTo("v") >= 0 && e.RowKey.CompareTo("w") < 0, cancellationToken: cancellationToken))
            versions.Add(FromEntity(row));
        return versions.OrderBy(v => v.Set.Year is null ? 0 : 1).ThenBy(v => v.Set.Name, StringComparer.Ordinal).ThenBy(v => v.Number).ToList();
    }

    public async Task<IReadOnlyDictionary<string, string>> FilesAsync(MasterDataVersion version, CancellationToken cancellationToken = default)
    {
        if (_files.TryGetValue(version.Location, out var known)) return known;
        var (container, prefix) = Split(version.Location);
        var files = new Dictionary<string, string>();
        foreach (var name in version.Files)
            files[name] = (await container.GetBlobClient(prefix + name).DownloadContentAsync(cancellationToken)).Value.Content.ToString();
        return _files.GetOrAdd(version.Location, files);
    }

    public async Task<bool> TryAddAsync(MasterDataVersion version, IReadOnlyDictionary<string, string> files, CancellationToken cancellationToken = default)
    {
        await storage.EnsureCreatedAsync();
        try
        {
            return await TryAddUnseededAsync(version, files, cancellationToken);
        }
        finally
        {
            _current = null; // whatever happened, the next read sees the table
        }
    }

    private async Task<bool> TryAddUnseededAsync(MasterDataVersion version, IReadOnlyDictionary<string, string> files, CancellationToken cancellationToken)
    {
        var location = LocationOf(version.Set, version.Hash, files);
        var (container, prefix) = Split(location);
        foreach (var (name, text) in files)
        {
            try
            {
                await container.GetBlobClient(prefix + name).UploadAsync(BinaryData.FromString(text), new BlobUploadOptions
                {
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                    HttpHeaders = new BlobHttpHeaders { ContentType = "text/csv; charset=utf-8" },
                }, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // Written before: the name is a hash of the content.
            }
        }
        var stored = version with { Location = location };
        var transaction = new TableTransaction()
            .Add(TableTransactionActionType.Add, ToEntity(stored, stored.Name))
            .Add(TableTransactionActionType.UpsertReplace, ToEntity(stored, LatestRow));
        try
        {
            await transaction.SubmitAsync(Table, cancellationToken);
            _files.TryAdd(location, files);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            return false; // another process stored this number first
        }
    }

    /// <summary>Seeds the sets the account lacks from the shipped data, once per process (again after a failure).</summary>
    private Task SeedAsync()
    {
        lock (_gate)
        {
            if (_seeded is null || (_seeded.Value.IsCompleted && !_seeded.Value.IsCompletedSuccessfully)) _seeded = new Lazy<Task>(SeedOnceAsync);
            return _seeded.Value;
        }
    }

    private async Task SeedOnceAsync()
    {
        await storage.EnsureCreatedAsync();
        if (seed is null) return;
        var stored = await ReadPointersAsync(CancellationToken.None);
        foreach (var (set, files) in seed.Sets().Where(s => !stored.Current.ContainsKey(s.Set)))
        {
            var source = set.Year is { } year ? $"seed: data/tariff-years/{year}" : $"seed: data/members";
            await TryAddUnseededAsync(new MasterDataVersion(set, 1, MasterDataVersion.SeedAuthor, clock.GetCurrentInstant(), source,
                MasterDataVersion.HashOf(files), files.Keys.Order(StringComparer.Ordinal).ToList()), files, CancellationToken.None);
        }
        _current = null;
    }

    /// <summary>Where a version's files go: a tariff year's where the tariff archive keeps them, the member data by set and hash.</summary>
    private string LocationOf(MasterDataSet set, string hash, IReadOnlyDictionary<string, string> files) =>
        set.Year is { } year
            ? $"{BillingStorage.TariffYearsContainer}/{ArchivedTariffYears.BlobName(year, TariffYearFiles.Version(year, files), "")}"
            : $"{BillingStorage.MasterDataVersionsContainer}/{set.Name}/{hash}/";

    /// <summary>"tariff-years/2024/2024-abc/" → the container (prefixed as this storage names it) and the blob prefix.</summary>
    private (BlobContainerClient Container, string Prefix) Split(string location)
    {
        var slash = location.IndexOf('/', StringComparison.Ordinal);
        return (storage.Container(location[..slash]), location[(slash + 1)..]);
    }

    private static TableEntity ToEntity(MasterDataVersion version, string row) => new(version.Set.Name, row)
    {
        ["Version"] = version.Number,
        ["By"] = version.By,
        ["At"] = InstantPattern.ExtendedIso.Format(version.At),
        ["Source"] = version.Source,
        ["Hash"] = version.Hash,
        ["Files"] = JsonSerializer.Serialize(version.Files),
        ["Location"] = version.Location,
    };

    private static MasterDataVersion FromEntity(TableEntity row) => new(
        MasterDataSet.Parse(row.PartitionKey),
        row.GetInt32("Version")!.Value,
        row.GetString("By"),
        InstantPattern.ExtendedIso.Parse(row.GetString("At")).GetValueOrThrow(),
        row.GetString("Source"),
        row.GetString("Hash"),
        JsonSerializer.Deserialize<List<string>>(row.GetString("Files"))!)
    {
        Location = row.GetString("Location"),
    };
}
