using NodaTime;

namespace Dimpact.Billing;

/// <summary>Dates in the billing calendar are dates in Europe/Amsterdam.</summary>
public static class BillingCalendar
{
    public static DateTimeZone Zone { get; } = DateTimeZoneProviders.Tzdb["Europe/Amsterdam"];

    public static LocalDate Today(IClock clock) => clock.GetCurrentInstant().InZone(Zone).Date;

    public static LocalDate DateOf(Instant instant) => instant.InZone(Zone).Date;
}
