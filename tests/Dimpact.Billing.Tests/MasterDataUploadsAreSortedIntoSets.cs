using Dimpact.Billing.MasterData;

namespace Dimpact.Billing.Tests;

/// <summary>An upload's files are sorted into sets by name; a tariff-year file's year comes from its path or its upload's tariff-year.csv.</summary>
public class MasterDataUploadsAreSortedIntoSets
{
    private static (IReadOnlyDictionary<MasterDataSet, IReadOnlyDictionary<string, MasterDataFile>> Sets, IReadOnlyList<DataProblem> Problems) Classify(
        params (string Path, string Text)[] files) =>
        new MasterDataUpload("upload", files.Select(f => new MasterDataFile(f.Path, f.Text)).ToList(), "test").Classify();

    [Fact]
    public void Member_files_go_to_members_and_membership_by_name()
    {
        var (sets, problems) = Classify(("registry.csv", ""), ("buyer-references.csv", ""), ("C:\\finance\\membership-changes.csv", ""));

        Assert.Empty(problems);
        Assert.Equal(["buyer-references.csv", "registry.csv"], sets[MasterDataSet.Members].Keys.Order());
        Assert.Equal(["membership-changes.csv"], sets[MasterDataSet.Membership].Keys);
    }

    [Theory]
    [InlineData("tariff-years/2025/budget.csv")]
    [InlineData("/home/anna/plan/tariff-years/2025/budget.csv")]
    [InlineData("20261129T101010Z-abc/tariff-years/2025/budget.csv")]
    [InlineData("C:\\plan\\tariff-years\\2025\\budget.csv")]
    public void A_tariff_year_file_takes_its_year_from_its_path(string path) =>
        Assert.Equal(MasterDataSet.TariffYear(2025), Assert.Single(Classify((path, "")).Sets).Key);

    [Fact]
    public void A_tariff_year_file_without_a_year_in_its_path_takes_the_year_of_the_uploads_tariff_year_csv()
    {
        var (sets, problems) = Classify(("tariff-year.csv", "key,value\nyear,2026\n"), ("budget.csv", ""));

        Assert.Empty(problems);
        Assert.Equal(["budget.csv", "tariff-year.csv"], sets[MasterDataSet.TariffYear(2026)].Keys.Order());
    }

    [Fact]
    public void A_file_of_no_set_and_a_tariff_year_file_of_no_year_are_problems()
    {
        var (_, problems) = Classify(("bevolking.csv", ""), ("budget.csv", ""));

        Assert.Equal(2, problems.Count);
        Assert.Contains("is not a master data file", problems[0].Message);
        Assert.Contains("the tariff year of this file cannot be determined", problems[1].Message);
    }

    [Fact]
    public void The_same_file_twice_in_one_upload_is_a_problem() =>
        Assert.Contains("twice", Assert.Single(Classify(("a/registry.csv", ""), ("b/registry.csv", "")).Problems).Message);

    [Fact]
    public void The_fingerprint_ignores_line_ends_so_a_file_saved_on_windows_is_unchanged() =>
        Assert.Equal(MasterDataVersion.HashOf(new Dictionary<string, string> { ["registry.csv"] = "a,b\n1,2\n" }),
            MasterDataVersion.HashOf(new Dictionary<string, string> { ["registry.csv"] = "\uFEFFa,b\r\n1,2\r\n" }));

    [Fact]
    public void Documents_name_the_member_data_versions_they_were_made_with() =>
        Assert.Equal(3, StoredMemberRegistries.MembersVersionIn("members v0003, changes v0002"));
}
