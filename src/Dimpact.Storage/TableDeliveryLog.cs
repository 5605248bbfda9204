using Azure;
using Azure.Data.Tables;
using Dimpact.Billing;
using Dimpact.Billing.Invoicing;
using NodaTime;
using static Dimpact.Storage.OptimisticRows;

namespace Dimpact.Storage;

/// <summary>A delivery as read, with the ETag that a change must match.</summary>
public sealed record StoredDelivery(InvoiceDelivery Delivery, ETag ETag);

/// <summary>
/// The <c>deliveries</c> table: one row per issued document (partition = tariff year, row = number) with its status,
/// attempts, last error, when it was sent, to whom and under which message id. Changes are optimistic (ETag), so
/// two handlers of duplicate queue messages cannot both claim a send.
/// </summary>
public sealed class TableDeliveryLog(BillingStorage storage) : IDeliveryLog
{
    private const char RecipientSeparator = ';';

    /// <summary>An error text is kept readable and far under the 64 KiB of a table property.</summary>
    private const int MaxErrorLength = 2000;

    private TableClient Table => storage.Table(BillingStorage.DeliveriesTable);

    public async Task<StoredDelivery?> FindAsync(InvoiceNumber number, CancellationToken cancellationToken = default)
    {
        await storage.EnsureCreatedAsync();
        var entity = await Table.GetEntityIfExistsAsync<TableEntity>(TableInvoiceStore.Partition(number.Year), number.ToString(), cancellationToken: cancellationToken);
        return entity.HasValue ? new StoredDelivery(FromEntity(entity.Value!), entity.Value!.ETag) : null;
    }

    /// <summary>The deliveries of many numbers (a batch of queue messages), with one range query per run of close numbers.</summary>
    public async Task<IReadOnlyDictionary<InvoiceNumber, StoredDelivery>> FindAsync(IReadOnlyCollection<InvoiceNumber> numbers, CancellationToken cancellationToken = default)
    {
        await storage.EnsureCreatedAsync();
        var rows = await NumberRanges.ReadAsync(Table, numbers, n => n.ToString(), null, cancellationToken);
        return rows.ToDictionary(r => r.Key, r => new StoredDelivery(FromEntity(r.Value), r.Value.ETag));
    }

    /// <summary>Adds the delivery unless one exists; returns the stored one either way.</summary>
    public async Task<StoredDelivery> AddIfMissingAsync(InvoiceDelivery delivery, CancellationToken cancellationToken = default)
    {
        await storage.EnsureCreatedAsync();
        try
        {
            var response = await Table.AddEntityAsync(ToEntity(delivery), cancellationToken);
            return new StoredDelivery(delivery, response.Headers.ETag ?? default);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return await FindAsync(delivery.Number, cancellationToken) ?? throw new InvalidOperationException($"Delivery {delivery.Number} exists and does not.");
        }
    }

    /// <summary>
    /// <see cref="AddIfMissingAsync(InvoiceDelivery, CancellationToken)"/> for many, in entity-group transactions per tariff
    /// year (at most 100 rows each): one request per 100 new deliveries. A transaction that meets an existing row fails
    /// as a whole and is done again row by row. In the order given.
    /// </summary>
    public async Task<IReadOnlyList<StoredDelivery>> AddIfMissingAsync(IReadOnlyList<InvoiceDelivery> deliveries, CancellationToken cancellationToken = default) =>
        await InTransactionsAsync(deliveries, d => d.Number.Year, d => (TableTransactionActionType.Add, ToEntity(d), default),
            (d, etag) => new StoredDelivery(d, etag), d => AddIfMissingAsync(d, cancellationToken), cancellationToken);

    /// <summary>
    /// <see cref="TryReplaceAsync(InvoiceDelivery, ETag, CancellationToken)"/> for many, in entity-group transactions per
    /// tariff year: each row only if it is still the one read. A transaction in which one row was changed meanwhile fails as
    /// a whole and is done again row by row; an entry is null when another writer changed that row first.
    /// </summary>
    public async Task<IReadOnlyList<StoredDelivery?>> TryReplaceAsync(IReadOnlyList<StoredDelivery> changed, CancellationToken cancellationToken = default) =>
        await InTransactionsAsync(changed, c => c.Delivery.Number.Year, c => (TableTransactionActionType.UpdateReplace, ToEntity(c.Delivery), c.ETag),
            (c, etag) => (StoredDelivery?)new StoredDelivery(c.Delivery, etag), c => TryReplaceAsync(c.Delivery, c.ETag, cancellationToken), cancellationToken);

