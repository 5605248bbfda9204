using Dimpact.Billing.Invoicing;
using Dimpact.Documents.Parties;
using Dimpact.Storage;
using Microsoft.Extensions.Logging;
using NodaTime;
using Dimpact.Billing.Members;

namespace Dimpact.Delivery;

/// <summary>The delivery side wired once, for the Functions host, the CLI and the tests alike.</summary>
public sealed class DeliveryModule
{
    /// <summary>With one member registry that never changes (tests, the benchmark).</summary>
    public DeliveryModule(BillingStorage storage, IInvoiceStore invoices, MemberRegistry registry, Seller seller, MailSettings mail, IClock clock, ILogger? logger = null)
        : this(storage, invoices, new FixedMemberRegistries(registry), seller, mail, clock, logger)
    {
    }

    /// <param name="registries">The member registry as stored (<c>StoredMemberRegistries</c>), or a fixed one.</param>
    /// <param name="logger">Where a recorded finance notification is logged (the Functions app's log; none in the CLI, which prints).</param>
    public DeliveryModule(BillingStorage storage, IInvoiceStore invoices, IMemberRegistries registries, Seller seller, MailSettings mail, IClock clock, ILogger? logger = null)
    {
        Log = new TableDeliveryLog(storage);
        Queue = new InvoiceDeliveryQueue(storage);
        Files = new InvoiceFiles(storage);
        Archive = new DocumentArchive(Files, registries, seller);
        Notifications = new TableFinanceNotifications(storage);
        Notifier = new QueuedFinanceNotifier(Notifications, Queue, mail, clock, logger);
        var sender = new MailSender(mail);
        Deliver = new DeliverInvoice(invoices, Log, Queue, Archive, sender, mail, clock, Notifier);
        DeliverNotification = new DeliverFinanceNotification(Notifications, Queue, sender, mail, clock);
        Dispatch = new DispatchDeliveries(new InvoiceOutbox(storage), Log, Queue, invoices, clock, Notifications);
        Worker = new DeliverQueuedInvoices(Dispatch, Queue, Deliver, Log, clock, DeliverNotification);
    }

    public TableFinanceNotifications Notifications { get; }
    public QueuedFinanceNotifier Notifier { get; }
    public DeliverFinanceNotification DeliverNotification { get; }

    public TableDeliveryLog Log { get; }
    public InvoiceDeliveryQueue Queue { get; }
    public InvoiceFiles Files { get; }
    public DocumentArchive Archive { get; }
    public DeliverInvoice Deliver { get; }
    public DispatchDeliveries Dispatch { get; }
    public DeliverQueuedInvoices Worker { get; }
}
