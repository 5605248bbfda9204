using Dimpact.Documents.Reports;
using Spectre.Console;

namespace Dimpact.Cli.Output;

/// <summary>A report's views as console tables, the same columns and rows as its workbook and PDF.</summary>
public static class ReportConsole
{
    public static void Write(IAnsiConsole console, ReportDocument document)
    {
        foreach (var view in document.Tables)
        {
            var table = new Table().Border(TableBorder.Simple).Title(Markup.Escape(view.Title));
            foreach (var column in view.Columns)
                table.AddColumn(column.Numeric ? new TableColumn(Markup.Escape(column.Heading)).RightAligned() : new TableColumn(Markup.Escape(column.Heading)));
            foreach (var row in view.Rows)
                table.AddRow(row.Cells.Select(c => row.IsTotal ? $"[bold]{Markup.Escape(c.Display)}[/]" : Markup.Escape(c.Display)).ToArray());
            console.Write(table);
        }
        foreach (var note in document.Notes) console.WriteLine(note);
    }
}
