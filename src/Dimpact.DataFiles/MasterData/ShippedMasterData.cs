using System.Globalization;
using System.Text;
using Dimpact.Billing.MasterData;
using Dimpact.DataFiles.Members;
using Dimpact.DataFiles.TariffYears;

namespace Dimpact.DataFiles.MasterData;

/// <summary>
/// The master data shipped with the program (the repository's data/): the seed of an empty storage account and the
/// local defaults. data/members/registry.csv and buyer-references.csv are the set <c>members</c>,
/// data/members/membership-changes.csv (when present) <c>membership</c>, each data/tariff-years/{year} a tariff year.
/// </summary>
public sealed class ShippedMasterData(string membersFolder, string tariffYearsFolder)
{
    public static ShippedMasterData NextToProgram() =>
        new(Path.Combine(AppContext.BaseDirectory, "data", "members"), Path.Combine(AppContext.BaseDirectory, "data", "tariff-years"));

    public string MembersFolder { get; } = membersFolder;
    public string TariffYearsFolder { get; } = tariffYearsFolder;

    /// <summary>Every shipped set with its files (name → text); a set whose files are not all there is left out.</summary>
    public IReadOnlyList<(MasterDataSet Set, IReadOnlyDictionary<string, string> Files)> Sets()
    {
        var sets = new List<(MasterDataSet, IReadOnlyDictionary<string, string>)>();
        if (Read(MembersFolder, [MemberRegistryFiles.RegistryFile, MemberRegistryFiles.ReferencesFile]) is { } members) sets.Add((MasterDataSet.Members, members));
        if (Read(MembersFolder, [MasterDataSet.MembershipFile]) is { } changes) sets.Add((MasterDataSet.Membership, changes));
        foreach (var year in new TariffYearCatalog(TariffYearsFolder).Years)
            if (Read(Path.Combine(TariffYearsFolder, year.ToString(CultureInfo.InvariantCulture)), TariffYearFiles.AllFiles) is { } files)
                sets.Add((MasterDataSet.TariffYear(year), files));
        return sets;
    }

    private static Dictionary<string, string>? Read(string folder, IReadOnlyList<string> names) =>
        names.All(n => File.Exists(Path.Combine(folder, n)))
            ? names.ToDictionary(n => n, n => File.ReadAllText(Path.Combine(folder, n), Encoding.UTF8))
            : null;
}
