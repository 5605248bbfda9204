using Dimpact.App;
using Dimpact.Billing.Notifications;
using Dimpact.Functions;
using Dimpact.Storage;
using Dimpact.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;

namespace Dimpact.Delivery.Tests;

/// <summary>
/// A delivery world composed as the hosts compose it (<see cref="BillingServices.AddBilling"/>): its storage and clock,
/// the repository's tariff years, SMTP to the world's netDumbster server and finance's two addresses (unless a test
/// leaves them out). Each <see cref="Services"/> is a fresh composition, as a second host process would be.
/// </summary>
public sealed class FinanceWorld : IDisposable
{
    public const string Finance = "financien@dimpact.example";
    public const string Controller = "controller@dimpact.example";

    public DeliveryWorld World { get; } = new();

    private readonly List<ServiceProvider> _providers = [];

    public ServiceProvider Services(string? notifyEmails = Finance + "; " + Controller, string? figuresExpectedBy = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [BillingServices.TariffYearsFolder] = Repository.Data("tariff-years"),
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = World.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp:UseTls"] = "false",
            ["Finance:NotifyEmails"] = notifyEmails,
            ["Finance:SettlementFiguresExpectedBy"] = figuresExpectedBy,
        }).Build();
        var provider = new ServiceCollection().AddLogging().AddBilling(configuration, _ => World.Storage, World.Clock).BuildServiceProvider();
        _providers.Add(provider);
        return provider;
    }

    /// <summary>The mails that reached finance (both addresses on one message).</summary>
    public IReadOnlyList<MimeMessage> FinanceMails =>
        World.Received.Where(m => m.To.Mailboxes.Any(a => a.Address == Finance)).ToList();

    /// <summary>
    /// Hands every recorded notification's message to the queue function, as the host does with the queue (documents
    /// are left on the queue: the tests of notifications need not render 150 PDFs).
    /// </summary>
    public async Task<IReadOnlyList<NotificationSendOutcome>> DeliverNotificationsAsync(ServiceProvider services)
    {
        var function = ActivatorUtilities.CreateInstance<DeliverInvoiceFunction>(services, NullLogger<DeliverInvoiceFunction>.Instance);
        var outcomes = new List<NotificationSendOutcome>();
        foreach (var notification in await services.GetRequiredService<TableFinanceNotifications>().ListAsync())
            outcomes.Add(await function.DeliverNotificationAsync(notification.Id, 1, CancellationToken.None));
        return outcomes;
    }

    public async Task<IReadOnlyList<NotificationDelivery>> RecordedAsync(string kind) =>
        (await new TableFinanceNotifications(World.Storage).ListAsync()).Where(n => n.Id.StartsWith(kind + "|", StringComparison.Ordinal)).ToList();

    public static string Text(MimeMessage message) => message.TextBody!.ReplaceLineEndings("\n");

    public void Dispose()
    {
        foreach (var provider in _providers) provider.Dispose();
        World.Dispose();
    }
}
