using Dimpact.Billing.Invoicing;
using Dimpact.Documents.Parties;
using Dimpact.Storage;
using NodaTime;

namespace Dimpact.Delivery;

/// <summary>The delivery side wired once, for the Functions host, the CLI and the tests alike.</summary>
public sealed class DeliveryModule
{
    public DeliveryModule(BillingStorage storage, IInvoiceStore invoices, MemberRegistry registry, Seller seller, MailSettings mail, IClock clock)
    {
        Log = new TableDeliveryLog(storage);
        Queue = new InvoiceDeliveryQueue(storage);
        Files = new InvoiceFiles(storage);
        Archive = new DocumentArchive(Files, registry, seller);
        Deliver = new DeliverInvoice(invoices, Log, Queue, Archive, new MailSender(mail), mail, clock);
        Dispatch = new DispatchDeliveries(new InvoiceOutbox(storage), Log, Queue, invoices, clock);
        Worker = new DeliverQueuedInvoices(Dispatch, Queue, Deliver, Log, clock);
    }

    public TableDeliveryLog Log { get; }
    public InvoiceDeliveryQueue Queue { get; }
    public InvoiceFiles Files { get; }
    public DocumentArchive Archive { get; }
    public DeliverInvoice Deliver { get; }
    public DispatchDeliveries Dispatch { get; }
    public DeliverQueuedInvoices Worker { get; }
}
