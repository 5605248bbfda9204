using NodaTime;

namespace Dimpact.Billing;

/// <summary>A number of inhabitants.</summary>
public readonly record struct Population : IComparable<Population>
{
    public int Count { get; }

    public Population(int count)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "A population cannot be negative.");
        Count = count;
    }

    /// <summary>Checked: a sum beyond int is an error, never a wrapped negative population.</summary>
    public static Population operator +(Population a, Population b) => new(checked(a.Count + b.Count));

    public int CompareTo(Population other) => Count.CompareTo(other.Count);

    public override string ToString() => Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The population of one municipality on a reference date (always a 1 January in CBS figures).</summary>
public sealed record PopulationFigure(CbsCode Member, Population Population, LocalDate ReferenceDate);
