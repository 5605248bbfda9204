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

    public async Task<MemberRegistry> OnAsync(LocalDate date, string? memberDataVersion = null, CancellationToken cancellationToken = default) =>
        (await VersionOnAsync(date, memberDataVersion, cancellationToken)).Registry;

    /// <summary><see cref="OnAsync"/>, with the version it is (null when no member data is stored).</summary>
    public async Task<(MasterDataVersion? Version, MemberRegistry Registry)> VersionOnAsync(LocalDate date, string? memberDataVersion = null,
        CancellationToken cancellationToken = default)
    {
        var current = (await store.CurrentAsync(cancellationToken)).Members;
        var named = MembersVersionIn(memberDataVersion);
        // Usually the document was made with the current version: no history needed.
        if (current is null || (named is null ? DayOf(current) <= date : named == current.Number)) return (current, await ParsedAsync(current, cancellationToken));
        var versions = (await store.HistoryAsync(cancellationToken)).Where(v => v.Set == MasterDataSet.Members).OrderBy(v => v.Number).ToList();
        var valid = versions.FirstOrDefault(v => v.Number == named) ?? versions.LastOrDefault(v => DayOf(v) <= date) ?? versions.FirstOrDefault();
        return (valid, await ParsedAsync(valid, cancellationToken));
    }

    /// <summary>3 of "members v0003, changes v0002"; null when it names no members version.</summary>
    public static int? MembersVersionIn(string? memberDataVersion) =>
        memberDataVersion?.Split(',', StringSplitOptions.TrimEntries).FirstOrDefault(p => p.StartsWith("members v", StringComparison.Ordinal)) is { } part
        && int.TryParse(part.AsSpan("members v".Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            ? number : null;

    private static LocalDate DayOf(MasterDataVersion version) => version.At.InZone(BillingCalendar.Zone).Date;

    private async Task<MemberRegistry> ParsedAsync(MasterDataVersion? version, CancellationToken cancellationToken)
    {
        if (version is null) return await StoredTariffYears.RegistryAsync(store, reader, null, cancellationToken);
        var lazy = _parsed.GetOrAdd(version.Hash, _ => new Lazy<Task<MemberRegistry>>(() => StoredTariffYears.RegistryAsync(store, reader, version, cancellationToken)));
        try { return await lazy.Value; }
        catch { _parsed.TryRemove(KeyValuePair.Create(version.Hash, lazy)); throw; }
    }
}
