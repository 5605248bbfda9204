using System.Globalization;
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

    /// <summary>One CSV line (RFC 4180, no cell that starts a formula): see <see cref="CsvText"/>.</summary>
    public static string CsvLine(params object[] fields) => CsvText.Line(fields);

    public static void WriteCsv(TextWriter output, string header, IEnumerable<string> lines) => output.Write(CsvText.Of(header, lines));
}
