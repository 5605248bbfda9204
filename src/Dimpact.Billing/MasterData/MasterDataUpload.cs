using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Dimpact.Billing.MasterData;

/// <summary>
/// One uploaded file: where it was uploaded (a blob name such as <c>tariff-years/2025/budget.csv</c>, or a local path)
/// and its text. Its name decides which set it belongs to. <c>Unreadable</c>: why its bytes are no CSV text (an Excel
/// workbook, a PDF, UTF-16, not UTF-8), which rejects the upload.
/// </summary>
public sealed record MasterDataFile(string Path, string Text, DataProblem? Unreadable = null)
{
    public string Name => Path.Split('/', '\\')[^1];
}

/// <summary>
/// What finance uploads at once: one or more files (the CLI passes several, the blob trigger one), under a name
/// (the blob or the CLI's upload folder), by somebody.
/// </summary>
public sealed partial record MasterDataUpload(string Name, IReadOnlyList<MasterDataFile> Files, string By)
{
    /// <summary>Who uploaded a blob whose uploader is not known.</summary>
    public const string FinanceUpload = "finance upload";

    /// <summary>A fingerprint of the files (paths and texts): a retry of the same upload has the same one.</summary>
    public string Fingerprint
    {
        get
        {
            var text = string.Concat(Files.OrderBy(f => f.Path, StringComparer.Ordinal).Select(f => f.Path + "\n" + f.Text + "\n\0"));
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
        }
    }

    /// <summary>
    /// Sorts the files into sets by name. A tariff-year file's year comes from its path (<c>…/tariff-years/2025/budget.csv</c>)
    /// or, failing that, from the one tariff-year.csv of the upload; a file whose set cannot be told is a problem.
    /// </summary>
    public (IReadOnlyDictionary<MasterDataSet, IReadOnlyDictionary<string, MasterDataFile>> Sets, IReadOnlyList<DataProblem> Problems) Classify()
    {
        var problems = new List<DataProblem>();
        var sets = new Dictionary<MasterDataSet, Dictionary<string, MasterDataFile>>();
        var settingsYears = Files.Where(f => f.Name == MasterDataSet.TariffYearFiles[0])
            .Select(f => YearInPath(f.Path) ?? YearInSettings(f.Text)).OfType<int>().Distinct().ToList();
        foreach (var file in Files)
        {
            MasterDataSet? set = MasterDataSet.OfMemberFile(file.Name);
            if (set is null && MasterDataSet.IsTariffYearFile(file.Name))
            {
                var year = YearInPath(file.Path) ?? (file.Name == MasterDataSet.TariffYearFiles[0] ? YearInSettings(file.Text) : null)
                    ?? (settingsYears is [var only] ? only : null);
                if (year is null)
                {
                    problems.Add(new DataProblem(file.Path, null, null, settingsYears.Count > 1
                        ? "the tariff year of this file cannot be determined: the upload holds tariff-year.csv files of several years; upload it as tariff-years/YEAR/" + file.Name
                        : "the tariff year of this file cannot be determined: upload it as tariff-years/YEAR/" + file.Name
                          + " (a blob of that name, or from a folder …/tariff-years/YEAR/), or together with the year's tariff-year.csv"));
                    continue;
                }
                set = MasterDataSet.TariffYear(year.Value);
            }
            if (set is null)
            {
                problems.Add(new DataProblem(file.Path, null, null, $"'{file.Name}' is not a master data file: expected {MasterDataSet.RegistryFile}, {MasterDataSet.ReferencesFile}, "
                    + $"{MasterDataSet.MembershipFile} or a tariff-year file ({string.Join(", ", MasterDataSet.TariffYearFiles)})"));
                continue;
            }
            var files = sets.TryGetValue(set, out var known) ? known : sets[set] = [];
            if (files.TryGetValue(file.Name, out var twice))
                problems.Add(new DataProblem(file.Path, null, null, $"the upload holds {file.Name} of {set} twice (also {twice.Path})"));
            else files[file.Name] = file;
        }
        return (sets.ToDictionary(s => s.Key, s => (IReadOnlyDictionary<string, MasterDataFile>)s.Value), problems);
    }

    /// <summary>The year of a path <c>…/tariff-years/2025/file.csv</c>.</summary>
    public static int? YearInPath(string path) =>
        TariffYearPath().Match(path) is { Success: true } match ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    /// <summary>The <c>year</c> key of a tariff-year.csv (<c>key,value</c> rows); null when it has none that reads as a year.</summary>
    public static int? YearInSettings(string text) =>
        text.ReplaceLineEndings("\n").Split('\n').Select(l => l.Trim().Split(','))
            .FirstOrDefault(p => p is [var key, _] && key.Trim().Equals("year", StringComparison.OrdinalIgnoreCase)) is [_, var value]
        && int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 2000 and <= 2999 ? year : null;

    [GeneratedRegex(@"(?:^|[/\\])tariff-years[/\\](\d{4})[/\\][^/\\]+$")]
    private static partial Regex TariffYearPath();
}
