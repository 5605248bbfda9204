using Dimpact.Billing;
using Dimpact.Billing.Populations;
using Dimpact.Billing.Tariffs;

namespace Dimpact.DataFiles;

/// <summary>The population file reader behind the core's port: CBS StatLine and OData CSV and plain files.</summary>
public sealed class PopulationFiles(PopulationReadOptions? options = null) : IPopulationFileReader
{
    private readonly PopulationReadOptions _options = options ?? PopulationReadOptions.Default;

    public DataProblem? TooLarge(string fileName, long length) => PopulationFileReader.TooLarge(fileName, length, _options);

    public PopulationReadOutcome Examine(string fileName, byte[] content, TariffYear year) =>
        PopulationFileReader.Examine(fileName, content, MemberDirectory.For(year), _options);
}
