using System.Collections.Concurrent;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Dimpact.Billing.Invoicing;

namespace Dimpact.Storage;

/// <summary>
/// Invoices in Table storage. One partition per tariff year holds, for that year, the number counters of both
/// series, the documents and the claims of their keys, so that one entity-group transaction can, atomically,
/// advance a counter (optimistic, by ETag), store the document and claim its key. A conflict on the counter means
/// another writer took the number: re-read and retry. A conflict on the key means the document was issued already:
/// return it. Hence no number is skipped or reused and no key is issued twice.
/// </summary>
/// <remarks>
/// Row keys: <c>counter|invoice</c>, <c>counter|creditnote</c>, <c>doc|{number}</c>, <c>key|{member|year|Qn|purpose}</c>,
/// and <c>outbox|{number}</c> (<see cref="InvoiceOutbox"/>): written with the document, so every issued document gets delivered.
/// The counter's last value and ETag are cached per process, so an uncontended issue costs one request.
/// </remarks>
public sealed partial class TableInvoiceStore(BillingStorage storage) : IInvoiceStore
{
    private const string DocPrefix = "doc|";
    private const string KeyPrefix = "key|";
    private const int MaxAttempts = 100;
    private readonly ConcurrentDictionary<(int Year, DocumentKind Kind), (int Last, ETag ETag)> _counters = new();

    private TableClient Table => storage.Table(BillingStorage.InvoicesTable);

    internal static string Partition(int year) => year.ToString(CultureInfo.InvariantCulture);
    private static string CounterRow(DocumentKind kind) => "counter|" + kind.ToString().ToLowerInvariant();
    private static string DocRow(InvoiceNumber number) => DocPrefix + number;
    private static string KeyRow(DocumentKey key) => KeyPrefix + key;

