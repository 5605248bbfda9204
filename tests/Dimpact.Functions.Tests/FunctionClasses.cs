using Dimpact.App;
using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Tariffs;
using Dimpact.Storage;
using Dimpact.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using Dimpact.DataFiles.TariffYears;

namespace Dimpact.Functions.Tests;

/// <summary>The function classes composed as Program.cs composes them (the shared registration), on one storage account and clock.</summary>
internal static class FunctionClasses
{
    public static readonly ITariffYears Years = new TariffYearCatalog(Repository.Data("tariff-years"));

    /// <summary>The app's services on the given account and clock, with the repository's tariff years.</summary>
    public static ServiceProvider Services(BillingStorage storage, IClock clock) =>
        new ServiceCollection()
            .AddLogging()
            .AddBilling(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                [BillingServices.TariffYearsFolder] = Repository.Data("tariff-years"),
                ["Smtp:PickupDirectory"] = Directory.CreateTempSubdirectory("functions-mail-").FullName,
            }).Build(), _ => storage, clock)
            .BuildServiceProvider();

    public static IssueDueInvoicesFunction Timer(BillingStorage storage, IClock clock, ILogger<IssueDueInvoicesFunction>? logger = null) =>
        ActivatorUtilities.CreateInstance<IssueDueInvoicesFunction>(Services(storage, clock), logger ?? NullLogger<IssueDueInvoicesFunction>.Instance);
}
