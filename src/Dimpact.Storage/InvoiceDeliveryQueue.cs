using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Dimpact.Billing.Invoicing;

namespace Dimpact.Storage;

/// <summary>
/// The <c>invoice-deliveries</c> queue: one message per send, its text the invoice number (Base64, as the
/// Functions host expects: host.json <c>messageEncoding</c>). Duplicates are harmless: the handler checks the
/// delivery's state first.
/// </summary>
public sealed class InvoiceDeliveryQueue(BillingStorage storage)
{
    private QueueClient Queue => storage.Queue(BillingStorage.DeliveriesQueue);

    public async Task EnqueueAsync(InvoiceNumber number, CancellationToken cancellationToken = default)
    {
        await storage.EnsureCreatedAsync();
        await Queue.SendMessageAsync(number.ToString(), cancellationToken);
    }

    /// <summary>Takes up to <paramref name="max"/> visible messages, hidden from others for <paramref name="visibility"/>.</summary>
    public async Task<IReadOnlyList<QueueMessage>> ReceiveAsync(int max, TimeSpan visibility, CancellationToken cancellationToken = default)
    {
        await storage.EnsureCreatedAsync();
        return (await Queue.ReceiveMessagesAsync(max, visibility, cancellationToken)).Value;
    }

    public async Task DeleteAsync(QueueMessage message, CancellationToken cancellationToken = default) =>
        await Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);

    /// <summary>The approximate number of messages waiting (visible or not).</summary>
    public async Task<int> CountAsync(CancellationToken cancellationToken = default)
    {
        await storage.EnsureCreatedAsync();
        return (await Queue.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
    }
}
