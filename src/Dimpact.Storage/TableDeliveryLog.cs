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
