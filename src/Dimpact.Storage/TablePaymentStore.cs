using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Dimpact.Billing;
using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Receivables;
using NodaTime;
using NodaTime.Text;

namespace Dimpact.Storage;

/// <summary>
/// Bank statements, bank entries and the allocation log in Table storage (docs/storage-design.md, "Payments").
/// <list type="bullet">
/// <item><c>bankentries</c>: one partition, the bank reference as row key, added create-only (a second import of an
/// entry finds it and adds nothing).</item>
/// <item><c>bankstatements</c>: per account, the statement id as row key, added after the import's matching.</item>
/// <item><c>allocations</c>: one partition, a <c>head</c> row with the number of records, and one row per record
/// (<c>r|{id}</c>) added, never changed. An append is the head replaced on its ETag plus the records added, in one
/// entity-group transaction: whoever decided on a stale log fails as a whole and decides again, and an id stored
/// before (a rerun) fails the append too, so every allocation is stored once.</item>
/// </list>
/// </summary>
public sealed class TablePaymentStore(BillingStorage storage) : IPaymentStore
{
    private const string EntryPartition = "entry";
    private const string AllocationPartition = "allocation";
    private const string HeadRow = "head";
    private const string RecordPrefix = "r|";

    private TableClient Entries => storage.Table(BillingStorage.BankEntriesTable);
    private TableClient Statements => storage.Table(BillingStorage.BankStatementsTable);
    private TableClient Allocations => storage.Table(BillingStorage.AllocationsTable);

    /// <summary>
    /// A row key from any text: the characters a key may not hold ('/', '\', '#', '?', control characters) and the escape
    /// character '~' itself as <c>~XX</c> (hex), so that two texts never share a key.
    /// </summary>
    public static string Key(string text)
    {
        var key = new StringBuilder(text.Length);
        foreach (var c in text)
            if (c is '/' or '\\' or '#' or '?' or '~' || char.IsControl(c)) key.Append(CultureInfo.InvariantCulture, $"~{(int)c:X2}");
            else key.Append(c);
        return key.ToString();
    }

    public async Task<ImportedStatement?> FindStatementAsync(StatementKey key, CancellationToken cancellationToken = default)
    {
        await storage.EnsureCreatedAsync();
        var entity = await Statements.GetEntityIfExistsAsync<TableEntity>(key.Account.Value, Key(key.Id), cancellationToken: cancellationToken);
        return entity.HasValue ? StatementFrom(entity.Value!) : null;
    }

