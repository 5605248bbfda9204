using System.Globalization;
using Dimpact.Billing;
using Dimpact.Billing.Daily;
using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Notifications;
using Dimpact.Billing.Populations;
using Dimpact.Billing.Runs;
using Dimpact.Billing.Reports;
using Dimpact.Billing.Settlement;
using Dimpact.Documents.Reports;
using Dimpact.Billing.Status;
using Dimpact.Billing.Tariffs;
using Dimpact.Delivery;
using Dimpact.Billing.Populations.Ingestion;
using Dimpact.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Dimpact.DataFiles;
using Dimpact.DataFiles.TariffYears;
using Dimpact.DataFiles.MasterData;
using Dimpact.Billing.MasterData;
using Dimpact.Billing.Members;

namespace Dimpact.App;

/// <summary>
/// Everything the billing product uses, composed once from configuration: the Functions app (Program.cs), the CLI
/// (every command) and the tests that check the composition call this, so that every host runs the same use cases on
/// the same adapters (e.g. the archived tariff year, the plausibility margin). Settings: see docs/configuration.md.
/// </summary>
public static class BillingServices
{
    /// <summary>The tariff-years folder (default: the one shipped next to the program): the seed of the stored tariff years.</summary>
    public const string TariffYearsFolder = "TariffYears:Folder";

    /// <summary>The plausibility margin of population figures, a fraction (default 0.10).</summary>
    public const string PopulationMaxChange = "Population:MaxChange";

    /// <param name="storage">How the host opens the storage account; default: the <c>BillingStorage</c> connection.</param>
    /// <param name="clock">The clock; default: the system clock (tests pass a fake one).</param>
    public static IServiceCollection AddBilling(this IServiceCollection services, IConfiguration configuration,
        Func<IServiceProvider, BillingStorage>? storage = null, IClock? clock = null) => services
        .AddSingleton(configuration)
        .AddSingleton(clock ?? SystemClock.Instance)
        .AddSingleton(storage ?? (_ => StorageConnection.Open(configuration)))
        .AddSingleton(_ => configuration[TariffYearsFolder] is { Length: > 0 } folder ? new TariffYearCatalog(folder) : TariffYearCatalog.NextToProgram())
        .AddSingleton(_ => ShippedData(configuration))
        .AddSingleton<IMasterDataReader, MasterDataFiles>()
        .AddSingleton<IMasterDataStore>(sp => new TableMasterDataStore(sp.GetRequiredService<BillingStorage>(), sp.GetRequiredService<ShippedMasterData>(), sp.GetRequiredService<IClock>()))
        .AddSingleton<StoredTariffYears>()
        .AddSingleton<ITariffYears>(sp => sp.GetRequiredService<StoredTariffYears>())
        .AddSingleton<StoredMemberRegistries>()
        .AddSingleton<IMemberRegistries>(sp => sp.GetRequiredService<StoredMemberRegistries>())
        .AddSingleton(sp => new UploadMasterData(sp.GetRequiredService<IMasterDataStore>(), sp.GetRequiredService<IMasterDataReader>(),
            new BlobIngestionReports(sp.GetRequiredService<BillingStorage>(), BillingStorage.MasterDataReportsContainer), sp.GetRequiredService<IClock>(),
            sp.GetRequiredService<IFinanceNotifier>()))
        .AddSingleton<IInvoiceStore, TableInvoiceStore>()
        .AddSingleton<IRunLog, TableRunLog>()
        .AddSingleton<RunRecorder>()
        .AddSingleton<IssueDueInvoices>()
        .AddSingleton<IPopulationSnapshots, TablePopulationSnapshots>()
        .AddSingleton<IIngestionReports, BlobIngestionReports>()
        .AddSingleton<SettleYear>()
        .AddSingleton(_ => Plausibility(configuration))
        .AddSingleton<ApprovePopulationFigures>()
        .AddSingleton(sp => new IngestPopulationFile(sp.GetRequiredService<ITariffYears>(), sp.GetRequiredService<IPopulationSnapshots>(),
            sp.GetRequiredService<IIngestionReports>(), sp.GetRequiredService<IClock>(), sp.GetRequiredService<IPopulationFileReader>(),
            plausibility: sp.GetRequiredService<PopulationPlausibility>()))
        .AddSingleton<IPopulationFileReader>(_ => new PopulationFiles())
        .AddSingleton<IngestAndSettle>()
        .AddInvoiceDelivery(configuration)
        .AddSingleton<IDispatchDeliveries>(sp => sp.GetRequiredService<DispatchDeliveries>())
        .AddSingleton(sp => new FinanceNotifications(sp.GetRequiredService<IFinanceNotifier>(), sp.GetRequiredService<ITariffYears>(),
            sp.GetRequiredService<IPopulationSnapshots>(), sp.GetRequiredService<IEInvoiceCheck>(),
            FinanceNotifications.ParseFiguresExpectedBy(configuration[FinanceNotifications.FiguresExpectedBySetting]), sp.GetRequiredService<WriteYearReports>()))
        .AddSingleton<RunDailyBilling>()
        .AddSingleton<IDeliveryLog>(sp => sp.GetRequiredService<TableDeliveryLog>())
        .AddSingleton<IMemberMasterData>(sp => new RegistryMasterData(sp.GetRequiredService<IMemberRegistries>()))
        .AddSingleton<BillingStatus>()
        .AddSingleton<IReportRenderer, ReportFiles>()
        .AddSingleton<IReportArchive, BlobReportArchive>()
        .AddSingleton<WriteYearReports>()
        .AddReceivables(configuration);

    /// <summary>
    /// The master data shipped with the program (or in <c>Members:Folder</c> and <c>TariffYears:Folder</c>): the seed of an
    /// empty storage account, stored as version v0001 of each set it lacks.
    /// </summary>
    public static ShippedMasterData ShippedData(IConfiguration configuration)
    {
        var shipped = ShippedMasterData.NextToProgram();
        return new ShippedMasterData(configuration[DeliveryServices.MembersFolder] is { Length: > 0 } members ? members : shipped.MembersFolder,
            configuration[TariffYearsFolder] is { Length: > 0 } years ? years : shipped.TariffYearsFolder);
    }

    /// <summary><c>Population:MaxChange</c> (app setting <c>Population__MaxChange</c>): a fraction above 0, such as 0.10.</summary>
    public static PopulationPlausibility Plausibility(IConfiguration configuration) =>
        configuration[PopulationMaxChange] is not { Length: > 0 } text ? PopulationPlausibility.Default
        : decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var max) && max > 0 ? new PopulationPlausibility(max)
        : throw new InvalidSettingException("Population__MaxChange", "the value is not a fraction above 0 such as 0.10 (10 %).");
}
