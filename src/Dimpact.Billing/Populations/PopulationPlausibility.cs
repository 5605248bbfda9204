using System.Globalization;
using NodaTime;

namespace Dimpact.Billing.Populations;

/// <summary>
/// A member's figure that differs from what it is compared with by more than <see cref="PopulationPlausibility.MaxChange"/>.
/// <paramref name="Against"/> says what that was ("version 2024-01-01/v1", "the reference population of 2022-01-01").
/// </summary>
public sealed record ImplausibleChange(CbsCode Member, Population Before, Population After, string Against)
{
    /// <summary>The relative change, e.g. 0.25 for 25 % more inhabitants.</summary>
    public decimal Change => Before.Count == 0 ? 1m : (decimal)(After.Count - Before.Count) / Before.Count;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Member}: {After.Count} is {Math.Abs(Change):P1} {(Change > 0 ? "above" : "below")} {Against} ({Before.Count})");
}

/// <summary>
/// Plausibility is part of the money path: a population decides amounts, so an implausible one is refused or held,
/// never invoiced. Out of range (0, or far above the largest Dutch municipality) is an error in the file; a change
/// larger than <see cref="MaxChange"/> against the member's previous figure (the newest version of the date that was
/// not held, else the population the budget was computed on) holds the version until finance approves it.
/// </summary>
public sealed record PopulationPlausibility(decimal MaxChange = PopulationPlausibility.DefaultMaxChange)
{
    /// <summary>10 %: more than a year's growth of any Dutch municipality outside a merger.</summary>
    public const decimal DefaultMaxChange = 0.10m;

    /// <summary>The largest plausible figure: Amsterdam has about 930,000 inhabitants; a figure above this is a typo.</summary>
    public const int MaxPopulation = 2_000_000;

    public static PopulationPlausibility Default { get; } = new();

    /// <summary>Why a figure cannot be a municipality's population, or null when it can.</summary>
    public static string? OutOfRange(int count) => count switch
    {
        0 => "0 inhabitants is not a municipality's population (a missing figure is marked empty or '.', never 0)",
        > MaxPopulation => string.Create(CultureInfo.InvariantCulture,
            $"{count} inhabitants is implausible: more than {MaxPopulation:N0}, over twice the largest Dutch municipality"),
        _ => null,
    };

    /// <summary>The changes that hold figures of a date, comparing each member with <paramref name="before"/> (null: nothing to compare).</summary>
    public IReadOnlyList<ImplausibleChange> Check(IReadOnlyDictionary<CbsCode, Population> figures, Func<CbsCode, (Population Before, string Against)?> before) =>
        figures.OrderBy(f => f.Key.Value, StringComparer.Ordinal)
            .Select(f => before(f.Key) is { } b ? new ImplausibleChange(f.Key, b.Before, f.Value, b.Against) : null)
            .OfType<ImplausibleChange>()
            .Where(c => Math.Abs(c.Change) > MaxChange)
            .ToList();

    /// <summary>
    /// What the figures of <paramref name="date"/> are compared with: the newest version of that date that is not held
    /// (and not the same figures), else the reference population of the tariff year settled on that date.
    /// </summary>
    public static Func<CbsCode, (Population Before, string Against)?> Basis(
        IReadOnlyList<PopulationSnapshot> stored, LocalDate date, string figuresHash, Tariffs.TariffYear? settledOnDate)
    {
        var previous = stored.Where(s => s.ReferenceDate == date && s.FiguresHash != figuresHash && !s.IsHeld).MaxBy(s => s.Version);
        return member =>
        {
            if (previous?.Of(member) is { } p) return (p, $"version {previous.Id}");
            if (settledOnDate is { } year && year.IsMember(member))
                return (year.Member(member).ReferencePopulation,
                    string.Create(CultureInfo.InvariantCulture, $"the reference population of {year.AdvanceReferenceDate:yyyy-MM-dd}"));
            return null;
        };
    }
}
