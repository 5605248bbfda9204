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
