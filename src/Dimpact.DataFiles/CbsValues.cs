namespace Dimpact.DataFiles;

using System.Globalization;
using System.Text.RegularExpressions;
using NodaTime;
using NodaTime.Text;

/// <summary>How the cells of CBS and plain files are read: population counts, missing markers and periods.</summary>
internal static partial class CbsValues
{
    /// <summary>
    /// CBS "Verklaring van tekens": empty / "" = cannot occur, "." = gegevens ontbreken, "x" = geheim, "-" = nihil
    /// (kept missing rather than 0: a member's figure is never guessed), "?" = uncertain. Missing is never 0.
    /// </summary>
    private static readonly HashSet<string> MissingMarkers = new(["", ".", "..", "x", "X", "-", "?"], StringComparer.Ordinal);

    /// <summary>
    /// Reads a population cell. A whole number, optionally with a zero fraction after a decimal point or comma
    /// ("68979", "68979.0", "68979,0"). Three fraction digits ("68.979") are refused: that is a thousands separator
    /// as often as a decimal one, and guessing would be off by a factor 1000.
    /// </summary>
    /// <returns>null with <paramref name="error"/> null for a missing marker; null with an error for a bad cell.</returns>
    public static int? Population(string cell, out string? error)
    {
        error = null;
        var text = cell.Trim();
        if (MissingMarkers.Contains(text)) return null;
        var m = NumberPattern().Match(text);
        if (!m.Success)
        {
            error = $"'{text}' is not a number of inhabitants";
            return null;
        }
        var fraction = m.Groups["frac"].Value;
        if (m.Groups["sign"].Value == "-" && (m.Groups["int"].Value.Any(c => c != '0') || fraction.Any(c => c != '0')))
        {
            error = $"{text} is negative; a population cannot be";
            return null;
        }
        if (fraction.Length == 3)
        {
            error = $"'{text}' is ambiguous: thousands separator or decimal separator? Write the number without separators";
            return null;
        }
        if (fraction.Any(c => c != '0'))
        {
            error = $"{text} is not a whole number of inhabitants";
            return null;
        }
        if (!int.TryParse(m.Groups["int"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            error = $"{text} is too large for a population";
            return null;
        }
        return value;
    }

    /// <summary>A StatLine year period: "2024" (and "2024*" for a provisional figure, "2024 januari") = 1 January 2024.</summary>
    public static LocalDate? YearPeriod(string cell, out string? error)
    {
        error = null;
        var m = YearPattern().Match(cell.Trim());
        if (m.Success) return new LocalDate(int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture), 1, 1);
        error = $"'{cell.Trim()}' is not a year period (expected a year such as 2024, meaning 1 January)";
        return null;
    }

    /// <summary>
    /// An OData period key. <c>YYYYJJ00</c> (year) = 1 January of the year, as the figure is the population on
    /// 1 January (03759ned, 70072ned) or at the beginning of the period (37230ned). For the beginning-of-period
    /// topic of 37230ned, <c>YYYYMM01</c> and <c>YYYYKW01</c> (January, first quarter) are 1 January too; other months
    /// and quarters are no reference date of ours and are skipped (<see cref="PeriodResult.OtherPeriod"/>).
    /// </summary>
    public static PeriodResult ODataPeriod(string cell, bool beginningOfPeriod, out LocalDate date, out string? error)
    {
        date = default;
        error = null;
        var text = cell.Trim();
        var m = ODataPeriodPattern().Match(text);
        if (!m.Success)
        {
            error = $"'{text}' is not a CBS period key (expected e.g. 2024JJ00{(beginningOfPeriod ? " or 2024MM01" : "")})";
            return PeriodResult.Invalid;
        }
        var year = int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture);
        var number = int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
        switch (m.Groups["kind"].Value)
        {
            case "JJ" when number == 0:
                date = new LocalDate(year, 1, 1);
                return PeriodResult.FirstOfJanuary;
            case "MM" when beginningOfPeriod && number is >= 1 and <= 12:
            case "KW" when beginningOfPeriod && number is >= 1 and <= 4:
                if (number != 1) return PeriodResult.OtherPeriod;
                date = new LocalDate(year, 1, 1);
                return PeriodResult.FirstOfJanuary;
            default:
                error = beginningOfPeriod
                    ? $"'{text}' is not a year, month or quarter period key"
                    : $"'{text}' is not a year period key (expected e.g. 2024JJ00): this topic is a population on 1 January";
                return PeriodResult.Invalid;
        }
    }

    /// <summary>A plain file's reference date: ISO yyyy-MM-dd, and a 1 January (the only date CBS publishes and the rules use).</summary>
    public static LocalDate? ReferenceDate(string cell, out string? error)
    {
        error = null;
        var text = cell.Trim();
        var result = LocalDatePattern.Iso.Parse(text);
        if (!result.Success)
        {
            error = text.Length == 0 ? "is empty" : $"'{text}' is not a date in the form yyyy-MM-dd";
            return null;
        }
        if (result.Value is not { Month: 1, Day: 1 })
        {
            error = $"{text} is not a 1 January; population reference dates are always 1 January";
            return null;
        }
        return result.Value;
    }

    public enum PeriodResult { FirstOfJanuary, OtherPeriod, Invalid }

    [GeneratedRegex(@"^(?<sign>[+-]?)(?<int>[0-9]+)(?:[.,](?<frac>[0-9]+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"^(?<year>(19|20)[0-9]{2})\*?( januari)?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex YearPattern();

    [GeneratedRegex(@"^(?<year>(19|20)[0-9]{2})(?<kind>JJ|MM|KW)(?<n>[0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex ODataPeriodPattern();
}
