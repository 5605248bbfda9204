using Dimpact.App;
using Azure.Storage.Queues.Models;
using Dimpact.Billing.Invoicing;
using Dimpact.Delivery;
using Dimpact.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Dimpact.Functions;

/// <summary>
/// One message of the <c>invoice-deliveries</c> queue (its text an invoice number, or <c>notification|{id}</c> for a
/// finance notification) is one e-mail. A failed send does not throw: <see cref="DeliverInvoice"/> (or
/// <see cref="DeliverFinanceNotification"/>) records it and queues its retry, hidden until it is due, so the host's
/// dequeue count never runs out the 24-hour retry window. The give-up is logged as the error the alert looks for
/// (<see cref="DeliveryLogging.FailedForGood"/>).
/// </summary>
public sealed class DeliverInvoiceFunction(DeliverInvoice deliverInvoice, DeliverFinanceNotification deliverNotification, ILogger<DeliverInvoiceFunction> logger)
{
    [Function("DeliverInvoice")]
    public async Task Run(
        [QueueTrigger(BillingStorage.DeliveriesQueue, Connection = StorageConnection.Name)] QueueMessage message,
        CancellationToken cancellationToken)
    {
        if (InvoiceDeliveryQueue.NotificationId(message.MessageText) is { } id) await DeliverNotificationAsync(id, message.DequeueCount, cancellationToken);
        else await DeliverAsync(message, cancellationToken);
    }

    /// <summary>What the trigger does with a finance notification's message, with the outcome.</summary>
    public async Task<NotificationSendOutcome> DeliverNotificationAsync(string id, long dequeueCount, CancellationToken cancellationToken)
    {
        var outcome = await deliverNotification.DeliverAsync(id, cancellationToken);
        DeliveryLogging.Write(logger, outcome, dequeueCount);
        return outcome;
    }

    /// <summary>What the trigger does, with the outcome (the host has no output binding for it; tests read it).</summary>
    public async Task<DeliveryOutcome> DeliverAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        var outcome = await deliverInvoice.DeliverAsync(InvoiceNumber.Parse(message.MessageText), cancellationToken);
        DeliveryLogging.Write(logger, outcome, message.DequeueCount);
        return outcome;
    }
}
