using System.Collections.Concurrent;
using Dimpact.Billing.Members;
using NodaTime;

namespace Dimpact.Billing.MasterData;

/// <summary>
/// The member registry from the stored master data: the current version (where documents go: read again on every
/// call, so a changed e-mail address takes effect for the next delivery without a deploy), and the version that was
/// current on a date (what a document shows: the address valid on its issue date). A version counts from the day it
/// was stored (Amsterdam time); a date before the first version gets the first.
/// </summary>
public sealed class StoredMemberRegistries(IMasterDataStore store, IMasterDataReader reader) : IMemberRegistries
{
    private readonly ConcurrentDictionary<string, Lazy<Task<MemberRegistry>>> _parsed = new();

    public async Task<MemberRegistry> CurrentAsync(CancellationToken cancellationToken = default) =>
        await ParsedAsync((await store.CurrentAsync(cancellationToken)).Members, cancellationToken);

    public async Task<MemberRegistry> OnAsync(LocalDate date, CancellationToken cancellationToken = default)
    {
        var current = (await store.CurrentAsync(cancellationToken)).Members;
        // Usually the current version was stored before the document's date: no history needed.
        if (current is null || DayOf(current) <= date) return await ParsedAsync(current, cancellationToken);
        var versions = (await store.HistoryAsync(cancellationToken)).Where(v => v.Set == MasterDataSet.Members).OrderBy(v => v.Number).ToList();
        var valid = versions.LastOrDefault(v => DayOf(v) <= date) ?? versions.FirstOrDefault();
        return await ParsedAsync(valid, cancellationToken);
    }

    private static LocalDate DayOf(MasterDataVersion version) => version.At.InZone(BillingCalendar.Zone).Date;

    private async Task<MemberRegistry> ParsedAsync(MasterDataVersion? version, CancellationToken cancellationToken)
    {
        if (version is null) return await StoredTariffYears.RegistryAsync(store, reader, null, cancellationToken);
        var lazy = _parsed.GetOrAdd(version.Hash, _ => new Lazy<Task<MemberRegistry>>(() => StoredTariffYears.RegistryAsync(store, reader, version, cancellationToken)));
        try { return await lazy.Value; }
        catch { _parsed.TryRemove(KeyValuePair.Create(version.Hash, lazy)); throw; }
    }
}
