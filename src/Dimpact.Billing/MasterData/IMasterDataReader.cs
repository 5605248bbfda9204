using Dimpact.Billing.Members;
using Dimpact.Billing.Membership;
using Dimpact.Billing.Tariffs;

namespace Dimpact.Billing.MasterData;

/// <summary>
/// Reads the files of a master data set (implemented by the data-files project, which owns the CSV formats). Each
/// method throws <see cref="InvalidInputException"/> listing every problem with file, line and field.
/// </summary>
public interface IMasterDataReader
{
    /// <param name="origin">Where the files are, as problems name them (e.g. <c>tariff-years/2025</c>).</param>
    TariffYear TariffYear(IReadOnlyDictionary<string, string> files, string origin);

    /// <summary>The member registry from registry.csv and buyer-references.csv.</summary>
    MemberRegistry Registry(IReadOnlyDictionary<string, string> files, string origin);

    /// <summary>membership-changes.csv; <paramref name="version"/> names the member data it belongs to (documents record it).</summary>
    MembershipChanges Changes(string text, string file, string version);
}
