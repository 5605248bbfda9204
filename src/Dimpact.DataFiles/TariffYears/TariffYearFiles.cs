using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NodaTime;

using Dimpact.Billing;
using Dimpact.Billing.Tariffs;

namespace Dimpact.DataFiles.TariffYears;

/// <summary>
/// Reads a tariff year from its data files (one folder per year, see data/tariff-years/README.md) and validates
/// it. Every problem is reported with file, line and field; a year with any problem is not built.
/// </summary>
public static class TariffYearFiles
{
    public const string Settings = "tariff-year.csv";
    public const string ProductsFile = "products.csv";
    public const string RulesFile = "population-rules.csv";
    public const string MembersFile = "members.csv";
    public const string BudgetFile = "budget.csv";
    public const string PartnershipsFile = "partnerships.csv";
    public const string MergersFile = "mergers.csv";

    /// <summary>Optional products.csv column: association costs per inhabitant r_p (Tabel 7), for uptakes.</summary>
    public const string UptakeRateColumn = "association_costs_per_inhabitant";

    /// <summary>Optional products.csv column: the fixed supplier costs an uptake adds to the population rule.</summary>
    public const string UptakeFixedColumn = "uptake_fixed_costs";

    public static readonly string[] AllFiles = [Settings, ProductsFile, RulesFile, MembersFile, BudgetFile, PartnershipsFile, MergersFile];

    /// <summary>Loads data/tariff-years/{year} (or any folder holding the files).</summary>
    public static TariffYear Load(string directory)
    {
        var files = new Dictionary<string, string>();
        var problems = new List<DataProblem>();
        foreach (var name in AllFiles)
        {
            var path = Path.Combine(directory, name);
            if (File.Exists(path)) files[name] = File.ReadAllText(path, Encoding.UTF8);
            else problems.Add(new DataProblem(path, null, null, "the file is missing"));
        }
        if (problems.Count > 0) throw new InvalidInputException(problems);
        return Parse(files, directory);
    }

    /// <summary>Builds a tariff year from file contents by file name (as stored in blob storage or on disk).</summary>
    public static TariffYear Parse(IReadOnlyDictionary<string, string> files, string origin = "")
    {
        var problems = new List<DataProblem>();
        CsvTable Table(string name, params string[] columns)
        {
            var display = origin.Length == 0 ? name : Path.Combine(origin, name);
            if (!files.TryGetValue(name, out var text))
            {
                problems.Add(new DataProblem(display, null, null, "the file is missing"));
                return CsvTable.FromRecords(display, new CsvRow(1, columns), []);
            }
            try
            {
                var table = CsvTable.Parse(display, text);
                problems.AddRange(table.MissingColumns(columns));
                return table;
            }
            catch (InvalidInputException e)
            {
                problems.AddRange(e.Problems);
                return CsvTable.FromRecords(display, new CsvRow(1, columns), []);
            }
        }

        var settings = Table(Settings, "key", "value");
        var productTable = Table(ProductsFile, "product", "name", "kind", "population_rule", "supplier_costs", "product_hours", "association_costs", "vat_rate");
        var ruleTable = Table(RulesFile, "product", "bracket", "from_inhabitants", "to_inhabitants", "amount", "source");
        var memberTable = Table(MembersFile, "cbs_code", "name", "name_in_plan", "reference_population");
        var budgetTable = Table(BudgetFile, "cbs_code", "product", "supplier_costs", "product_hours", "association_costs", "budget");
        var partnershipTable = Table(PartnershipsFile, "partnership", "lead_code", "partner_code", "products");
        var mergerTable = Table(MergersFile, "successor_code", "successor_name", "predecessor_code", "effective_date");
        if (problems.Count > 0) throw new InvalidInputException(problems);

        var (year, advanceDate, settlementDate, totals) = ReadSettings(settings, problems);
        var terms = ReadMembershipTerms(settings, problems);
        var brackets = ReadBrackets(ruleTable, problems);
        var products = ReadProducts(productTable, brackets, problems);
        var members = ReadMembers(memberTable, problems);
        // Look-ups by key, so that loading stays linear in the number of members and lines.
        var memberCodes = members.Select(m => m.Code).ToHashSet();
        var productIds = products.ToDictionary(p => p.Id.Value, p => p.Id, StringComparer.Ordinal);
        var partnerships = ReadPartnerships(partnershipTable, memberCodes, productIds, problems);
        var lines = ReadBudget(budgetTable, memberCodes, productIds, partnerships, problems);
        var mergers = ReadMergers(mergerTable, problems);
        foreach (var (product, rows) in brackets.Where(b => !productIds.ContainsKey(b.Key.Value)))
            problems.Add(new DataProblem(ruleTable.File, rows[0].Line, "product", $"'{product}' is not a product of {ProductsFile}"));

        if (problems.Count > 0) throw new InvalidInputException(problems);
        return new TariffYear(year, Version(year, files), advanceDate, settlementDate, totals, products, members, lines, partnerships, mergers, terms);
    }

