using System.Net.Mail;
using System.Text;
using Dimpact.Billing;
using Dimpact.Billing.Members;

namespace Dimpact.DataFiles.Members;

/// <summary>
/// Reads data/members/registry.csv and buyer-references.csv. Every problem is reported with file, line and
/// field; a registry with any problem is not built.
/// </summary>
public static class MemberRegistryFiles
{
    public const string RegistryFile = "registry.csv";
    public const string ReferencesFile = "buyer-references.csv";

    /// <summary>Separates the addresses in invoice_emails; a comma would clash with the CSV separator.</summary>
    public const char EmailSeparator = '|';

    public static MemberRegistry Load(string directory)
    {
        string Read(string name)
        {
            var path = Path.Combine(directory, name);
            return File.Exists(path)
                ? File.ReadAllText(path, Encoding.UTF8)
                : throw new InvalidInputException([new DataProblem(path, null, null, "the file is missing")]);
        }
        return Parse(Read(RegistryFile), Read(ReferencesFile), directory);
    }

    public static MemberRegistry Parse(string registryText, string referencesText, string origin = "")
    {
        var problems = new List<DataProblem>();
        var buyers = ParseBuyers(Display(origin, RegistryFile), registryText, problems);
        var references = ParseReferences(Display(origin, ReferencesFile), referencesText, buyers.Select(b => b.Code).ToHashSet(), problems);
        if (problems.Count > 0) throw new InvalidInputException(problems);
        return new MemberRegistry(buyers, references);
    }

    private static string Display(string origin, string name) => origin.Length == 0 ? name : Path.Combine(origin, name);

    private static List<Buyer> ParseBuyers(string file, string text, List<DataProblem> problems)
    {
        var buyers = new List<Buyer>();
        var table = TryParse(file, text, problems);
        if (table is null) return buyers;
        var missing = table.MissingColumns("cbs_code", "name", "street", "postcode", "city", "invoice_emails", "oin", "peppol_id");
        if (missing.Count > 0) { problems.AddRange(missing); return buyers; }

        var seen = new Dictionary<CbsCode, int>();
        foreach (var row in table.Rows)
        {
            var r = table.Read(row, problems);
            var code = r.Code("cbs_code");
            var name = r.Text("name");
            var street = r.Text("street");
            var postcode = r.Text("postcode");
            var city = r.Text("city");
            var emails = r.Text("invoice_emails").Split(EmailSeparator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var oin = r.Text("oin", required: false);
            var peppolText = r.Text("peppol_id", required: false);

            if (postcode.Length > 0 && !IsDutchPostcode(postcode)) r.Problem("postcode", $"'{postcode}' is not a Dutch postcode such as 7543 EZ");
            foreach (var email in emails.Where(e => !IsEmailAddress(e))) r.Problem("invoice_emails", $"'{email}' is not an e-mail address");
            if (oin.Length > 0 && (oin.Length != 20 || !oin.All(char.IsAsciiDigit))) r.Problem("oin", $"'{oin}' is not an OIN (20 digits)");
            PeppolId? peppol = null;
            if (peppolText.Length > 0 && !PeppolId.TryParse(peppolText, out peppol)) r.Problem("peppol_id", $"'{peppolText}' is not a Peppol id such as 0190:00000001001234567000");
            if (r.Ok && seen.TryGetValue(code, out var firstLine)) r.Problem("cbs_code", $"{code} is already listed on line {firstLine}");
            if (!r.Ok) continue;
            seen[code] = r.Line;
            buyers.Add(new Buyer(code, name, new PostalAddress(street, postcode, city), emails, oin.Length > 0 ? oin : null, peppol));
        }
        return buyers;
    }

    private static Dictionary<(CbsCode, int), string> ParseReferences(string file, string text, HashSet<CbsCode> members, List<DataProblem> problems)
    {
        var references = new Dictionary<(CbsCode, int), string>();
        var table = TryParse(file, text, problems);
        if (table is null) return references;
        var missing = table.MissingColumns("cbs_code", "year", "buyer_reference");
        if (missing.Count > 0) { problems.AddRange(missing); return references; }

        foreach (var row in table.Rows)
        {
            var r = table.Read(row, problems);
            var code = r.Code("cbs_code");
            var year = r.Int("year", min: 2000);
            var reference = r.Text("buyer_reference");
            if (r.Ok && !members.Contains(code)) r.Problem("cbs_code", $"{code} is not in {RegistryFile}");
            if (r.Ok && references.ContainsKey((code, year))) r.Problem("year", $"{code} already has a buyer reference for {year}");
            if (r.Ok) references[(code, year)] = reference;
        }
        return references;
    }

    private static CsvTable? TryParse(string file, string text, List<DataProblem> problems)
    {
        try { return CsvTable.Parse(file, text); }
        catch (InvalidInputException e) { problems.AddRange(e.Problems); return null; }
    }

    private static bool IsDutchPostcode(string text) =>
        text.Length == 7 && text[..4].All(char.IsAsciiDigit) && text[0] != '0' && text[4] == ' ' && text[5..].All(char.IsAsciiLetterUpper);

    private static bool IsEmailAddress(string text) =>
        MailAddress.TryCreate(text, out var address) && address.Address == text && text.Contains('.', StringComparison.Ordinal);
}
