using System.Globalization;
using System.Text;
using Dimpact.Billing;
using Dimpact.Billing.Ledger;

namespace Dimpact.DataFiles.Ledger;

/// <summary>
/// Reads the chart of accounts of the ledger export, a CSV <c>role,key,account,name</c>: one line per single role
/// (<c>receivable</c>, <c>bank</c>, <c>unallocated</c>, <c>received_in_advance</c>, key empty), a <c>revenue</c> line per
/// product (key: the product id) and a <c>vat</c> line per VAT rate (key: the rate as a fraction, 0.21). Every problem is
/// reported with file, line and field; a file with any problem is not used.
/// </summary>
public static class LedgerAccountFiles
{
    public const string DefaultFile = "accounts.csv";

    /// <summary>The sample shipped with the program (data/ledger/accounts.csv).</summary>
    public static string NextToProgram => Path.Combine(AppContext.BaseDirectory, "data", "ledger", DefaultFile);

    private static readonly Dictionary<string, LedgerRole> Roles = new(StringComparer.Ordinal)
    {
        ["receivable"] = LedgerRole.Receivable,
        ["bank"] = LedgerRole.Bank,
        ["unallocated"] = LedgerRole.Unallocated,
        ["received_in_advance"] = LedgerRole.ReceivedInAdvance,
        ["revenue"] = LedgerRole.Revenue,
        ["vat"] = LedgerRole.VatPayable,
    };

    public static LedgerAccounts Load(string path) =>
        File.Exists(path)
            ? Parse(path, File.ReadAllText(path, Encoding.UTF8))
            : throw new InvalidInputException([new DataProblem(path, null, null, "the file is missing (app setting Ledger__AccountsFile)")]);

    public static LedgerAccounts Parse(string file, string text)
    {
        var problems = new List<DataProblem>();
        CsvTable table;
        try { table = CsvTable.Parse(file, text); }
        catch (InvalidInputException e) { throw new InvalidInputException(e.Problems); }
        var missing = table.MissingColumns("role", "key", "account", "name");
        if (missing.Count > 0) throw new InvalidInputException(missing);

        var single = new Dictionary<LedgerRole, LedgerAccount>();
        var revenue = new Dictionary<ProductId, LedgerAccount>();
        var vat = new Dictionary<decimal, LedgerAccount>();
        var seen = new Dictionary<(LedgerRole, string), int>();
        foreach (var row in table.Rows.Where(r => !r.IsBlank))
        {
            var r = table.Read(row, problems);
            var roleText = r.Text("role");
            var key = r.Text("key", required: false);
            var account = new LedgerAccount(r.Text("account"), r.Text("name"));
            if (roleText.Length > 0 && !Roles.ContainsKey(roleText))
            {
                r.Problem("role", $"'{roleText}' is not a role: use one of {string.Join(", ", Roles.Keys)}");
                continue;
            }
            if (!r.Ok) continue;
            var role = Roles[roleText];
            switch (role)
            {
                case LedgerRole.Revenue:
                    if (key.Length == 0) { r.Problem("key", "a revenue account names its product, such as esuite"); continue; }
                    ProductId product;
                    try { product = ProductId.Parse(key); }
                    catch (FormatException e) { r.Problem("key", e.Message); continue; }
                    if (Duplicate(r, role, product.Value, seen)) continue;
                    revenue[product] = account;
                    break;
                case LedgerRole.VatPayable:
                    if (!decimal.TryParse(key, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var rate) || rate > 1m)
                    { r.Problem("key", $"'{key}' is not a VAT rate as a fraction, such as 0.21"); continue; }
                    if (Duplicate(r, role, rate.ToString("0.####", CultureInfo.InvariantCulture), seen)) continue;
                    vat[rate] = account;
                    break;
                default:
                    if (key.Length > 0) { r.Problem("key", $"a {roleText} account has no key (one account for all members)"); continue; }
                    if (Duplicate(r, role, "", seen)) continue;
                    single[role] = account;
                    break;
            }
        }
        foreach (var role in LedgerAccounts.SingleRoles.Where(role => !single.ContainsKey(role)))
            problems.Add(new DataProblem(file, null, "role", $"there is no '{Roles.Single(p => p.Value == role).Key}' account"));
        if (problems.Count > 0) throw new InvalidInputException(problems);
        return new LedgerAccounts(file, single, revenue, vat);
    }

    private static bool Duplicate(FieldReader r, LedgerRole role, string key, Dictionary<(LedgerRole, string), int> seen)
    {
        if (seen.TryGetValue((role, key), out var first))
        {
            r.Problem(key.Length == 0 ? "role" : "key", $"this account is already given on line {first}");
            return true;
        }
        seen[(role, key)] = r.Line;
        return false;
    }
}