    /// <summary>
    /// The optional settings for membership changes: <c>entry_fee</c> (the entreegeld the members' meeting set; not in the
    /// plan) and <c>association_contribution</c> (what a member without products pays per year, 6,480 in 2024).
    /// </summary>
    private static MembershipTerms ReadMembershipTerms(CsvTable table, List<DataProblem> problems)
    {
        Money? Optional(string key)
        {
            if (table.Rows.FirstOrDefault(r => r.Fields[0].Trim() == key) is not { } row) return null;
            var f = table.Read(row, problems);
            var amount = f.Money("value");
            if (f.Ok && amount <= Money.Zero) f.Problem("value", $"the {key.Replace('_', ' ')} must be above 0");
            return f.Ok ? amount : null;
        }
        return new MembershipTerms(Optional("entry_fee"), Optional("association_contribution"));
    }

    private static (int, LocalDate, LocalDate, PlanTotals) ReadSettings(CsvTable table, List<DataProblem> problems)
    {
        var rows = table.Rows.ToDictionary(r => r.Fields[0].Trim(), r => r, StringComparer.Ordinal);
        FieldReader? Setting(string key)
        {
            if (rows.TryGetValue(key, out var row)) return table.Read(row, problems);
            problems.Add(new DataProblem(table.File, null, key, $"the setting '{key}' is missing"));
            return null;
        }
        int year = Setting("year")?.Int("value", min: 2000) ?? 0;
        var advance = Setting("advance_reference_date")?.Date("value") ?? default;
        var settlement = Setting("settlement_reference_date")?.Date("value") ?? default;
        var totals = new PlanTotals(
            Setting("plan_supplier_costs")?.Decimal("value", min: 0) ?? 0,
            Setting("plan_product_hours")?.Decimal("value", min: 0) ?? 0,
            Setting("plan_association_costs")?.Decimal("value", min: 0) ?? 0);
        if (year != 0 && settlement != default && settlement != new LocalDate(year, 1, 1))
            problems.Add(new DataProblem(table.File, rows["settlement_reference_date"].Line, "value", $"the settlement reference date must be 1 January {year}"));
        if (advance != default && settlement != default && advance > settlement)
            problems.Add(new DataProblem(table.File, rows["advance_reference_date"].Line, "value", "the advance reference date lies after the settlement reference date"));
        if (totals.SupplierCosts + totals.ProductHours == 0 && problems.Count == 0)
            problems.Add(new DataProblem(table.File, rows["plan_supplier_costs"].Line, "value", "supplier costs plus product hours must be above 0"));
        return (year, advance, settlement, totals);
    }

    private static Dictionary<ProductId, List<(int Line, Bracket Bracket)>> ReadBrackets(CsvTable table, List<DataProblem> problems)
    {
        var result = new Dictionary<ProductId, List<(int Line, Bracket Bracket)>>();
        foreach (var row in table.Rows)
        {
            var f = table.Read(row, problems);
            var product = f.Product("product");
            var number = f.Int("bracket", min: 1);
            var from = f.Int("from_inhabitants", min: 0);
            var to = f.OptionalInt("to_inhabitants", min: 1);
            var amount = f.Decimal("amount", min: 0);
            f.Text("source");
            if (!f.Ok) continue;
            if (to <= from) { f.Problem("to_inhabitants", $"{to} is not above from_inhabitants {from}"); continue; }
            var list = result.TryGetValue(product, out var l) ? l : result[product] = [];
            if (number != list.Count + 1) f.Problem("bracket", $"expected bracket {list.Count + 1} of '{product}'");
            else if (list.Count > 0 && list[^1].Bracket.To != from)
                f.Problem("from_inhabitants", $"{from} does not continue the previous bracket, which ends at {list[^1].Bracket.To?.ToString() ?? "no limit"}");
            else if (list.Count == 0 && from != 0) f.Problem("from_inhabitants", "the first bracket must start at 0");
            list.Add((row.Line, new Bracket(from, to, amount)));
        }
        foreach (var (product, list) in result.Where(r => r.Value.Count > 0 && r.Value[^1].Bracket.To is not null))
            problems.Add(new DataProblem(table.File, list[^1].Line, "to_inhabitants", $"the last bracket of '{product}' must be unbounded (empty)"));
        return result;
    }

