using System.ComponentModel;
using Azure.Core;
using Azure.Core.Pipeline;
using Dimpact.Billing;
using Dimpact.Storage;
using Spectre.Console.Cli;

namespace Dimpact.Cli.Commands;

/// <summary>Options of commands that work on the billing storage account.</summary>
public class StorageSettings : YearSettings
{
    [CommandOption("--storage <CONNECTION>")]
    [Description("Storage connection string (default: $DIMPACT_STORAGE, else local Azurite).")]
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

    /// <summary>The plausibility margin: app setting Population__MaxChange (a fraction, default 0.10), as in the Functions app.</summary>
    public static Dimpact.Billing.Populations.PopulationPlausibility Plausibility() =>
        Environment.GetEnvironmentVariable("Population__MaxChange") is { Length: > 0 } text
            ? decimal.TryParse(text, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var max) && max > 0
                ? new(max)
                : throw new Dimpact.Billing.InvalidInputException([new Dimpact.Billing.DataProblem("Population__MaxChange", null, null, $"'{text}' is not a fraction such as 0.10")])
            : Dimpact.Billing.Populations.PopulationPlausibility.Default;

    public Dimpact.Billing.Tariffs.TariffYearCatalog Catalog() =>
        Data is null ? Dimpact.Billing.Tariffs.TariffYearCatalog.NextToProgram() : new Dimpact.Billing.Tariffs.TariffYearCatalog(Data);
}
