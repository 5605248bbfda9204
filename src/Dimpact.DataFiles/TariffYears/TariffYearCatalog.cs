using System.Collections.Concurrent;
using System.Globalization;

using Dimpact.Billing;
using Dimpact.Billing.Tariffs;

namespace Dimpact.DataFiles.TariffYears;

/// <summary>
/// The tariff years shipped as data files, one folder per year under a root (data/tariff-years/{year}). Adding a
/// year is adding a folder.
/// </summary>
public sealed class TariffYearCatalog(string root) : Dimpact.Billing.Invoicing.ITariffYears
{
    private readonly ConcurrentDictionary<int, Lazy<TariffYear>> _years = new();

    public string Root { get; } = root;

    /// <summary>The folder next to the running program (the hosts copy data/tariff-years into their output).</summary>
    public static TariffYearCatalog NextToProgram() => new(Path.Combine(AppContext.BaseDirectory, "data", "tariff-years"));

    public IReadOnlyList<int> Years =>
        Directory.Exists(Root)
            ? Directory.GetDirectories(Root).Select(Path.GetFileName)
                .Select(n => int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var y) ? y : 0)
                .Where(y => y > 0).Order().ToList()
            : [];

    public bool Has(int year) => Years.Contains(year);

    public TariffYear? Find(int year) => Has(year) ? Load(year) : null;

    /// <summary>The year from the files (read once per year and kept).</summary>
    public Task<TariffYear?> FindAsync(int year, CancellationToken cancellationToken = default) => Task.FromResult(Find(year));

    public TariffYear Load(int year)
    {
        if (!Has(year))
            throw new InvalidInputException([new DataProblem(Path.Combine(Root, year.ToString(CultureInfo.InvariantCulture)), null, null,
                $"there is no tariff year {year} (years present: {string.Join(", ", Years)})")]);
        return _years.GetOrAdd(year, y => new Lazy<TariffYear>(() =>
        {
            var loaded = TariffYearFiles.Load(Path.Combine(Root, y.ToString(CultureInfo.InvariantCulture)));
            if (loaded.Year != y)
                throw new InvalidInputException([new DataProblem(Path.Combine(Root, y.ToString(CultureInfo.InvariantCulture), TariffYearFiles.Settings), null, "year", $"the folder is {y} but the file says {loaded.Year}")]);
            return loaded;
        })).Value;
    }
}
