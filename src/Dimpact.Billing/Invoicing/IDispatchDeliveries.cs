namespace Dimpact.Billing.Invoicing;

/// <summary>What a dispatch did: documents taken from the outbox, and deliveries put on the queue.</summary>
public sealed record DispatchRun(int FromOutbox, int Enqueued);

/// <summary>Hands issued documents (and deliveries due again) to delivery; implemented by the delivery adapter.</summary>
public interface IDispatchDeliveries
{
    Task<DispatchRun> RunAsync(CancellationToken cancellationToken = default);
}
