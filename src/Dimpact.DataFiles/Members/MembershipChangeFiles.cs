using System.Globalization;
using Dimpact.Billing;
using Dimpact.Billing.Membership;

namespace Dimpact.DataFiles.Members;

/// <summary>
/// Reads membership-changes.csv (BILLING.md, "Membership over time"): the exact header
/// <see cref="MembershipChanges.Header"/>, one dated change per row. This checks each row on its own (types, the
/// fields its kind needs and no others); whether a change fits the tariff year it falls in is the core's
/// <c>MembershipRules</c>. Every problem is reported with file, line and field; a file with any problem is not read.
/// </summary>
public static class MembershipChangeFiles
{
    private static readonly string[] Columns = MembershipChanges.Header.Split(',');

    private static readonly Dictionary<string, ChangeKind> Kinds =
        Enum.GetValues<ChangeKind>().ToDictionary(k => k.ToString().ToLowerInvariant(), StringComparer.Ordinal);

    public static MembershipChanges Parse(string text, string file = MembershipChanges.FileName, string version = "")
    {
        var problems = new List<DataProblem>();
        CsvTable table;
        try { table = CsvTable.Parse(file, text); }
        catch (InvalidInputException e) { throw new InvalidInputException(e.Problems); }
        if (table.Header is [var only] && only.Contains(';', StringComparison.Ordinal))
            throw new InvalidInputException([new DataProblem(file, table.HeaderLine, null,
                "the fields are separated by ';' (Dutch Excel's 'CSV'), not ','; " + CsvTable.SaveAsCommaCsv)]);
        if (!table.Header.Select(h => h.Trim()).SequenceEqual(Columns, StringComparer.Ordinal))
            throw new InvalidInputException([new DataProblem(file, table.HeaderLine, null,
                $"the header must be exactly '{MembershipChanges.Header}', not '{string.Join(',', table.Header)}'")]);

        var changes = new List<MembershipChange>();
        var seen = new Dictionary<(CbsCode, ChangeKind, string), int>();
        foreach (var row in table.Rows)
        {
            var r = table.Read(row, problems);
            var member = r.Code("member_code");
            var name = r.Text("member_name");
            var kindText = r.Text("change").ToLowerInvariant();
            var date = r.Date("effective_date");
            var decision = r.Text("decision");
            if (!Kinds.TryGetValue(kindText, out var kind))
            {
                if (kindText.Length > 0) r.Problem("change", $"'{kindText}' is not a change: use join, uptake, leave or merge");
                continue;
            }

            ProductId? product = Optional(r, "product", kind is ChangeKind.Uptake, kind is ChangeKind.Leave, () => r.Product("product"));
            Population? population = Optional(r, "population", false, kind is ChangeKind.Join or ChangeKind.Uptake,
                () => new Population(r.Int("population", min: 1)));
            if (kind == ChangeKind.Join && r.Text("population", required: false).Length == 0)
                r.Problem("population", "a joining member needs its population at the advance reference date");
            Money? entryFee = Optional(r, "entry_fee", false, kind is ChangeKind.Join, () => PositiveMoney(r, "entry_fee"));
            Money? supplier = Optional(r, "supplier_amount", false, kind is ChangeKind.Uptake, () => PositiveMoney(r, "supplier_amount"));
            CbsCode? successor = Optional(r, "successor_code", kind is ChangeKind.Merge, false, () => r.Code("successor_code"));
            if (successor is { } s && s == member) r.Problem("successor_code", $"{member} cannot merge into itself");
            if (!r.Ok) continue;

            var key = (member, kind, product?.Value ?? "");
            if (seen.TryGetValue(key, out var first))
            {
                r.Problem(kind is ChangeKind.Uptake or ChangeKind.Leave && product is not null ? "product" : "change",
                    $"{member} already has this {kindText}{(product is { } p ? $" of {p}" : "")} on line {first.ToString(CultureInfo.InvariantCulture)}");
                continue;
            }
            seen[key] = r.Line;
            changes.Add(new MembershipChange(member, name, kind, product, date, population, entryFee, supplier, successor, decision) { Line = r.Line });
        }
        if (problems.Count > 0) throw new InvalidInputException(problems);
        return new MembershipChanges(version, changes, file);
    }

    /// <summary>A field that the change kind requires, allows, or must leave empty.</summary>
    private static T? Optional<T>(FieldReader r, string field, bool required, bool allowed, Func<T> read) where T : struct
    {
        var present = r.Text(field, required: false).Length > 0;
        if (required && !present) { r.Problem(field, $"the change '{r.Text("change").ToLowerInvariant()}' needs a {field.Replace('_', ' ')}"); return null; }
        if (!present) return null;
        if (!required && !allowed) { r.Problem(field, $"must be empty for the change '{r.Text("change").ToLowerInvariant()}'"); return null; }
        return read();
    }

    private static Money PositiveMoney(FieldReader r, string field)
    {
        var amount = r.Money(field);
        if (amount <= Money.Zero && r.Ok) r.Problem(field, "must be an amount above 0");
        return amount;
    }
}
