using System.ComponentModel;
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

    /// <summary>
    /// DIMPACT_STORAGE_PREFIX puts the billing data under prefixed names in the account (a sandbox next to the real
    /// data, or one per test); unset, the names are the real ones.
    /// </summary>
    public BillingStorage OpenStorage() =>
        BillingStorage.FromConnectionString(ConnectionString, Environment.GetEnvironmentVariable("DIMPACT_STORAGE_PREFIX") ?? "");

    public Dimpact.Billing.Tariffs.TariffYearCatalog Catalog() =>
        Data is null ? Dimpact.Billing.Tariffs.TariffYearCatalog.NextToProgram() : new Dimpact.Billing.Tariffs.TariffYearCatalog(Data);
}
