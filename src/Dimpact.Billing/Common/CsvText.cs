using System.Globalization;
using System.Text;

namespace Dimpact.Billing;

/// <summary>
/// Writes CSV (RFC 4180) for a program or a spreadsheet: the CLI's <c>--csv</c> and the reports archived for finance.
/// A field is quoted when it holds a comma, quote or line break. Amounts and numbers are written as they are, with a
/// <c>.</c> decimal point (a credit note's -123.45 stays a number); text, which may come from a user (a file name, an
/// SMTP error), never starts a cell with what a spreadsheet reads as a formula (OWASP, "CSV Injection"): a leading
/// =, +, -, @, tab or carriage return gets an apostrophe before it, so =HYPERLINK(…).csv stays text.
/// </summary>
public static class CsvText
{
    public static string Line(params object[] fields) =>
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

    /// <summary>The header and the lines, each ended by a line feed.</summary>
    public static string Of(string header, IEnumerable<string> lines)
    {
        var text = new StringBuilder().Append(header).Append('\n');
        foreach (var line in lines) text.Append(line).Append('\n');
        return text.ToString();
    }
}
