using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Dimpact.Documents.Reports;

/// <summary>
/// A report as an Excel workbook (DocumentFormat.OpenXml): one sheet per view with its headings in the first row (frozen)
/// and a bold totals row; amounts are numbers in a euro format, counts numbers in a thousands format, never text; a
/// last sheet "Toelichting" holds the title and the notes.
/// </summary>
public static class ReportWorkbook
{
    /// <summary>The number format of amounts: "€ 1.250,50", a negative amount "€ -1.250,50" (separators as Excel's locale shows them).</summary>
    public const string EuroFormat = "\"€ \"#,##0.00;\"€ \"\\-#,##0.00";

    private const uint EuroFormatId = 164; // custom number formats start at 164
    private const uint CountFormatId = 3;  // built-in: #,##0

    // Cell formats, by index in the stylesheet's cellXfs.
    private const uint Plain = 0, Heading = 1, Euro = 2, Count = 3, TotalText = 4, TotalEuro = 5, TotalCount = 6, Title = 7;

    public static byte[] Write(ReportDocument document)
    {
        using var stream = new MemoryStream();
        using (var package = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = package.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
            var sheets = workbook.Workbook.AppendChild(new Sheets());
            uint id = 1;
            foreach (var table in document.Tables) AddSheet(workbook, sheets, id++, table.Name, TableSheet(table));
            AddSheet(workbook, sheets, id, "Toelichting", NotesSheet(document));
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }

    private static void AddSheet(WorkbookPart workbook, Sheets sheets, uint id, string name, Worksheet worksheet)
    {
        var part = workbook.AddNewPart<WorksheetPart>();
        part.Worksheet = worksheet;
        sheets.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id, Name = SheetName(name) });
    }

    private static Worksheet TableSheet(ReportTable table)
    {
        var data = new SheetData();
        data.Append(Row(1, table.Columns.Select(c => Text(c.Heading, Heading))));
        uint number = 2;
        foreach (var row in table.Rows)
            data.Append(Row(number++, row.Cells.Select(c => Cell(c, row.IsTotal))));
        var columns = new Columns(table.Columns.Select((c, i) => new Column
        {
            Min = (uint)i + 1, Max = (uint)i + 1, Width = Math.Max(c.Width * 1.5, c.Heading.Length * 0.9 + 2), CustomWidth = true,
        }));
        return new Worksheet(FrozenFirstRow(), columns, data);
    }

    private static Worksheet NotesSheet(ReportDocument document)
    {
        var data = new SheetData();
        data.Append(Row(1, [Text(document.Title, Title)]));
        uint number = 3;
        foreach (var note in document.Notes) data.Append(Row(number++, [Text(note, Plain)]));
        return new Worksheet(new Columns(new Column { Min = 1, Max = 1, Width = 160, CustomWidth = true }), data);
    }

    private static SheetViews FrozenFirstRow() =>
        new(new SheetView(new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen })
            { WorkbookViewId = 0 });

    private static Row Row(uint number, IEnumerable<Cell> cells)
    {
        var row = new Row { RowIndex = number };
        var column = 0;
        foreach (var cell in cells)
        {
            cell.CellReference = ColumnName(column++) + number.ToString(CultureInfo.InvariantCulture);
            row.Append(cell);
        }
        return row;
    }

    private static Cell Cell(ReportCell cell, bool total) => cell switch
    {
        ReportCell.Amount a => new Cell { DataType = CellValues.Number, CellValue = new CellValue(a.Value.Euros), StyleIndex = total ? TotalEuro : Euro },
        ReportCell.Count c => new Cell { DataType = CellValues.Number, CellValue = new CellValue(c.Value), StyleIndex = total ? TotalCount : Count },
        ReportCell.Text t => Text(t.Value, total ? TotalText : Plain),
        _ => Text("", Plain),
    };

    // Inline strings: no shared-string table to keep in step; a workbook of a few hundred rows does not need one.
    private static Cell Text(string text, uint style) =>
        new() { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve }), StyleIndex = style };

    /// <summary>A, B, …, Z, AA, …</summary>
    public static string ColumnName(int index) => index < 26 ? ((char)('A' + index)).ToString() : ColumnName(index / 26 - 1) + (char)('A' + index % 26);

    // Excel refuses names over 31 characters and with : \ / ? * [ ].
    private static string SheetName(string name) => new string(name.Where(c => !":\\/?*[]".Contains(c)).ToArray()) is var n && n.Length > 31 ? n[..31] : n;

    private static Stylesheet Styles()
    {
        var fonts = new Fonts(
            new Font(new FontSize { Val = 11 }, new FontName { Val = "Calibri" }),
            new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "Calibri" }),
            new Font(new Bold(), new FontSize { Val = 14 }, new FontName { Val = "Calibri" }));
        var fills = new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFE8EEF4" }) { PatternType = PatternValues.Solid }));
        var borders = new Borders(
            new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()),
            new Border(new LeftBorder(), new RightBorder(), new TopBorder(new Color { Rgb = "FF000000" }) { Style = BorderStyleValues.Thin }, new BottomBorder(), new DiagonalBorder()));
        CellFormat Format(uint font, uint fill, uint border, uint numberFormat) => new()
        {
            FontId = font, FillId = fill, BorderId = border, NumberFormatId = numberFormat,
            ApplyFont = font != 0, ApplyFill = fill != 0, ApplyBorder = border != 0, ApplyNumberFormat = numberFormat != 0,
        };
        var formats = new CellFormats(
            Format(0, 0, 0, 0),                 // Plain
            Format(1, 2, 0, 0),                 // Heading
            Format(0, 0, 0, EuroFormatId),      // Euro
            Format(0, 0, 0, CountFormatId),     // Count
            Format(1, 0, 1, 0),                 // TotalText
            Format(1, 0, 1, EuroFormatId),      // TotalEuro
            Format(1, 0, 1, CountFormatId),     // TotalCount
            Format(2, 0, 0, 0));                // Title
        return new Stylesheet(
            new NumberingFormats(new NumberingFormat { NumberFormatId = EuroFormatId, FormatCode = EuroFormat }) { Count = 1 },
            fonts, fills, borders,
            new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }),
            formats);
    }
}