    private async Task<IReadOnlyList<TResult>> InTransactionsAsync<T, TResult>(IReadOnlyList<T> items, Func<T, int> year,
        Func<T, (TableTransactionActionType Type, TableEntity Entity, ETag ETag)> action, Func<T, ETag, TResult> written, Func<T, Task<TResult>> oneByOne,
        CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync();
        var results = new TResult[items.Count];
        foreach (var chunk in Enumerable.Range(0, items.Count).GroupBy(i => year(items[i])).SelectMany(g => g.Chunk(TableTransaction.MaxActions)))
        {
            var transaction = new TableTransaction();
            foreach (var i in chunk)
            {
                var (type, entity, etag) = action(items[i]);
                transaction.Add(type, entity, etag);
            }
            IReadOnlyList<Response>? responses = null;
            try { responses = await transaction.SubmitAsync(Table, cancellationToken); }
            catch (RequestFailedException e) when (e.Status is 409 or 412 or 404) { }
            for (var n = 0; n < chunk.Length; n++)
                results[chunk[n]] = responses is not null && responses[n].Headers.ETag is { } etag
                    ? written(items[chunk[n]], etag)
                    : await oneByOne(items[chunk[n]]);
        }
        return results;
    }

    /// <summary>Replaces the stored delivery if it is still the one read; null when another writer changed it first.</summary>
    public async Task<StoredDelivery?> TryReplaceAsync(InvoiceDelivery delivery, ETag etag, CancellationToken cancellationToken = default) =>
        await OptimisticRows.TryReplaceAsync(Table, ToEntity(delivery), etag, cancellationToken) is { } replaced ? new StoredDelivery(delivery, replaced) : null;

    /// <summary>Every delivery (of every tariff year), or those of one status, in number order.</summary>
    public async Task<IReadOnlyList<InvoiceDelivery>> ListAsync(DeliveryStatus? status = null, CancellationToken cancellationToken = default)
    {
        await storage.EnsureCreatedAsync();
        var query = status is { } s
            ? Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Status eq {s.ToString()}"), cancellationToken: cancellationToken)
            : Table.QueryAsync<TableEntity>(cancellationToken: cancellationToken);
        return await InNumberOrderAsync(query);
    }

    /// <summary>The deliveries of one tariff year (one partition), in number order.</summary>
    public async Task<IReadOnlyList<InvoiceDelivery>> ListAsync(int year, CancellationToken cancellationToken = default)
    {
        await storage.EnsureCreatedAsync();
        var partition = TableInvoiceStore.Partition(year);
        return await InNumberOrderAsync(Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), cancellationToken: cancellationToken));
    }

    private static async Task<IReadOnlyList<InvoiceDelivery>> InNumberOrderAsync(AsyncPageable<TableEntity> query)
    {
        var deliveries = new List<InvoiceDelivery>();
        await foreach (var entity in query) deliveries.Add(FromEntity(entity));
        return deliveries.OrderBy(d => d.Number.Year).ThenBy(d => d.Number.Kind).ThenBy(d => d.Number.Sequence).ToList();
    }

    private static TableEntity ToEntity(InvoiceDelivery d) => new(TableInvoiceStore.Partition(d.Number.Year), d.Number.ToString())
    {
        ["Member"] = d.Member.Value,
        ["MemberName"] = d.MemberName,
        ["Status"] = d.Status.ToString(),
        ["Attempts"] = d.Attempts,
        ["LastError"] = d.LastError is { Length: > MaxErrorLength } error ? error[..MaxErrorLength] + "…" : d.LastError,
        ["SentAt"] = d.SentAt?.ToDateTimeOffset(),
        ["Recipients"] = d.Recipients is null ? null : string.Join(RecipientSeparator, d.Recipients),
        ["MessageId"] = d.MessageId,
        ["EnqueuedAt"] = d.EnqueuedAt?.ToDateTimeOffset(),
        ["SendingSince"] = d.SendingSince?.ToDateTimeOffset(),
        ["Resends"] = d.Resends,
        ["EInvoiceWithheld"] = d.EInvoiceWithheld,
        ["NextAttemptAt"] = d.NextAttemptAt?.ToDateTimeOffset(),
        ["FirstFailedAt"] = d.FirstFailedAt?.ToDateTimeOffset(),
    };

    private static InvoiceDelivery FromEntity(TableEntity e)
    {
        return new InvoiceDelivery(
            InvoiceNumber.Parse(e.RowKey),
            CbsCode.Parse(e.GetString("Member")),
            e.GetString("MemberName") ?? "",
            Enum.Parse<DeliveryStatus>(e.GetString("Status"), ignoreCase: false),
            e.GetInt32("Attempts") ?? 0,
            e.GetString("LastError"),
            At(e.GetDateTimeOffset("SentAt")),
            e.GetString("Recipients") is { } r ? r.Split(RecipientSeparator, StringSplitOptions.RemoveEmptyEntries) : null,
            e.GetString("MessageId"),
            At(e.GetDateTimeOffset("EnqueuedAt")),
            At(e.GetDateTimeOffset("SendingSince")),
            e.GetInt32("Resends") ?? 0,
            e.GetString("EInvoiceWithheld"),
            At(e.GetDateTimeOffset("NextAttemptAt")),
            At(e.GetDateTimeOffset("FirstFailedAt")));
    }
}