    private static List<Product> ReadProducts(CsvTable table, Dictionary<ProductId, List<(int Line, Bracket Bracket)>> brackets, List<DataProblem> problems)
    {
        var products = new List<Product>();
        var ids = new HashSet<ProductId>();
        foreach (var row in table.Rows)
        {
            var f = table.Read(row, problems);
            var id = f.Product("product");
            var name = f.Text("name");
            var kindText = f.Text("kind");
            var ruleText = f.Text("population_rule");
            var supplier = f.Decimal("supplier_costs", min: 0);
            var hours = f.Decimal("product_hours", min: 0);
            f.Decimal("association_costs", min: 0);
            var vat = f.Decimal("vat_rate", min: 0);
            if (vat > 1) f.Problem("vat_rate", $"{vat} is a fraction (0.21 for 21 %), not a percentage");
            ProductKind? kind = kindText switch
            {
                "product" => ProductKind.Product,
                "association_contribution" => ProductKind.AssociationContribution,
                "" => null,
                _ => null,
            };
            if (kind is null && kindText.Length > 0) f.Problem("kind", $"'{kindText}' is not one of: product, association_contribution");
            // Optional columns (tariff data from before uptakes were priced lacks them): r_p of Tabel 7 and the fixed
            // supplier costs of an uptake; empty fixed costs mean the supplier amount comes with the uptake.
            UptakeTariff? uptake = null;
            if (table.Has(UptakeRateColumn) && f.Text(UptakeRateColumn, required: false).Length > 0)
            {
                var rate = f.Decimal(UptakeRateColumn, min: 0);
                decimal? fixedCosts = table.Has(UptakeFixedColumn) && f.Text(UptakeFixedColumn, required: false).Length > 0 ? f.Decimal(UptakeFixedColumn, min: 0) : null;
                uptake = new UptakeTariff(rate, fixedCosts);
            }
            else if (table.Has(UptakeFixedColumn) && f.Text(UptakeFixedColumn, required: false).Length > 0)
                f.Problem(UptakeRateColumn, $"'{id}' has uptake fixed costs but no association costs per inhabitant");
            if (ids.Contains(id)) f.Problem("product", $"'{id}' appears twice");
            var rows = brackets.TryGetValue(id, out var list) ? list.Select(b => b.Bracket).ToList() : [];
            PopulationRule? rule = ruleText switch
            {
                "progressive_brackets" when rows.Count > 0 => new ProgressiveBrackets(rows),
                "size_bracket_fee" when rows.Count > 0 => new SizeBracketFee(rows),
                "per_inhabitant" when rows is [{ From: 0, To: null } only] => new PerInhabitant(only.Amount),
                "none" when rows.Count == 0 => new NoPopulationEffect(),
                _ => null,
            };
            if (rule is null && ruleText.Length > 0)
                f.Problem("population_rule", PopulationRule.Kinds.Contains(ruleText)
                    ? $"'{ruleText}' does not fit the {rows.Count} bracket(s) of '{id}' in {RulesFile} (per_inhabitant takes one unbounded row from 0, none takes no rows)"
                    : $"'{ruleText}' is not one of: {string.Join(", ", PopulationRule.Kinds)}");
            if (f.Ok && kind is { } k && rule is not null)
            {
                products.Add(new Product(id, name, k, rule, supplier, hours, vat, k == ProductKind.Product ? uptake : null));
                ids.Add(id);
            }
        }
        return products;
    }

    private static List<Member> ReadMembers(CsvTable table, List<DataProblem> problems)
    {
        var members = new List<Member>();
        var codes = new HashSet<CbsCode>();
        foreach (var row in table.Rows)
        {
            var f = table.Read(row, problems);
            var code = f.Code("cbs_code");
            var name = f.Text("name");
            var nameInPlan = f.Text("name_in_plan");
            var population = f.Int("reference_population", min: 0);
            if (f.Ok && !codes.Add(code)) f.Problem("cbs_code", $"{code} appears twice");
            if (f.Ok) members.Add(new Member(code, name, nameInPlan, new Population(population)));
        }
        return members;
    }

