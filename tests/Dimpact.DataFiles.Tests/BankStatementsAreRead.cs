using System.Globalization;
using Dimpact.Billing.Receivables;
using Dimpact.DataFiles.Bank;
using NodaTime;

namespace Dimpact.DataFiles.Tests;

/// <summary>
/// CAMT.053 statements in the shapes ING, Rabobank and ABN AMRO deliver, camt.053.001.02 and .001.08: each sample is read
/// to exactly its entries (a batch entry split per transaction, pending entries left out), and passes the import rules.
/// </summary>
public class BankStatementsAreRead
{
    private static readonly Iban Dimpact = Iban.Parse("NL91ABNA0417164300");

    internal static byte[] Sample(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Samples", "Bank", name));

    private static BankStatement Read(string name)
    {
        var outcome = new Camt053Reader().Read(name, Sample(name));
        Assert.Empty(outcome.Problems);
        var statement = Assert.Single(outcome.Statements);
        Assert.Empty(statement.Problems(name, Dimpact));
        return statement;
    }

    /// <summary>reference | kind | amount | booking date | value date | counterparty | IBAN | remittance | end-to-end id</summary>
    private static string Line(BankEntry e) => string.Create(CultureInfo.InvariantCulture,
        $"{e.Reference} | {e.Kind} | {e.Amount} | {e.BookingDate:yyyy-MM-dd} | {e.ValueDate:yyyy-MM-dd} | {e.CounterpartyName} | {e.CounterpartyIban} | {e.RemittanceText} | {e.EndToEndId}");

    [Fact]
    public void ING_remittance_in_Ustrd_a_batch_of_two_and_bank_costs()
    {
        var s = Read("ing-camt053-001-02.xml");
        Assert.Equal(("20240201-0417164300-001", "NL91ABNA0417164300", "EUR", "camt.053.001.02"), (s.Id, s.Account, s.Currency, s.Format));
        Assert.Equal((new LocalDate(2024, 1, 31), "25000.00", new LocalDate(2024, 2, 1), "34219.75"),
            (s.OpeningDate, s.OpeningBalance.ToString(), s.ClosingDate, s.ClosingBalance.ToString()));
        Assert.Equal([
            "ING20240201-0001 | Payment | 1210.00 | 2024-02-01 | 2024-02-01 | Gemeente Deventer | NL02BNGH0285000001 | Factuur 2024-000001 | DEV-2024-0001",
            "ING20240201-0002 | Payment | 3025.50 | 2024-02-01 | 2024-02-01 | GEMEENTE ENSCHEDE | NL55BNGH0285001234 | factuur 2024 000002 en 2024-000003 | NOTPROVIDED",
            "ING20240201-0003 | Debit | 15.75 | 2024-02-01 | 2024-02-01 |  |  | Kosten betalingsverkeer januari 2024 | ",
            "ING20240201-0004/1 | Payment | 2000.00 | 2024-02-01 | 2024-02-01 | Gemeente Culemborg | NL10BNGH0285007777 | 2024-000004 | BWB-2024-A",
            "ING20240201-0004/2 | Payment | 3000.00 | 2024-02-01 | 2024-02-01 | Gemeente Tiel | NL10BNGH0285007777 | Dimpact factuur / 2024-000005 | BWB-2024-B",
        ], s.Entries.Select(Line));
    }

    [Fact]
    public void ING_next_day_continues_the_balance_with_an_unmatched_payment_and_a_reversal()
    {
        var first = Read("ing-camt053-001-02.xml");
        var next = Read("ing-camt053-001-02-next.xml");
        Assert.Equal(first.ClosingBalance, next.OpeningBalance);
        Assert.Equal(first.ClosingDate, next.OpeningDate);
        Assert.Equal([
            "ING20240202-0001 | Payment | 500.00 | 2024-02-02 | 2024-02-02 | Gemeente Tiel | NL10BNGH0285007777 | Betaling Dimpact bijdrage | TIEL-0202",
            "ING20240202-0002 | PaymentReversal | 1210.00 | 2024-02-02 | 2024-02-01 | Gemeente Deventer | NL02BNGH0285000001 | Factuur 2024-000001 | DEV-2024-0001",
        ], next.Entries.Select(Line));
        Assert.True(next.Entries[1].Reverses(first.Entries[0]));
        Assert.False(next.Entries[1].Reverses(first.Entries[1]));
    }

    [Fact]
    public void Rabobank_opening_balance_PRCD_NtryRef_as_reference_and_a_structured_creditor_reference()
    {
        var s = Read("rabobank-camt053-001-02.xml");
        Assert.Equal("NL91 ABNA 0417 1643 00", s.Account);
        Assert.Equal(("1000.00", "3270.00"), (s.OpeningBalance.ToString(), s.ClosingBalance.ToString()));
        Assert.Equal([
            "RABO-20240229-0001 | Payment | 2420.00 | 2024-02-29 | 2024-02-29 | Gemeente Zwolle | NL86BNGH0285009876 | 2024-000006 | ZWOLLE-88812",
            "RABO-20240229-0002 | Payment | 100.00 | 2024-02-29 | 2024-02-29 | Gemeente Assen | NL44BNGH0285004444 | Voorschot 2024-12 Dimpact | ",
            "RABO-20240229-0003 | Debit | 250.00 | 2024-02-29 | 2024-02-29 | Leverancier B.V. | NL39RABO0300065264 | Inkoopfactuur 77120 | ",
        ], s.Entries.Select(Line));
    }

    [Fact]
    public void ABN_AMRO_negative_opening_balance_remittance_in_AddtlNtryInf_and_a_same_day_reversal()
    {
        var s = Read("abnamro-camt053-001-02.xml");
        Assert.Equal(("-500.00", "250.25"), (s.OpeningBalance.ToString(), s.ClosingBalance.ToString()));
        Assert.Equal([
            "0401A0001 | Payment | 1000.00 | 2024-04-01 | 2024-04-01 | GEMEENTE ASSEN | NL44BNGH0285004444 | 2024-000008 | ASSEN-8",
            "0401A0002 | PaymentReversal | 1000.00 | 2024-04-01 | 2024-04-01 | GEMEENTE ASSEN | NL44BNGH0285004444 | 2024-000008 | ASSEN-8",
            "0401A0003 | Payment | 750.25 | 2024-04-01 | 2024-04-01 |  |  | /TRTP/SEPA OVERBOEKING/IBAN/NL71BNGH0285003333/BIC/BNGHNL2G/NAME/GEMEENTE OSS/REMI/FACTUUR 2024-000009/EREF/NOTPROVIDED | ",
        ], s.Entries.Select(Line));
        Assert.True(s.Entries[1].Reverses(s.Entries[0]));
    }

    [Fact]
    public void Version_08_a_batch_of_three_with_their_own_references_and_a_pending_entry_left_out()
    {
        var previous = Read("abnamro-camt053-001-02.xml");
        var s = Read("abnamro-camt053-001-08.xml");
        Assert.Equal("camt.053.001.08", s.Format);
        Assert.Equal(previous.ClosingBalance, s.OpeningBalance);
        Assert.Equal((new LocalDate(2024, 4, 2), "6238.25"), (s.ClosingDate, s.ClosingBalance.ToString()));
        Assert.Equal([
            "0402B0001-1 | Payment | 1000.00 | 2024-04-02 | 2024-04-02 | Gemeente Enschede | NL55BNGH0285001234 | 2024-000010 | E2E-10",
            "0402B0001-2 | Payment | 2000.00 | 2024-04-02 | 2024-04-02 | Gemeente Hengelo |  | 2024 000011 | E2E-11",
            "0402B0001-3 | Payment | 3000.00 | 2024-04-02 | 2024-04-02 | Gemeente Almelo |  | facturen 2024-000012 2024-000013 | E2E-12",
            "0402B0002 | Debit | 12.00 | 2024-04-02 | 2024-04-02 |  |  | Kosten | ",
        ], s.Entries.Select(Line));
    }

    [Theory]
    [InlineData("ing-camt053-001-02.xml")]
    [InlineData("ing-camt053-001-02-next.xml")]
    [InlineData("rabobank-camt053-001-02.xml")]
    [InlineData("abnamro-camt053-001-02.xml")]
    [InlineData("abnamro-camt053-001-08.xml")]
    public void Every_sample_adds_up_from_opening_to_closing_balance(string name)
    {
        var s = Read(name);
        Assert.Equal(s.ClosingBalance, s.OpeningBalance + Billing.MoneyExtensions.Sum(s.Entries.Select(e => e.SignedAmount)));
    }
}
