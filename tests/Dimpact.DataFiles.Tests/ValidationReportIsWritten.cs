namespace Dimpact.DataFiles.Tests;

using System.Text;
using System.Text.Json;
using Dimpact.Billing;
using Dimpact.Billing.Populations;

/// <summary>The report written next to an upload: JSON for tools, a text table for people.</summary>
public class ValidationReportIsWritten
{
    private static PopulationReport Validate(string text, IReadOnlyDictionary<CbsCode, Population>? previous = null) =>
        PopulationFileReader.Validate("upload.csv", Encoding.UTF8.GetBytes(text), TestFiles.Members, previous);

    [Fact]
    public void An_accepted_file_reports_counts_per_date_and_missing_members()
    {
        var report = Validate($"{TestFiles.PlainHeader}\nGM0106;Assen;70000;2024-01-01\nGM0150;Deventer;103000;2024-01-01\nGM0363;Amsterdam;931298;2024-01-01\n");

        Assert.True(report.Accepted);
        Assert.Equal(PopulationFileFormat.Plain, report.Format);
        var date = Assert.Single(report.ReferenceDates);
        Assert.Equal((2, 39, 173000L), (date.MemberFigures, date.MissingMembers, date.TotalPopulation));
        Assert.Equal(39, report.Warnings.Count(w => w.Reason.Contains("has no figure for 2024-01-01")));
        Assert.Equal(1, report.IgnoredRows);
    }

    [Fact]
    public void A_change_of_more_than_10_percent_against_the_previous_snapshot_is_a_warning()
    {
        var previous = new Dictionary<CbsCode, Population>
        {
            [CbsCode.Parse("GM0106")] = new(69414),
            [CbsCode.Parse("GM0150")] = new(90000),
        };

        var report = Validate($"{TestFiles.PlainHeader}\nGM0106;Assen;70000;2024-01-01\nGM0150;Deventer;103000;2024-01-01\n", previous);

        var warning = Assert.Single(report.Warnings, w => w.Reason.Contains("previous figure"));
        Assert.Contains("GM0150", warning.Reason);
        Assert.Contains("14.4 % above the previous figure 90000", warning.Reason);
    }

    [Fact]
    public void A_rejected_file_reports_its_format_and_every_error()
    {
        var report = Validate($"{TestFiles.PlainHeader}\nGM0106;Assen;-5;2024-01-01\nGM0150;Deventer;103000;2024-02-01\n");

        Assert.False(report.Accepted);
        Assert.Equal(PopulationFileFormat.Plain, report.Format);
        Assert.Equal([(2, "population"), (3, "reference_date")], report.Errors.Select(e => (e.Line!.Value, e.Field!)));
        Assert.Empty(report.ReferenceDates);
    }

    [Fact]
    public void The_JSON_rendering_has_stable_property_names()
    {
        var report = Validate($"{TestFiles.PlainHeader}\nGM0106;Assen;zeventig;2024-01-01\n");

        using var json = JsonDocument.Parse(report.ToJson());
        var root = json.RootElement;
        Assert.Equal(["fileName", "format", "formatDescription", "result", "dataRows", "ignoredRows", "referenceDates", "errors", "warnings"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("rejected", root.GetProperty("result").GetString());
        Assert.Equal("plain", root.GetProperty("format").GetString());
        var error = root.GetProperty("errors")[0];
        Assert.Equal(2, error.GetProperty("line").GetInt32());
        Assert.Equal("population", error.GetProperty("field").GetString());
        Assert.Contains("not a number", error.GetProperty("reason").GetString());
    }

    [Fact]
    public void The_JSON_of_an_accepted_file_lists_its_reference_dates()
    {
        var report = PopulationReport.Of(TestFiles.ReadSample("population-2024-01-01.csv"));

        using var json = JsonDocument.Parse(report.ToJson());
        var date = json.RootElement.GetProperty("referenceDates")[0];
        Assert.Equal("accepted", json.RootElement.GetProperty("result").GetString());
        Assert.Equal("2024-01-01", date.GetProperty("referenceDate").GetString());
        Assert.Equal(41, date.GetProperty("memberFigures").GetInt32());
        Assert.Equal(0, date.GetProperty("missingMembers").GetInt32());
    }

    [Fact]
    public void The_text_rendering_is_a_table_people_can_read()
    {
        var report = Validate($"{TestFiles.PlainHeader}\nGM0106;Assen;zeventig;2024-01-01\n");

        var text = report.ToText();

        Assert.Contains("Result:          REJECTED (1 error(s), 0 warning(s))", text);
        Assert.Contains("Severity   Line  Field       Reason", text);
        Assert.Contains("error         2  population  'zeventig' is not a number of inhabitants", text);
    }

    [Fact]
    public void The_text_rendering_of_an_accepted_file_shows_counts_per_date()
    {
        var text = PopulationReport.Of(TestFiles.ReadSample("population-2024-01-01.csv")).ToText();

        Assert.Contains("ACCEPTED", text);
        Assert.Matches(@"2024-01-01\s+41\s+0\s+\d+", text);
    }
}
