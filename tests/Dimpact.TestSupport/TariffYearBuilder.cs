using System.Globalization;
using Dimpact.Billing;
using Dimpact.Billing.Tariffs;
using Dimpact.DataFiles.TariffYears;
using NodaTime;
using NodaTime.Text;

namespace Dimpact.TestSupport;

/// <summary>
/// Builds a tariff year in memory, as its data files, so that a test states the one change it is about instead of
/// copying a folder and replacing strings: <c>TariffYearBuilder.From2024().WithBudget("GM0150", "esuite", 455_300).Build()</c>.
/// Every change edits the files' rows by column name and key (members by code, budget lines by code and product, …);
/// rows a test does not touch keep their text, so the unchanged 2024 files give the shipped year's version.
/// <see cref="Build"/> reads the files through <see cref="TariffYearFiles.Parse"/>, so every validation applies;
/// <see cref="Files"/> and <see cref="WriteTo"/> give them to a loader or the CLI.
/// </summary>
public sealed class TariffYearBuilder
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    // The key columns of each file's rows: a change replaces the row with the same key, or adds one.
    private static readonly Dictionary<string, string[]> Keys = new()
    {
        [TariffYearFiles.Settings] = ["key"],
        [TariffYearFiles.ProductsFile] = ["product"],
        [TariffYearFiles.RulesFile] = ["product", "bracket"],
        [TariffYearFiles.MembersFile] = ["cbs_code"],
        [TariffYearFiles.BudgetFile] = ["cbs_code", "product"],
        [TariffYearFiles.PartnershipsFile] = ["lead_code", "partner_code"],
        [TariffYearFiles.MergersFile] = ["predecessor_code"],
    };

    private readonly Dictionary<string, string> _files;

    private TariffYearBuilder(Dictionary<string, string> files) => _files = files;

    /// <summary>The shipped files of a year (data/tariff-years/{year}), unchanged.</summary>
    public static TariffYearBuilder FromShipped(int year) =>
        new(TariffYearFiles.AllFiles.ToDictionary(f => f, f => File.ReadAllText(Path.Combine(Repository.TariffYearFolder(year), f))));

    /// <summary>The shipped tariff year 2024 (Bedrijfsplan 2024), unchanged.</summary>
    public static TariffYearBuilder From2024() => FromShipped(2024);

    /// <summary>
    /// A year without products, members or budget: the settings only (advance reference date two years before the
    /// year, as in the plan; plan totals of supplier costs 1 and nothing else, so the association rate is 0).
    /// </summary>
    public static TariffYearBuilder Empty(int year = 2024) => new(new Dictionary<string, string>
    {
        [TariffYearFiles.Settings] = string.Create(Invariant,
            $"key,value\nyear,{year}\nadvance_reference_date,{year - 2}-01-01\nsettlement_reference_date,{year}-01-01\nplan_supplier_costs,1\nplan_product_hours,0\nplan_association_costs,0\n"),
        [TariffYearFiles.ProductsFile] = "product,name,kind,population_rule,supplier_costs,product_hours,association_costs,vat_rate\n",
        [TariffYearFiles.RulesFile] = "product,bracket,from_inhabitants,to_inhabitants,amount,source\n",
        [TariffYearFiles.MembersFile] = "cbs_code,name,name_in_plan,reference_population\n",
        [TariffYearFiles.BudgetFile] = "cbs_code,product,supplier_costs,product_hours,association_costs,budget\n",
        [TariffYearFiles.PartnershipsFile] = "partnership,lead_code,partner_code,products\n",
        [TariffYearFiles.MergersFile] = "successor_code,successor_name,predecessor_code,effective_date\n",
    });

    /// <summary>The files by name, as <see cref="TariffYearFiles.Parse"/> and blob storage take them.</summary>
    public IReadOnlyDictionary<string, string> Files() => new Dictionary<string, string>(_files);

    /// <summary>The year read from the files, with every validation of the loader (a problem throws <see cref="InvalidInputException"/>).</summary>
    public TariffYear Build(string origin = "") => TariffYearFiles.Parse(_files, origin);

    /// <summary>Writes the files into <paramref name="folder"/> (created when missing; files of the same name are replaced) and returns it.</summary>
    public string WriteTo(string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var (name, text) in _files) File.WriteAllText(Path.Combine(folder, name), text);
        return folder;
    }

    /// <summary>A catalog in a new temporary folder holding this year as {root}/{year}, the way the product ships its years.</summary>
    public TariffYearCatalog Catalog()
    {
        var root = Directory.CreateTempSubdirectory("tariff-years-").FullName;
        WriteTo(Path.Combine(root, Setting("year")));
        return new TariffYearCatalog(root);
    }

    /// <summary>The line number of a file's last row, as a problem names it.</summary>
    public int LastLine(string file) => _files[file].TrimEnd('\n', '\r').Split('\n').Length;

    // ---- settings (tariff-year.csv)

    /// <summary>Sets (or adds) a setting of tariff-year.csv.</summary>
    public TariffYearBuilder WithSetting(string key, string value) => WithRow(TariffYearFiles.Settings, new() { ["key"] = key, ["value"] = value });

    public TariffYearBuilder WithoutSetting(string key) => WithoutRows(TariffYearFiles.Settings, r => r["key"] == key);

    /// <summary>Another year with the same data: the year, and both reference dates moved by as many years.</summary>
    public TariffYearBuilder WithYear(int year)
    {
        var shift = year - int.Parse(Setting("year"), Invariant);
        string Moved(string key) => LocalDatePattern.Iso.Parse(Setting(key)).Value.PlusYears(shift).ToString("yyyy-MM-dd", Invariant);
        return WithSetting("advance_reference_date", Moved("advance_reference_date"))
            .WithSetting("settlement_reference_date", Moved("settlement_reference_date"))
            .WithSetting("year", year.ToString(Invariant));
    }

    /// <summary>The plan's cost totals (Bedrijfsplan Tabel 8), from which the association rate a is derived.</summary>
    public TariffYearBuilder WithPlanTotals(decimal supplierCosts, decimal productHours, decimal associationCosts) =>
        WithSetting("plan_supplier_costs", Number(supplierCosts))
            .WithSetting("plan_product_hours", Number(productHours))
            .WithSetting("plan_association_costs", Number(associationCosts));

    private string Setting(string key) => Rows(TariffYearFiles.Settings).Single(r => r["key"] == key)["value"];

    // ---- products (products.csv, population-rules.csv)

    /// <summary>Adds (or replaces) a product; its population rule is <c>none</c> until <see cref="WithRule"/> gives it brackets.</summary>
    public TariffYearBuilder WithProduct(string product, string name, decimal supplierCosts = 0, decimal productHours = 0, decimal associationCosts = 0,
        decimal vatRate = 0.21m, string kind = "product") =>
        WithRow(TariffYearFiles.ProductsFile, new()
        {
            ["product"] = product, ["name"] = name, ["kind"] = kind, ["population_rule"] = "none",
            ["supplier_costs"] = Number(supplierCosts), ["product_hours"] = Number(productHours),
            ["association_costs"] = Number(associationCosts), ["vat_rate"] = Number(vatRate),
        });

    /// <summary>
    /// Sets one column of a product's row in products.csv (<c>vat_rate</c>, <c>population_rule</c>, …); a column the
    /// file does not have yet (an optional one) is added, empty for the other products.
    /// </summary>
    public TariffYearBuilder WithProductColumn(string product, string column, string value) =>
        WithField(TariffYearFiles.ProductsFile, [product], column, value);

    /// <summary>A product's population rule and its brackets (population-rules.csv), replacing the ones it had.</summary>
    public TariffYearBuilder WithRule(string product, string rule, params Bracket[] brackets)
    {
        WithoutRows(TariffYearFiles.RulesFile, r => r["product"] == product);
        for (var i = 0; i < brackets.Length; i++)
            WithRow(TariffYearFiles.RulesFile, new()
            {
                ["product"] = product, ["bracket"] = (i + 1).ToString(Invariant), ["from_inhabitants"] = brackets[i].From.ToString(Invariant),
                ["to_inhabitants"] = brackets[i].To?.ToString(Invariant) ?? "", ["amount"] = Number(brackets[i].Amount), ["source"] = "test",
            });
        return WithProductColumn(product, "population_rule", rule);
    }

    // ---- members (members.csv)

    /// <summary>Adds (or replaces) a member with its reference population (the population of the advance reference date).</summary>
    public TariffYearBuilder WithMember(string code, string name, int referencePopulation, string? nameInPlan = null) =>
        WithRow(TariffYearFiles.MembersFile, new()
        {
            ["cbs_code"] = code, ["name"] = name, ["name_in_plan"] = nameInPlan ?? name, ["reference_population"] = referencePopulation.ToString(Invariant),
        });

    /// <summary>Removes a member with its budget lines and the partnership rows that name it, so that the year stays valid.</summary>
    public TariffYearBuilder WithoutMember(string code) =>
        WithoutRows(TariffYearFiles.MembersFile, r => r["cbs_code"] == code)
            .WithoutRows(TariffYearFiles.BudgetFile, r => r["cbs_code"] == code)
            .WithoutRows(TariffYearFiles.PartnershipsFile, r => r["lead_code"] == code || r["partner_code"] == code);

    // ---- budget (budget.csv)

    /// <summary>
    /// A member's annual tariff for a product (a new line, or a changed amount). Without <paramref name="split"/> an
    /// existing line's split (supplier costs, product hours, association costs) is scaled to add up to the new amount,
    /// and a new line has none (0, 0, 0), which the loader accepts.
    /// </summary>
    public TariffYearBuilder WithBudget(string code, string product, decimal budget, (decimal SupplierCosts, decimal ProductHours, decimal AssociationCosts)? split = null)
    {
        var existing = Rows(TariffYearFiles.BudgetFile).FirstOrDefault(r => r["cbs_code"] == code && r["product"] == product);
        if (split is null && existing is not null)
        {
            var old = decimal.Parse(existing["budget"], Invariant);
            decimal Scaled(string column) => old == 0 ? 0 : Math.Round(decimal.Parse(existing[column], Invariant) * budget / old, 2);
            var supplier = Scaled("supplier_costs");
            var hours = Scaled("product_hours");
            split = (supplier, hours, old == 0 ? 0 : budget - supplier - hours);
        }
        var (s, h, a) = split ?? (0, 0, 0);
        return WithRow(TariffYearFiles.BudgetFile, new()
        {
            ["cbs_code"] = code, ["product"] = product, ["supplier_costs"] = Number(s), ["product_hours"] = Number(h),
            ["association_costs"] = Number(a), ["budget"] = Number(budget),
        });
    }

    public TariffYearBuilder WithoutBudget(string code, string product) =>
        WithoutRows(TariffYearFiles.BudgetFile, r => r["cbs_code"] == code && r["product"] == product);

    // ---- partnerships and mergers

    /// <summary>A partner billed via a lead member for the shared products (partnerships.csv).</summary>
    public TariffYearBuilder WithPartnership(string name, string lead, string partner, params string[] products) =>
        WithRow(TariffYearFiles.PartnershipsFile, new() { ["partnership"] = name, ["lead_code"] = lead, ["partner_code"] = partner, ["products"] = string.Join('|', products) });

    /// <summary>A predecessor merging into a successor on a date (mergers.csv, one row per predecessor).</summary>
    public TariffYearBuilder WithMerger(string successor, string successorName, string predecessor, LocalDate effectiveDate) =>
        WithRow(TariffYearFiles.MergersFile, new()
        {
            ["successor_code"] = successor, ["successor_name"] = successorName, ["predecessor_code"] = predecessor,
            ["effective_date"] = effectiveDate.ToString("yyyy-MM-dd", Invariant),
        });

    // ---- any file: for data a loader must refuse, and columns other changes do not reach

    /// <summary>
    /// Sets one field of the row with the given key (the file's key columns in order, e.g. code and product for
    /// budget.csv) to any text, also one the loader refuses; a missing column is added.
    /// </summary>
    public TariffYearBuilder WithField(string file, string[] key, string column, string value)
    {
        var rows = Rows(file);
        var row = rows.SingleOrDefault(r => Keys[file].Select(k => r[k]).SequenceEqual(key))
            ?? throw new ArgumentException($"{file} has no row {string.Join('/', key)}", nameof(key));
        var edited = new Dictionary<string, string>(row) { [column] = value };
        return WithRow(file, edited, matchOn: row);
    }

    /// <summary>Removes a column from a file's header and every row.</summary>
    public TariffYearBuilder WithoutColumn(string file, string column)
    {
        var (header, rows) = Table(file);
        var index = header.IndexOf(column);
        if (index < 0) throw new ArgumentException($"{file} has no column '{column}'", nameof(column));
        _files[file] = Line(header.Where((_, i) => i != index)) + "\n" + string.Concat(rows.Select(r => Line(r.Fields.Where((_, i) => i != index)) + "\n"));
        return this;
    }

    /// <summary>Appends a line as it stands (e.g. a row that repeats a key, which a keyed change would replace).</summary>
    public TariffYearBuilder AppendRow(string file, string line)
    {
        _files[file] = _files[file].TrimEnd('\n', '\r') + "\n" + line + "\n";
        return this;
    }

    /// <summary>Changes a file's text as a whole: for what no other change expresses.</summary>
    public TariffYearBuilder EditFile(string file, Func<string, string> change)
    {
        _files[file] = change(_files[file]);
        return this;
    }

    public TariffYearBuilder WithoutFile(string file)
    {
        _files.Remove(file);
        return this;
    }

    // ---- the rows of a file, by column name

    private sealed record TableRow(string[] Fields, string Raw);

    private (List<string> Header, List<TableRow> Rows) Table(string file)
    {
        var records = CsvTable.Split(file, _files[file], ',');
        var header = records[0].Fields.Select(h => h.Trim()).ToList();
        var lines = _files[file].Replace("\r\n", "\n").Split('\n');
        // A row keeps its text unless a change touches it; rows are one line each in tariff data.
        var rows = records.Skip(1).Select(r => new TableRow([.. r.Fields], lines[r.Line - 1])).ToList();
        return (header, rows);
    }

    private List<Dictionary<string, string>> Rows(string file)
    {
        var (header, rows) = Table(file);
        return rows.Select(r => Named(header, r)).ToList();
    }

    /// <summary>Replaces the row with the same key (or <paramref name="matchOn"/>'s), else appends it; columns it names that the file lacks are added.</summary>
    private TariffYearBuilder WithRow(string file, Dictionary<string, string> values, Dictionary<string, string>? matchOn = null)
    {
        var (header, rows) = Table(file);
        var added = values.Keys.Where(c => !header.Contains(c)).ToList();
        var widened = header.Concat(added).ToList();
        var match = matchOn ?? values;
        var index = rows.FindIndex(r => Keys[file].All(k => Field(header, r, k) == match.GetValueOrDefault(k, "")));
        string[] Fields(TableRow? old) => widened.Select(c => values.TryGetValue(c, out var v) ? v : old is null ? "" : Field(header, old, c)).ToArray();
        var lines = rows.Select(r => added.Count == 0 ? r.Raw : Line([.. r.Fields, .. added.Select(_ => "")])).ToList();
        if (index >= 0) lines[index] = Line(Fields(rows[index]));
        else lines.Add(Line(Fields(null)));
        _files[file] = Line(widened) + "\n" + string.Concat(lines.Select(l => l + "\n"));
        return this;
    }

    private TariffYearBuilder WithoutRows(string file, Func<Dictionary<string, string>, bool> where)
    {
        var (header, rows) = Table(file);
        var kept = rows.Where(r => !where(Named(header, r)));
        _files[file] = Line(header) + "\n" + string.Concat(kept.Select(r => r.Raw + "\n"));
        return this;
    }

    private static Dictionary<string, string> Named(List<string> header, TableRow row) => header.ToDictionary(h => h, h => Field(header, row, h));

    private static string Field(List<string> header, TableRow row, string column)
    {
        var i = header.IndexOf(column);
        return i >= 0 && i < row.Fields.Length ? row.Fields[i].Trim() : "";
    }

    /// <summary>One CSV line as the tariff files write it: a field is quoted only when it holds a comma, quote or line break.</summary>
    private static string Line(IEnumerable<string> fields) =>
        string.Join(',', fields.Select(f => f.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + f.Replace("\"", "\"\"") + "\"" : f));

    private static string Number(decimal value) => value.ToString(Invariant);
}
