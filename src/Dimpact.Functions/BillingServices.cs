using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Populations;
using Dimpact.Billing.Runs;
using Dimpact.Billing.Settlement;
using Dimpact.Billing.Tariffs;
using Dimpact.PopulationFiles.Ingestion;
using Dimpact.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Dimpact.Functions;

/// <summary>Everything the functions use, composed from app settings (Program.cs calls this; so does a test).</summary>
public static class BillingServices
{
    public static IServiceCollection AddBilling(this IServiceCollection services, IConfiguration configuration) => services
        .AddSingleton<IClock>(SystemClock.Instance)
        .AddSingleton(_ => StorageConnection.Open(configuration))
        .AddSingleton(_ => TariffYearCatalog.NextToProgram())
        .AddSingleton<ITariffYears>(sp => new ArchivedTariffYears(sp.GetRequiredService<TariffYearCatalog>(), sp.GetRequiredService<BillingStorage>()))
        .AddSingleton<IInvoiceStore, TableInvoiceStore>()
        .AddSingleton<IRunLog, TableRunLog>()
        .AddSingleton<RunRecorder>()
        .AddSingleton<IssueDueInvoices>()
        .AddSingleton<IPopulationSnapshots, TablePopulationSnapshots>()
        .AddSingleton<IIngestionReports, BlobIngestionReports>()
        .AddSingleton<SettleYear>()
        .AddSingleton(new PopulationPlausibility(configuration.GetValue("Population:MaxChange", PopulationPlausibility.DefaultMaxChange)))
        .AddSingleton<ApprovePopulationFigures>()
        .AddSingleton<IngestPopulationFile>()
        .AddSingleton<IngestAndSettle>()
        .AddInvoiceDelivery(configuration);
}
