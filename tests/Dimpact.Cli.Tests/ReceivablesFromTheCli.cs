using System.Globalization;
using Dimpact.TestSupport;
using UglyToad.PdfPig;

namespace Dimpact.Cli.Tests;

/// <summary>
/// Finance's receivables commands: `receivables` (open items; the CSV header exactly as documented, a credit note's
/// amounts negative; --xlsx), `receivables statement` (the PDF), `ledger export` (balanced CSV, the same on a re-export;
/// a bad accounts file is exit 2 naming file, line and field).
/// </summary>
public class ReceivablesFromTheCli
{
    private readonly Dictionary<string, string> _environment = new()
    {
        ["DIMPACT_STORAGE"] = Azurite.ConnectionString,
        ["DIMPACT_STORAGE_PREFIX"] = Azurite.UniquePrefix(),
        ["Smtp__PickupDirectory"] = Directory.CreateTempSubdirectory("cli-mail-").FullName,
    };

    private Task<CliResult> Dimpact(params string[] arguments) => CliProcess.RunAsync(arguments, _environment);

    private async Task<CliResult> Run(params string[] arguments)
    {
        var result = await Dimpact(arguments);
        Assert.True(result.ExitCode == 0, $"dimpact {string.Join(' ', arguments)}: exit {result.ExitCode}\n{result.Output}\n{result.Error}");
        return result;
    }

    private static string[] CsvLines(CliResult result) => result.Output.TrimEnd('\n').Split('\n');

    /// <summary>Q1 issued; 2024-000001 paid in full and 2024-000002 for 100.00 by a statement of 1 February.</summary>
    private async Task<Dictionary<string, string>> APaidQuarterAsync()
    {
        await Run("daily", "--date", "2024-01-02");
        var totals = CsvLines(await Run("invoices", "list", "--year", "2024", "--csv")).Skip(1).Select(l => l.Split(',')).ToDictionary(f => f[0], f => f[^1]);
        var path = Path.Combine(Directory.CreateTempSubdirectory("cli-bank-").FullName, "S1.xml");
        File.WriteAllBytes(path, CamtStatement.Bytes("S1", 0m,
        [
            new CamtEntry("B1", decimal.Parse(totals["2024-000001"], CultureInfo.InvariantCulture), "Factuur 2024-000001"),
            new CamtEntry("B2", 100m, "2024-000002"),
        ]));
        await Run("payments", "import", path);
        return totals;
    }

    [Fact]
    public async Task Receivables_as_csv_have_the_documented_header_and_a_line_per_document()
    {
        var totals = await APaidQuarterAsync();
        var lines = CsvLines(await Run("receivables", "--as-of", "2024-03-15", "--csv"));
        Assert.Equal("number,kind,member_code,issue_date,due_date,total_incl_vat,allocated,open,days_overdue", lines[0]);
        Assert.Equal(totals.Count, lines.Length - 1);
        Assert.Contains($"2024-000001,invoice,{lines[1].Split(',')[2]},2024-01-02,2024-02-01,{totals["2024-000001"]},{totals["2024-000001"]},0.00,0", lines);
        var second = lines.Single(l => l.StartsWith("2024-000002,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(("100.00", (decimal.Parse(totals["2024-000002"], CultureInfo.InvariantCulture) - 100m).ToString("0.00", CultureInfo.InvariantCulture), "43"),
            (second[6], second[7], second[8]));

        var member = second[2];
        var one = CsvLines(await Run("receivables", "--as-of", "2024-03-15", "--member", member, "--csv"));
        Assert.Equal(2, one.Length);

        var xlsx = Path.Combine(Directory.CreateTempSubdirectory("cli-xlsx-").FullName, "open.xlsx");
        var table = await Run("receivables", "--as-of", "2024-03-15", "--open", "--xlsx", xlsx);
        Assert.True(new FileInfo(xlsx).Length > 0);
        Assert.Contains("31–60 dagen", table.Output);

        var bad = await Dimpact("receivables", "--as-of", "15-03-2024");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--as-of", bad.Error);
    }

    [Fact]
    public async Task A_statement_of_account_is_written_as_a_pdf()
    {
        await APaidQuarterAsync();
        var member = CsvLines(await Run("receivables", "--csv")).Single(l => l.StartsWith("2024-000002,", StringComparison.Ordinal)).Split(',')[2];
        var folder = Directory.CreateTempSubdirectory("cli-statement-").FullName;
        var result = await Run("receivables", "statement", member, "--as-of", "2024-03-15", "--out", folder);
        var path = Path.Combine(folder, $"rekeningoverzicht-{member}-2024-03-15.pdf");
        Assert.Contains(path, result.Output);
        using var pdf = PdfDocument.Open(path);
        var text = string.Join(" ", pdf.GetPages().Select(p => p.Text));
        Assert.Contains("Rekeningoverzicht", text);
        Assert.Contains("2024-000002", text);
    }

    [Fact]
    public async Task The_ledger_export_is_balanced_csv_and_a_re_export_gives_the_same_lines()
    {
        await APaidQuarterAsync();
        var first = await Run("ledger", "export", "--from", "2024-01-01", "--to", "2024-03-31", "--csv");
        var lines = CsvLines(first);
        Assert.Equal("entry,date,line,account,account_name,member_code,document,bank_reference,description,debit,credit", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        static decimal D(string s) => decimal.Parse(s, CultureInfo.InvariantCulture);
        Assert.All(rows.GroupBy(r => r[0]), e => Assert.Equal(e.Sum(r => D(r[^2])), e.Sum(r => D(r[^1]))));
        Assert.Equal(rows.Sum(r => D(r[^2])), rows.Sum(r => D(r[^1])));
        Assert.Contains(rows, r => r[0] == "B:B1" && r[3] == "1100");
        Assert.Equal(first.Output, (await Run("ledger", "export", "--from", "2024-01-01", "--to", "2024-03-31", "--csv")).Output);

        var accounts = Path.Combine(Directory.CreateTempSubdirectory("cli-ledger-").FullName, "accounts.csv");
        File.WriteAllText(accounts, "role,key,account,name\nreceivable,,1300,Debiteuren\nbank,,1100,Bank\nrevenue,,8000,Omzet\n");
        var bad = await CliProcess.RunAsync(["ledger", "export", "--from", "2024-01-01", "--to", "2024-03-31"],
            new Dictionary<string, string>(_environment) { ["Ledger__AccountsFile"] = accounts });
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains($"{accounts}, line 4, field 'key'", bad.Error);
        Assert.DoesNotContain("   at ", bad.Error);
    }
}
