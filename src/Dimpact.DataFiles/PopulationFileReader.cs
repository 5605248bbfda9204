namespace Dimpact.DataFiles;

using System.Globalization;
using System.Text;
using Dimpact.Billing;
using Dimpact.Billing.Populations;

/// <summary>
/// Reads an uploaded population file into figures per member and reference date. A file is accepted whole or not at
/// all (BILLING.md, "Population figures"): every problem found is reported with file, line and field, and any error
/// rejects the file. Warnings (members missing, identical duplicate rows, figures summed from merged predecessors)
/// do not.
/// </summary>
public static class PopulationFileReader
{
    /// <summary>More problems than this are summarised: a file with thousands of bad rows needs its first ones fixed.</summary>
    private const int MaxReportedErrors = 100;

    /// <summary>Reads the file; throws <see cref="InvalidInputException"/> listing every problem when it cannot be accepted.</summary>
    public static PopulationFile Read(string fileName, byte[] content, MemberDirectory members, PopulationReadOptions? options = null)
    {
        var outcome = Examine(fileName, content, members, options);
        return outcome.File ?? throw new InvalidInputException(outcome.Errors);
    }

    /// <summary>Reads from a stream, refusing before reading when the stream says it is too large.</summary>
    public static async Task<PopulationFile> ReadAsync(string fileName, Stream content, MemberDirectory members, PopulationReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= PopulationReadOptions.Default;
        if (content.CanSeek && TooLarge(fileName, content.Length, options) is { } problem) throw new InvalidInputException([problem]);
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (TooLarge(fileName, buffer.Length, options) is { } tooLarge) throw new InvalidInputException([tooLarge]);
        }
        return Read(fileName, buffer.ToArray(), members, options);
    }

    /// <summary>The size check alone, for a caller that knows the length (e.g. from blob properties) before downloading.</summary>
    public static DataProblem? TooLarge(string fileName, long length, PopulationReadOptions? options = null)
    {
        var max = (options ?? PopulationReadOptions.Default).MaxBytes;
        return length > max
            ? new DataProblem(fileName, null, null, string.Create(CultureInfo.InvariantCulture,
                $"the file is {length:N0} bytes, more than the limit of {max:N0} bytes; it was not read"))
            : null;
    }

    /// <summary>
    /// Reads the file and reports on it. <paramref name="previous"/> is the snapshot the figures would replace or
    /// follow (e.g. the advance reference date's); the newest date of the file is compared with it.
    /// </summary>
    public static PopulationReport Validate(string fileName, byte[] content, MemberDirectory members,
        IReadOnlyDictionary<CbsCode, Population>? previous = null, PopulationReadOptions? options = null)
    {
        var outcome = Examine(fileName, content, members, options);
        if (outcome.File is { } file) return PopulationReport.Of(file, previous);
        return new PopulationReport(fileName, outcome.Format, outcome.FormatDescription, false,
            outcome.Errors.Select(PopulationReport.Entry.From).ToList(), outcome.Warnings.Select(PopulationReport.Entry.From).ToList(), [], 0, 0);
    }

    /// <summary>The whole examination: the file when accepted, otherwise the errors, plus what was learnt on the way.</summary>
    public static PopulationReadOutcome Examine(string fileName, byte[] content, MemberDirectory members, PopulationReadOptions? options)
    {
        var warnings = new List<DataProblem>();
        PopulationLayout? layout = null;
        try
        {
            if (TooLarge(fileName, content.LongLength, options ?? PopulationReadOptions.Default) is { } tooLarge) return Rejected([tooLarge]);
            var text = Decode(fileName, content);
            RefuseBinary(fileName, text);
            var separator = Separator(fileName, text);
            var records = CsvTable.Split(fileName, text, separator);
            if (records.Count == 0) return Rejected([new DataProblem(fileName, null, null, "the file is empty")]);

            layout = PopulationLayout.Detect(fileName, records[0], members);
            var rows = records.Skip(1).Where(r => !PopulationLayout.IsFooter(r)).ToList();
            if (rows.Count == 0) return Rejected([new DataProblem(fileName, records[0].Line, null, "the file has a header but no data rows")]);

            var errors = new List<DataProblem>();
            var figures = new FigureCollector(fileName, members, errors, warnings);
            var header = records[0].Fields;
            foreach (var row in rows)
            {
                if (row.Fields.Count != header.Count)
                {
                    errors.Add(ShapeProblem(fileName, row, header, separator));
                    continue;
                }
                layout.Read(row, figures, errors, warnings);
            }
            layout.Finish(warnings);
            if (errors.Count > 0) return Rejected(errors);

            var snapshots = figures.Snapshots();
            if (snapshots.Count == 0)
                return Rejected([new DataProblem(fileName, null, null,
                    $"no member figures: none of the {figures.DataRows} data row(s) holds a figure for a member "
                    + $"({figures.IgnoredRows} row(s) are for other regions or breakdowns; member figures, if any, are marked missing)")]);
            var file = new PopulationFile(fileName, layout.Format, layout.Description, snapshots, warnings, figures.DataRows, figures.IgnoredRows);
            return new PopulationReadOutcome(file, layout.Format, layout.Description, [], warnings);
        }
        catch (InvalidInputException e)
        {
            return Rejected(e.Problems);
        }

        PopulationReadOutcome Rejected(IReadOnlyList<DataProblem> errors) =>
            new(null, layout?.Format, layout?.Description, Summarise(fileName, errors), warnings);
    }

    private static IReadOnlyList<DataProblem> Summarise(string fileName, IReadOnlyList<DataProblem> errors) =>
        errors.Count <= MaxReportedErrors
            ? errors
            : [.. errors.Take(MaxReportedErrors), new DataProblem(fileName, null, null, $"… and {errors.Count - MaxReportedErrors} more problem(s)")];

    private static string Decode(string fileName, byte[] content) =>
        UploadedText.Decode(fileName, content, pdfHint: "download the figures from CBS StatLine as CSV");

    /// <summary>Text files hold no control characters but tab, CR and LF; NUL and friends mean a binary or corrupt upload.</summary>
    private static void RefuseBinary(string fileName, string text)
    {
        var line = 1;
        var column = 0;
        foreach (var c in text)
        {
            column++;
            if (c == '\n') { line++; column = 0; continue; }
            if (c is '\t' or '\r' || !char.IsControl(c)) continue;
            throw new InvalidInputException([new DataProblem(fileName, line, null,
                $"the file holds binary data (control character U+{(int)c:X4} at column {column}); it is not a CSV text file")]);
        }
    }

    /// <summary>The separator is whichever of ';' and ',' the header line uses (outside quotes); CBS uses ';'.</summary>
    private static char Separator(string fileName, string text)
    {
        var lines = text.TrimStart('\uFEFF').Split('\n');
        var header = lines.FirstOrDefault(l => !string.IsNullOrWhiteSpace(l))
            ?? throw new InvalidInputException([new DataProblem(fileName, null, null, lines.Length > 2
                ? string.Create(CultureInfo.InvariantCulture, $"the file is empty: {lines.Length - 1:N0} empty line(s) and no figures")
                : "the file is empty")]);
        var (semicolons, commas, quoted) = (0, 0, false);
        foreach (var c in header)
        {
            if (c == '"') quoted = !quoted;
            else if (!quoted && c == ';') semicolons++;
            else if (!quoted && c == ',') commas++;
        }
        if (semicolons == 0 && commas == 0)
            throw new InvalidInputException([new DataProblem(fileName, Array.IndexOf(lines, header) + 1, null,
                $"no recognizable header: the first line has no ';' or ',' separator ('{(header.Length > 80 ? header[..80] + "…" : header.TrimEnd('\r'))}')")]);
        return semicolons >= commas ? ';' : ',';
    }

    private static DataProblem ShapeProblem(string fileName, CsvRow row, IReadOnlyList<string> header, char separator)
    {
        var other = separator == ';' ? ',' : ';';
        if (row.Fields.Count == 1 && row.Fields[0].Contains(other))
            return new DataProblem(fileName, row.Line, null,
                $"the line is separated by '{other}' but the header by '{separator}' (wrong separator mix); use one separator throughout");
        if (row.Fields.Count < header.Count)
            return new DataProblem(fileName, row.Line, header[row.Fields.Count].Trim(),
                $"truncated line: {row.Fields.Count} field(s) where the header has {header.Count}; '{header[row.Fields.Count].Trim()}' and later fields are missing");
        return new DataProblem(fileName, row.Line, null,
            $"the line has {row.Fields.Count} fields, more than the header's {header.Count} (an unquoted '{separator}' inside a value, e.g. a decimal comma?)");
    }
}
