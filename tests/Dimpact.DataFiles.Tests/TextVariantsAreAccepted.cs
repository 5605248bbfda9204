namespace Dimpact.DataFiles.Tests;

using System.Text;
using Dimpact.Billing.Populations;

/// <summary>What spreadsheet programs and CBS produce: with or without BOM, CRLF or LF, ';' or ',', decimal point or comma.</summary>
public class TextVariantsAreAccepted
{
    public static TheoryData<bool, string, char, string> Variants()
    {
        var data = new TheoryData<bool, string, char, string>();
        foreach (var bom in new[] { true, false })
        foreach (var newline in new[] { "\r\n", "\n" })
        foreach (var separator in new[] { ';', ',' })
        foreach (var number in new[] { "68979", "68979.0", "68979,0" })
            data.Add(bom, newline, separator, number);
        return data;
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void A_plain_file_is_read_in_every_variant(bool bom, string newline, char separator, string number)
    {
        // A decimal comma in a ','-separated file must be quoted, as every CSV writer does.
        var cell = separator == ',' && number.Contains(',') ? $"\"{number}\"" : number;
        var s = separator.ToString();
        var text = string.Join(newline,
            string.Join(s, "code", "name", "population", "reference_date"),
            string.Join(s, "GM0106", "Assen", cell, "2022-01-01"),
            string.Join(s, "GM0014", "\"Groningen\"", "234950", "2022-01-01")) + newline;
        var bytes = (bom ? Encoding.UTF8.GetPreamble() : []).Concat(Encoding.UTF8.GetBytes(text)).ToArray();

        var file = PopulationFileReader.Read("upload.csv", bytes, TestFiles.Members);

        Assert.Equal(PopulationFileFormat.Plain, file.Format);
        Assert.Equal(68979, TestFiles.FigureOf(file, "GM0106", 2022));
        Assert.Equal(234950, TestFiles.FigureOf(file, "GM0014", 2022));
    }

    [Theory]
    [InlineData("\r\n", true)]
    [InlineData("\n", false)]
    public void A_classic_StatLine_file_is_read_with_either_line_ending_and_with_or_without_BOM(string newline, bool bom)
    {
        var text = string.Join(newline,
            "\"Perioden\";\"Regio's\";\"Bevolking/Bevolkingssamenstelling op 1 januari/Totale bevolking (aantal)\"",
            "\"2022\";\"Assen\";68979",
            "\"2022\";\"Groningen (gemeente)\";234950") + newline;

        var file = TestFiles.Read((bom ? "\uFEFF" : "") + text);

        Assert.Equal(68979, TestFiles.FigureOf(file, "GM0106", 2022));
        Assert.Equal(234950, TestFiles.FigureOf(file, "GM0014", 2022));
    }

    [Fact]
    public void An_OData_file_is_read_with_CRLF_and_without_trailing_newline()
    {
        var file = TestFiles.Read("\"ID\";\"RegioS\";\"Perioden\";\"BevolkingOp1Januari_3\"\r\n\"1\";\"GM0106\";\"2022JJ00\";\"   68979\"");

        Assert.Equal(68979, TestFiles.FigureOf(file, "GM0106", 2022));
    }

    [Fact]
    public void Identical_duplicate_rows_are_tolerated_with_a_warning()
    {
        var file = TestFiles.Read($"{TestFiles.PlainHeader}\nGM0106;Assen;68979;2022-01-01\nGM0106;Assen;68979;2022-01-01\n");

        Assert.Equal(68979, TestFiles.FigureOf(file, "GM0106", 2022));
        Assert.Contains(file.Warnings, w => w.Line == 3 && w.Message.Contains("repeats line 2"));
    }

    [Fact]
    public void A_plain_file_with_several_dates_gives_one_snapshot_per_date()
    {
        var file = TestFiles.Read($"{TestFiles.PlainHeader}\nGM0106;Assen;68979;2022-01-01\nGM0106;Assen;69414;2023-01-01\n");

        Assert.Equal(2, file.Snapshots.Count);
        Assert.Equal(69414, TestFiles.FigureOf(file, "GM0106", 2023));
    }

    [Fact]
    public void A_name_that_does_not_belong_to_the_code_is_a_warning_and_the_code_decides()
    {
        var file = TestFiles.Read($"{TestFiles.PlainHeader}\nGM0106;Emmen;68979;2022-01-01\nGM0014;Groningen (gemeente);234950;2022-01-01\nGM0216;BWB Culemborg;29397;2022-01-01\n");

        Assert.Equal(68979, TestFiles.FigureOf(file, "GM0106", 2022));
        var warning = Assert.Single(file.Warnings, w => w.Field == "name");
        Assert.Equal(2, warning.Line);
    }
}
