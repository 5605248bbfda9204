using Azure.Storage.Queues.Models;
using Dimpact.Billing.Invoicing;
using Dimpact.Storage;
using NodaTime;

namespace Dimpact.Delivery;

public sealed record QueueProgress(int Done, int Total, DeliveryOutcome? Last);

/// <summary>
/// What processing the queue did: per message the outcome, the messages that could not be read, and the deliveries
/// left waiting afterwards (for a retry, or a claim being sent) with the earliest time one is due.
/// </summary>
public sealed record QueueRun(
    DispatchRun Dispatch, IReadOnlyList<DeliveryOutcome> Outcomes, IReadOnlyList<(string Message, string Error)> Errors,
    IReadOnlyList<InvoiceDelivery> Waiting, Instant? NextDueAt)
{
    /// <summary>The deliveries given up in this run (no address, or failing for <see cref="InvoiceDelivery.RetryFor"/>).</summary>
    public IReadOnlyList<DeliveryOutcome> FailedForGood => Outcomes.Where(o => o.Result == DeliveryResult.Failed).ToList();

    /// <summary>Per finance notification message the outcome.</summary>
    public IReadOnlyList<NotificationSendOutcome> Notifications { get; init; } = [];
}

/// <summary>
/// The queue worker without a Functions host (CLI <c>dimpact deliver</c>, demos): dispatches the outbox (which also
/// queues deliveries whose retry is due and claims whose handler died), then takes the visible messages and
/// delivers them, 8 at a time, as the queue-triggered function does (a document, or a finance notification). What is due later stays
/// on the queue, hidden until then: the run ends when no message is visible and reports what waits.
/// </summary>
public sealed class DeliverQueuedInvoices(DispatchDeliveries dispatch, InvoiceDeliveryQueue queue, DeliverInvoice deliver, TableDeliveryLog log, IClock clock,
    DeliverFinanceNotification? notifications = null)
{
    /// <summary>How long a received message stays hidden from other workers: as long as a claim to send holds.</summary>
    public static readonly TimeSpan VisibilityTimeout = InvoiceDelivery.SendingLease.ToTimeSpan();

    /// <summary>The most messages one receive returns (the queue service's limit).</summary>
    public const int MessagesPerReceive = 32;

    /// <summary>Messages handled at once, as the Functions host does (host.json <c>batchSize</c>).</summary>
    public const int ConcurrentDeliveries = 8;

    public async Task<QueueRun> RunAsync(IProgress<QueueProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var dispatched = await dispatch.RunAsync(cancellationToken);
        var total = await queue.CountAsync(cancellationToken);
        var outcomes = new List<DeliveryOutcome>();
        var sentNotifications = new List<NotificationSendOutcome>();
        var errors = new List<(string, string)>();
        var gate = new object();
        var deleting = Task.CompletedTask;
        while (await queue.ReceiveAsync(MessagesPerReceive, VisibilityTimeout, cancellationToken) is { Count: > 0 } messages)
        {
            // Several at once: the claim (ETag) on each delivery keeps two handlers of one document from both sending.
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = ConcurrentDeliveries, CancellationToken = cancellationToken };
            var documents = new List<(QueueMessage Message, InvoiceNumber Number)>();
            var others = new List<QueueMessage>();
            foreach (var message in messages)
            {
                if (notifications is not null && InvoiceDeliveryQueue.NotificationId(message.MessageText) is not null) { others.Add(message); continue; }
                try { documents.Add((message, InvoiceNumber.Parse(message.MessageText))); }
                catch (FormatException e) { errors.Add((message.MessageText, e.Message)); }
            }
            // The documents together (their rows read and claimed in few requests); a number that comes twice in the
            // batch is handled again on its own afterwards, and finds itself delivered.
            var firsts = documents.DistinctBy(d => d.Number).ToList();
            var handled = new List<QueueMessage>();
            foreach (var (outcome, (message, _)) in (await deliver.DeliverAsync(firsts.Select(d => d.Number).ToList(), ConcurrentDeliveries, cancellationToken)).Zip(firsts))
            {
                outcomes.Add(outcome);
                handled.Add(message);
            }
            others.AddRange(documents.Select(d => d.Message).Except(firsts.Select(f => f.Message)));
            await Parallel.ForEachAsync(others, parallel, async (message, ct) =>
            {
                if (notifications is not null && InvoiceDeliveryQueue.NotificationId(message.MessageText) is { } id)
                {
                    var sent = await notifications.DeliverAsync(id, ct);
                    lock (gate) sentNotifications.Add(sent);
                }
                else
                {
                    var outcome = await deliver.DeliverAsync(InvoiceNumber.Parse(message.MessageText), ct);
                    lock (gate) outcomes.Add(outcome);
                }
                lock (gate) handled.Add(message);
            });
            // Deleted while the next batch is received and handled: they stay hidden meanwhile (the visibility timeout).
            await deleting;
            deleting = Parallel.ForEachAsync(handled, parallel, async (message, ct) => await queue.DeleteAsync(message, ct));
            var done = outcomes.Count + sentNotifications.Count + errors.Count;
            progress?.Report(new QueueProgress(done, Math.Max(total, done), outcomes.LastOrDefault()));
        }
        await deleting;
        var now = clock.GetCurrentInstant();
        var waiting = (await log.ListAsync(DeliveryStatus.Pending, cancellationToken)).Concat(await log.ListAsync(DeliveryStatus.Sending, cancellationToken)).ToList();
        return new QueueRun(dispatched, outcomes, errors, waiting, waiting.Count == 0 ? null : waiting.Min(w => w.DueLaterAt(now) ?? now))
        {
            Notifications = sentNotifications,
        };
    }
}
