using Dimpact.Billing.MasterData;
using Dimpact.Billing.Members;
using Dimpact.Billing.Membership;
using Dimpact.Billing.Tariffs;
using Dimpact.DataFiles.Members;
using Dimpact.DataFiles.TariffYears;

namespace Dimpact.DataFiles.MasterData;

/// <summary>The CSV readers of the master data sets, for the core's use cases (<see cref="IMasterDataReader"/>).</summary>
public sealed class MasterDataFiles : IMasterDataReader
{
    public TariffYear TariffYear(IReadOnlyDictionary<string, string> files, string origin) => TariffYearFiles.Parse(files, origin);

    public MemberRegistry Registry(IReadOnlyDictionary<string, string> files, string origin) =>
        MemberRegistryFiles.Parse(files.GetValueOrDefault(MemberRegistryFiles.RegistryFile, ""), files.GetValueOrDefault(MemberRegistryFiles.ReferencesFile, ""), origin);

    public MembershipChanges Changes(string text, string file, string version) => MembershipChangeFiles.Parse(text, file, version);
}
