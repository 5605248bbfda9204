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
/// figures twice. A held version records why (<c>HoldReasons</c>); finance's approval is a row of its own
/// (<c>approval|v0002</c>), added once and never changed, so approving is idempotent and the figures stay immutable.
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
    private static string ApprovalRow(int version) => string.Create(CultureInfo.InvariantCulture, $"approval|{VersionRow(version)}");

    public async Task<PopulationSnapshot?> LatestAsync(LocalDate referenceDate, CancellationToken cancellationToken = default)
    {
        await storage.EnsureCreatedAsync();
        var counter = await Table.GetEntityIfExistsAsync<TableEntity>(Partition(referenceDate), CounterRow, cancellationToken: cancellationToken);
        if (!counter.HasValue) return null;
        return await FindAsync(referenceDate, counter.Value!.GetInt32("Version")!.Value, cancellationToken);
    }

    public async Task<PopulationSnapshot?> FindAsync(LocalDate referenceDate, int version, CancellationToken cancellationToken = default)
    {
        await storage.EnsureCreatedAsync();
        var entity = await Table.GetEntityIfExistsAsync<TableEntity>(Partition(referenceDate), VersionRow(version), cancellationToken: cancellationToken);
        if (!entity.HasValue) return null;
        var snapshot = FromEntity(entity.Value!);
        if (!snapshot.NeedsApproval) return snapshot;
        var approval = await Table.GetEntityIfExistsAsync<TableEntity>(Partition(referenceDate), ApprovalRow(version), cancellationToken: cancellationToken);
        return approval.HasValue ? snapshot with { Approval = ApprovalFrom(approval.Value!) } : snapshot;
    }

    public async Task<IReadOnlyList<PopulationSnapshot>> ListAsync(CancellationToken cancellationToken = default)
    {
        await storage.EnsureCreatedAsync();
        var list = new List<PopulationSnapshot>();
        var approvals = new Dictionary<(string, string), PopulationApproval>();
        await foreach (var entity in Table.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            if (entity.RowKey.StartsWith("approval|", StringComparison.Ordinal))
                approvals[(entity.PartitionKey, entity.RowKey["approval|".Length..])] = ApprovalFrom(entity);
            else if (entity.RowKey.StartsWith(VersionPrefix, StringComparison.Ordinal))
                list.Add(FromEntity(entity));
        }
        return list
            .Select(s => approvals.TryGetValue((Partition(s.ReferenceDate), VersionRow(s.Version)), out var a) ? s with { Approval = a } : s)
            .OrderBy(s => s.ReferenceDate).ThenBy(s => s.Version).ToList();
    }

    public async Task<ApprovalOutcome?> ApproveAsync(LocalDate referenceDate, int version, PopulationApproval approval, CancellationToken cancellationToken = default)
    {
        if (await FindAsync(referenceDate, version, cancellationToken) is not { } snapshot) return null;
        if (snapshot.Approval is not null) return new ApprovalOutcome(snapshot, false);
        try
        {
            await Table.AddEntityAsync(new TableEntity(Partition(referenceDate), ApprovalRow(version))
            {
                ["ApprovedBy"] = approval.ApprovedBy,
                ["ApprovedAt"] = InstantPattern.ExtendedIso.Format(approval.ApprovedAt),
            }, cancellationToken);
            return new ApprovalOutcome(snapshot with { Approval = approval }, true);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Approved concurrently: the first approval stands.
            return new ApprovalOutcome((await FindAsync(referenceDate, version, cancellationToken))!, false);
        }
    }

    public async Task<SnapshotOutcome> AddAsync(LocalDate referenceDate, IReadOnlyDictionary<CbsCode, Population> figures, string source, Instant ingestedAt,
        IReadOnlyList<ImplausibleChange>? holdReasons = null, CancellationToken cancellationToken = default)
    {
        await storage.EnsureCreatedAsync();
        var partition = Partition(referenceDate);
        var hash = PopulationSnapshot.HashOf(figures);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            if (await FindByHashAsync(referenceDate, hash, cancellationToken) is { } existing) return new SnapshotOutcome(existing, false);
            var counter = await Table.GetEntityIfExistsAsync<TableEntity>(partition, CounterRow, cancellationToken: cancellationToken);
            var version = counter.HasValue ? counter.Value!.GetInt32("Version")!.Value + 1 : 1;
            var snapshot = new PopulationSnapshot(referenceDate, version, source, ingestedAt, figures, holdReasons is { Count: > 0 } ? holdReasons : null);
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
        return await FindAsync(date, claim.Value!.GetInt32("Version")!.Value, cancellationToken);
    }

    private static TableEntity ToEntity(PopulationSnapshot snapshot, string hash) => new(Partition(snapshot.ReferenceDate), VersionRow(snapshot.Version))
    {
        ["Version"] = snapshot.Version,
        ["Source"] = snapshot.Source,
        ["IngestedAt"] = InstantPattern.ExtendedIso.Format(snapshot.IngestedAt),
        ["Members"] = snapshot.Figures.Count,
        ["FiguresHash"] = hash,
        ["Figures"] = JsonSerializer.Serialize(snapshot.Figures.OrderBy(f => f.Key.Value, StringComparer.Ordinal).ToDictionary(f => f.Key.Value, f => f.Value.Count)),
        ["HoldReasons"] = snapshot.HoldReasons is { } reasons
            ? JsonSerializer.Serialize(reasons.Select(r => new HoldDto(r.Member.Value, r.Before.Count, r.After.Count, r.Against)))
            : null,
    };

    private sealed record HoldDto(string Member, int Before, int After, string Against);

    private static PopulationApproval ApprovalFrom(TableEntity entity) =>
        new(entity.GetString("ApprovedBy"), InstantPattern.ExtendedIso.Parse(entity.GetString("ApprovedAt")).GetValueOrThrow());

    private static PopulationSnapshot FromEntity(TableEntity entity) => new(
        LocalDatePattern.Iso.Parse(entity.PartitionKey).GetValueOrThrow(),
        entity.GetInt32("Version")!.Value,
        entity.GetString("Source"),
        InstantPattern.ExtendedIso.Parse(entity.GetString("IngestedAt")).GetValueOrThrow(),
        JsonSerializer.Deserialize<Dictionary<string, int>>(entity.GetString("Figures"))!
            .ToDictionary(f => CbsCode.Parse(f.Key), f => new Population(f.Value)),
        entity.GetString("HoldReasons") is { Length: > 0 } held
            ? JsonSerializer.Deserialize<List<HoldDto>>(held)!.Select(h => new ImplausibleChange(CbsCode.Parse(h.Member), new Population(h.Before), new Population(h.After), h.Against)).ToList()
            : null);
}
