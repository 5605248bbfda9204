using System.Globalization;

namespace Dimpact.Billing;

/// <summary>
/// An amount in euros, always rounded to whole cents. This type is the only place in the product
/// where money is rounded: half away from zero (BILLING.md, "Rounding").
/// </summary>
public readonly record struct Money : IComparable<Money>
{
    public decimal Euros { get; }

    private Money(decimal roundedEuros) => Euros = roundedEuros;

    public static Money Zero { get; } = new(0m);

    /// <summary>Rounds an exact euro amount to cents, half away from zero.</summary>
    public static Money Round(decimal euros) => new(Math.Round(euros, 2, MidpointRounding.AwayFromZero));

    /// <summary>Rounds an exact euro amount to whole euros, half away from zero (an uptake's annual tariff, "round0").</summary>
    public static Money RoundToEuros(decimal euros) => new(Math.Round(euros, 0, MidpointRounding.AwayFromZero));

    /// <summary>An amount that must already be whole cents (data files, stored invoices).</summary>
    public static Money Exact(decimal euros)
    {
        var rounded = Math.Round(euros, 2, MidpointRounding.AwayFromZero);
        if (rounded != euros)
            throw new ArgumentException($"{euros.ToString(CultureInfo.InvariantCulture)} is not a whole number of cents.", nameof(euros));
        return new(rounded);
    }

    public static Money FromCents(long cents) => new(cents / 100m);

    public long Cents => (long)(Euros * 100m);

    public bool IsNegative => Euros < 0m;

    public static Money operator +(Money a, Money b) => new(a.Euros + b.Euros);
    public static Money operator -(Money a, Money b) => new(a.Euros - b.Euros);
    public static Money operator -(Money a) => new(-a.Euros);
    public static Money operator *(Money a, int factor) => new(a.Euros * factor);
    public static bool operator <(Money a, Money b) => a.Euros < b.Euros;
    public static bool operator >(Money a, Money b) => a.Euros > b.Euros;
    public static bool operator <=(Money a, Money b) => a.Euros <= b.Euros;
    public static bool operator >=(Money a, Money b) => a.Euros >= b.Euros;

    /// <summary>Rounds this amount times a rate (VAT) to cents.</summary>
    public Money Times(decimal rate) => Round(Euros * rate);

    public int CompareTo(Money other) => Euros.CompareTo(other.Euros);

    /// <summary>Machine format: "1250.50" (CSV, storage, UBL).</summary>
    public override string ToString() => Euros.ToString("0.00", CultureInfo.InvariantCulture);

    public static Money Parse(string text) =>
        Exact(decimal.Parse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture));
}

public static class MoneyExtensions
{
    public static Money Sum(this IEnumerable<Money> amounts) => amounts.Aggregate(Money.Zero, (sum, m) => sum + m);

    public static Money Sum<T>(this IEnumerable<T> items, Func<T, Money> amount) => items.Select(amount).Sum();
}
