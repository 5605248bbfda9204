using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Dimpact.Billing.Invoicing;

namespace Dimpact.Storage;

/// <summary>
/// The <c>invoice-deliveries</c> queue: one message per send, its text the invoice number, or for a finance
/// notification <c>notification|{id}</c> (Base64, as the Functions host expects: host.json <c>messageEncoding</c>).
/// Duplicates are harmless: the handler checks the delivery's state first.
/// </summary>
public sealed class InvoiceDeliveryQueue(BillingStorage storage)
{
    /// <summary>What a finance notification's message starts with; an invoice number never does.</summary>
    public const string NotificationPrefix = "notification|";

    /// <summary>The notification id a message carries; null when the message is an invoice number.</summary>
    public static string? NotificationId(string messageText) =>
        messageText.StartsWith(NotificationPrefix, StringComparison.Ordinal) ? messageText[NotificationPrefix.Length..] : null;

    /// <summary>A message is hidden for at most 7 days, and must become visible before its (default 7-day) time to live ends.</summary>
    private static readonly TimeSpan MaxVisibilityDelay = TimeSpan.FromDays(6);

    private QueueClient Queue => storage.Queue(BillingStorage.DeliveriesQueue);

    /// <summary>
    /// Puts the number on the queue, visible at once or only after <paramref name="visibleAfter"/> (a scheduled retry;
    /// at most 7 days, the storage limit, and below the message's time to live).
    /// </summary>
    public Task EnqueueAsync(InvoiceNumber number, TimeSpan? visibleAfter = null, CancellationToken cancellationToken = default) =>
        SendAsync(number.ToString(), visibleAfter, cancellationToken);

    /// <summary>Puts a finance notification on the queue, as <see cref="EnqueueAsync"/> does a document.</summary>
    public Task EnqueueNotificationAsync(string id, TimeSpan? visibleAfter = null, CancellationToken cancellationToken = default) =>
        SendAsync(NotificationPrefix + id, visibleAfter, cancellationToken);

    private async Task SendAsync(string text, TimeSpan? visibleAfter, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync();
        TimeSpan? delay = visibleAfter is { } d && d > TimeSpan.Zero ? (d < MaxVisibilityDelay ? d : MaxVisibilityDelay) : null;
        await Queue.SendMessageAsync(text, delay, timeToLive: null, cancellationToken);
    }


    /// <summary>Takes up to <paramref name="max"/> visible messages, hidden from others for <paramref name="visibility"/>.</summary>
    public async Task<IReadOnlyList<QueueMessage>> ReceiveAsync(int max, TimeSpan visibility, CancellationToken cancellationToken = default)
    {
        await storage.EnsureCreatedAsync();
        return (await Queue.ReceiveMessagesAsync(max, visibility, cancellationToken)).Value;
    }

    /// <summary>Deletes a handled message; one that is gone already (deleted, or received again by another worker) is left as it is.</summary>
    public async Task DeleteAsync(QueueMessage message, CancellationToken cancellationToken = default)
    {
        try
        {
            await Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            // Its visibility ran out while it was handled and someone took it again: that handler deletes it.
        }
    }

    /// <summary>The approximate number of messages waiting (visible or not).</summary>
    public async Task<int> CountAsync(CancellationToken cancellationToken = default)
    {
        await storage.EnsureCreatedAsync();
        return (await Queue.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
    }
}
