using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Populations;
using Dimpact.Billing.Settlement;
using Dimpact.Billing.Runs;
using Dimpact.Billing.Tariffs;
using Dimpact.Functions;
using Dimpact.PopulationFiles.Ingestion;
using Dimpact.Storage;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

builder.Services
    .AddSingleton<IClock>(SystemClock.Instance)
    .AddSingleton<ITariffYears>(sp => new ArchivedTariffYears(TariffYearCatalog.NextToProgram(), sp.GetRequiredService<BillingStorage>()))
    .AddSingleton(sp => StorageConnection.Open(builder.Configuration))
    .AddSingleton<IInvoiceStore, TableInvoiceStore>()
    .AddSingleton<IRunLog, TableRunLog>()
    .AddSingleton<RunRecorder>()
    .AddSingleton<IssueDueInvoices>()
    .AddSingleton<IPopulationSnapshots, TablePopulationSnapshots>()
    .AddSingleton<IIngestionReports, BlobIngestionReports>()
    .AddSingleton<SettleYear>()
    .AddSingleton<IngestPopulationFile>()
    .AddSingleton<IngestAndSettle>()
    .AddInvoiceDelivery(builder.Configuration);

builder.Build().Run();