    private static List<Partnership> ReadPartnerships(CsvTable table, HashSet<CbsCode> members, Dictionary<string, ProductId> products, List<DataProblem> problems)
    {
        var rows = new List<(string Name, CbsCode Lead, CbsCode Partner, ProductId[] Products)>();
        var partners = new HashSet<CbsCode>();
        foreach (var row in table.Rows)
        {
            var f = table.Read(row, problems);
            var name = f.Text("partnership");
            var lead = f.Code("lead_code");
            var partner = f.Code("partner_code");
            var shared = new List<ProductId>();
            foreach (var p in f.Text("products").Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (products.TryGetValue(p, out var product)) shared.Add(product);
                else f.Problem("products", $"'{p}' is not a product of {ProductsFile}");
            }
            if (f.Ok && !members.Contains(lead)) f.Problem("lead_code", $"{lead} is not in {MembersFile}");
            if (f.Ok && !members.Contains(partner)) f.Problem("partner_code", $"{partner} is not in {MembersFile}");
            if (f.Ok && lead == partner) f.Problem("partner_code", "a member cannot be its own partner");
            if (f.Ok && !partners.Add(partner)) f.Problem("partner_code", $"{partner} is already billed via another member");
            if (f.Ok) rows.Add((name, lead, partner, shared.ToArray()));
        }
        return rows.GroupBy(r => (r.Name, r.Lead))
            .Select(g => new Partnership(g.Key.Name, g.Key.Lead, g.Select(r => r.Partner).ToList(), g.SelectMany(r => r.Products).Distinct().ToList()))
            .ToList();
    }

    private static List<BudgetLine> ReadBudget(CsvTable table, HashSet<CbsCode> members, Dictionary<string, ProductId> products, List<Partnership> partnerships, List<DataProblem> problems)
    {
        var lines = new List<BudgetLine>();
        var memberProducts = new HashSet<(CbsCode, ProductId)>();
        var viaLead = partnerships.SelectMany(p => p.Partners.SelectMany(partner => p.Products.Select(product => (partner, product)))).ToHashSet();
        foreach (var row in table.Rows)
        {
            var f = table.Read(row, problems);
            var code = f.Code("cbs_code");
            var product = f.Product("product");
            var supplier = f.Money("supplier_costs");
            var hours = f.Money("product_hours");
            var association = f.Money("association_costs");
            var budget = f.Money("budget");
            if (!f.Ok) continue;
            if (!members.Contains(code)) f.Problem("cbs_code", $"{code} is not in {MembersFile}");
            if (!products.ContainsKey(product.Value)) f.Problem("product", $"'{product}' is not in {ProductsFile}");
            if (budget.IsNegative) f.Problem("budget", "a budget amount cannot be negative");
            if (memberProducts.Contains((code, product))) f.Problem("product", $"{code} has a second '{product}' line");
            if (viaLead.Contains((code, product)))
                f.Problem("cbs_code", $"{code} takes '{product}' through a partnership and is billed via its lead member");
            // The plan's split adds up to its tariff within its own rounding of EUR 1 (reference/NOTES.md, check 2).
            var split = supplier + hours + association;
            if (split != Money.Zero && Math.Abs((split - budget).Euros) > 1m)
                f.Problem("budget", $"{budget} differs from supplier + hours + association costs ({split}) by more than EUR 1");
            if (f.Ok)
            {
                lines.Add(new BudgetLine(code, product, supplier, hours, association, budget));
                memberProducts.Add((code, product));
            }
        }
        return lines;
    }

    private static List<Merger> ReadMergers(CsvTable table, List<DataProblem> problems)
    {
        var rows = new List<(CbsCode Successor, string Name, CbsCode Predecessor, LocalDate Date)>();
        var predecessors = new HashSet<CbsCode>();
        foreach (var row in table.Rows)
        {
            var f = table.Read(row, problems);
            var successor = f.Code("successor_code");
            var name = f.Text("successor_name");
            var predecessor = f.Code("predecessor_code");
            var date = f.Date("effective_date");
            if (f.Ok && successor == predecessor) f.Problem("predecessor_code", "a municipality cannot succeed itself");
            if (f.Ok && !predecessors.Add(predecessor)) f.Problem("predecessor_code", $"{predecessor} already has a successor");
            if (f.Ok) rows.Add((successor, name, predecessor, date));
        }
        return rows.GroupBy(r => (r.Successor, r.Name, r.Date))
            .Select(g => new Merger(g.Key.Successor, g.Key.Name, g.Select(r => r.Predecessor).ToList(), g.Key.Date))
            .ToList();
    }

    /// <summary>
    /// The version of a year's files (<see cref="TariffYear.Version"/>): a hash of their contents. Cheap, so that
    /// files read again (to archive them) can be checked against the year built from them without parsing them twice.
    /// </summary>
    public static string Version(int year, IReadOnlyDictionary<string, string> files)
    {
        var text = string.Concat(AllFiles.Select(n => n + "\n" + files[n].Replace("\r\n", "\n") + "\n"));
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        return string.Create(CultureInfo.InvariantCulture, $"{year}-{hash[..12]}");
    }
}
