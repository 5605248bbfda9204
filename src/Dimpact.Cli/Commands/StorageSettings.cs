using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Dimpact.App;
using System.ComponentModel;
using Azure.Core;
using Azure.Core.Pipeline;
using Dimpact.Billing;
using Dimpact.Storage;
using Spectre.Console.Cli;

namespace Dimpact.Cli.Commands;

/// <summary>Options of commands that work on the billing storage account.</summary>
public class StorageSettings : DataSettings
{
    [CommandOption("--storage <CONNECTION>")]
    [Description("Storage connection string (default: $DIMPACT_STORAGE, else the deployed account by BillingStorage__*ServiceUri and az login, else local Azurite).")]
    public string? Storage { get; init; }

    public string ConnectionString => Storage ?? Environment.GetEnvironmentVariable("DIMPACT_STORAGE") ?? BillingStorage.DevelopmentStorage;

    /// <summary>Where the connection string comes from, as messages name it (never its value: it may hold a key).</summary>
    private string ConnectionSetting => Storage is not null ? "--storage" : Environment.GetEnvironmentVariable("DIMPACT_STORAGE") is not null ? "DIMPACT_STORAGE" : "the default storage";

    /// <summary>
    /// DIMPACT_STORAGE_PREFIX puts the billing data under prefixed names in the account (a sandbox next to the real
    /// data, or one per test); unset, the names are the real ones.
    /// </summary>
    public BillingStorage OpenStorage() => OpenStorage(Environment.GetEnvironmentVariable("DIMPACT_STORAGE_PREFIX") ?? "");

    /// <summary>The account under <paramref name="prefix"/>; an empty or malformed connection string names its setting.</summary>
    public BillingStorage OpenStorage(string prefix, HttpPipelinePolicy? policy = null)
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
            throw new InvalidSettingException(ConnectionSetting, $"the value is empty; set it to a storage connection string, or unset it to use local Azurite ({BillingStorage.DevelopmentStorage}).");
        try
        {
            return BillingStorage.FromConnectionString(ConnectionString, prefix, policy, ForAnOperator);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            throw new InvalidSettingException(ConnectionSetting,
                $"the value is not a storage connection string; use '{BillingStorage.DevelopmentStorage}' (Azurite) or 'DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…;EndpointSuffix=core.windows.net' (the account's Access keys page).");
        }
    }

    // An operator waits at the prompt: a connection that cannot be made fails within seconds, naming the endpoint,
    // instead of after the SDK's default back-off (three retries from 0.8 s) or the 100 s network time-out.
    private static readonly HttpPipelineTransport Transport = new HttpClientTransport(new SocketsHttpHandler
    {
        ConnectTimeout = TimeSpan.FromSeconds(5),
        AllowAutoRedirect = false,
        UseCookies = false,
    });

    private static void ForAnOperator(ClientOptions options)
    {
        options.Transport = Transport;
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(250);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        options.AddPolicy(new UnreachableStoragePolicy(), HttpPipelinePosition.PerCall);
    }

    /// <summary>
    /// The product's services for this command, from the one registration the Functions app uses too
    /// (<see cref="BillingServices.AddBilling"/>): settings from the environment with the app settings' names,
    /// <c>--data</c> as the tariff-years folder, and the storage account opened for an operator (fast failure).
    /// </summary>
    public ServiceProvider Services()
    {
        var overrides = new Dictionary<string, string?>();
        if (DataFolder is { } folder) overrides[BillingServices.TariffYearsFolder] = folder;
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(overrides).Build();
        // The deployed account accepts no keys: with its service URIs (BillingStorage__blobServiceUri, …) and no connection
        // string, the CLI signs in as the operator (az login), as the app does with its managed identity.
        var identityBased = Storage is null && Environment.GetEnvironmentVariable("DIMPACT_STORAGE") is null
            && configuration[$"{StorageConnection.Name}:blobServiceUri"] is { Length: > 0 };
        return new ServiceCollection()
            .AddBilling(configuration, identityBased ? _ => StorageConnection.Open(configuration) : _ => OpenStorage())
            .BuildServiceProvider();
    }

}

/// <summary>Storage commands that can write CSV instead of a table.</summary>
public class CsvStorageSettings : StorageSettings
{
    [CommandOption("--csv")]
    [Description("Write CSV to standard output instead of a table.")]
    public bool Csv { get; init; }
}

/// <summary>Storage commands about one tariff year.</summary>
public class YearStorageSettings : StorageSettings
{
    [CommandOption("--year <YEAR>")]
    [Description("The tariff year (default: the newest tariff year with data).")]
    public int? YearOption { get; init; }

    public int Year => YearOrNewest(YearOption);
}

/// <summary>Storage commands about one tariff year that can write CSV instead of a table.</summary>
public class YearCsvStorageSettings : YearStorageSettings
{
    [CommandOption("--csv")]
    [Description("Write CSV to standard output instead of a table.")]
    public bool Csv { get; init; }
}
