using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Settlement;
using Dimpact.Billing.Tariffs;
using Dimpact.Delivery;
using Dimpact.Storage;
using Dimpact.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;

namespace Dimpact.Functions.Tests;

/// <summary>The function classes composed as Program.cs composes them, on one storage account and clock.</summary>
internal static class FunctionClasses
{
    public static readonly ITariffYears Years = new TariffYearCatalog(Repository.Data("tariff-years"));

    public static IssueDueInvoicesFunction Timer(BillingStorage storage, IClock clock, ILogger<IssueDueInvoicesFunction>? logger = null)
    {
        var store = new TableInvoiceStore(storage);
        return new IssueDueInvoicesFunction(
            new IssueDueInvoices(Years, store),
            new SettleYear(Years, new TablePopulationSnapshots(storage), store),
            new DispatchDeliveries(new InvoiceOutbox(storage), new TableDeliveryLog(storage), new InvoiceDeliveryQueue(storage), store, clock),
            clock,
            logger ?? NullLogger<IssueDueInvoicesFunction>.Instance);
    }
}
