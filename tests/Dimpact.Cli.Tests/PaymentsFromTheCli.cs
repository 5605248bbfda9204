using System.Globalization;
using Dimpact.Storage;
using Dimpact.TestSupport;

namespace Dimpact.Cli.Tests;

/// <summary>
/// Finance's payment commands: `payments import` (exit 0 accepted, also when imported before; 2 rejected, nothing
/// stored), `payments unmatched`, `payments allocate` (a refusal is exit 2 without a stack trace), `payments list`.
/// </summary>
public class PaymentsFromTheCli
{
    private readonly string _prefix = Azurite.UniquePrefix();
    private readonly Dictionary<string, string> _environment;

    public PaymentsFromTheCli() => _environment = new()
    {
        ["DIMPACT_STORAGE"] = Azurite.ConnectionString,
        ["DIMPACT_STORAGE_PREFIX"] = _prefix,
        ["Smtp__PickupDirectory"] = Directory.CreateTempSubdirectory("cli-mail-").FullName,
    };

    private Task<CliResult> Dimpact(params string[] arguments) => CliProcess.RunAsync(arguments, _environment);

    private async Task<CliResult> Run(params string[] arguments)
    {
        var result = await Dimpact(arguments);
        Assert.True(result.ExitCode == 0, $"dimpact {string.Join(' ', arguments)}: exit {result.ExitCode}\n{result.Output}\n{result.Error}");
        return result;
    }

    private static string Statement(string id, params CamtEntry[] entries) => Statement(id, CamtStatement.DimpactIban, entries);

    private static string Statement(string id, string iban, params CamtEntry[] entries)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("cli-bank-").FullName, $"{id}.xml");
        File.WriteAllBytes(path, CamtStatement.Bytes(id, 0m, entries, iban));
        return path;
    }

    private static string[] CsvLines(CliResult result) => result.Output.TrimEnd('\n').Split('\n');

    [Fact]
    public async Task Finance_imports_a_statement_and_allocates_what_did_not_match_by_hand()
    {
        await Run("daily", "--date", "2024-01-02");
        var documents = CsvLines(await Run("invoices", "list", "--year", "2024", "--csv")).Skip(1).Select(l => l.Split(',')).ToDictionary(f => f[0], f => f[^1]);
        var (first, second) = (documents["2024-000001"], documents["2024-000002"]);

        var statement = Statement("S1",
            new CamtEntry("B1", decimal.Parse(first, CultureInfo.InvariantCulture), "Factuur 2024-000001"),
            new CamtEntry("B2", 1000m, "bijdrage Dimpact"),
            new CamtEntry("B3", 5m, "Kosten", Credit: false));
        var imported = await Run("payments", "import", statement);
        Assert.Contains("kept as bank-statements/", imported.Output);
        Assert.Contains($"matched {first}: payment B1 -> 2024-000001", imported.Output);
        Assert.Contains("Unmatched payments (1)", imported.Output);
        Assert.Contains("bankafschrift ingelezen (S1.xml)", imported.Output);   // finance is told, once
        var again = await Run("payments", "import", statement);
        Assert.Contains("already imported", again.Output);
        Assert.DoesNotContain("bankafschrift", again.Output);

        var unmatched = CsvLines(await Run("payments", "unmatched", "--csv"));
        Assert.Equal(["reference,booking_date,amount,unallocated,counterparty_name,counterparty_iban,remittance,allocations", "B2,2024-02-01,1000.00,1000.00,Gemeente,,bijdrage Dimpact,"], unmatched);

        var tooMuch = await Dimpact("payments", "allocate", "B2", "2024-000002", "--amount", "1000.01");
        Assert.Equal(2, tooMuch.ExitCode);
        Assert.Contains("more than the 1000.00 of payment B2 not yet allocated", tooMuch.Error);
        Assert.DoesNotContain("   at ", tooMuch.Output + tooMuch.Error);

        var allocated = await Run("payments", "allocate", "B2", "2024-000002", "--by", "j.jansen");
        var expected = Math.Min(1000m, decimal.Parse(second, CultureInfo.InvariantCulture));
        Assert.Contains($"Payment B2 allocated to 2024-000002: {expected.ToString("#,##0.00", CultureInfo.GetCultureInfo("nl-NL"))}", allocated.Output);
        Assert.Contains("by j.jansen", allocated.Output);

        var list = CsvLines(await Run("payments", "list", "--csv"));
        Assert.Equal("reference,booking_date,value_date,kind,amount,allocated,unallocated,counterparty_name,counterparty_iban,remittance,reversed_by,statement_id,allocations", list[0]);
        Assert.Equal(["B1", "B2", "B3"], list.Skip(1).Select(l => l.Split(',')[0]));
        Assert.Contains("debit (ignored)", list[3]);
        Assert.EndsWith(",S1,B1|2024-000001", list[1]);
        Assert.EndsWith(",S1,B2|2024-000002|m1", list[2]);
    }

    [Fact]
    public async Task Finance_undoes_an_allocation_by_its_id_and_the_payment_waits_again_an_undo_twice_is_exit_2()
    {
        await Run("daily", "--date", "2024-01-02");
        await Run("payments", "import", Statement("S1", new CamtEntry("B1", 100m, "Factuur 2024-000001")));
        Assert.Contains("B1|2024-000001", (await Run("payments", "list")).Output);

        var undone = await Run("payments", "undo", "B1|2024-000001", "--by", "j.jansen");
        Assert.Contains("Allocation B1|2024-000001 undone: 100,00 of payment B1 no longer allocated to 2024-000001", undone.Output);
        Assert.Contains("by j.jansen (reversing record B1|2024-000001|rev)", undone.Output);
        Assert.Equal("B1,2024-02-01,100.00,100.00,Gemeente,,Factuur 2024-000001,", CsvLines(await Run("payments", "unmatched", "--csv"))[1]);

        foreach (var (id, why) in new[] { ("B1|2024-000001", "was undone already"), ("B1|2024-000001|rev", "is itself the undo"), ("nope", "there is no allocation nope") })
        {
            var refused = await Dimpact("payments", "undo", id);
            Assert.Equal(2, refused.ExitCode);
            Assert.Contains(why, refused.Error);
            Assert.DoesNotContain("   at ", refused.Output + refused.Error);
        }
        var again = await Run("payments", "allocate", "B1", "2024-000001", "--by", "j.jansen");
        Assert.Contains("(allocation B1|2024-000001|m1)", again.Output);
        Assert.Equal(["reference,booking_date,amount,unallocated,counterparty_name,counterparty_iban,remittance,allocations"], CsvLines(await Run("payments", "unmatched", "--csv")));
    }

    [Fact]
    public async Task A_statement_of_another_account_is_rejected_with_exit_2_and_nothing_is_stored()
    {
        var rejected = await Dimpact("payments", "import", Statement("S2", "NL39RABO0300065264", new CamtEntry("B1", 10m, "2024-000001")));
        Assert.Equal(2, rejected.ExitCode);
        Assert.Contains("error: Stmt/Acct/Id/IBAN: the statement is of account NL39RABO0300065264", rejected.Output);
        Assert.Contains("Nothing was stored", rejected.Output);
        Assert.Single(CsvLines(await Run("payments", "list", "--csv")));

        var missing = await Dimpact("payments", "import", "no-such-statement.xml");
        Assert.Equal(2, missing.ExitCode);
        Assert.DoesNotContain("   at ", missing.Output + missing.Error);
    }
}
