namespace Dimpact.DataFiles.Tests;

using System.Text;
using Dimpact.Billing;
using Dimpact.Billing.Populations;

/// <summary>A file is accepted whole or not at all; every rejection names the line and field and says why.</summary>
public class MalformedFilesAreRejected
{
    private const string H = TestFiles.PlainHeader;
    private const string Classic = "\"Perioden\";\"Regio's\";\"Bevolking/Bevolkingssamenstelling op 1 januari/Totale bevolking (aantal)\"";
    private const string OData = "\"ID\";\"RegioS\";\"Perioden\";\"BevolkingOp1Januari_1\"";

    public static TheoryData<string, string, int?, string?, string> TextCases() => new()
    {
        // case, file text, line, field, part of the reason
        { "wrong separator mix", $"{H}\nGM0106,Assen,69500,2024-01-01\n", 2, null, "wrong separator mix" },
        { "missing header", "GM0106;Assen;69500;2024-01-01\nGM0150;Deventer;103000;2024-01-01\n", 1, null, "looks like data, not a header" },
        { "unknown header", "gemeente;inwoners;datum\nAssen;69500;2024-01-01\n", 1, null, "no recognizable header" },
        { "no separator in header", "population figures 2024\nGM0106 69500\n", 1, null, "no ';' or ',' separator" },
        { "missing required column", "code;name;inwoners;reference_date\nGM0106;Assen;69500;2024-01-01\n", 1, "population", "no column 'population'" },
        { "StatLine without Totale bevolking", "\"Perioden\";\"Regio's\";\"Bevolkingsdichtheid (aantal inwoners per km²)\"\n\"2024\";\"Assen\";848\n", 1, "Totale bevolking", "no column with 'Totale bevolking'" },
        { "OData without population topic", "\"ID\";\"RegioS\";\"Perioden\";\"Mannen_2\"\n\"1\";\"GM0106\";\"2024JJ00\";\"  34000\"\n", 1, "BevolkingOp1Januari_… / BevolkingAanHetBeginVanDePeriode_… / TotaleBevolking_…", "no population topic" },
        { "header only", $"{H}\r\n", 1, null, "header but no data rows" },
        { "text in population", $"{H}\nGM0106;Assen;zeventigduizend;2024-01-01\n", 2, "population", "'zeventigduizend' is not a number of inhabitants" },
        { "negative population", $"{H}\nGM0106;Assen;-69500;2024-01-01\n", 2, "population", "negative" },
        { "decimal population", $"{H}\nGM0106;Assen;68979.5;2024-01-01\n", 2, "population", "not a whole number" },
        { "thousands separator", $"{H}\nGM0106;Assen;68.979;2024-01-01\n", 2, "population", "ambiguous" },
        { "duplicate code, other figure", $"{H}\nGM0106;Assen;69500;2024-01-01\nGM0150;Deventer;103000;2024-01-01\nGM0106;Assen;69600;2024-01-01\n", 4, "population", "69500 on line 2: duplicate" },
        { "same municipality by two names", $"{Classic}\n\"2022\";\"Groningen\";234950\n\"2022\";\"Groningen (gemeente)\";234951\n", 3, "Bevolking/Bevolkingssamenstelling op 1 januari/Totale bevolking (aantal)", "duplicate with a different figure" },
        { "wrong year format", $"{Classic}\n\"2022-01\";\"Assen\";68979\n", 2, "Perioden", "'2022-01' is not a year period" },
        { "wrong OData period format", $"{OData}\n\"1\";\"GM0106\";\"2024XX00\";\"   69610\"\n", 2, "Perioden", "'2024XX00' is not a CBS period key" },
        { "month period for a 1 January topic", $"{OData}\n\"1\";\"GM0106\";\"2024MM01\";\"   69610\"\n", 2, "Perioden", "not a year period key" },
        { "plain date not 1 January", $"{H}\nGM0106;Assen;69500;2024-02-01\n", 2, "reference_date", "2024-02-01 is not a 1 January" },
        { "unknown date format", $"{H}\nGM0106;Assen;69500;01-01-2024\n", 2, "reference_date", "'01-01-2024' is not a date in the form yyyy-MM-dd" },
        { "truncated line", $"{H}\nGM0106;Assen;69500;2024-01-01\nGM0150;Deventer;103000\n", 3, "reference_date", "truncated line: 3 field(s)" },
        { "more fields than the header", $"{H}\nGM0106;Assen;69500;2024-01-01;x\n", 2, null, "more than the header's 4" },
        { "not a CBS code", $"{H}\nG106;Assen;69500;2024-01-01\n", 2, "code", "'G106' is not a CBS municipality code" },
        { "unterminated quote", $"{Classic}\n\"2022\";\"Assen;68979\n", 2, null, "not closed" },
        { "quote inside an unquoted field", $"{H}\nGM0106;As\"sen;69500;2024-01-01\n", 2, null, "a quote inside an unquoted field" },
        { "only non-members", $"{H}\nGM0363;Amsterdam;931298;2024-01-01\nGM0518;'s-Gravenhage;559458;2024-01-01\n", null, null, "no member figures" },
        { "member figures all marked missing", $"{H}\nGM0106;Assen;.;2024-01-01\nGM0150;Deventer;x;2024-01-01\n", null, null, "no member figures" },
        { "whitespace only", "\uFEFF\r\n  \r\n", null, null, "the file is empty" },
    };

