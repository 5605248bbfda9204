using Azure.Storage.Queues.Models;
using Dimpact.Billing.Invoicing;
using Dimpact.Delivery;
using Dimpact.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Dimpact.Functions;

/// <summary>
/// One message of the <c>invoice-deliveries</c> queue (its text an invoice number) is one e-mail. A failed attempt
/// throws, so the host retries (host.json: 5 dequeues, 30 s visibility); the last one marks the delivery Failed and
/// returns, see <see cref="DeliverInvoice"/>.
/// </summary>
public sealed class DeliverInvoiceFunction(DeliverInvoice deliverInvoice, ILogger<DeliverInvoiceFunction> logger)
{
    [Function("DeliverInvoice")]
    public async Task<DeliveryOutcome> Run(
        [QueueTrigger(BillingStorage.DeliveriesQueue, Connection = StorageConnection.Name)] QueueMessage message,
        CancellationToken cancellationToken)
    {
        var outcome = await deliverInvoice.DeliverAsync(InvoiceNumber.Parse(message.MessageText), message.DequeueCount, cancellationToken);
        if (outcome.Result == DeliveryResult.Failed)
            logger.LogError("Delivery of {Number} failed: {Error}", outcome.Number, outcome.Delivery?.LastError);
        else
            logger.LogInformation("Delivery of {Number}: {Result} (attempt {Dequeue}).", outcome.Number, outcome.Result, message.DequeueCount);
        return outcome;
    }
}
