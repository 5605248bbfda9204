namespace Dimpact.DataFiles;

using System.Globalization;
using Dimpact.Billing;
using Dimpact.Billing.Populations;
using NodaTime;

/// <summary>
/// Gathers the figures of a file row by row, whatever its format, and turns them into snapshots per reference date:
/// duplicates, merged predecessors and missing members are handled here once for every format.
/// </summary>
internal sealed class FigureCollector(string file, MemberDirectory members, List<DataProblem> errors, List<DataProblem> warnings)
{
    private sealed record Entry(int Line, string Field, int? Value);

    private readonly Dictionary<(LocalDate Date, CbsCode Code), Entry> _entries = [];
    private readonly SortedSet<LocalDate> _dates = [];

    public int DataRows { get; private set; }
    public int IgnoredRows { get; private set; }

    /// <summary>A row for a region that is no member nor a member's predecessor (provinces, other municipalities).</summary>
    public void Ignore()
    {
        DataRows++;
        IgnoredRows++;
    }

    /// <summary>A row for a member or predecessor; <paramref name="value"/> null = CBS marked the figure missing.</summary>
    public void Add(int line, string field, CbsCode code, LocalDate date, int? value)
    {
        DataRows++;
        if (value is { } count && PopulationPlausibility.OutOfRange(count) is { } implausible)
        {
            // Plausibility is part of the money path: such a figure is never stored, let alone invoiced.
            errors.Add(new DataProblem(file, line, field, $"{members.NameOf(code)} ({code}): {implausible}"));
            return;
        }
        _dates.Add(date);
        var entry = new Entry(line, field, value);
        if (!_entries.TryGetValue((date, code), out var earlier))
        {
            _entries[(date, code)] = entry;
            return;
        }
        // The same municipality twice (by code, or by two names such as "Groningen" and "Groningen (gemeente)").
        var what = $"{members.NameOf(code)} ({code}) on {Iso(date)}";
        if (earlier.Value is null) _entries[(date, code)] = entry;
        else if (value is null) { }
        else if (earlier.Value == value)
            warnings.Add(new DataProblem(file, line, field, $"{what} repeats line {earlier.Line} with the same figure {value}; the repetition is ignored"));
        else
            errors.Add(new DataProblem(file, line, field, $"{what} has {value} here but {earlier.Value} on line {earlier.Line}: duplicate with a different figure"));
    }

    /// <summary>
    /// One snapshot per reference date that has any member figure. A member without a figure of its own takes the sum
    /// of its predecessors' figures when every predecessor has one (a file of a year before the merger, e.g. Voorne aan
    /// Zee on 1 January 2022 = Brielle + Hellevoetsluis + Westvoorne); otherwise it is missing and reported.
    /// </summary>
    public List<PopulationSnapshotData> Snapshots()
    {
        var snapshots = new List<PopulationSnapshotData>();
        foreach (var date in _dates)
        {
            var figures = new List<PopulationFigure>();
            var missing = new List<CbsCode>();
            foreach (var member in members.Members)
            {
                var figure = Own(date, member) ?? FromPredecessors(date, member);
                if (figure is { } f) figures.Add(new PopulationFigure(member, new Population(f), date));
                else missing.Add(member);
            }
            if (figures.Count == 0)
            {
                warnings.Add(new DataProblem(file, null, null, $"{Iso(date)} has no figure for any member (not yet published?); the date is left out"));
                continue;
            }
            foreach (var member in missing)
                warnings.Add(new DataProblem(file, LineOf(date, member), null, $"member {members.NameOf(member)} ({member}) has no figure for {Iso(date)}"));
            snapshots.Add(new PopulationSnapshotData(date, figures, missing));
        }
        return snapshots;
    }

    private int? Own(LocalDate date, CbsCode member) => _entries.TryGetValue((date, member), out var e) ? e.Value : null;

    private int? FromPredecessors(LocalDate date, CbsCode member)
    {
        var predecessors = members.PredecessorsOf(member);
        if (predecessors.Count == 0) return null;
        var values = predecessors.Select(p => (Code: p, Value: Own(date, p))).ToList();
        if (values.All(v => v.Value is null)) return null;
        if (values.Any(v => v.Value is null))
        {
            var absent = string.Join(", ", values.Where(v => v.Value is null).Select(v => $"{members.NameOf(v.Code)} ({v.Code})"));
            warnings.Add(new DataProblem(file, null, null,
                $"{members.NameOf(member)} ({member}) has no figure for {Iso(date)} and its predecessors cannot stand in: {absent} missing"));
            return null;
        }
        var sum = values.Sum(v => (long)v.Value!.Value);
        var parts = string.Join(" + ", values.Select(v => $"{members.NameOf(v.Code)} {v.Value}"));
        warnings.Add(new DataProblem(file, null, null, $"{members.NameOf(member)} ({member}) on {Iso(date)} is the sum of its predecessors: {parts} = {sum}"));
        return checked((int)sum);
    }

    private int? LineOf(LocalDate date, CbsCode member) => _entries.TryGetValue((date, member), out var e) ? e.Line : null;

    private static string Iso(LocalDate date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
