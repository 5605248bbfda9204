using Dimpact.Billing;
using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Notifications;
using Dimpact.Storage;
using NodaTime;

namespace Dimpact.Delivery;

/// <summary>
/// What a bulk retry did: the deliveries made due now (as they were before: failed, waiting for a retry, or a claim
/// whose handler died), and the counts of those left alone because they are delivered, being sent, or due and
/// queued already.
/// </summary>
public sealed record RetryRun(int Year, IReadOnlyList<InvoiceDelivery> MadeDue, int Delivered, int BeingSent, int QueuedAlready);

/// <summary>
/// Moves issued documents from the outbox to the <c>invoice-deliveries</c> queue and the deliveries table; runs
/// right after every issue run (timer and CLI). Idempotent: it enqueues only what is not delivered, not given up
/// and not on the queue (<see cref="InvoiceDelivery.NeedsEnqueueAt"/>), which also revives a delivery whose message
/// was lost or whose handler died while sending (a claim past its lease). A duplicate message is harmless: the
/// handler checks the state first. Finance notifications are queued when they are recorded; the dispatcher queues again
/// those whose message was lost (a crash right after the record) or whose handler died.
/// </summary>
public sealed class DispatchDeliveries(InvoiceOutbox outbox, TableDeliveryLog log, InvoiceDeliveryQueue queue, IInvoiceStore invoices, IClock clock,
    TableFinanceNotifications? notifications = null)
    : IDispatchDeliveries
{
    public async Task<DispatchRun> RunAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetCurrentInstant();
        var (fromOutbox, enqueued) = await DispatchOutboxAsync(now, cancellationToken);
        foreach (var status in new[] { DeliveryStatus.Pending, DeliveryStatus.Sending })
        foreach (var delivery in await log.ListAsync(status, cancellationToken))
        {
            if (!delivery.NeedsEnqueueAt(now)) continue;
            if (await log.FindAsync(delivery.Number, cancellationToken) is { } stored && await EnqueueIfDueAsync(stored, now, cancellationToken)) enqueued++;
        }
        return new DispatchRun(fromOutbox, enqueued, await DispatchNotificationsAsync(now, cancellationToken));
    }

    private async Task<int> DispatchNotificationsAsync(Instant now, CancellationToken cancellationToken)
    {
        if (notifications is null) return 0;
        var enqueued = 0;
        foreach (var status in new[] { NotificationStatus.Pending, NotificationStatus.Sending })
        foreach (var listed in await notifications.ListAsync(status, cancellationToken))
        {
            if (!listed.NeedsEnqueueAt(now) || await notifications.FindAsync(listed.Id, cancellationToken) is not { } stored || !stored.Delivery.NeedsEnqueueAt(now)) continue;
            await queue.EnqueueNotificationAsync(listed.Id, cancellationToken: cancellationToken);
            await notifications.TryReplaceAsync(stored.Delivery.Enqueued(now), stored.ETag, cancellationToken);
            enqueued++;
        }
        return enqueued;
    }

    /// <summary>
    /// Sends an issued document again (finance, after a failure or on request): resets its delivery to Pending and
    /// enqueues it. It never issues anything; the documents are the archived ones.
    /// </summary>
    public async Task<InvoiceDelivery> ResendAsync(InvoiceNumber number, CancellationToken cancellationToken = default)
    {
        var invoice = await invoices.FindAsync(number, cancellationToken)
            ?? throw new InvalidInputException([new DataProblem("NUMBER", null, null, $"{number} is not an issued invoice or credit note")]);
        while (true)
        {
            var stored = await log.FindAsync(number, cancellationToken) ?? await log.AddIfMissingAsync(InvoiceDelivery.For(invoice), cancellationToken);
            if (await log.TryReplaceAsync(stored.Delivery.Resent().Enqueued(clock.GetCurrentInstant()), stored.ETag, cancellationToken) is { } reset)
            {
                await queue.EnqueueAsync(number, cancellationToken: cancellationToken);
                return reset.Delivery;
            }
        }
    }

    /// <summary>
    /// Makes every delivery of the year that is not delivered due now (or, <paramref name="onlyFailed"/>, only the
    /// given-up ones), for when finance knows the mail server is back. A delivered document is never sent again and
    /// nothing is issued; a retried delivery keeps its message id (it is not a resend). Documents still in the outbox
    /// are dispatched first.
    /// </summary>
    /// <remarks>The record is written before the message is queued: a crash in between leaves a delivery that the next dispatch queues.</remarks>
    public async Task<RetryRun> RetryAsync(int year, bool onlyFailed = false, CancellationToken cancellationToken = default)
    {
        var now = clock.GetCurrentInstant();
        await DispatchOutboxAsync(now, cancellationToken);
        var madeDue = new List<InvoiceDelivery>();
        var (delivered, beingSent, queuedAlready) = (0, 0, 0);
        foreach (var listed in await log.ListAsync(year, cancellationToken))
        {
            if (onlyFailed && listed.Status != DeliveryStatus.Failed) continue;
            var (retried, due) = await RetryOneAsync(listed.Number, now, cancellationToken);
            if (due) madeDue.Add(retried);
            else if (retried.Status == DeliveryStatus.Delivered) delivered++;
            else if (retried.Status == DeliveryStatus.Sending) beingSent++;
            else queuedAlready++;
        }
        return new RetryRun(year, madeDue, delivered, beingSent, queuedAlready);
    }

    /// <summary>The delivery as it was, and whether it was made due and queued now.</summary>
    private async Task<(InvoiceDelivery Delivery, bool MadeDue)> RetryOneAsync(InvoiceNumber number, Instant now, CancellationToken cancellationToken)
    {
        while (true)
        {
            var stored = await log.FindAsync(number, cancellationToken) ?? throw new InvalidOperationException($"The delivery of {number} was listed and is gone.");
            if (!stored.Delivery.CanBeRetriedAt(now)) return (stored.Delivery, false);
            if (await log.TryReplaceAsync(stored.Delivery.RetryNow(now), stored.ETag, cancellationToken) is null) continue; // changed meanwhile: look again
            await queue.EnqueueAsync(number, cancellationToken: cancellationToken);
            return (stored.Delivery, true);
        }
    }

    /// <summary>How many messages are put on the queue at once.</summary>
    private const int ConcurrentEnqueues = 8;

    /// <summary>
    /// Per tariff year, 100 entries at a time: adds their deliveries (one transaction), queues those due, records them as
    /// queued (one transaction), removes the entries (one transaction). The order of the single-entry steps is kept: a
    /// crash leaves the entries in the outbox and at most a message more, never a delivery without its message.
    /// </summary>
    private async Task<(int FromOutbox, int Enqueued)> DispatchOutboxAsync(Instant now, CancellationToken cancellationToken)
    {
        var entries = await outbox.EntriesAsync(cancellationToken);
        var enqueued = 0;
        foreach (var chunk in entries.GroupBy(e => e.Number.Year).SelectMany(g => g.Chunk(Storage.TableTransaction.MaxActions)))
        {
            var stored = await log.AddIfMissingAsync(chunk.Select(e => new InvoiceDelivery(e.Number, e.Member, e.MemberName, DeliveryStatus.Pending)).ToList(), cancellationToken);
            var due = stored.Where(s => s.Delivery.NeedsEnqueueAt(now)).ToList();
            // Enqueue first: a crash before the records are updated means more (harmless) messages, never none.
            await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = ConcurrentEnqueues, CancellationToken = cancellationToken },
                async (s, ct) => await queue.EnqueueAsync(s.Delivery.Number, VisibleAfter(s.Delivery, now), ct));
            await log.TryReplaceAsync(due.Select(s => s with { Delivery = s.Delivery.Enqueued(now) }).ToList(), cancellationToken);
            await outbox.RemoveAsync(chunk, cancellationToken);
            enqueued += due.Count;
        }
        return (entries.Count, enqueued);
    }

    /// <summary>A retry scheduled for later is queued hidden until then.</summary>
    private static TimeSpan? VisibleAfter(InvoiceDelivery delivery, Instant now) =>
        delivery.NextAttemptAt is { } next && next > now ? (next - now).ToTimeSpan() : null;

    private async Task<bool> EnqueueIfDueAsync(StoredDelivery stored, Instant now, CancellationToken cancellationToken)
    {
        if (!stored.Delivery.NeedsEnqueueAt(now)) return false;
        // Enqueue first: a crash before the record is updated means one more (harmless) message, never none.
        await queue.EnqueueAsync(stored.Delivery.Number, VisibleAfter(stored.Delivery, now), cancellationToken);
        await log.TryReplaceAsync(stored.Delivery.Enqueued(now), stored.ETag, cancellationToken);
        return true;
    }
}
