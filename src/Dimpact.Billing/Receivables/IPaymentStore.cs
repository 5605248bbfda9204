using NodaTime;

namespace Dimpact.Billing.Receivables;

/// <summary>A statement that was imported: recorded last, after its entries and their matching, so a crash in between is finished by importing again.</summary>
public sealed record ImportedStatement(StatementKey Key, string Source, Instant ImportedAt, LocalDate OpeningDate, Money OpeningBalance,
    LocalDate ClosingDate, Money ClosingBalance, int Entries, string Format);

/// <summary>
/// The allocation log as read: its records and an opaque version. Appending on a version fails when anyone appended
/// after it, so allocations decided on a stale state are never stored (a document is never allocated more than is open).
/// </summary>
public sealed record AllocationLog(IReadOnlyList<Allocation> Records, string Version);

/// <summary>
/// Where bank entries, imported statements and allocation records live. Entries are stored once by their
/// <see cref="BankReference"/> (insert if absent); allocations are only ever added, never changed.
/// </summary>
public interface IPaymentStore
{
    Task<ImportedStatement?> FindStatementAsync(StatementKey key, CancellationToken cancellationToken = default);

    /// <summary>Records an imported statement; recording it again (a concurrent import) changes nothing.</summary>
    Task RecordStatementAsync(ImportedStatement statement, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ImportedStatement>> StatementsAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores the entries whose reference is not stored yet; returns how many were new.</summary>
    Task<int> AddEntriesAsync(IReadOnlyList<BankEntry> entries, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<BankEntry>> EntriesAsync(CancellationToken cancellationToken = default);

    Task<AllocationLog> AllocationsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds the records atomically if the log is still at <paramref name="version"/>; returns the new version, or null when
    /// the log moved on (re-read and decide again) or a record's id was stored already. At most 99 records at a time.
    /// </summary>
    Task<string?> AppendAsync(string version, IReadOnlyList<Allocation> records, CancellationToken cancellationToken = default);

    /// <summary>How many records <see cref="AppendAsync"/> takes at once.</summary>
    const int MaxAppend = 99;
}
