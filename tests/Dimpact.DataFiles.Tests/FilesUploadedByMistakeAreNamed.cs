namespace Dimpact.DataFiles.Tests;

using System.Text;
using Dimpact.Billing;

/// <summary>
/// The file a tired clerk uploads (issue 9, defect 6): a workbook, UTF-16 text, a code that is no member, a file of
/// nothing but empty lines. Each gets a message that says what the file is and what to do.
/// </summary>
public class FilesUploadedByMistakeAreNamed
{
    private const string H = TestFiles.PlainHeader;

    private static DataProblem Rejected(byte[] content, string name = "bevolking.csv") =>
        Assert.Single(Assert.Throws<InvalidInputException>(() => PopulationFileReader.Read(name, content, TestFiles.Members)).Problems);

    /// <summary>The first bytes of an .xlsx (a ZIP archive) and of an .xls (an OLE2 compound file).</summary>
    public static TheoryData<string, byte[], string> Workbooks() => new()
    {
        { "xlsx renamed to csv", [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00, 0x99, 0x99], "Excel workbook (.xlsx)" },
        { "xls", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0x00, 0x00, 0x00, 0x00], "old Excel workbook (.xls)" },
        { "pdf", Encoding.ASCII.GetBytes("%PDF-1.7\n%âãÏÓ\n"), "PDF document" },
    };

    [Theory]
    [MemberData(nameof(Workbooks))]
    public void A_workbook_is_named_as_one_with_how_to_save_it_as_CSV(string kind, byte[] content, string what)
    {
        var problem = Rejected(content);
        Assert.Contains(what, problem.Message);
        Assert.DoesNotContain("UTF-8 (byte", problem.Message);
        if (kind != "pdf") Assert.Contains("CSV UTF-8", problem.Message);
    }

    [Theory]
    [InlineData("utf-16le")]
    [InlineData("utf-16BE")]
    public void UTF_16_text_without_a_byte_order_mark_is_recognised(string encoding)
    {
        var text = $"{H}\r\nGM0106;Assen;69917;2024-01-01\r\n";
        var problem = Rejected(Encoding.GetEncoding(encoding).GetBytes(text));
        Assert.Contains("UTF-16", problem.Message);
        Assert.Contains("CSV UTF-8", problem.Message);
    }

    [Fact]
    public void A_code_that_is_no_member_is_named_in_a_warning_with_its_line()
    {
        var file = TestFiles.Read($"{H}\nGM0106;Assen;69917;2024-01-01\nGM9106;Onbekend;12000;2024-01-01\n");
        var warning = Assert.Single(file.Warnings, w => w.Message.Contains("GM9106"));
        Assert.Equal((3, "code"), (warning.Line, warning.Field));
        Assert.Contains("is not a member", warning.Message);
    }

    [Fact]
    public void A_million_empty_lines_are_no_figures()
    {
        var problem = Rejected(Encoding.UTF8.GetBytes(new string('\n', 1_000_000)));
        Assert.Contains("1,000,000 empty line(s) and no figures", problem.Message);
    }

    [Theory]
    [InlineData("0", "0 inhabitants")]
    [InlineData("2147483647", "implausible")]
    [InlineData("99999999999", "too large")]
    public void A_figure_no_municipality_can_have_is_an_error_on_its_line_and_field(string figure, string reason)
    {
        var e = Assert.Throws<InvalidInputException>(() => TestFiles.Read($"{H}\nGM0106;Assen;69917;2024-01-01\nGM0150;Deventer;{figure};2024-01-01\n"));
        var problem = Assert.Single(e.Problems);
        Assert.Equal((3, "population"), (problem.Line, problem.Field));
        Assert.Contains(reason, problem.Message);
    }
}
