using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Notifications;
using Dimpact.Delivery;
using Dimpact.Documents.Parties;
using Dimpact.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using Dimpact.Billing.Members;

namespace Dimpact.App;

/// <summary>
/// The delivery side from app settings: SMTP (<c>Smtp:*</c>; no host means .eml files in <c>Smtp:PickupDirectory</c>),
/// the seller (<c>Seller:*</c>, sample values only where unset) and the member registry as stored (master data; seeded from
/// <c>Members:Folder</c>, default the data/members shipped with the program); finance notifications go the same way, to
/// <c>Finance:NotifyEmails</c>.
/// </summary>
public static class DeliveryServices
{
    /// <summary>
    /// The member data's folder (registry.csv, buyer-references.csv, membership-changes.csv) that seeds an empty storage
    /// account; default: data/members shipped with the program.
    /// </summary>
    public const string MembersFolder = "Members:Folder";

    public static IServiceCollection AddInvoiceDelivery(this IServiceCollection services, IConfiguration configuration) => services
        .AddSingleton(sp =>
        {
            var seller = DeliveryConfiguration.Seller(configuration);
            return new DeliveryModule(sp.GetRequiredService<BillingStorage>(), sp.GetRequiredService<IInvoiceStore>(),
                sp.GetRequiredService<IMemberRegistries>(), seller, DeliveryConfiguration.Mail(configuration, seller), sp.GetRequiredService<IClock>(),
                sp.GetService<ILoggerFactory>()?.CreateLogger("Dimpact.Delivery.FinanceNotifications"));
        })
        .AddSingleton(sp => sp.GetRequiredService<DeliveryModule>().Deliver)
        .AddSingleton(sp => sp.GetRequiredService<DeliveryModule>().Dispatch)
        .AddSingleton(sp => sp.GetRequiredService<DeliveryModule>().Worker)
        .AddSingleton(sp => sp.GetRequiredService<DeliveryModule>().Log)
        .AddSingleton(sp => sp.GetRequiredService<DeliveryModule>().Files)
        .AddSingleton(sp => sp.GetRequiredService<DeliveryModule>().Archive)
        .AddSingleton(sp => sp.GetRequiredService<DeliveryModule>().Notifications)
        .AddSingleton(sp => sp.GetRequiredService<DeliveryModule>().DeliverNotification)
        .AddSingleton<IFinanceNotifier>(sp => sp.GetRequiredService<DeliveryModule>().Notifier)
        .AddSingleton<IEInvoiceCheck>(sp => sp.GetRequiredService<DeliveryModule>().Archive);
}
