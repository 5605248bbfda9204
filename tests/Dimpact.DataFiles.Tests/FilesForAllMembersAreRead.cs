namespace Dimpact.DataFiles.Tests;

using Dimpact.Billing;
using NodaTime;

/// <summary>Realistic uploads covering all 41 members of tariff year 2024.</summary>
public class FilesForAllMembersAreRead
{
    [Fact]
    public void The_demo_sample_has_a_plausible_figure_for_every_member_on_1_January_2024()
    {
        var file = TestFiles.ReadSample("population-2024-01-01.csv");

        var snapshot = Assert.Single(file.Snapshots);
        Assert.Equal(TestFiles.Year2024.SettlementReferenceDate, snapshot.ReferenceDate);
        Assert.Equal(41, snapshot.Figures.Count);
        Assert.Empty(snapshot.MissingMembers);
        Assert.Empty(file.Warnings);
        foreach (var member in TestFiles.Year2024.Members)
        {
            // Two years on from the plan's 1 January 2022: a little growth, nothing wild.
            var growth = (double)snapshot.Of(member.Code)!.Value.Count / member.ReferencePopulation.Count - 1;
            Assert.InRange(growth, -0.01, 0.06);
        }
    }

    [Fact]
    public void A_StatLine_download_for_all_members_gives_the_plan_figures_for_1_January_2022()
    {
        var file = TestFiles.ReadSample("statline-classic-all-members.csv");

        Assert.Equal([new LocalDate(2022, 1, 1), new LocalDate(2023, 1, 1)], file.ReferenceDates);
        Assert.All(file.Snapshots, s => Assert.Equal(41, s.Figures.Count));
        var on2022 = file.SnapshotOn(TestFiles.Year2024.AdvanceReferenceDate)!;
        foreach (var member in TestFiles.Year2024.Members)
        {
            var expected = member.Code == CbsCode.Parse("GM1901")
                ? 35752 // Bodegraven-Reeuwijk: CBS has 35752, the plan prints 35852 (see the report's open points)
                : member.ReferencePopulation.Count;
            Assert.Equal(expected, on2022.Of(member.Code)!.Value.Count);
        }
        Assert.Equal(73945, TestFiles.FigureOf(file, "GM1992", 2023));
        Assert.Equal(4, file.IgnoredRows); // Aa en Hunze, Aalburg for 2022 and 2023
        Assert.Equal(2 * (2 + 41 + 3), file.DataRows);
    }

    [Fact]
    public void Predecessor_rows_for_a_year_with_the_successors_own_figure_are_not_counted_as_the_member()
    {
        var file = TestFiles.ReadSample("statline-classic-all-members.csv");

        Assert.DoesNotContain(file.Warnings, w => w.Message.Contains("2023-01-01 is the sum"));
    }
}
