namespace Dimpact.Billing.Populations;

using System.Globalization;
using System.Text;
using System.Text.Json;
using NodaTime;

/// <summary>
/// The validation report written next to an uploaded file (BILLING.md: "a report (line, field, reason) is written
/// next to it"): accepted or rejected, every error and warning, and the counts per reference date.
/// </summary>
public sealed record PopulationReport(
    string FileName,
    PopulationFileFormat? Format,
    string? FormatDescription,
    bool Accepted,
    IReadOnlyList<PopulationReport.Entry> Errors,
    IReadOnlyList<PopulationReport.Entry> Warnings,
    IReadOnlyList<PopulationReport.DateCounts> ReferenceDates,
    int DataRows,
    int IgnoredRows)
{
    /// <summary>A change against the previous snapshot above this fraction is worth a second look (a typo, a wrong column).</summary>
    public const decimal NotableChange = PopulationPlausibility.DefaultMaxChange;

    public sealed record Entry(int? Line, string? Field, string Reason)
    {
        public static Entry From(DataProblem p) => new(p.Line, p.Field, p.Message);
    }

    public sealed record DateCounts(LocalDate ReferenceDate, int MemberFigures, int MissingMembers, long TotalPopulation);

    /// <summary>The report of a file that was read.</summary>
    public static PopulationReport Of(PopulationFile file, IReadOnlyDictionary<CbsCode, Population>? previous = null)
    {
        var warnings = file.Warnings.Select(Entry.From).ToList();
        if (previous is not null && file.Snapshots.Count > 0) warnings.AddRange(NotableChanges(file.Snapshots[^1], previous));
        var dates = file.Snapshots
            .Select(s => new DateCounts(s.ReferenceDate, s.Figures.Count, s.MissingMembers.Count, s.Figures.Sum(f => (long)f.Population.Count)))
            .ToList();
        return new PopulationReport(file.FileName, file.Format, file.FormatDescription, true, [], warnings, dates, file.DataRows, file.IgnoredRows);
    }

    /// <summary>The report of a file refused before it was read (e.g. too large).</summary>
    public static PopulationReport Refused(string fileName, DataProblem problem) =>
        new(fileName, null, null, false, [Entry.From(problem)], [], [], 0, 0);

    /// <summary>A warning per member whose figure on the date differs more than <see cref="NotableChange"/> from <paramref name="previous"/>.</summary>
    public static IEnumerable<Entry> NotableChanges(PopulationSnapshotData figures, IReadOnlyDictionary<CbsCode, Population> previous, string against = "the previous figure",
        decimal threshold = NotableChange)
    {
        foreach (var figure in figures.Figures)
        {
            if (!previous.TryGetValue(figure.Member, out var before) || before.Count == 0) continue;
            var change = (decimal)(figure.Population.Count - before.Count) / before.Count;
            if (Math.Abs(change) > threshold)
                yield return new Entry(null, null, string.Create(CultureInfo.InvariantCulture,
                    $"{figure.Member} on {figures.ReferenceDate:yyyy-MM-dd}: {figure.Population.Count} is {Math.Abs(change):P1} {(change > 0 ? "above" : "below")} {against} {before.Count}"));
        }
    }

    /// <summary>JSON with fixed camelCase property names, for tools and the upload UI.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("fileName", FileName);
            if (Format is { } format) json.WriteString("format", FormatKey(format)); else json.WriteNull("format");
            json.WriteString("formatDescription", FormatDescription);
            json.WriteString("result", Accepted ? "accepted" : "rejected");
            json.WriteNumber("dataRows", DataRows);
            json.WriteNumber("ignoredRows", IgnoredRows);
            json.WriteStartArray("referenceDates");
            foreach (var d in ReferenceDates)
            {
                json.WriteStartObject();
                json.WriteString("referenceDate", Iso(d.ReferenceDate));
                json.WriteNumber("memberFigures", d.MemberFigures);
                json.WriteNumber("missingMembers", d.MissingMembers);
                json.WriteNumber("totalPopulation", d.TotalPopulation);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            WriteEntries(json, "errors", Errors);
            WriteEntries(json, "warnings", Warnings);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>A plain-text report for people: a summary, the counts per date and a table of problems.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        void Line(string s) => text.Append(s).Append('\n');
        Line($"Population file: {FileName}");
        Line($"Format:          {FormatDescription ?? "not recognised"}");
        Line($"Result:          {(Accepted ? "ACCEPTED" : "REJECTED")} ({Errors.Count} error(s), {Warnings.Count} warning(s))");
        if (Accepted) Line(string.Create(CultureInfo.InvariantCulture, $"Rows:            {DataRows} data row(s), {IgnoredRows} not for a member (ignored)"));
        if (ReferenceDates.Count > 0)
        {
            Line("");
            Line("Reference date  Members  Missing  Total population");
            foreach (var d in ReferenceDates)
                Line(string.Create(CultureInfo.InvariantCulture, $"{Iso(d.ReferenceDate),-14}  {d.MemberFigures,7}  {d.MissingMembers,7}  {d.TotalPopulation,16}"));
        }
        var entries = Errors.Select(e => ("error", e)).Concat(Warnings.Select(w => ("warning", w))).ToList();
        if (entries.Count > 0)
        {
            var fieldWidth = Math.Min(30, Math.Max(5, entries.Max(e => e.Item2.Field?.Length ?? 0)));
            Line("");
            Line($"{"Severity",-8}  {"Line",5}  {"Field".PadRight(fieldWidth)}  Reason");
            foreach (var (severity, e) in entries)
            {
                var field = e.Field ?? "";
                if (field.Length > fieldWidth) field = field[..(fieldWidth - 1)] + "…";
                Line(string.Create(CultureInfo.InvariantCulture, $"{severity,-8}  {e.Line?.ToString(CultureInfo.InvariantCulture) ?? "",5}  {field.PadRight(fieldWidth)}  {e.Reason}"));
            }
        }
        return text.ToString();
    }

    private static void WriteEntries(Utf8JsonWriter json, string name, IReadOnlyList<Entry> entries)
    {
        json.WriteStartArray(name);
        foreach (var e in entries)
        {
            json.WriteStartObject();
            if (e.Line is { } line) json.WriteNumber("line", line); else json.WriteNull("line");
            json.WriteString("field", e.Field);
            json.WriteString("reason", e.Reason);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static string FormatKey(PopulationFileFormat format) => format switch
    {
        PopulationFileFormat.Plain => "plain",
        PopulationFileFormat.StatLineClassic => "statline-classic",
        PopulationFileFormat.StatLineNew => "statline-new",
        PopulationFileFormat.ODataCsv => "cbs-odata",
        _ => format.ToString(),
    };

    private static string Iso(LocalDate date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