    public async Task RecordStatementAsync(ImportedStatement statement, CancellationToken cancellationToken = default)
    {
        await storage.EnsureCreatedAsync();
        try
        {
            await Statements.AddEntityAsync(new TableEntity(statement.Key.Account.Value, Key(statement.Key.Id))
            {
                ["StatementId"] = statement.Key.Id,
                ["Source"] = statement.Source,
                ["ImportedAt"] = InstantPattern.ExtendedIso.Format(statement.ImportedAt),
                ["OpeningDate"] = LocalDatePattern.Iso.Format(statement.OpeningDate),
                ["OpeningBalance"] = statement.OpeningBalance.ToString(),
                ["ClosingDate"] = LocalDatePattern.Iso.Format(statement.ClosingDate),
                ["ClosingBalance"] = statement.ClosingBalance.ToString(),
                ["Entries"] = statement.Entries,
                ["Format"] = statement.Format,
            }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Imported concurrently: the first record stands.
        }
    }

    public async Task<IReadOnlyList<ImportedStatement>> StatementsAsync(CancellationToken cancellationToken = default)
    {
        await storage.EnsureCreatedAsync();
        var list = new List<ImportedStatement>();
        await foreach (var entity in Statements.QueryAsync<TableEntity>(cancellationToken: cancellationToken)) list.Add(StatementFrom(entity));
        return [.. list.OrderBy(s => s.ClosingDate).ThenBy(s => s.Key.Id, StringComparer.Ordinal)];
    }

    public async Task<int> AddEntriesAsync(IReadOnlyList<BankEntry> entries, CancellationToken cancellationToken = default)
    {
        await storage.EnsureCreatedAsync();
        var added = 0;
        foreach (var chunk in entries.DistinctBy(e => e.Reference).Chunk(TableTransaction.MaxActions))
        {
            var transaction = new TableTransaction();
            foreach (var entry in chunk) transaction.Add(TableTransactionActionType.Add, EntryEntity(entry));
            try
            {
                await transaction.SubmitAsync(Entries, cancellationToken);
                added += chunk.Length;
                continue;
            }
            catch (TableTransactionFailedException e) when (e.Status == 409) { }
            // Some were stored before (a concurrent import, or another statement repeating an entry): one by one.
            foreach (var entry in chunk)
            {
                try
                {
                    await Entries.AddEntityAsync(EntryEntity(entry), cancellationToken);
                    added++;
                }
                catch (RequestFailedException e) when (e.Status == 409) { }
            }
        }
        return added;
    }

    public async Task<IReadOnlyList<BankEntry>> EntriesAsync(CancellationToken cancellationToken = default)
    {
        await storage.EnsureCreatedAsync();
        var list = new List<BankEntry>();
        await foreach (var entity in Entries.QueryAsync<TableEntity>(e => e.PartitionKey == EntryPartition, cancellationToken: cancellationToken)) list.Add(EntryFrom(entity));
        return list;
    }

    public async Task<AllocationLog> AllocationsAsync(CancellationToken cancellationToken = default)
    {
        await storage.EnsureCreatedAsync();
        var records = new List<(long Sequence, Allocation Record)>();
        var version = "";
        // The head sorts before the records: a record appended while later pages are read is newer than the version,
        // so an append decided on this read fails, as it must.
        await foreach (var entity in Allocations.QueryAsync<TableEntity>(e => e.PartitionKey == AllocationPartition, cancellationToken: cancellationToken))
        {
            if (entity.RowKey == HeadRow) version = entity.ETag.ToString();
            else records.Add((entity.GetInt64("Sequence") ?? 0, AllocationFrom(entity)));
        }
        return new AllocationLog([.. records.OrderBy(r => r.Sequence).Select(r => r.Record)], version);
    }

    public async Task<string?> AppendAsync(string version, IReadOnlyList<Allocation> records, CancellationToken cancellationToken = default)
    {
        if (records.Count is 0 or > IPaymentStore.MaxAppend) throw new ArgumentOutOfRangeException(nameof(records), records.Count, $"An append holds 1 to {IPaymentStore.MaxAppend} records.");
        await storage.EnsureCreatedAsync();
        long count = 0;
        if (version.Length > 0)
        {
            var head = await Allocations.GetEntityIfExistsAsync<TableEntity>(AllocationPartition, HeadRow, cancellationToken: cancellationToken);
            if (!head.HasValue || head.Value!.ETag.ToString() != version) return null;
            count = head.Value.GetInt64("Records") ?? 0;
        }
        var transaction = new TableTransaction()
            .Add(version.Length == 0 ? TableTransactionActionType.Add : TableTransactionActionType.UpdateReplace,
                new TableEntity(AllocationPartition, HeadRow) { ["Records"] = count + records.Count }, version.Length == 0 ? default : new ETag(version));
        var sequence = count;
        foreach (var record in records) transaction.Add(TableTransactionActionType.Add, AllocationEntity(record, ++sequence));
        try
        {
            var responses = await transaction.SubmitAsync(Allocations, cancellationToken);
            return responses[0].Headers.ETag?.ToString() ?? (await Allocations.GetEntityAsync<TableEntity>(AllocationPartition, HeadRow, cancellationToken: cancellationToken)).Value.ETag.ToString();
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
        {
            return null;
        }
    }

    private static TableEntity EntryEntity(BankEntry e) => new(EntryPartition, Key(e.Reference.Value))
    {
        ["Reference"] = e.Reference.Value,
        ["StatementId"] = e.StatementId,
        ["BookingDate"] = LocalDatePattern.Iso.Format(e.BookingDate),
        ["ValueDate"] = LocalDatePattern.Iso.Format(e.ValueDate),
        ["Amount"] = e.Amount.ToString(),
        ["Direction"] = e.Direction.ToString(),
        ["Reversal"] = e.Reversal,
        ["CounterpartyName"] = e.CounterpartyName,
        ["CounterpartyIban"] = e.CounterpartyIban,
        ["Remittance"] = JsonSerializer.Serialize(e.Remittance),
        ["EndToEndId"] = e.EndToEndId,
    };

    private static BankEntry EntryFrom(TableEntity e) => new(
        new BankReference(e.GetString("Reference")), e.GetString("StatementId"), Date(e, "BookingDate"), Date(e, "ValueDate"), Money.Parse(e.GetString("Amount")),
        Enum.Parse<EntryDirection>(e.GetString("Direction")), e.GetBoolean("Reversal") ?? false, e.GetString("CounterpartyName"), e.GetString("CounterpartyIban"),
        JsonSerializer.Deserialize<List<string>>(e.GetString("Remittance")) ?? [], e.GetString("EndToEndId"));

    private static TableEntity AllocationEntity(Allocation a, long sequence) => new(AllocationPartition, RecordPrefix + Key(a.Id))
    {
        ["Sequence"] = sequence,
        ["Id"] = a.Id,
        ["Kind"] = a.Kind.ToString(),
        ["Date"] = LocalDatePattern.Iso.Format(a.Date),
        ["Member"] = a.Member.Value,
        ["Amount"] = a.Amount.ToString(),
        ["Entry"] = a.Entry?.Value,
        ["CreditNote"] = a.CreditNote?.ToString(),
        ["Document"] = a.Document?.ToString(),
        ["By"] = a.By,
        ["RecordedAt"] = InstantPattern.ExtendedIso.Format(a.RecordedAt),
        ["Reverses"] = a.Reverses,
    };

    private static Allocation AllocationFrom(TableEntity e) => new(
        e.GetString("Id"), Enum.Parse<AllocationKind>(e.GetString("Kind")), Date(e, "Date"), CbsCode.Parse(e.GetString("Member")), Money.Parse(e.GetString("Amount")),
        e.GetString("Entry") is { } entry ? new BankReference(entry) : null,
        e.GetString("CreditNote") is { } note ? InvoiceNumber.Parse(note) : null,
        e.GetString("Document") is { } document ? InvoiceNumber.Parse(document) : null,
        e.GetString("By"), InstantPattern.ExtendedIso.Parse(e.GetString("RecordedAt")).GetValueOrThrow(), e.GetString("Reverses"));

    private static ImportedStatement StatementFrom(TableEntity e) => new(
        new StatementKey(Iban.Parse(e.PartitionKey), e.GetString("StatementId")), e.GetString("Source"),
        InstantPattern.ExtendedIso.Parse(e.GetString("ImportedAt")).GetValueOrThrow(), Date(e, "OpeningDate"), Money.Parse(e.GetString("OpeningBalance")),
        Date(e, "ClosingDate"), Money.Parse(e.GetString("ClosingBalance")), e.GetInt32("Entries") ?? 0, e.GetString("Format"));

    private static LocalDate Date(TableEntity e, string property) => LocalDatePattern.Iso.Parse(e.GetString(property)).GetValueOrThrow();
}
