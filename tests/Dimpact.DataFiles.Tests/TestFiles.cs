using Dimpact.DataFiles.TariffYears;
using Dimpact.Billing.Populations;
namespace Dimpact.DataFiles.Tests;

using System.Text;
using Dimpact.Billing;
using Dimpact.Billing.Tariffs;
using NodaTime;

/// <summary>The real tariff year 2024 and the sample files, as copied next to the test assembly.</summary>
internal static class TestFiles
{
    public const string PlainHeader = "code;name;population;reference_date";

    public static readonly TariffYear Year2024 = TariffYearFiles.Load(Path.Combine(AppContext.BaseDirectory, "tariff-year-2024"));

    public static readonly MemberDirectory Members = MemberDirectory.For(Year2024);

    public static byte[] Sample(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Samples", name));

    public static PopulationFile ReadSample(string name) => PopulationFileReader.Read(name, Sample(name), Members);

    public static PopulationFile Read(string text, string fileName = "upload.csv") =>
        PopulationFileReader.Read(fileName, Encoding.UTF8.GetBytes(text), Members);

    public static int FigureOf(PopulationFile file, string code, int year) =>
        (file.SnapshotOn(new LocalDate(year, 1, 1)) ?? throw new Xunit.Sdk.XunitException($"no snapshot for {year}"))
            .Of(CbsCode.Parse(code))?.Count ?? throw new Xunit.Sdk.XunitException($"no figure for {code} in {year}");

    public static bool HasFigure(PopulationFile file, string code, int year) =>
        file.SnapshotOn(new LocalDate(year, 1, 1))?.Of(CbsCode.Parse(code)) is not null;
}
