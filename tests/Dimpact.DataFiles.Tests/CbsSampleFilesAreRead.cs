namespace Dimpact.DataFiles.Tests;

using Dimpact.Billing;
using NodaTime;
using Dimpact.Billing.Populations;

/// <summary>The CBS formats of shared/reference/cbs_csv_format.md, built from its exact sample lines plus member rows.</summary>
public class CbsSampleFilesAreRead
{
    [Fact]
    public void Classic_StatLine_periods_are_1_January_and_regions_are_found_by_name()
    {
        var file = TestFiles.ReadSample("cbs-70072-statline-classic.csv");

        Assert.Equal(PopulationFileFormat.StatLineClassic, file.Format);
        Assert.Equal([new LocalDate(2020, 1, 1), new LocalDate(2021, 1, 1), new LocalDate(2022, 1, 1), new LocalDate(2023, 1, 1)], file.ReferenceDates);
        Assert.Equal(68979, TestFiles.FigureOf(file, "GM0106", 2022));
        Assert.Equal(69414, TestFiles.FigureOf(file, "GM0106", 2023));
        Assert.Equal(234950, TestFiles.FigureOf(file, "GM0014", 2022)); // "Groningen (gemeente)"
        Assert.Equal(101446, TestFiles.FigureOf(file, "GM0150", 2022));
    }

    [Fact]
    public void A_merged_member_without_its_own_figure_takes_the_sum_of_all_its_predecessors()
    {
        var file = TestFiles.ReadSample("cbs-70072-statline-classic.csv");

        // 2022: Voorne aan Zee is empty; Brielle 17704 + Hellevoetsluis 40574 + Westvoorne 14960 = 73238 (the plan's figure).
        Assert.Equal(73238, TestFiles.FigureOf(file, "GM1992", 2022));
        Assert.Contains(file.Warnings, w => w.Message.Contains("sum of its predecessors") && w.Message.Contains("73238"));
        // 2023: its own figure; Brielle's empty cell is not needed.
        Assert.Equal(73945, TestFiles.FigureOf(file, "GM1992", 2023));
        // 2020: only Brielle is in the file, so the predecessors cannot stand in: missing, never a partial sum.
        Assert.False(TestFiles.HasFigure(file, "GM1992", 2020));
        Assert.Contains(file.Warnings, w => w.Message.Contains("cannot stand in") && w.Message.Contains("Hellevoetsluis"));
    }

    [Fact]
    public void Non_member_rows_are_ignored_and_counted()
    {
        var file = TestFiles.ReadSample("cbs-70072-statline-classic.csv");

        Assert.Equal(2, file.IgnoredRows); // Aa en Hunze, Aalburg
        Assert.DoesNotContain(file.Snapshots.SelectMany(s => s.Figures), f => f.Population.Count == 25445);
    }

    [Fact]
    public void OData_03759ned_takes_only_total_rows_and_ignores_provinces()
    {
        var file = TestFiles.ReadSample("cbs-03759-odata.csv");

        Assert.Equal(PopulationFileFormat.ODataCsv, file.Format);
        Assert.Contains("03759ned", file.FormatDescription);
        var snapshot = Assert.Single(file.Snapshots); // the PV rows of 1988–2019 name no member, so only 2022 remains
        Assert.Equal(new LocalDate(2022, 1, 1), snapshot.ReferenceDate);
        Assert.Equal(68979, TestFiles.FigureOf(file, "GM0106", 2022)); // not the men, age or marital-state rows
        Assert.Equal(101446, TestFiles.FigureOf(file, "GM0150", 2022));
        Assert.Equal(2, snapshot.Figures.Count);
        Assert.Contains(CbsCode.Parse("GM0014"), snapshot.MissingMembers); // "       ." is missing, not 0
        Assert.Equal(8, file.IgnoredRows);
    }

    [Fact]
    public void OData_70072ned_reads_padded_fields_and_treats_dot_and_empty_quotes_as_missing()
    {
        var file = TestFiles.ReadSample("cbs-70072-odata.csv");

        Assert.Contains("70072ned", file.FormatDescription);
        Assert.Equal(67165, TestFiles.FigureOf(file, "GM0106", 2015));
        Assert.Equal(158986, TestFiles.FigureOf(file, "GM0153", 2015));
        Assert.False(TestFiles.HasFigure(file, "GM0150", 2015)); // "       ."
        Assert.False(TestFiles.HasFigure(file, "GM0014", 2015)); // ""
        Assert.Contains(file.Warnings, w => w.Line == 4 && w.Message.Contains("GM0150") && w.Message.Contains("no figure"));
        Assert.Equal(1, file.IgnoredRows); // NL01
    }

    [Fact]
    public void OData_37230ned_takes_the_beginning_of_January_and_skips_other_months()
    {
        var file = TestFiles.ReadSample("cbs-37230-odata.csv");

        var snapshot = Assert.Single(file.Snapshots);
        Assert.Equal(new LocalDate(2024, 1, 1), snapshot.ReferenceDate);
        Assert.Equal(69610, TestFiles.FigureOf(file, "GM0106", 2024));
        Assert.Equal(103405, TestFiles.FigureOf(file, "GM0150", 2024));
        Assert.Contains(file.Warnings, w => w.Line == 3 && w.Field == "Perioden" && w.Message.Contains("2 row(s)"));
    }

    [Fact]
    public void New_StatLine_reads_unquoted_cells_with_decimal_comma_and_skips_the_footer()
    {
        var file = TestFiles.ReadSample("statline-new.csv");

        Assert.Equal(PopulationFileFormat.StatLineNew, file.Format);
        Assert.Equal(69414, TestFiles.FigureOf(file, "GM0106", 2023)); // "69414,0"
        Assert.Equal(238147, TestFiles.FigureOf(file, "GM0014", 2023));
        Assert.DoesNotContain(new LocalDate(2022, 1, 1), file.ReferenceDates); // only Nederland and Arnhem: no member figure
        Assert.DoesNotContain(new LocalDate(2024, 1, 1), file.ReferenceDates); // 2024 not published yet: all empty
        Assert.Contains(file.Warnings, w => w.Message.Contains("2024-01-01 has no figure for any member"));
    }
}
