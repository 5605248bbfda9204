using Dimpact.Billing.MasterData;
using Dimpact.DataFiles.Members;
using Dimpact.DataFiles.TariffYears;

namespace Dimpact.DataFiles.Tests;

/// <summary>The core sorts uploaded files into sets by name: the names are the readers' own.</summary>
public class MasterDataSetsNameTheReadersFiles
{
    [Fact]
    public void A_tariff_year_set_holds_exactly_the_files_the_tariff_year_reader_reads() =>
        Assert.Equal(TariffYearFiles.AllFiles, MasterDataSet.TariffYear(2025).Files);

    [Fact]
    public void The_members_set_holds_the_registry_and_the_buyer_references() =>
        Assert.Equal([MemberRegistryFiles.RegistryFile, MemberRegistryFiles.ReferencesFile], MasterDataSet.Members.Files);
}
