namespace Dimpact.DataFiles.Tests;

using Dimpact.Billing;

/// <summary>Regions are matched to members by code or by any of their names, whatever the spelling conventions.</summary>
public class MemberDirectoryFindsMembers
{
    [Theory]
    [InlineData("Voorne aan Zee", "GM1992")] // official
    [InlineData("Voorne aan zee", "GM1992")] // plan
    [InlineData("Groningen (gemeente)", "GM0014")] // StatLine suffix
    [InlineData("Groningen Municipality", "GM0014")] // 37259ENG
    [InlineData("BWB Culemborg", "GM0216")]
    [InlineData("BWB West Betuwe", "GM1960")]
    [InlineData("west-betuwe", "GM1960")]
    [InlineData("  Leidschendam  Voorburg ", "GM1916")]
    [InlineData("Ássen", "GM0106")] // diacritics
    [InlineData("Brielle", "GM0501")] // predecessor of Voorne aan Zee
    public void A_member_is_found_by_its_names(string name, string code)
    {
        Assert.True(TestFiles.Members.TryFind(name, out var found));
        Assert.Equal(CbsCode.Parse(code), found);
    }

    [Theory]
    [InlineData("Amsterdam")]
    [InlineData("Groningen (PV)")]
    [InlineData("Nederland")]
    [InlineData("")]
    public void Other_regions_are_not_members(string name) => Assert.False(TestFiles.Members.TryFind(name, out _));

    [Fact]
    public void Predecessors_matter_but_are_not_members()
    {
        var brielle = CbsCode.Parse("GM0501");

        Assert.True(TestFiles.Members.Matters(brielle));
        Assert.False(TestFiles.Members.IsMember(brielle));
        Assert.Equal(41, TestFiles.Members.Members.Count);
        Assert.Equal(3, TestFiles.Members.PredecessorsOf(CbsCode.Parse("GM1992")).Count);
    }
}
