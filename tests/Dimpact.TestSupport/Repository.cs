using Dimpact.Billing.Tariffs;
using Dimpact.DataFiles.TariffYears;

namespace Dimpact.TestSupport;

/// <summary>Paths inside the repository, found from the test's output folder.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Data(params string[] parts) => Path.Combine([Root, "data", .. parts]);

    public static string TariffYearFolder(int year) => Data("tariff-years", year.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static readonly Lazy<TariffYear> Year2024 = new(() => TariffYearFiles.Load(TariffYearFolder(2024)));

    /// <summary>The real tariff year 2024 from the product's data files.</summary>
    public static TariffYear TariffYear2024 => Year2024.Value;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Dimpact.Functions.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No Dimpact.Functions.sln above {AppContext.BaseDirectory}.");
    }
}
