using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Dimpact.Storage;

/// <summary>
/// The storage account of the billing data: tables, blob containers and queues, under fixed names (with an optional
/// prefix so that tests can share one emulator). Connection by connection string (Azurite, local runs) or by
/// service URIs and a managed identity (Azure).
/// </summary>
public sealed class BillingStorage
{
    /// <summary>Azurite's well-known development account (public, not a secret).</summary>
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    public const string InvoicesTable = "invoices";
    public const string PopulationsTable = "populations";
    public const string RunsTable = "runs";
    public const string DeliveriesTable = "deliveries";
    /// <summary>Finance notifications, one per event, recorded create-only (<see cref="TableFinanceNotifications"/>).</summary>
    public const string NotificationsTable = "notifications";
    /// <summary>Master data versions: one partition per set, <c>latest</c> and <c>v0001</c>… (<see cref="TableMasterDataStore"/>).</summary>
    public const string MasterDataTable = "masterdata";
    /// <summary>Bank entries, imported statements and the allocation log of receivables (<see cref="TablePaymentStore"/>).</summary>
    public const string BankEntriesTable = "bankentries";
    public const string BankStatementsTable = "bankstatements";
    public const string AllocationsTable = "allocations";
    public const string TariffYearsContainer = "tariff-years";
    /// <summary>Finance's master data uploads, kept as uploaded (blob trigger UploadMasterData).</summary>
    public const string MasterDataUploadsContainer = "master-data";
    /// <summary>The files of each member data version, <c>{set}/{hash}/{file}</c>, written once.</summary>
    public const string MasterDataVersionsContainer = "master-data-versions";
    /// <summary>The reports on master data uploads, <c>{upload}.{fingerprint}.json|.txt</c>.</summary>
    public const string MasterDataReportsContainer = "master-data-reports";
    public const string UploadsContainer = "population-uploads";
    public const string ReportsContainer = "population-reports";
    public const string InvoicesContainer = "invoices";
    /// <summary>Finance's reports of a year: <c>{year}/settlement-{year}.xlsx</c> etc. (<see cref="BlobReportArchive"/>).</summary>
    public const string BillingReportsContainer = "reports";
    /// <summary>Bank statement files (CAMT.053) finance uploads, kept as uploaded.</summary>
    public const string BankStatementsContainer = "bank-statements";
    public const string DeliveriesQueue = "invoice-deliveries";

    /// <summary>Everything the app uses; infra/modules/storage.bicep creates the same in Azure (asserted by a test).</summary>
    public static IReadOnlyList<string> AllTables { get; } = [InvoicesTable, PopulationsTable, RunsTable, DeliveriesTable, NotificationsTable, MasterDataTable,
        BankEntriesTable, BankStatementsTable, AllocationsTable];
    public static IReadOnlyList<string> AllContainers { get; } = [TariffYearsContainer, UploadsContainer, ReportsContainer, InvoicesContainer, BillingReportsContainer,
        MasterDataUploadsContainer, MasterDataVersionsContainer, MasterDataReportsContainer, BankStatementsContainer];
    public static IReadOnlyList<string> AllQueues { get; } = [DeliveriesQueue];

    private readonly string _prefix;
    private readonly Lazy<Task> _created;

    private BillingStorage(TableServiceClient tables, BlobServiceClient blobs, QueueServiceClient queues, string prefix)
    {
        Tables = tables;
        Blobs = blobs;
        Queues = queues;
        _prefix = prefix;
        _created = new Lazy<Task>(CreateAllAsync);
    }

    public TableServiceClient Tables { get; }
    public BlobServiceClient Blobs { get; }
    public QueueServiceClient Queues { get; }

    /// <param name="configure">Adjusts each client's options (the CLI: short retries, <see cref="UnreachableStoragePolicy"/>).</param>
    public static BillingStorage FromConnectionString(string connectionString, string prefix = "", HttpPipelinePolicy? policy = null, Action<ClientOptions>? configure = null) =>
        new(new TableServiceClient(connectionString, With(new TableClientOptions(), policy, configure)),
            new BlobServiceClient(connectionString, With(new BlobClientOptions(), policy, configure)),
            new QueueServiceClient(connectionString, With(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }, policy, configure)),
            prefix);

    /// <summary>Identity-based connection (managed identity in Azure, developer login locally).</summary>
    public static BillingStorage FromServiceUris(Uri tables, Uri blobs, Uri queues, TokenCredential? credential = null, string prefix = "")
    {
        credential ??= new DefaultAzureCredential();
        return new(new TableServiceClient(tables, credential), new BlobServiceClient(blobs, credential),
            new QueueServiceClient(queues, credential, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }), prefix);
    }

    private static T With<T>(T options, HttpPipelinePolicy? policy, Action<ClientOptions>? configure) where T : ClientOptions
    {
        if (policy is not null) options.AddPolicy(policy, HttpPipelinePosition.PerRetry);
        configure?.Invoke(options);
        return options;
    }

    /// <summary>Table names are alphanumeric; container and queue names take the prefix with a hyphen.</summary>
    public TableClient Table(string name) => Tables.GetTableClient(_prefix + name);
    public BlobContainerClient Container(string name) => Blobs.GetBlobContainerClient(_prefix.Length == 0 ? name : $"{_prefix}-{name}");
    public QueueClient Queue(string name) => Queues.GetQueueClient(_prefix.Length == 0 ? name : $"{_prefix}-{name}");

    /// <summary>Creates every table, container and queue once per process (the Bicep template creates them in Azure).</summary>
    public Task EnsureCreatedAsync() => _created.Value;

    /// <summary>All at once: independent requests cost one round trip instead of one each at the start of every process.</summary>
    private Task CreateAllAsync() => Task.WhenAll([
        .. AllTables.Select(table => (Task)Table(table).CreateIfNotExistsAsync()),
        .. AllContainers.Select(container => (Task)Container(container).CreateIfNotExistsAsync()),
        .. AllQueues.Select(queue => (Task)Queue(queue).CreateIfNotExistsAsync()),
    ]);
}

/// <summary>Counts the HTTP requests sent to storage, retries included (benchmarks report requests per invoice).</summary>
public sealed class StorageRequestCounter : HttpPipelineSynchronousPolicy
{
    private long _count;
    private long _transactions;

    public long Count => Interlocked.Read(ref _count);

    /// <summary>Of those, the entity-group transactions (Table <c>$batch</c> requests).</summary>
    public long Transactions => Interlocked.Read(ref _transactions);

    public override void OnSendingRequest(HttpMessage message)
    {
        Interlocked.Increment(ref _count);
        if (message.Request.Uri.Path.EndsWith("/$batch", StringComparison.Ordinal)) Interlocked.Increment(ref _transactions);
    }
}
