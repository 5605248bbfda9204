using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Dimpact.Billing.Notifications;
using NodaTime;
using static Dimpact.Storage.OptimisticRows;

namespace Dimpact.Storage;

/// <summary>A notification's delivery as read, with the ETag that a change must match.</summary>
public sealed record StoredNotification(NotificationDelivery Delivery, ETag ETag);

/// <summary>
/// The <c>notifications</c> table: one record per finance notification, keyed by the event's id, written create-only.
/// The id is the idempotency key: whoever adds it first (a run, a retry, a concurrent run) sends it; everyone after
/// finds it and sends nothing. Partition: the kind (<c>upload</c>, <c>hold</c>, <c>run</c>, …); rows: <c>d|{hash}</c>, the
/// delivery state (changed on its ETag, like a document's), and <c>c|{hash}</c>, the content (subject, body,
/// attachments, gzipped JSON), added in one transaction with the state and never changed. The hash is the SHA-256 of
/// the id, because an id may hold characters a row key cannot (an upload's folder).
/// </summary>
public sealed class TableFinanceNotifications(BillingStorage storage)
{
    private const string StatePrefix = "d|";
    private const string ContentPrefix = "c|";
    private const char RecipientSeparator = ';';

    /// <summary>A binary property holds at most 64 KiB; an entity at most 1 MiB: 15 parts leave room for the rest.</summary>
    private const int PartSize = 64 * 1024;
    private const int MaxParts = 15;

    private const int MaxErrorLength = 2000;

    private TableClient Table => storage.Table(BillingStorage.NotificationsTable);

