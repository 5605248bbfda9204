using Dimpact.Billing;
using Dimpact.Billing.Invoicing;
using Dimpact.Storage;
using NodaTime;

namespace Dimpact.Delivery;

/// <summary>What a dispatch did: documents taken from the outbox, and deliveries put on the queue.</summary>
public sealed record DispatchRun(int FromOutbox, int Enqueued);

/// <summary>
/// Moves issued documents from the outbox to the <c>invoice-deliveries</c> queue and the deliveries table; runs
/// right after every issue run (timer and CLI). Idempotent: it enqueues only what is not delivered, not given up
/// and not enqueued recently (<see cref="InvoiceDelivery.EnqueueAgainAfter"/>), which also revives a delivery whose
/// message was lost or whose handler died. A duplicate message is harmless: the handler checks the state first.
/// </summary>
public sealed class DispatchDeliveries(InvoiceOutbox outbox, TableDeliveryLog log, InvoiceDeliveryQueue queue, IInvoiceStore invoices, IClock clock)
{
    public async Task<DispatchRun> RunAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetCurrentInstant();
        var entries = await outbox.EntriesAsync(cancellationToken);
        var enqueued = 0;
        foreach (var entry in entries)
        {
            var stored = await log.AddIfMissingAsync(new InvoiceDelivery(entry.Number, entry.Member, entry.MemberName, DeliveryStatus.Pending), cancellationToken);
            if (await EnqueueIfDueAsync(stored, now, cancellationToken)) enqueued++;
            await outbox.RemoveAsync(entry, cancellationToken);
        }
        foreach (var status in new[] { DeliveryStatus.Pending, DeliveryStatus.Sending })
        foreach (var delivery in await log.ListAsync(status, cancellationToken))
        {
            if (!delivery.NeedsEnqueueAt(now)) continue;
            if (await log.FindAsync(delivery.Number, cancellationToken) is { } stored && await EnqueueIfDueAsync(stored, now, cancellationToken)) enqueued++;
        }
        return new DispatchRun(entries.Count, enqueued);
    }

    /// <summary>
    /// Sends an issued document again (finance, after a failure or on request): resets its delivery to Pending and
    /// enqueues it. It never issues anything; the documents are the archived ones.
    /// </summary>
    public async Task<InvoiceDelivery> ResendAsync(InvoiceNumber number, CancellationToken cancellationToken = default)
    {
        var invoice = await invoices.FindAsync(number, cancellationToken)
            ?? throw new Billing.InvalidInputException([new DataProblem("NUMBER", null, null, $"{number} is not an issued invoice or credit note")]);
        while (true)
        {
            var stored = await log.FindAsync(number, cancellationToken) ?? await log.AddIfMissingAsync(InvoiceDelivery.For(invoice), cancellationToken);
            if (await log.TryReplaceAsync(stored.Delivery.Resent().Enqueued(clock.GetCurrentInstant()), stored.ETag, cancellationToken) is { } reset)
            {
                await queue.EnqueueAsync(number, cancellationToken);
                return reset.Delivery;
            }
        }
    }

    private async Task<bool> EnqueueIfDueAsync(StoredDelivery stored, Instant now, CancellationToken cancellationToken)
    {
        if (!stored.Delivery.NeedsEnqueueAt(now)) return false;
        // Enqueue first: a crash before the record is updated means one more (harmless) message, never none.
        await queue.EnqueueAsync(stored.Delivery.Number, cancellationToken);
        await log.TryReplaceAsync(stored.Delivery.Enqueued(now), stored.ETag, cancellationToken);
        return true;
    }
}
