namespace Dimpact.DataFiles;

using Dimpact.Billing;
using Dimpact.Billing.Populations;

/// <summary>
/// The columns of one file format, recognised from the header line, and how one data row of it becomes a figure.
/// Every cell is trimmed (OData files pad codes and numbers inside the quotes).
/// </summary>
internal abstract class PopulationLayout(PopulationFileFormat format, string description, string file, IReadOnlyList<string> header)
{
    public PopulationFileFormat Format => format;
    public string Description => description;
    protected string File => file;
    protected IReadOnlyList<string> Header => header;

    /// <summary>StatLine downloads end with a source line such as <c>Bron: CBS;;;</c>; it is no data.</summary>
    public static bool IsFooter(CsvRow row) =>
        row.Fields[0].TrimStart().StartsWith("Bron:", StringComparison.OrdinalIgnoreCase) && row.Fields.Skip(1).All(string.IsNullOrWhiteSpace);

    public abstract void Read(CsvRow row, FigureCollector figures, List<DataProblem> errors, List<DataProblem> warnings);

    /// <summary>Warnings about the file as a whole, once every row is read.</summary>
    public virtual void Finish(List<DataProblem> warnings) { }

    protected static string Cell(CsvRow row, int column) => row.Fields[column].Trim();

    /// <summary>The population cell of a row; false when it is not a usable number (the problem is added).</summary>
    protected bool TryPopulation(CsvRow row, int column, List<DataProblem> errors, out int? value)
    {
        value = CbsValues.Population(row.Fields[column], out var error);
        if (error is null) return true;
        errors.Add(new DataProblem(file, row.Line, header[column], error));
        return false;
    }

    protected void Problem(List<DataProblem> errors, CsvRow row, int column, string message) =>
        errors.Add(new DataProblem(file, row.Line, header[column], message));

    /// <summary>Recognises the format from the header; throws with the reason when no format fits.</summary>
    public static PopulationLayout Detect(string file, CsvRow headerRow, MemberDirectory members)
    {
        var header = headerRow.Fields.Select(h => h.Trim()).ToList();
        int Find(string name) => header.FindIndex(h => h.Equals(name, StringComparison.OrdinalIgnoreCase));
        int FindContaining(string part) => header.FindIndex(h => h.Contains(part, StringComparison.OrdinalIgnoreCase));
        InvalidInputException Missing(string? field, string message) => new([new DataProblem(file, headerRow.Line, field, message)]);

        if (Find("RegioS") >= 0 && Find("Perioden") >= 0)
        {
            foreach (var topic in ODataLayout.Topics)
            {
                var column = header.FindIndex(h => h.StartsWith(topic.Prefix, StringComparison.Ordinal));
                if (column >= 0) return new ODataLayout(file, header, topic, column, members);
            }
            throw Missing(string.Join(" / ", ODataLayout.Topics.Select(t => t.Prefix + "…")),
                "the header of this CBS OData file has no population topic (expected a column starting with "
                + string.Join(", ", ODataLayout.Topics.Select(t => $"{t.Prefix}… ({t.Table})")) + ")");
        }
        if (Find("Perioden") >= 0 && Find("Regio's") >= 0)
        {
            var column = FindContaining("Totale bevolking");
            if (column < 0) throw Missing("Totale bevolking", "the header of this StatLine file has no column with 'Totale bevolking' (select the topic Bevolking > Totale bevolking when downloading)");
            return new StatLineLayout(PopulationFileFormat.StatLineClassic, file, header, Find("Regio's"), Find("Perioden"), column, members);
        }
        if (header.Count >= 3 && header[0].Length == 0 && header[1].Length == 0)
        {
            var column = FindContaining("Totale bevolking");
            if (column < 0) throw Missing("Totale bevolking", "the header of this StatLine file has no column with 'Totale bevolking'");
            return new StatLineLayout(PopulationFileFormat.StatLineNew, file, header, 0, 1, column, members);
        }
        if (PlainLayout.Columns.Any(c => Find(c) >= 0))
        {
            var absent = PlainLayout.Required.Where(c => Find(c) < 0).ToList();
            if (absent.Count > 0)
                throw new InvalidInputException(absent.Select(c => new DataProblem(file, headerRow.Line, c,
                    $"the header has no column '{c}' (expected code;name;population;reference_date, found: {string.Join(";", header)})")).ToList());
            return new PlainLayout(file, header, Find("code"), Find("name"), Find("population"), Find("reference_date"), members);
        }
        if (header.Any(h => CbsCode.TryParse(h, out _) || h.All(char.IsAsciiDigit) && h.Length > 0))
            throw Missing(null, $"the first line looks like data, not a header: '{string.Join(";", header)}' (expected a header such as code;name;population;reference_date)");
        throw Missing(null, $"no recognizable header: '{Shorten(string.Join(";", header))}' is none of: code;name;population;reference_date, "
            + "a StatLine CSV (\"Perioden\";\"Regio's\";…Totale bevolking…), an OData CSV (RegioS, Perioden, BevolkingOp1Januari_…)");
    }

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..120] + "…";
}

