using System.Globalization;
using Dimpact.Billing;

namespace Dimpact.Billing.Tests;

/// <summary>The plan's tables as extracted from the Bedrijfsplan 2024 (shared/reference), read as the oracle.</summary>
internal static class PlanTables
{
    private static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "Plan2024", file);

    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Read(string file)
    {
        var table = CsvTable.Parse(file, File.ReadAllText(PathOf(file)));
        return table.Rows.Select(r => (IReadOnlyDictionary<string, string>)table.Header
                .Select((h, i) => (h, v: i < r.Fields.Count ? r.Fields[i] : ""))
                .ToDictionary(x => x.h, x => x.v))
            .ToList();
    }

    public static decimal? Amount(this IReadOnlyDictionary<string, string> row, string column) =>
        row[column].Length == 0 ? null : decimal.Parse(row[column], CultureInfo.InvariantCulture);

    /// <summary>Plan name → CBS code (members_cbs.csv names the BWB members by municipality).</summary>
    public static IReadOnlyDictionary<string, CbsCode> CodesByPlanName()
    {
        var byName = Read("members_cbs.csv").ToDictionary(r => r["name_in_plan"], r => CbsCode.Parse(r["cbs_code"]));
        foreach (var bwb in new[] { "Culemborg", "Tiel", "West Betuwe" }) byName["BWB " + bwb] = byName[bwb];
        return byName;
    }
}
