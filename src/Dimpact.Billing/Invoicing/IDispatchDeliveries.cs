namespace Dimpact.Billing.Invoicing;

/// <summary>What a dispatch did: documents taken from the outbox, deliveries put on the queue, finance notifications queued again.</summary>
public sealed record DispatchRun(int FromOutbox, int Enqueued, int Notifications = 0);

/// <summary>Hands issued documents (and deliveries due again) to delivery; implemented by the delivery adapter.</summary>
public interface IDispatchDeliveries
{
    Task<DispatchRun> RunAsync(CancellationToken cancellationToken = default);
}
