using Dimpact.Billing.Invoicing;
using Dimpact.Storage;

namespace Dimpact.Delivery;

public sealed record QueueProgress(int Done, int Total, DeliveryOutcome? Last);

/// <summary>What processing the queue did: per message the outcome, or the error of an attempt left for a retry.</summary>
public sealed record QueueRun(DispatchRun Dispatch, IReadOnlyList<DeliveryOutcome> Outcomes, IReadOnlyList<(string Message, string Error)> Errors);

/// <summary>
/// The queue worker without a Functions host (CLI <c>dimpact deliver</c>, demos): dispatches the outbox, then
/// takes each visible message and delivers it as the queue-triggered function does. A failed attempt stays on the
/// queue, visible again after the visibility timeout, as with the host.
/// </summary>
public sealed class DeliverQueuedInvoices(DispatchDeliveries dispatch, InvoiceDeliveryQueue queue, DeliverInvoice deliver)
{
    public static readonly TimeSpan VisibilityTimeout = TimeSpan.FromSeconds(30);

    public async Task<QueueRun> RunAsync(IProgress<QueueProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var dispatched = await dispatch.RunAsync(cancellationToken);
        var total = await queue.CountAsync(cancellationToken);
        var outcomes = new List<DeliveryOutcome>();
        var errors = new List<(string, string)>();
        while (await queue.ReceiveAsync(16, VisibilityTimeout, cancellationToken) is { Count: > 0 } messages)
        {
            foreach (var message in messages)
            {
                try
                {
                    var outcome = await deliver.DeliverAsync(InvoiceNumber.Parse(message.MessageText), message.DequeueCount, cancellationToken);
                    await queue.DeleteAsync(message, cancellationToken);
                    outcomes.Add(outcome);
                }
                catch (Exception e) when (e is DeliveryFailedException or FormatException)
                {
                    errors.Add((message.MessageText, e.Message));
                }
                progress?.Report(new QueueProgress(outcomes.Count + errors.Count, Math.Max(total, outcomes.Count + errors.Count), outcomes.LastOrDefault()));
            }
        }
        return new QueueRun(dispatched, outcomes, errors);
    }
}
