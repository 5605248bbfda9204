namespace Dimpact.Billing.MasterData;

/// <summary>
/// Where master data lives, versioned (implemented by the storage adapter). An empty store is seeded with the data
/// shipped with the program as version v0001 of each set, once, however many processes start at once.
/// </summary>
public interface IMasterDataStore
{
    /// <summary>The current version of every set: one cheap read, made again on every call (an upload takes effect at once).</summary>
    Task<MasterDataPointers> CurrentAsync(CancellationToken cancellationToken = default);

    /// <summary>The files of a version (kept once and never changed, so callers may cache them by version).</summary>
    Task<IReadOnlyDictionary<string, string>> FilesAsync(MasterDataVersion version, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores <paramref name="version"/> with its files, only if its number is still free: false when another process
    /// took that number first (then re-read, re-validate and try the next number).
    /// </summary>
    Task<bool> TryAddAsync(MasterDataVersion version, IReadOnlyDictionary<string, string> files, CancellationToken cancellationToken = default);

    /// <summary>Every version of every set, by set and number.</summary>
    Task<IReadOnlyList<MasterDataVersion>> HistoryAsync(CancellationToken cancellationToken = default);
}
