namespace Dimpact.Billing.Populations;

using NodaTime;

/// <summary>The kinds of population file finance can upload (BILLING.md, "Population figures").</summary>
public enum PopulationFileFormat
{
    /// <summary><c>code;name;population;reference_date</c>, one ISO date (a 1 January) per row.</summary>
    Plain,

    /// <summary>Classic StatLine "Downloaden → CSV" of 70072ned: quoted text, regions by name, periods as years.</summary>
    StatLineClassic,

    /// <summary>New StatLine CSV: unquoted, decimal comma, empty first header cells, <c>|</c>-joined topics, footer "Bron: CBS".</summary>
    StatLineNew,

    /// <summary>CBS OData (Untyped/Typed data set) CSV of 03759ned, 37230ned or 70072ned: regions by GM code, every field padded.</summary>
    ODataCsv,
}

/// <summary>The member figures of one reference date in a file, and the members it has no figure for.</summary>
public sealed record PopulationSnapshotData(LocalDate ReferenceDate, IReadOnlyList<PopulationFigure> Figures, IReadOnlyList<CbsCode> MissingMembers)
{
    public Population? Of(CbsCode member) => Figures.FirstOrDefault(f => f.Member == member)?.Population;
}

/// <summary>
/// A population file that was read without errors. CBS downloads often hold several years, so a file holds one
/// snapshot per reference date (oldest first) and the caller picks the date it needs.
/// </summary>
public sealed record PopulationFile(
    string FileName,
    PopulationFileFormat Format,
    string FormatDescription,
    IReadOnlyList<PopulationSnapshotData> Snapshots,
    IReadOnlyList<DataProblem> Warnings,
    int DataRows,
    int IgnoredRows)
{
    public IReadOnlyList<LocalDate> ReferenceDates => Snapshots.Select(s => s.ReferenceDate).ToList();

    public PopulationSnapshotData? SnapshotOn(LocalDate referenceDate) => Snapshots.FirstOrDefault(s => s.ReferenceDate == referenceDate);
}

/// <summary>Limits on what is read at all.</summary>
public sealed record PopulationReadOptions(long MaxBytes = PopulationReadOptions.DefaultMaxBytes)
{
    /// <summary>10 MB: a full 70072ned download of every municipality and year is about 3 MB.</summary>
    public const long DefaultMaxBytes = 10L * 1024 * 1024;

    public static PopulationReadOptions Default { get; } = new();
}

/// <summary>What examining an uploaded file gave: the file when accepted, else its errors; the format when it was recognised.</summary>
public sealed record PopulationReadOutcome(
    PopulationFile? File,
    PopulationFileFormat? Format,
    string? FormatDescription,
    IReadOnlyList<DataProblem> Errors,
    IReadOnlyList<DataProblem> Warnings);

/// <summary>
/// Port: reads uploaded population files (CBS downloads, plain files; the adapter is Dimpact.DataFiles). Members,
/// their names and mergers are those of the given tariff year.
/// </summary>
public interface IPopulationFileReader
{
    /// <summary>The size check alone, for a caller that knows the length (e.g. from blob properties) before downloading.</summary>
    DataProblem? TooLarge(string fileName, long length);

    /// <summary>Reads the whole file: accepted with its figures, or rejected with every problem (file, line, field).</summary>
    PopulationReadOutcome Examine(string fileName, byte[] content, Tariffs.TariffYear year);
}
