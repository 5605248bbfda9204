using NodaTime;

namespace Dimpact.Billing;

/// <summary>A calendar quarter of a tariff year; the financial year is the calendar year (statutes art. 16.1).</summary>
public readonly record struct Quarter
{
    public int Year { get; }
    public int Number { get; }

    public Quarter(int year, int number)
    {
        if (number is < 1 or > 4) throw new ArgumentOutOfRangeException(nameof(number), number, "A quarter is 1 to 4.");
        Year = year;
        Number = number;
    }

    public LocalDate FirstDay => new(Year, (Number - 1) * 3 + 1, 1);
    public LocalDate LastDay => FirstDay.PlusMonths(3).PlusDays(-1);
    public DateInterval Period => new(FirstDay, LastDay);

    public static Quarter Containing(LocalDate date) => new(date.Year, (date.Month - 1) / 3 + 1);

    public bool HasStartedOn(LocalDate date) => date >= FirstDay;

    public override string ToString() => $"{Year}-Q{Number}";
}
