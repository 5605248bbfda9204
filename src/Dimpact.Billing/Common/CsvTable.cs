using System.Globalization;
using System.Text;
using NodaTime;
using NodaTime.Text;

namespace Dimpact.Billing;

/// <summary>A delimited text file read into rows that remember their line numbers (RFC 4180 quoting).</summary>
public sealed class CsvTable
{
    private readonly Dictionary<string, int> _columns;

    private CsvTable(string file, IReadOnlyList<string> header, int headerLine, IReadOnlyList<CsvRow> rows)
    {
        File = file;
        Header = header;
        HeaderLine = headerLine;
        Rows = rows;
        _columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Count; i++) _columns.TryAdd(header[i], i);
    }

    public string File { get; }
    public IReadOnlyList<string> Header { get; }
    public int HeaderLine { get; }
    public IReadOnlyList<CsvRow> Rows { get; }

    public bool Has(string column) => _columns.ContainsKey(column);

    public int IndexOf(string column) => _columns.TryGetValue(column, out var i) ? i : -1;

    /// <summary>Splits text into records. A leading BOM is dropped; CRLF and LF both end a record.</summary>
    public static IReadOnlyList<CsvRow> Split(string file, string text, char separator)
    {
        var rows = new List<CsvRow>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var rowLine = 1;
        var inQuotes = false;
        var quotedField = false;
        var start = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;

        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') inQuotes = false;
                else
                {
                    if (c == '\n') line++;
                    field.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0 && !quotedField:
                    inQuotes = true;
                    quotedField = true;
                    break;
                case '"':
                    throw new InvalidInputException([new DataProblem(file, line, null, $"a quote inside an unquoted field at column {fields.Count + 1}")]);
                case var _ when c == separator:
                    fields.Add(field.ToString());
                    field.Clear();
                    quotedField = false;
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    break;
                case '\r' or '\n':
                    fields.Add(field.ToString());
                    rows.Add(new CsvRow(rowLine, fields.ToArray()));
                    fields.Clear();
                    field.Clear();
                    quotedField = false;
                    line++;
                    rowLine = line;
                    break;
                default:
                    if (quotedField) throw new InvalidInputException([new DataProblem(file, line, null, $"text after a closing quote at column {fields.Count + 1}")]);
                    field.Append(c);
                    break;
            }
        }
        if (inQuotes) throw new InvalidInputException([new DataProblem(file, rowLine, null, "a quoted field is not closed (truncated line?)")]);
        if (field.Length > 0 || fields.Count > 0 || quotedField)
        {
            fields.Add(field.ToString());
            rows.Add(new CsvRow(rowLine, fields.ToArray()));
        }
        return rows.Where(r => !r.IsBlank).ToList();
    }

    /// <summary>Reads a file whose first non-blank record is the header.</summary>
    public static CsvTable Parse(string file, string text, char separator = ',')
    {
        var records = Split(file, text, separator);
        if (records.Count == 0) throw new InvalidInputException([new DataProblem(file, null, null, "the file is empty")]);
        return FromRecords(file, records[0], records.Skip(1).ToList());
    }

    public static CsvTable FromRecords(string file, CsvRow header, IReadOnlyList<CsvRow> rows) =>
        new(file, header.Fields.Select(h => h.Trim()).ToArray(), header.Line, rows);

    /// <summary>
    /// Reports every required column the header lacks; a header of one column holding ';' is a file saved with Dutch
    /// Excel's separator, reported once as such.
    /// </summary>
    public IReadOnlyList<DataProblem> MissingColumns(params string[] required) =>
        Header is [var only] && only.Contains(';', StringComparison.Ordinal) && required.Any(c => !Has(c))
            ? [new DataProblem(File, HeaderLine, null, $"the fields are separated by ';' (Dutch Excel's 'CSV'), not ','; " + SaveAsCommaCsv)]
            : required.Where(c => !Has(c))
            .Select(c => new DataProblem(File, HeaderLine, c, $"the header has no column '{c}' (found: {string.Join(", ", Header)})"))
            .ToList();

    public FieldReader Read(CsvRow row, List<DataProblem> problems) => new(this, row, problems);

    /// <summary>How to save a spreadsheet as the comma-separated UTF-8 file the readers expect.</summary>
    public const string SaveAsCommaCsv = "in Excel choose File > Save As > 'CSV UTF-8 (comma delimited) (*.csv)', or replace the ';' separators by ','";
}

public sealed record CsvRow(int Line, IReadOnlyList<string> Fields)
{
    public bool IsBlank => Fields.All(string.IsNullOrWhiteSpace);
}

/// <summary>
/// Reads typed fields of one row; a field that does not parse adds a problem (file, line, field) and yields a
/// default, so that one pass reports every problem of a file.
/// </summary>
public sealed class FieldReader(CsvTable table, CsvRow row, List<DataProblem> problems)
{
    public int Line => row.Line;

    public bool Ok { get; private set; } = true;

    public void Problem(string field, string message)
    {
        Ok = false;
        problems.Add(new DataProblem(table.File, row.Line, field, message));
    }

    public string Text(string field, bool required = true)
    {
        var i = table.IndexOf(field);
        if (i < 0 || i >= row.Fields.Count)
        {
            if (required) Problem(field, i < 0 ? "the column is missing" : $"the line has {row.Fields.Count} fields, expected {table.Header.Count}");
            return "";
        }
        var value = row.Fields[i].Trim();
        if (required && value.Length == 0) Problem(field, "is empty");
        return value;
    }

    public int Int(string field, int min = int.MinValue)
    {
        var text = Text(field);
        if (text.Length == 0) return 0;
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            Problem(field, $"'{text}' is not a whole number");
            return 0;
        }
        if (value < min) Problem(field, $"{value} is below the minimum of {min}");
        return value;
    }

    public int? OptionalInt(string field, int min = int.MinValue) => Text(field, required: false).Length == 0 ? null : Int(field, min);

    public decimal Decimal(string field, decimal min = decimal.MinValue)
    {
        var text = Text(field);
        if (text.Length == 0) return 0m;
        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            Problem(field, $"'{text}' is not a number (use '.' as the decimal point)");
            return 0m;
        }
        if (value < min) Problem(field, $"{value.ToString(CultureInfo.InvariantCulture)} is below the minimum of {min.ToString(CultureInfo.InvariantCulture)}");
        return value;
    }

    public Money Money(string field)
    {
        var value = Decimal(field);
        if (Math.Round(value, 2) != value)
        {
            Problem(field, $"{value.ToString(CultureInfo.InvariantCulture)} has more than two decimals");
            return Billing.Money.Zero;
        }
        return Billing.Money.Exact(value);
    }

    public LocalDate Date(string field)
    {
        var text = Text(field);
        if (text.Length == 0) return default;
        var result = LocalDatePattern.Iso.Parse(text);
        if (!result.Success)
        {
            Problem(field, $"'{text}' is not a date in the form yyyy-MM-dd");
            return default;
        }
        return result.Value;
    }

    public CbsCode Code(string field)
    {
        var text = Text(field);
        if (text.Length == 0) return default;
        if (!CbsCode.TryParse(text, out var code))
        {
            Problem(field, $"'{text}' is not a CBS municipality code (GM and four digits)");
            return default;
        }
        return code;
    }

    public ProductId Product(string field)
    {
        var text = Text(field);
        if (text.Length == 0) return default;
        try { return ProductId.Parse(text); }
        catch (FormatException e)
        {
            Problem(field, e.Message);
            return default;
        }
    }
}
