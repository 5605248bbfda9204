using System.Globalization;
using NodaTime;

namespace Dimpact.Billing.Invoicing;

/// <summary>What a document is for within a tariff year (BILLING.md, "The billing calendar").</summary>
public enum Purpose
{
    /// <summary>Q1–Q3 advance: budget / 4 per product.</summary>
    Advance,

    /// <summary>The association contribution of an association-only member, the whole year with the Q1 run.</summary>
    AnnualContribution,

    /// <summary>Q4: definitive amounts on the settlement population minus the advances.</summary>
    Settlement,

    /// <summary>The difference after corrected population figures for an already settled year.</summary>
    Correction,
}

/// <summary>
/// The deterministic identity of a document: one member, tariff year, quarter and purpose, plus for a correction its
/// revision: the member's n-th correction of the year (SettleYear.DocumentsDue). Issuing is idempotent on this key.
/// </summary>
public sealed record DocumentKey(CbsCode Member, int Year, int Quarter, Purpose Purpose, int Revision = 0)
{
    public override string ToString() =>
        $"{Member}|{Year}|Q{Quarter}|{Purpose.ToString().ToLowerInvariant()}" + (Revision > 0 ? $"|r{Revision}" : "");

    private static readonly Dictionary<string, Purpose> Purposes = Enum.GetValues<Purpose>().ToDictionary(p => p.ToString().ToLowerInvariant());

    /// <summary>The key from its <see cref="ToString"/> form, e.g. <c>GM0150|2024|Q1|advance</c> or <c>GM0150|2024|Q4|correction|r2</c>.</summary>
    public static DocumentKey Parse(string text)
    {
        static bool Number(string s, out int n) => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out n);
        var parts = text.Split('|');
        var revision = 0;
        if (parts.Length is 4 or 5 && CbsCode.TryParse(parts[0], out var member) && Number(parts[1], out var year)
            && parts[2] is ['Q', >= '1' and <= '4'] && Purposes.TryGetValue(parts[3], out var purpose)
            && (parts.Length == 4 || (parts[4] is ['r', _, ..] && Number(parts[4][1..], out revision) && revision > 0)))
            return new DocumentKey(member, year, parts[2][1] - '0', purpose, revision);
        throw new FormatException($"'{text}' is not a document key (member|year|Qn|purpose, and |rN for a correction).");
    }

    /// <summary>The period of service: the quarter for an advance, the whole year for everything else.</summary>
    public DateInterval ServicePeriod => Purpose == Purpose.Advance
        ? new Quarter(Year, Quarter).Period
        : new DateInterval(new LocalDate(Year, 1, 1), new LocalDate(Year, 12, 31));

    /// <summary>How the period is shown: "2024-Q2", or "2024" for a whole year.</summary>
    public string PeriodLabel => Purpose is Purpose.AnnualContribution or Purpose.Correction ? $"{Year}" : $"{Year}-Q{Quarter}";
}
