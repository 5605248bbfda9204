using System.Globalization;

namespace Dimpact.Billing.MasterData;

/// <summary>
/// A set of master data files that is versioned as a whole: <c>members</c> (registry.csv and buyer-references.csv),
/// <c>membership</c> (membership-changes.csv) and one <c>tariff-year-{year}</c> per tariff year (its seven files).
/// An upload changes one or more sets; each changed set becomes a new version of its own.
/// </summary>
public sealed record MasterDataSet
{
    public const string RegistryFile = "registry.csv";
    public const string ReferencesFile = "buyer-references.csv";
    public const string MembershipFile = Dimpact.Billing.Membership.MembershipChanges.FileName;
    private const string TariffYearPrefix = "tariff-year-";

    /// <summary>The files of a tariff year (TariffYearFiles.AllFiles in Dimpact.DataFiles, asserted by a test).</summary>
    public static readonly IReadOnlyList<string> TariffYearFiles =
        ["tariff-year.csv", "products.csv", "population-rules.csv", "members.csv", "budget.csv", "partnerships.csv", "mergers.csv"];

    public static readonly MasterDataSet Members = new("members", null);
    public static readonly MasterDataSet Membership = new("membership", null);

    private MasterDataSet(string name, int? year)
    {
        Name = name;
        Year = year;
    }

    /// <summary><c>members</c>, <c>membership</c>, <c>tariff-year-2025</c>: the set's name in storage and in reports.</summary>
    public string Name { get; }

    /// <summary>The tariff year of a tariff-year set; null for the member data.</summary>
    public int? Year { get; }

    public static MasterDataSet TariffYear(int year) => new(string.Create(CultureInfo.InvariantCulture, $"{TariffYearPrefix}{year}"), year);

    /// <summary>The files the set consists of; every one of them is needed.</summary>
    public IReadOnlyList<string> Files => Year is not null ? TariffYearFiles : Name == Members.Name ? [RegistryFile, ReferencesFile] : [MembershipFile];

    public static MasterDataSet Parse(string name) =>
        name == Members.Name ? Members
        : name == Membership.Name ? Membership
        : name.StartsWith(TariffYearPrefix, StringComparison.Ordinal)
          && int.TryParse(name.AsSpan(TariffYearPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var year) ? TariffYear(year)
        : throw new FormatException($"'{name}' is not a master data set (members, membership, tariff-year-YYYY).");

    /// <summary>What a file name belongs to, when that follows from the name alone; tariff-year files need their year too.</summary>
    public static bool IsTariffYearFile(string fileName) => TariffYearFiles.Contains(fileName);

    public static MasterDataSet? OfMemberFile(string fileName) =>
        fileName is RegistryFile or ReferencesFile ? Members : fileName == MembershipFile ? Membership : null;

    public override string ToString() => Name;

    public bool Equals(MasterDataSet? other) => other is not null && other.Name == Name;

    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);
}
