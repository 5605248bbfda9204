namespace Dimpact.Billing.Invoicing;

/// <summary>Where the sending of each issued document is recorded (the deliveries table); what reports read of it.</summary>
public interface IDeliveryLog
{
    /// <summary>The deliveries of one tariff year, in number order.</summary>
    Task<IReadOnlyList<InvoiceDelivery>> ListAsync(int year, CancellationToken cancellationToken = default);
}