    public static string Hash(string id) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));

    private static string Partition(string id) => id.Split('|')[0];

    /// <summary>Records the notification unless its id is recorded; returns the stored state and whether this call added it.</summary>
    public async Task<(StoredNotification Stored, bool Created)> AddIfMissingAsync(FinanceNotification notification, NotificationDelivery delivery,
        CancellationToken cancellationToken = default)
    {
        await storage.EnsureCreatedAsync();
        var state = ToEntity(delivery);
        try
        {
            var responses = await Table.SubmitTransactionAsync(
                [new TableTransactionAction(TableTransactionActionType.Add, state), new TableTransactionAction(TableTransactionActionType.Add, Content(notification))],
                cancellationToken);
            return (new StoredNotification(delivery, responses.Value[0].Headers.ETag ?? default), true);
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            return (await FindAsync(notification.Id, cancellationToken) ?? throw new InvalidOperationException($"Notification {notification.Id} exists and does not."), false);
        }
    }

    public async Task<StoredNotification?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        await storage.EnsureCreatedAsync();
        var entity = await Table.GetEntityIfExistsAsync<TableEntity>(Partition(id), StatePrefix + Hash(id), cancellationToken: cancellationToken);
        return entity.HasValue ? new StoredNotification(FromEntity(entity.Value!), entity.Value!.ETag) : null;
    }

    /// <summary>The subject, body and attachments as recorded.</summary>
    public async Task<FinanceNotification?> ContentAsync(string id, CancellationToken cancellationToken = default)
    {
        await storage.EnsureCreatedAsync();
        var entity = await Table.GetEntityIfExistsAsync<TableEntity>(Partition(id), ContentPrefix + Hash(id), cancellationToken: cancellationToken);
        if (!entity.HasValue) return null;
        var parts = Enumerable.Range(0, MaxParts).Select(i => entity.Value!.GetBinary($"Part{i}")).TakeWhile(p => p is not null).SelectMany(p => p!).ToArray();
        using var gzip = new GZipStream(new MemoryStream(parts), CompressionMode.Decompress);
        var content = JsonSerializer.Deserialize<ContentJson>(gzip)!;
        return new FinanceNotification(id, content.Subject, content.Body, content.Attachments.Select(a => new Attachment(a.FileName, a.ContentType, a.Content)).ToList())
        {
            To = content.To,
        };
    }

    /// <summary>Replaces the stored state if it is still the one read; null when another writer changed it first.</summary>
    public async Task<StoredNotification?> TryReplaceAsync(NotificationDelivery delivery, ETag etag, CancellationToken cancellationToken = default) =>
        await OptimisticRows.TryReplaceAsync(Table, ToEntity(delivery), etag, cancellationToken) is { } replaced ? new StoredNotification(delivery, replaced) : null;

    /// <summary>Every notification (or those of one status, or of one kind such as <c>reminder</c>), oldest first.</summary>
    public async Task<IReadOnlyList<NotificationDelivery>> ListAsync(NotificationStatus? status = null, CancellationToken cancellationToken = default, string? kind = null)
    {
        await storage.EnsureCreatedAsync();
        var filter = TableClient.CreateQueryFilter($"RowKey ge {StatePrefix} and RowKey lt {"d}"}");
        if (status is { } s) filter += " and " + TableClient.CreateQueryFilter($"Status eq {s.ToString()}");
        if (kind is not null) filter = TableClient.CreateQueryFilter($"PartitionKey eq {kind}") + " and " + filter;
        var list = new List<NotificationDelivery>();
        await foreach (var entity in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken)) list.Add(FromEntity(entity));
        return list.OrderBy(n => n.RecordedAt).ThenBy(n => n.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The content row. Should the compressed content not fit in one entity (a huge upload report), the attachments are
    /// left out and the body says so: the report itself is in population-reports.
    /// </summary>
    private static TableEntity Content(FinanceNotification notification)
    {
        var bytes = Compress(notification);
        if (bytes.Length > PartSize * MaxParts)
            bytes = Compress(notification with
            {
                Body = notification.Body + "\n(De bijlage is te groot voor dit bericht; het volledige verslag staat in de container population-reports.)\n",
                Attachments = [],
            });
        var entity = new TableEntity(Partition(notification.Id), ContentPrefix + Hash(notification.Id));
        for (var i = 0; i * PartSize < bytes.Length; i++) entity[$"Part{i}"] = bytes[(i * PartSize)..Math.Min(bytes.Length, (i + 1) * PartSize)];
        return entity;
    }

    private static byte[] Compress(FinanceNotification notification)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal))
            JsonSerializer.Serialize(gzip, new ContentJson(notification.Subject, notification.Body,
                notification.Attachments.Select(a => new AttachmentJson(a.FileName, a.ContentType, a.Content)).ToList(), notification.To?.ToList()));
        return buffer.ToArray();
    }

    /// <summary><see cref="To"/>: a member's addresses (a payment reminder); absent for finance's notifications.</summary>
    private sealed record ContentJson(string Subject, string Body, List<AttachmentJson> Attachments, List<string>? To = null);

    private sealed record AttachmentJson(string FileName, string ContentType, byte[] Content);

    private static TableEntity ToEntity(NotificationDelivery d) => new(Partition(d.Id), StatePrefix + Hash(d.Id))
    {
        ["Id"] = d.Id,
        ["Subject"] = d.Subject,
        ["Status"] = d.Status.ToString(),
        ["RecordedAt"] = d.RecordedAt.ToDateTimeOffset(),
        ["Attempts"] = d.Attempts,
        ["LastError"] = d.LastError is { Length: > MaxErrorLength } error ? error[..MaxErrorLength] + "…" : d.LastError,
        ["SentAt"] = d.SentAt?.ToDateTimeOffset(),
        ["Recipients"] = d.Recipients is null ? null : string.Join(RecipientSeparator, d.Recipients),
        ["MessageId"] = d.MessageId,
        ["EnqueuedAt"] = d.EnqueuedAt?.ToDateTimeOffset(),
        ["SendingSince"] = d.SendingSince?.ToDateTimeOffset(),
        ["NextAttemptAt"] = d.NextAttemptAt?.ToDateTimeOffset(),
        ["FirstFailedAt"] = d.FirstFailedAt?.ToDateTimeOffset(),
    };

    private static NotificationDelivery FromEntity(TableEntity e)
    {
        return new NotificationDelivery(
            e.GetString("Id"),
            e.GetString("Subject") ?? "",
            Enum.Parse<NotificationStatus>(e.GetString("Status"), ignoreCase: false),
            At(e.GetDateTimeOffset("RecordedAt")) ?? Instant.MinValue,
            e.GetInt32("Attempts") ?? 0,
            e.GetString("LastError"),
            At(e.GetDateTimeOffset("SentAt")),
            e.GetString("Recipients") is { } r ? r.Split(RecipientSeparator, StringSplitOptions.RemoveEmptyEntries) : null,
            e.GetString("MessageId"),
            At(e.GetDateTimeOffset("EnqueuedAt")),
            At(e.GetDateTimeOffset("SendingSince")),
            At(e.GetDateTimeOffset("NextAttemptAt")),
            At(e.GetDateTimeOffset("FirstFailedAt")));
    }
}
