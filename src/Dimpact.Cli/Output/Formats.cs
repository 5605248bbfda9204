using System.Globalization;
using System.Text;
using Dimpact.Billing;

namespace Dimpact.Cli.Output;

/// <summary>How the CLI shows figures: Dutch formats in tables a person reads, invariant ones in CSV.</summary>
public static class Formats
{
    public static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");

    public static string Euro(Money amount) => amount.Euros.ToString("#,##0.00", Dutch);

    /// <summary>Whole euros, as the plan prints its tariffs (Tabel 19); only used for amounts without cents.</summary>
    public static string WholeEuro(Money amount) => amount.Euros == decimal.Truncate(amount.Euros) ? amount.Euros.ToString("#,##0", Dutch) : Euro(amount);

    public static string Count(Population population) => population.Count.ToString("#,##0", Dutch);

    public static string Count(int count) => count.ToString("#,##0", Dutch);

    /// <summary>
    /// RFC 4180 CSV: a field is quoted when it holds a comma, quote or line break. Amounts and numbers are written as
    /// they are (a credit note's -123.45 stays a number); text, which may come from a user (a file name, an SMTP
    /// error), never starts a cell with what a spreadsheet reads as a formula (OWASP, "CSV Injection"): a leading
    /// =, +, -, @, tab or carriage return gets an apostrophe before it, so =HYPERLINK(…).csv stays text.
    /// </summary>
    public static string CsvLine(params object[] fields) =>
        string.Join(',', fields.Select(f =>
        {
            var text = f switch
            {
                Money m => m.ToString(),
                IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
                _ => AsText(f.ToString() ?? ""),
            };
            return text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
        }));

    private static string AsText(string text) => text.Length > 0 && "=+-@\t\r".Contains(text[0]) ? "'" + text : text;

    public static void WriteCsv(TextWriter output, string header, IEnumerable<string> lines)
    {
        var text = new StringBuilder().Append(header).Append('\n');
        foreach (var line in lines) text.Append(line).Append('\n');
        output.Write(text.ToString());
    }
}