    public async Task<IReadOnlyList<Invoice>> ListAsync(int year, CancellationToken cancellationToken = default)
    {
        await storage.EnsureCreatedAsync();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(year)} and RowKey ge {DocPrefix} and RowKey lt {"doc}"}");
        var invoices = new List<Invoice>();
        await foreach (var entity in Table.QueryAsync<TableEntity>(filter, select: ["Json"], cancellationToken: cancellationToken))
            invoices.Add(InvoiceJson.Deserialize(entity.GetString("Json")));
        return invoices.OrderBy(i => i.Kind).ThenBy(i => i.Number.Sequence).ToList();
    }

    /// <summary>
    /// The years from their counter rows (one per series, written with the first document): a query over the table that
    /// returns two small rows per year.
    /// </summary>
    public async Task<IReadOnlyList<int>> YearsAsync(CancellationToken cancellationToken = default)
    {
        await storage.EnsureCreatedAsync();
        var filter = TableClient.CreateQueryFilter($"RowKey eq {CounterRow(DocumentKind.Invoice)} or RowKey eq {CounterRow(DocumentKind.CreditNote)}");
        var years = new SortedSet<int>();
        await foreach (var entity in Table.QueryAsync<TableEntity>(filter, select: ["PartitionKey"], cancellationToken: cancellationToken))
            years.Add(int.Parse(entity.PartitionKey, CultureInfo.InvariantCulture));
        return [.. years];
    }

    /// <summary>
    /// The keys from the key claims (written in the same transaction as each document), selecting only their row keys:
    /// no document is read or deserialised, so a run that issues little or nothing stays cheap with many documents stored.
    /// </summary>
    public async Task<IReadOnlySet<DocumentKey>> IssuedKeysAsync(int year, CancellationToken cancellationToken = default)
    {
        await storage.EnsureCreatedAsync();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(year)} and RowKey ge {KeyPrefix} and RowKey lt {"key}"}");
        var keys = new HashSet<DocumentKey>();
        await foreach (var entity in Table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
            keys.Add(DocumentKey.Parse(entity.RowKey[KeyPrefix.Length..]));
        return keys;
    }

    public async Task<Invoice?> FindAsync(InvoiceNumber number, CancellationToken cancellationToken = default)
    {
        await storage.EnsureCreatedAsync();
        var entity = await Table.GetEntityIfExistsAsync<TableEntity>(Partition(number.Year), DocRow(number), ["Json"], cancellationToken);
        return entity.HasValue ? InvoiceJson.Deserialize(entity.Value!.GetString("Json")) : null;
    }

    /// <summary>The documents of many numbers (a batch of queue messages), with one range query per run of close numbers.</summary>
    public async Task<IReadOnlyDictionary<InvoiceNumber, Invoice>> FindAsync(IReadOnlyCollection<InvoiceNumber> numbers, CancellationToken cancellationToken = default)
    {
        await storage.EnsureCreatedAsync();
        var rows = await NumberRanges.ReadAsync(Table, numbers, DocRow, ["Json"], cancellationToken);
        return rows.ToDictionary(r => r.Key, r => InvoiceJson.Deserialize(r.Value.GetString("Json")));
    }

    public Task<IssueOutcome> IssueAsync(DraftInvoice draft, CancellationToken cancellationToken = default) =>
        IssueAsync(draft, Guid.NewGuid(), cancellationToken);

    /// <summary>
    /// Issues with <paramref name="writer"/> recorded on the key claim: when a reply is lost and the retry finds the key
    /// claimed, the claim's writer tells whether this call wrote it (created) or another run did (issued already).
    /// </summary>
    private async Task<IssueOutcome> IssueAsync(DraftInvoice draft, Guid writer, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync();
        var year = draft.Key.Year;
        var kind = draft.Kind;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var (last, etag) = _counters.TryGetValue((year, kind), out var cached) ? cached : await ReadCounterAsync(year, kind, cancellationToken);
            var invoice = draft.WithNumber(new InvoiceNumber(kind, year, last + 1));
            var counter = new TableEntity(Partition(year), CounterRow(kind)) { ["Last"] = last + 1 };
            var transaction = new TableTransaction()
                .Add(etag == default ? TableTransactionActionType.Add : TableTransactionActionType.UpdateReplace, counter, etag)
;
            foreach (var entity in EntitiesOf(invoice, writer)) transaction.Add(TableTransactionActionType.Add, entity);
            try
            {
                var responses = await transaction.SubmitAsync(Table, cancellationToken);
                var newEtag = responses[0].Headers.ETag;
                if (newEtag is { } e) _counters[(year, kind)] = (last + 1, e);
                else _counters.TryRemove((year, kind), out _);
                return new IssueOutcome(invoice, true);
            }
            catch (TableTransactionFailedException)
            {
                _counters.TryRemove((year, kind), out _);
                if (await FindClaimAsync(draft.Key, cancellationToken) is { } claim)
                    return new IssueOutcome(claim.Invoice, Created: claim.Writer == writer);
                // Another writer advanced the counter; back off a little so that concurrent runs interleave.
                await Task.Delay(Random.Shared.Next(0, Math.Min(50, attempt * 5)), cancellationToken);
            }
        }
        throw new InvalidOperationException($"Could not issue {draft.Key} after {MaxAttempts} attempts: the {kind} counter of {year} stays contended.");
    }

    public async Task<Invoice?> FindByKeyAsync(DocumentKey key, CancellationToken cancellationToken = default) =>
        (await FindClaimAsync(key, cancellationToken))?.Invoice;

    private async Task<(Invoice Invoice, Guid? Writer)?> FindClaimAsync(DocumentKey key, CancellationToken cancellationToken)
    {
        var claim = await Table.GetEntityIfExistsAsync<TableEntity>(Partition(key.Year), KeyRow(key), ["Number", "Writer"], cancellationToken);
        if (!claim.HasValue || await FindAsync(InvoiceNumber.Parse(claim.Value!.GetString("Number")), cancellationToken) is not { } invoice) return null;
        return (invoice, claim.Value.GetGuid("Writer"));
    }

    private async Task<(int Last, ETag ETag)> ReadCounterAsync(int year, DocumentKind kind, CancellationToken cancellationToken)
    {
        var entity = await Table.GetEntityIfExistsAsync<TableEntity>(Partition(year), CounterRow(kind), cancellationToken: cancellationToken);
        return entity.HasValue ? (entity.Value!.GetInt32("Last") ?? 0, entity.Value.ETag) : (0, default);
    }

    /// <summary>What issuing one document writes besides the counter: the document, its key claim (with who wrote it) and its outbox row.</summary>
    private static TableEntity[] EntitiesOf(Invoice invoice, Guid writer) =>
    [
        DocumentEntity(invoice),
        new TableEntity(Partition(invoice.Key.Year), KeyRow(invoice.Key)) { ["Number"] = invoice.Number.ToString(), ["Writer"] = writer },
        InvoiceOutbox.Entry(invoice),
    ];

    private const int EntitiesPerInvoice = 3;

    /// <summary>
    /// The document with summary columns a person can read in Storage Explorer, and the whole document as JSON (also
    /// the entity of the benchmark's raw baseline, so that it writes entities of this size).
    /// </summary>
    public static TableEntity DocumentEntity(Invoice invoice) => new(Partition(invoice.Key.Year), DocRow(invoice.Number))
    {
        ["Number"] = invoice.Number.ToString(),
        ["Kind"] = invoice.Kind.ToString(),
        ["Member"] = invoice.Member.Value,
        ["Key"] = invoice.Key.ToString(),
        ["Period"] = invoice.Key.PeriodLabel,
        ["IssueDate"] = NodaTime.Text.LocalDatePattern.Iso.Format(invoice.IssueDate),
        ["TotalExclVat"] = invoice.TotalExclVat.ToString(),
        ["Vat"] = invoice.Vat.ToString(),
        ["TotalInclVat"] = invoice.TotalInclVat.ToString(),
        ["TariffVersion"] = invoice.Draft.Basis.TariffVersion,
        ["Json"] = InvoiceJson.Serialize(invoice),
    };
}