/// <summary><c>code;name;population;reference_date</c>. The name is only checked against the code (a warning), the code decides.</summary>
internal sealed class PlainLayout(string file, IReadOnlyList<string> header, int code, int name, int population, int date, MemberDirectory members)
    : PopulationLayout(PopulationFileFormat.Plain, "plain (code;name;population;reference_date)", file, header)
{
    public static readonly string[] Columns = ["code", "name", "population", "reference_date"];
    public static readonly string[] Required = ["code", "population", "reference_date"];

    public override void Read(CsvRow row, FigureCollector figures, List<DataProblem> errors, List<DataProblem> warnings)
    {
        var ok = TryPopulation(row, population, errors, out var value);
        var referenceDate = CbsValues.ReferenceDate(row.Fields[date], out var dateError);
        if (dateError is not null) { Problem(errors, row, date, dateError); ok = false; }
        var codeText = Cell(row, code);
        if (!CbsCode.TryParse(codeText, out var cbsCode))
        {
            Problem(errors, row, code, codeText.Length == 0 ? "is empty" : $"'{codeText}' is not a CBS municipality code (GM and four digits, e.g. GM0150)");
            ok = false;
        }
        if (!ok) return;
        if (!members.Matters(cbsCode))
        {
            // A plain file is made for the members: a code that is none is a typo as often as a region to skip.
            warnings.Add(new DataProblem(File, row.Line, Header[code], $"{cbsCode} is not a member (nor a merged predecessor of one); the line is ignored"));
            figures.Ignore();
            return;
        }
        var nameText = name >= 0 ? Cell(row, name) : "";
        if (nameText.Length > 0 && (!members.TryFind(nameText, out var named) || named != cbsCode))
            warnings.Add(new DataProblem(File, row.Line, Header[name], $"'{nameText}' is not a name of {cbsCode} ({members.NameOf(cbsCode)}); the code is used"));
        figures.Add(row.Line, Header[population], cbsCode, referenceDate!.Value, value);
    }
}

/// <summary>StatLine CSV, classic or new: regions by name, periods as years (the population on 1 January).</summary>
internal sealed class StatLineLayout(PopulationFileFormat format, string file, IReadOnlyList<string> header, int region, int period, int population, MemberDirectory members)
    : PopulationLayout(format, format == PopulationFileFormat.StatLineClassic
        ? $"CBS StatLine CSV (classic), column '{header[population]}'"
        : $"CBS StatLine CSV (new), column '{header[population]}'", file, header)
{
    public override void Read(CsvRow row, FigureCollector figures, List<DataProblem> errors, List<DataProblem> warnings)
    {
        var (regionColumn, periodColumn) = (region, period);
        // The new StatLine download leaves both dimension headers empty; if the period comes first, swap.
        if (Format == PopulationFileFormat.StatLineNew && CbsValues.YearPeriod(row.Fields[region], out _) is not null
            && CbsValues.YearPeriod(row.Fields[period], out _) is null)
            (regionColumn, periodColumn) = (period, region);

        var ok = TryPopulation(row, population, errors, out var value);
        var date = CbsValues.YearPeriod(row.Fields[periodColumn], out var periodError);
        var periodField = Header[periodColumn].Length > 0 ? Header[periodColumn] : "period";
        if (periodError is not null) { errors.Add(new DataProblem(File, row.Line, periodField, periodError)); ok = false; }
        var regionName = Cell(row, regionColumn);
        if (regionName.Length == 0)
        {
            errors.Add(new DataProblem(File, row.Line, Header[regionColumn].Length > 0 ? Header[regionColumn] : "region", "the region is empty"));
            ok = false;
        }
        if (!ok) return;
        if (members.TryFind(regionName, out var code)) figures.Add(row.Line, Header[population], code, date!.Value, value);
        else figures.Ignore();
    }
}

