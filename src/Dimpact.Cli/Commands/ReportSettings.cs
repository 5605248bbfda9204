using System.ComponentModel;
using Dimpact.Billing;
using Dimpact.Billing.Reports;
using Dimpact.Cli.Output;
using Dimpact.Documents.Reports;
using Dimpact.Storage;
using NodaTime;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Dimpact.Cli.Commands;

/// <summary>Options of <c>dimpact report settlement|year</c>: a table, or CSV on stdout, and the workbook and PDF as files.</summary>
public sealed class ReportSettings : YearCsvStorageSettings
{
    [CommandOption("--xlsx <FILE>")]
    [Description("Also write the report as an Excel workbook (one sheet per view, amounts as numbers in euro format, a totals row).")]
    public string? Xlsx { get; init; }

    [CommandOption("--pdf <FILE>")]
    [Description("Also write the report as a landscape PDF overview.")]
    public string? Pdf { get; init; }

    /// <summary>
    /// Writes the files asked for, then the report as CSV on stdout (<c>--csv</c>) or as tables. What was written is
    /// said on stderr under <c>--csv</c>, so that stdout stays CSV.
    /// </summary>
    public int Show(IAnsiConsole console, ReportDocument document, string csv, Func<byte[]> xlsx, Func<byte[]> pdf)
    {
        var written = new List<string>();
        if (Xlsx is { } workbook) written.Add(WriteFile(workbook, xlsx()));
        if (Pdf is { } overview) written.Add(WriteFile(overview, pdf()));
        if (Csv) Console.Out.Write(csv);
        else ReportConsole.Write(console, document);
        foreach (var file in written)
            if (Csv) Console.Error.WriteLine($"wrote {file}");
            else console.WriteLine($"wrote {file}");
        return 0;
    }

    public static string WriteFile(string path, byte[] content)
    {
        try
        {
            var full = Path.GetFullPath(path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, content);
            return path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new InvalidInputException([new DataProblem(path, null, null, $"the file cannot be written: {e.Message}")]);
        }
    }
}
