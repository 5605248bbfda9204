using System.Collections.Concurrent;
using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Members;
using Dimpact.Billing.Membership;
using Dimpact.Billing.Tariffs;

namespace Dimpact.Billing.MasterData;

/// <summary>
/// The tariff years as billed: the current stored version of the year's tariff data (seeded from the shipped data when
/// the account has none) with the current membership changes applied (<see cref="MembershipRules.Apply"/>), so that
/// an upload takes effect without a restart or a deploy. The year names the member data versions it was made with
/// ("members v0003, changes v0002"), which documents record.
/// </summary>
/// <remarks>
/// Every call reads the current versions (one query, which the store may keep a second or two); what is built from
/// them is kept per version, so an unchanged year is not parsed again.
/// </remarks>
public sealed class StoredTariffYears(IMasterDataStore store, IMasterDataReader reader) : ITariffYears
{
    private readonly ConcurrentDictionary<string, Task<object>> _built = new();

    public async Task<TariffYear?> FindAsync(int year, CancellationToken cancellationToken = default)
    {
        var pointers = await store.CurrentAsync(cancellationToken);
        if (pointers.TariffYear(year) is not { } version) return null;
        var memberData = pointers.MemberDataVersion;
        return (TariffYear)await BuildAsync($"year|{version.Set}|{version.Hash}|{memberData}|{pointers.Members?.Hash}|{pointers.Membership?.Hash}", async () =>
        {
            var plan = (TariffYear)await BuildAsync($"plan|{version.Set}|{version.Hash}",
                async () => reader.TariffYear(await store.FilesAsync(version, cancellationToken), $"{version.Set}/{version.Name}"));
            var registry = await RegistryAsync(store, reader, pointers.Members, cancellationToken);
            var changes = pointers.Membership is { } m && (await store.FilesAsync(m, cancellationToken)).TryGetValue(MasterDataSet.MembershipFile, out var text)
                ? reader.Changes(text, $"{MasterDataSet.MembershipFile} ({m.Set} {m.Name})", memberData)
                : new MembershipChanges(memberData, []);
            return MembershipRules.Apply(plan, changes, code => registry.Contains(code) ? registry[code].Name : null);
        });
    }

    /// <summary>
    /// The current stored tariff data of a year alone, the plan without membership changes: what a tariff-year upload
    /// changes and what <c>dimpact tariff-year diff</c> compares.
    /// </summary>
    public async Task<TariffYear?> PlanAsync(int year, CancellationToken cancellationToken = default)
    {
        var pointers = await store.CurrentAsync(cancellationToken);
        if (pointers.TariffYear(year) is not { } version) return null;
        return (TariffYear)await BuildAsync($"plan|{version.Set}|{version.Hash}",
            async () => reader.TariffYear(await store.FilesAsync(version, cancellationToken), $"{version.Set}/{version.Name}"));
    }

    /// <summary>A member registry version, read and parsed; an empty registry when there is none.</summary>
    internal static async Task<MemberRegistry> RegistryAsync(IMasterDataStore store, IMasterDataReader reader, MasterDataVersion? version, CancellationToken cancellationToken) =>
        version is null ? new MemberRegistry([], new Dictionary<(CbsCode, int), string>())
        : reader.Registry(await store.FilesAsync(version, cancellationToken), $"{version.Set} {version.Name}");

    /// <summary>Built once per key; a failure is not kept (the next call tries again).</summary>
    private async Task<object> BuildAsync(string key, Func<Task<object>> build)
    {
        var task = _built.GetOrAdd(key, _ => build());
        try { return await task; }
        catch { _built.TryRemove(KeyValuePair.Create(key, task)); throw; }
    }
}
