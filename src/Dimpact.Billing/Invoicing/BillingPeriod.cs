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

    /// <summary>The period of service: the quarter for an advance, the whole year for everything else.</summary>
    public DateInterval ServicePeriod => Purpose == Purpose.Advance
        ? new Quarter(Year, Quarter).Period
        : new DateInterval(new LocalDate(Year, 1, 1), new LocalDate(Year, 12, 31));

    /// <summary>How the period is shown: "2024-Q2", or "2024" for a whole year.</summary>
    public string PeriodLabel => Purpose is Purpose.AnnualContribution or Purpose.Correction ? $"{Year}" : $"{Year}-Q{Quarter}";
}
