using System.Text;
using Azure.Storage.Queues.Models;
using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Tariffs;
using Dimpact.Delivery;
using Dimpact.Documents.Parties;
using Dimpact.Functions;
using Dimpact.Storage;
using Dimpact.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using netDumbster.smtp;
using NodaTime;
using NodaTime.Testing;
using Dimpact.DataFiles.TariffYears;
using Dimpact.DataFiles.Members;
using Dimpact.Billing.Members;

namespace Dimpact.Delivery.Tests;

/// <summary>
/// One test's world: its own tables, containers and queue in Azurite, the shipped member registry, the sample
/// seller, a clock on the Q1 issue date, and mail either to a real SMTP server on a loopback port or to a pickup
/// folder.
/// </summary>
public sealed class DeliveryWorld : IDisposable
{
    public static readonly LocalDate January2 = new(2024, 1, 2);

    public BillingStorage Storage { get; } = BillingStorage.FromConnectionString(Azurite.ConnectionString, Azurite.UniquePrefix());
    public FakeClock Clock { get; } = new(Instant.FromUtc(2024, 1, 2, 5, 0));
    public int SmtpPort { get; } = Azurite.FreePort();
    public string PickupDirectory { get; } = Directory.CreateTempSubdirectory("pickup-").FullName;
    public TableInvoiceStore Invoices { get; }
    public MailSettings Mail { get; }
    public DeliveryModule Delivery { get; }
    private SimpleSmtpServer? _smtp;

    /// <param name="financeRecipients">Finance:NotifyEmails, for the notification of a delivery given up.</param>
    public DeliveryWorld(bool pickup = false, MemberRegistry? registry = null, string? financeRecipients = null)
    {
        Invoices = new TableInvoiceStore(Storage);
        var seller = Seller.Sample;
        Mail = (pickup ? MailSettings.Pickup(PickupDirectory, seller) : MailSettings.Smtp("127.0.0.1", SmtpPort, useTls: false, seller))
            with { FinanceRecipients = DeliveryConfiguration.FinanceRecipients(financeRecipients) };
        Delivery = new DeliveryModule(Storage, Invoices, registry ?? Registry, seller, Mail, Clock);
    }

    public static MemberRegistry Registry { get; } = MemberRegistryFiles.Load(Repository.Data("members"));

    /// <summary>Starts the SMTP server (again) on this world's port.</summary>
    public SimpleSmtpServer StartSmtp() => _smtp = SimpleSmtpServer.Start(SmtpPort);

    public void StopSmtp()
    {
        _smtp?.Stop();
        _smtp?.Dispose();
        _smtp = null;
    }

    public IReadOnlyList<MimeMessage> Received =>
        _smtp?.ReceivedEmail.Select(m => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(m.Data)))).ToList() ?? [];

    /// <summary>The Q1 run of 2024: 39 documents (41 members less the two billed via Duiven).</summary>
    public async Task<IssueRun> IssueQ1Async()
    {
        var years = new TariffYearCatalog(Repository.Data("tariff-years"));
        return await new IssueDueInvoices(years, Invoices).RunAsync(January2);
    }

    public DeliverInvoiceFunction Function(ILogger<DeliverInvoiceFunction>? logger = null) => new(Delivery.Deliver, Delivery.DeliverNotification, logger ?? NullLogger<DeliverInvoiceFunction>.Instance);

    /// <summary>Runs the local queue worker (dispatch, then every visible message), then moves the clock on by <paramref name="step"/>, until <paramref name="until"/>.</summary>
    public async Task<List<QueueRun>> RunWorkerEveryAsync(Duration step, Instant until)
    {
        var runs = new List<QueueRun>();
        for (; Clock.GetCurrentInstant() <= until; Clock.Advance(step)) runs.Add(await Delivery.Worker.RunAsync());
        return runs;
    }

    /// <summary>The messages on the queue that a worker could take now (a scheduled retry is hidden until it is due).</summary>
    public async Task<int> VisibleMessagesAsync() =>
        (await Storage.Queue(BillingStorage.DeliveriesQueue).PeekMessagesAsync(32)).Value.Length;

    /// <summary>A queue message as the host hands it to the function: the number, and the how-many-th dequeue it is.</summary>
    public static QueueMessage Message(InvoiceNumber number, long dequeueCount = 1) =>
        QueuesModelFactory.QueueMessage("id-" + number, "pop", number.ToString(), dequeueCount);

    public async Task<Invoice> IssuedAsync(string memberCode) =>
        (await Invoices.ListAsync(2024)).Single(i => i.Member.Value == memberCode);

    public void Dispose()
    {
        StopSmtp();
        try { Directory.Delete(PickupDirectory, recursive: true); } catch (IOException) { }
    }
}
