namespace Dimpact.DataFiles;

using System.Globalization;
using System.Text;
using Dimpact.Billing;
using Dimpact.Billing.Tariffs;

/// <summary>
/// The municipalities a population file is read for: the members of a tariff year, found by code or by name, and
/// the predecessors of members formed by a merger (statutes art. 4.5: the successor takes over their billing).
/// </summary>
/// <remarks>
/// Names are compared without case, diacritics, hyphens or repeated spaces, and without the suffix CBS adds to a
/// municipality that shares its name with a province or place (" (gemeente)", " (gem.)", English " Municipality").
/// Other suffixes such as "Bergen (NH.)" tell different municipalities apart and are kept. Both the official name and
/// the plan's name of a member are known ("Voorne aan Zee" / "Voorne aan zee", "Culemborg" / "BWB Culemborg").
/// </remarks>
public sealed class MemberDirectory
{
    private static readonly string[] CbsSuffixes = [" (gemeente)", " (gem.)", " (gem)", " municipality"];

    private readonly Dictionary<CbsCode, string> _names = [];
    private readonly HashSet<CbsCode> _memberSet;
    private readonly Dictionary<string, CbsCode> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<CbsCode, CbsCode> _successorOf = [];
    private readonly Dictionary<CbsCode, IReadOnlyList<CbsCode>> _predecessorsOf = [];

    /// <param name="members">The members: code, official name and the name used in the plan.</param>
    /// <param name="mergers">Mergers; only those whose successor is a member matter.</param>
    /// <param name="otherNames">Names of codes that are not members themselves, e.g. merged predecessors.</param>
    public MemberDirectory(IEnumerable<Member> members, IEnumerable<Merger> mergers, IEnumerable<KeyValuePair<CbsCode, string>> otherNames)
    {
        foreach (var member in members)
        {
            _names[member.Code] = member.Name;
            AddName(member.Name, member.Code);
            AddName(member.NameInPlan, member.Code);
        }
        // Members that merged into a municipality the tariff year does not list: the successor's figure is kept too,
        // a predecessor without a figure of its own is settled on its share of it (TariffYear.SettlementFigure).
        foreach (var merger in mergers.Where(m => !_names.ContainsKey(m.Successor) && m.Predecessors.Any(_names.ContainsKey)))
            _names[merger.Successor] = merger.SuccessorName;
        Members = _names.Keys.ToList();
        _memberSet = Members.ToHashSet();
        foreach (var merger in mergers.Where(m => _names.ContainsKey(m.Successor)))
        {
            AddName(merger.SuccessorName, merger.Successor);
            _predecessorsOf[merger.Successor] = merger.Predecessors;
            foreach (var predecessor in merger.Predecessors) _successorOf[predecessor] = merger.Successor;
        }
        foreach (var (code, name) in otherNames.Where(n => _successorOf.ContainsKey(n.Key)))
        {
            _names.TryAdd(code, name);
            AddName(name, code);
        }
    }

    /// <summary>The members of the tariff year, their mergers, and the names of predecessors this project knows.</summary>
    public static MemberDirectory For(TariffYear year) => new(year.Members, year.Mergers, KnownNames.Value);

    /// <summary>Names of former municipalities (MunicipalityNames.csv): CBS files name predecessors, the tariff year only codes them.</summary>
    private static readonly Lazy<IReadOnlyList<KeyValuePair<CbsCode, string>>> KnownNames = new(() =>
    {
        using var stream = typeof(MemberDirectory).Assembly.GetManifestResourceStream("Dimpact.DataFiles.MunicipalityNames.csv")
            ?? throw new InvalidOperationException("The resource MunicipalityNames.csv is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var table = CsvTable.Parse("MunicipalityNames.csv", reader.ReadToEnd());
        return table.Rows.Select(r => KeyValuePair.Create(CbsCode.Parse(r.Fields[0]), r.Fields[1].Trim())).ToList();
    });

    public IReadOnlyList<CbsCode> Members { get; }

    public bool IsMember(CbsCode code) => _memberSet.Contains(code);

    /// <summary>A member, or a predecessor whose figure can stand in for a member's.</summary>
    public bool Matters(CbsCode code) => _memberSet.Contains(code) || _successorOf.ContainsKey(code);

    public string NameOf(CbsCode code) => _names.TryGetValue(code, out var name) ? name : code.Value;

    public IReadOnlyList<CbsCode> PredecessorsOf(CbsCode member) => _predecessorsOf.TryGetValue(member, out var p) ? p : [];

    /// <summary>Finds a member or predecessor by any of its names; false for every other municipality or region.</summary>
    public bool TryFind(string name, out CbsCode code) => _byName.TryGetValue(Normalize(name), out code);

    public static string Normalize(string name)
    {
        var text = name.Trim().ToLowerInvariant();
        foreach (var suffix in CbsSuffixes)
            if (text.EndsWith(suffix, StringComparison.Ordinal)) text = text[..^suffix.Length];
        var plain = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            var d = c is '-' or '\u2010' or '\u2011' or '\u2013' or '\u00A0' ? ' ' : c;
            if (d == ' ' && (plain.Length == 0 || plain[^1] == ' ')) continue;
            plain.Append(d);
        }
        return plain.ToString().TrimEnd();
    }

    private void AddName(string name, CbsCode code)
    {
        var key = Normalize(name);
        if (key.Length == 0) return;
        if (_byName.TryGetValue(key, out var other) && other != code)
            throw new ArgumentException($"The name '{name}' would stand for both {other} and {code}.");
        _byName[key] = code;
    }
}
