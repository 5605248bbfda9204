using Dimpact.Billing;

namespace Dimpact.Documents.Reports;

/// <summary>A cell of a report table: text, an amount in euros, or a count. A workbook keeps amounts and counts as numbers.</summary>
public abstract record ReportCell
{
    public sealed record Text(string Value) : ReportCell;

    public sealed record Amount(Money Value) : ReportCell;

    public sealed record Count(int Value) : ReportCell;

    public static readonly ReportCell Empty = new Text("");

    /// <summary>How the cell reads in a table a person reads (PDF, console): Dutch number formats, no euro sign (the column says €).</summary>
    public string Display => this switch
    {
        Text t => t.Value,
        Amount a => DutchText.Number(a.Value),
        Count c => c.Value.ToString("#,##0", Counts),
        _ => "",
    };

    public bool IsNumber => this is Amount or Count;

    // As DutchText: built by hand, so that the output does not depend on the host's ICU data.
    private static readonly System.Globalization.NumberFormatInfo Counts = new() { NumberGroupSeparator = ".", NumberDecimalSeparator = ",", NegativeSign = "-" };
}

/// <summary>A column: its heading and how wide it is relative to the others (PDF, workbook).</summary>
public sealed record ReportColumn(string Heading, double Width, bool Numeric = true);

/// <summary>A row; a totals row is drawn bold.</summary>
public sealed record ReportRow(IReadOnlyList<ReportCell> Cells, bool IsTotal = false);

/// <summary>One view of a report: a workbook sheet, a section of the PDF, a console table.</summary>
public sealed record ReportTable(string Name, string Title, IReadOnlyList<ReportColumn> Columns, IReadOnlyList<ReportRow> Rows);

/// <summary>A report as the writers draw it: a title, notes that say what it stands on, and its views.</summary>
public sealed record ReportDocument(string Title, IReadOnlyList<string> Notes, IReadOnlyList<ReportTable> Tables);