/// <summary>
/// CBS OData CSV (UntypedDataSet/TypedDataSet): regions by GM code (<c>RegioS</c>, padded), periods as keys
/// (<c>2024JJ00</c>). Only total rows count: where the table has breakdown dimensions, the rows of their total codes.
/// </summary>
internal sealed class ODataLayout : PopulationLayout
{
    public sealed record Topic(string Prefix, string Table, bool BeginningOfPeriod);

    /// <summary>Topic keys carry a positional suffix that changes between table versions; they are matched by prefix.</summary>
    public static readonly Topic[] Topics =
    [
        new("BevolkingOp1Januari_", "03759ned", false),
        new("BevolkingAanHetBeginVanDePeriode_", "37230ned", true),
        new("TotaleBevolking_", "70072ned", false),
    ];

    /// <summary>The total code of each breakdown dimension (03759ned: men and women, all ages, all marital states).</summary>
    private static readonly (string Column, string Total)[] Totals =
        [("Geslacht", "T001038"), ("Leeftijd", "10000"), ("BurgerlijkeStaat", "T001019"), ("Marges", "MW00000")];

    private readonly Topic _topic;
    private readonly int _population;
    private readonly int _region;
    private readonly int _period;
    private readonly (int Column, string Total)[] _totals;
    private readonly MemberDirectory _members;
    private int _otherPeriods;
    private int _firstOtherPeriodLine;

    public ODataLayout(string file, IReadOnlyList<string> header, Topic topic, int population, MemberDirectory members)
        : base(PopulationFileFormat.ODataCsv, $"CBS OData CSV {topic.Table} ({header[population]})", file, header)
    {
        _topic = topic;
        _population = population;
        _members = members;
        _region = IndexOf(header, "RegioS");
        _period = IndexOf(header, "Perioden");
        _totals = Totals.Select(t => (IndexOf(header, t.Column), t.Total)).Where(t => t.Item1 >= 0).ToArray();
    }

    private static int IndexOf(IReadOnlyList<string> header, string column) =>
        header.ToList().FindIndex(h => h.Equals(column, StringComparison.OrdinalIgnoreCase));

    public override void Read(CsvRow row, FigureCollector figures, List<DataProblem> errors, List<DataProblem> warnings)
    {
        if (_totals.Any(t => Cell(row, t.Column) != t.Total)) { figures.Ignore(); return; }
        var period = CbsValues.ODataPeriod(row.Fields[_period], _topic.BeginningOfPeriod, out var date, out var periodError);
        if (period == CbsValues.PeriodResult.OtherPeriod)
        {
            // A 37230ned download of every month: only January's beginning is a reference date; the rest is skipped.
            if (_otherPeriods++ == 0) _firstOtherPeriodLine = row.Line;
            figures.Ignore();
            return;
        }
        var ok = TryPopulation(row, _population, errors, out var value);
        if (periodError is not null) { Problem(errors, row, _period, periodError); ok = false; }
        if (!ok) return;
        if (CbsCode.TryParse(Cell(row, _region), out var code) && _members.Matters(code)) figures.Add(row.Line, Header[_population], code, date, value);
        else figures.Ignore();
    }

    public override void Finish(List<DataProblem> warnings)
    {
        if (_otherPeriods > 0)
            warnings.Add(new DataProblem(File, _firstOtherPeriodLine, Header[_period],
                $"{_otherPeriods} row(s) for periods other than the beginning of January are skipped (only 1 January is a reference date)"));
    }
}