    [Theory]
    [MemberData(nameof(TextCases))]
    public void A_malformed_file_is_rejected_with_line_field_and_reason(string kind, string text, int? line, string? field, string reason)
    {
        var e = Assert.Throws<InvalidInputException>(() => TestFiles.Read(text));

        AssertProblem(e, kind, line, field, reason);
    }

    [Fact]
    public void Every_problem_of_a_file_is_reported_not_only_the_first()
    {
        var e = Assert.Throws<InvalidInputException>(() => TestFiles.Read($"{H}\nGM0106;Assen;-1;2024-01-01\nGM0150;Deventer;abc;2024-13-01\n"));

        Assert.Equal(3, e.Problems.Count);
        Assert.Equal([2, 3, 3], e.Problems.Select(p => p.Line));
    }

    [Fact]
    public void An_empty_file_is_rejected()
    {
        var e = Assert.Throws<InvalidInputException>(() => PopulationFileReader.Read("upload.csv", [], TestFiles.Members));

        AssertProblem(e, "empty", null, null, "the file is empty");
    }

    [Fact]
    public void Binary_garbage_is_rejected_at_its_line()
    {
        var bytes = Encoding.UTF8.GetBytes($"{H}\nGM0106;Assen;69500;2024-01-01\nPK\u0003\u0004\0\0\0\0\n");

        var e = Assert.Throws<InvalidInputException>(() => PopulationFileReader.Read("upload.csv", bytes, TestFiles.Members));

        AssertProblem(e, "binary", 3, null, "binary data (control character U+0003");
    }

    [Fact]
    public void Invalid_utf8_is_rejected_at_its_line()
    {
        // "Súdwest" saved as Windows-1252: 0xFA is no UTF-8.
        byte[] bytes = [.. Encoding.UTF8.GetBytes($"{H}\nGM0106;Assen;69500;2024-01-01\nGM1900;S"), 0xFA, .. Encoding.UTF8.GetBytes("dwest;91000;2024-01-01\n")];

        var e = Assert.Throws<InvalidInputException>(() => PopulationFileReader.Read("upload.csv", bytes, TestFiles.Members));

        AssertProblem(e, "invalid UTF-8", 3, null, "not valid UTF-8 (byte 0xFA");
    }

    [Fact]
    public void A_utf16_file_is_rejected_with_advice()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes($"{H}\nGM0106;Assen;69500;2024-01-01\n")).ToArray();

        var e = Assert.Throws<InvalidInputException>(() => PopulationFileReader.Read("upload.csv", bytes, TestFiles.Members));

        AssertProblem(e, "UTF-16", 1, null, "UTF-16");
    }

    [Fact]
    public void An_oversize_file_is_rejected_unread()
    {
        var bytes = Encoding.UTF8.GetBytes($"{H}\n" + string.Concat(Enumerable.Repeat("GM0106;Assen;69500;2024-01-01\n", 10)));

        var e = Assert.Throws<InvalidInputException>(() => PopulationFileReader.Read("upload.csv", bytes, TestFiles.Members, new PopulationReadOptions(MaxBytes: 100)));

        AssertProblem(e, "oversize", null, null, "more than the limit of 100 bytes; it was not read");
    }

    [Fact]
    public async Task An_oversize_stream_is_rejected_before_it_is_read()
    {
        var stream = new UnreadableStream(length: PopulationReadOptions.DefaultMaxBytes + 1);

        var e = await Assert.ThrowsAsync<InvalidInputException>(() => PopulationFileReader.ReadAsync("upload.csv", stream, TestFiles.Members));

        AssertProblem(e, "oversize stream", null, null, "more than the limit of 10,485,760 bytes");
    }

    [Fact]
    public void The_default_limit_is_10_MB()
    {
        Assert.Null(PopulationFileReader.TooLarge("f.csv", 10 * 1024 * 1024));
        Assert.NotNull(PopulationFileReader.TooLarge("f.csv", 10 * 1024 * 1024 + 1));
    }

    private static void AssertProblem(InvalidInputException e, string kind, int? line, string? field, string reason)
    {
        var match = e.Problems.FirstOrDefault(p => p.Message.Contains(reason, StringComparison.Ordinal));
        Assert.True(match is not null, $"{kind}: expected a problem containing \"{reason}\", got:\n{e.Message}");
        Assert.Equal("upload.csv", match.File);
        Assert.Equal(line, match.Line);
        Assert.Equal(field, match.Field);
        if (line is { } l) Assert.Contains($"line {l}", e.Message);
        if (field is not null) Assert.Contains($"field '{field}'", e.Message);
    }

    /// <summary>Claims a length and fails if anything tries to read it.</summary>
    private sealed class UnreadableStream(long length) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get; set; }
        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("read although too large");
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
