using System.Text;
using Dimpact.Billing;
using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Ledger;
using Dimpact.Billing.Receivables;
using Dimpact.DataFiles.Bank;
using Dimpact.Storage;
using Dimpact.TestSupport;
using NodaTime;
using NodaTime.Testing;

namespace Dimpact.Integration.Tests;

/// <summary>
/// Bank statements imported against Azurite (BILLING.md, "Payments and receivables"): whole or not at all, every entry
/// stored once by its bank reference, a re-import a no-op, concurrent imports of one file storing entries and
/// allocations once; payments matched, partial and over payments, credit notes set off, payments allocated by hand,
/// reversals undone.
/// </summary>
public class ImportingBankStatements
{
    private static readonly Iban Dimpact = Iban.Parse(CamtStatement.DimpactIban);
    private static readonly CbsCode Deventer = CbsCode.Parse("GM0150");
    private static readonly CbsCode Enschede = CbsCode.Parse("GM0153");

    private readonly BillingStorage _storage = BillingStorage.FromConnectionString(Azurite.ConnectionString, Azurite.UniquePrefix());
    private readonly FakeClock _clock = new(Instant.FromUtc(2024, 2, 5, 8, 0));

    private TableInvoiceStore Invoices => new(_storage);
    private TablePaymentStore Payments => new(_storage);
    private ReadReceivables Read => new(Invoices, Payments);

    /// <summary>A fresh use case on fresh store instances, as another process would have.</summary>
    private ImportBankStatement Import() => new(new Camt053Reader(), Payments, new MatchPayments(Read, Payments, _clock), _clock, Dimpact);

    private Task<StatementImport> ImportAsync(string id, decimal opening, params CamtEntry[] entries) =>
        Import().RunAsync(new StatementUpload($"{id}.xml", CamtStatement.Bytes(id, opening, entries)));

    /// <summary>Issues a document of <paramref name="exclVat"/> at 21 % VAT (negative: a credit note); returns its number.</summary>
    private async Task<Invoice> IssueAsync(CbsCode member, LocalDate issued, decimal exclVat, int quarter, Purpose purpose = Purpose.Advance)
    {
        var draft = new DraftInvoice(new DocumentKey(member, 2024, quarter, purpose), member, member.Value, issued,
            [new InvoiceLine(ProductId.Parse("esuite"), "e-Suite", new Population(100_000), Money.Exact(exclVat), 0.21m)], new InvoiceBasis("v1", issued));
        return (await Invoices.IssueAsync(draft)).Invoice;
    }

    private async Task<(Invoice Q1, Invoice Q2, Invoice E1)> IssueQ1AndQ2Async() => (
        await IssueAsync(Deventer, new LocalDate(2024, 1, 2), 1000m, 1),      // 2024-000001, 1210.00
        await IssueAsync(Deventer, new LocalDate(2024, 4, 1), 1000m, 2),      // 2024-000002, 1210.00
        await IssueAsync(Enschede, new LocalDate(2024, 1, 2), 2000m, 1));     // 2024-000003, 2420.00

    private static string Items(AccountsReceivable state, LocalDate asOf) =>
        string.Join("; ", state.Items(asOf).Select(i => $"{i.Number} {i.Allocated}/{i.Open}"));

    [Fact]
    public async Task A_statement_is_imported_its_payments_matched_and_a_reimport_changes_nothing()
    {
        var (q1, _, e1) = await IssueQ1AndQ2Async();
        var entries = new[]
        {
            new CamtEntry("B1", 1210m, "Factuur 2024-000001"),
            new CamtEntry("B2", 2420m, StructuredReference: "2024 000003"),
            new CamtEntry("B3", 12.50m, "Kosten", Credit: false),
            new CamtEntry("B4", 300m, "bijdrage Dimpact"),
        };
        var first = await ImportAsync("S1", 1000m, entries);
        Assert.Equal((StatementImportResult.Imported, 4), (first.Result, first.NewEntries));
        Assert.Equal(["B1|2024-000001 1210.00", "B2|2024-000003 2420.00"], first.Matching!.Recorded.Select(a => $"{a.Id} {a.Amount}"));
        Assert.Equal("B4", Assert.Single(first.Matching.Unmatched).Entry.Reference.Value);

        var again = await ImportAsync("S1", 1000m, entries);
        Assert.Equal(StatementImportResult.AlreadyImported, again.Result);
        Assert.Contains("already imported", again.ToText());
        var state = await Read.RunAsync();
        Assert.Equal(4, state.Entries.Count);
        Assert.Equal(2, state.Allocations.Count);
        Assert.Equal("2024-000001 1210.00/0.00; 2024-000003 2420.00/0.00; 2024-000002 0.00/1210.00", Items(state, new LocalDate(2024, 6, 30)));
        Assert.Single(await Payments.StatementsAsync());
    }

    [Fact]
    public async Task A_rejected_statement_stores_nothing()
    {
        await IssueQ1AndQ2Async();
        var wrongAccount = await Import().RunAsync(new StatementUpload("other.xml",
            CamtStatement.Bytes("S9", 0m, [new CamtEntry("B1", 1210m, "2024-000001")], iban: "NL39RABO0300065264")));
        var badBalance = Encoding.UTF8.GetBytes(CamtStatement.Xml("S8", 0m, [new CamtEntry("B1", 1210m, "2024-000001")]).Replace(">1210.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt>", ">1210.01</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt>", StringComparison.Ordinal));
        var unbalanced = await Import().RunAsync(new StatementUpload("unbalanced.xml", badBalance));

        Assert.Equal(StatementImportResult.Rejected, wrongAccount.Result);
        Assert.Equal(BankStatement.AccountElement, Assert.Single(wrongAccount.Problems).Field);
        Assert.Equal(StatementImportResult.Rejected, unbalanced.Result);
        Assert.Equal(BankStatement.ClosingBalanceElement, Assert.Single(unbalanced.Problems).Field);
        Assert.Contains("Nothing was stored", unbalanced.ToText());
        Assert.Empty(await Payments.EntriesAsync());
        Assert.Empty((await Payments.AllocationsAsync()).Records);
        Assert.Empty(await Payments.StatementsAsync());
    }

    [Fact]
    public async Task Five_parallel_imports_of_one_file_store_every_entry_and_every_allocation_once()
    {
        await IssueQ1AndQ2Async();
        var content = CamtStatement.Bytes("S1", 0m, [
            new CamtEntry("B1", 1210m, "2024-000001"),
            new CamtEntry("B2", 3000m, "2024-000002 2024-000003"),
            new CamtEntry("B3", 700m, "2024-000002"),
            new CamtEntry("B4", 99m, "onbekend"),
        ]);
        var runs = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => Import().RunAsync(new StatementUpload("S1.xml", content)))));

        Assert.All(runs, r => Assert.True(r.Accepted));
        Assert.Equal(4, runs.Sum(r => r.NewEntries));
        var state = await Read.RunAsync();
        Assert.Equal(4, state.Entries.Count);
        Assert.Equal(runs.SelectMany(r => r.Matching?.Recorded ?? []).Select(a => a.Id).Order(), state.Allocations.Select(a => a.Id).Order());
        // B2 pays 2024-000003 (issued 2 January, the oldest) and part of 2024-000002; B3 the rest of it and 70.00 too much.
        Assert.Equal(["B1|2024-000001 1210.00", "B2|2024-000002 580.00", "B2|2024-000003 2420.00", "B3|2024-000002 630.00", "B3|credit 70.00"],
            state.Allocations.Select(a => $"{a.Id} {a.Amount}").Order());
        Assert.All(state.Items(LocalDate.MaxIsoValue), i => Assert.True(i.Open >= Money.Zero));
        Assert.Equal("B4", Assert.Single(state.Unmatched()).Entry.Reference.Value);
        Assert.Single(await Payments.StatementsAsync());
    }

    [Fact]
    public async Task Partial_payments_leave_the_rest_open_and_overpayments_become_a_credit_balance()
    {
        var (q1, q2, e1) = await IssueQ1AndQ2Async();
        await ImportAsync("S1", 0m, new CamtEntry("B1", 1000m, "factuur 2024 000001", Date: "2024-02-01"), new CamtEntry("B2", 2500m, "2024-000003", Date: "2024-02-02"));
        var state = await Read.RunAsync();
        Assert.Equal("2024-000001 1000.00/210.00; 2024-000003 2420.00/0.00", Items(state, new LocalDate(2024, 3, 1)));
        Assert.Equal(29, state.Item(q1, new LocalDate(2024, 3, 1)).DaysOverdue);
        Assert.Equal([new CreditBalance(Enschede, Money.Exact(80m))], state.CreditBalances(new LocalDate(2024, 3, 1)));
    }

    [Fact]
    public async Task A_credit_note_is_set_off_against_the_members_open_invoices_and_recorded()
    {
        var (q1, q2, _) = await IssueQ1AndQ2Async();
        var credit = await IssueAsync(Deventer, new LocalDate(2024, 10, 1), -1500m, 4, Purpose.Settlement);   // C2024-000001, -1815.00
        Assert.Equal("C2024-000001", credit.Number.ToString());
        var run = await ImportAsync("S1", 0m, new CamtEntry("B1", 1210m, "2024-000001"));

        Assert.Equal(["B1|2024-000001 1210.00", "C2024-000001|2024-000002|1 1210.00"], run.Matching!.Recorded.Select(a => $"{a.Id} {a.Amount}"));
        var state = await Read.RunAsync();
        Assert.Equal(["2024-000001 0.00", "2024-000002 0.00", "C2024-000001 -605.00"],
            state.Items(new LocalDate(2024, 10, 1), Deventer).Select(i => $"{i.Number} {i.Open}"));
        Assert.Equal(AllocationKind.CreditNoteSetOff, state.AllocationsOf(q2.Number).Single().Kind);
    }

    [Fact]
    public async Task A_credit_note_refunded_by_a_debit_on_the_statement_is_closed_and_the_ledger_agrees()
    {
        var q1 = await IssueAsync(Deventer, new LocalDate(2024, 1, 2), 1000m, 1);                                    // 2024-000001, 1210.00
        var credit = await IssueAsync(Deventer, new LocalDate(2024, 10, 1), -500m, 4, Purpose.Settlement);          // C2024-000001, -605.00
        var accounts = new LedgerAccounts("accounts.csv",
            new Dictionary<LedgerRole, LedgerAccount>
            {
                [LedgerRole.Receivable] = new("1300", "Debiteuren"), [LedgerRole.Bank] = new("1100", "Bank"),
                [LedgerRole.Unallocated] = new("1190", "Te verdelen"), [LedgerRole.ReceivedInAdvance] = new("1310", "Vooruitontvangen"),
            },
            new Dictionary<ProductId, LedgerAccount> { [ProductId.Parse("esuite")] = new("8010", "Omzet e-Suite") },
            new Dictionary<decimal, LedgerAccount> { [0.21m] = new("1510", "Btw 21%") });
        void AssertLedgerAgrees(AccountsReceivable state)
        {
            var ledger = LedgerExport.Of(state, new LocalDate(2024, 1, 1), new LocalDate(2024, 12, 31), accounts);
            Assert.True(ledger.IsBalanced, string.Join(", ", ledger.UnbalancedEntries));
            Assert.Equal(state.Items(new LocalDate(2024, 12, 31), Deventer).Sum(i => i.Open),
                ledger.BalancesPerMember(LedgerRole.Receivable).Single(b => b.Member == Deventer).Balance);
        }

        var run = await ImportAsync("S1", 0m,
            new CamtEntry("B1", 1210m, "factuur 2024-000001", Date: "2024-02-01"),
            new CamtEntry("D1", 605m, "Terugbetaling c2024 000001", Credit: false, EndToEndId: "REFUND-1", Date: "2024-10-15"),
            new CamtEntry("K1", 7.50m, "kosten", Credit: false, Date: "2024-10-31"));

        Assert.Equal(["B1|2024-000001 1210.00", "D1|C2024-000001 605.00"], run.Matching!.Recorded.Select(a => $"{a.Id} {a.Amount}"));
        var state = await Read.RunAsync();
        Assert.Equal(AllocationKind.Refund, state.AllocationsOf(credit.Number).Single().Kind);
        Assert.Equal("2024-000001 1210.00/0.00; C2024-000001 -605.00/0.00", Items(state, new LocalDate(2024, 12, 31)));
        Assert.Empty(state.OpenItems(new LocalDate(2024, 12, 31)));
        Assert.Equal(-605m, state.Item(credit, new LocalDate(2024, 10, 14)).Open.Euros);
        Assert.Empty(state.Unmatched());
        AssertLedgerAgrees(state);
        Assert.Empty((await new MatchPayments(Read, Payments, _clock).RunAsync()).Recorded);

        // The bank returns the transfer (RvslInd on a credit): the refund is undone and the credit note open again.
        var returned = await ImportAsync("S2", 597.50m, new CamtEntry("R1", 605m, "Terugbetaling c2024 000001", Reversal: true, EndToEndId: "REFUND-1", Date: "2024-10-20"));
        var undo = Assert.Single(returned.Matching!.Recorded);
        Assert.Equal(("D1|C2024-000001|rev", -605m), (undo.Id, undo.Amount.Euros));
        state = await Read.RunAsync();
        Assert.Equal("2024-000001 1210.00/0.00; C2024-000001 0.00/-605.00", Items(state, new LocalDate(2024, 12, 31)));
        AssertLedgerAgrees(state);
        Assert.Equal(q1.Number, state.AllocationsOf(new BankReference("B1")).Single().Document);
    }

    [Fact]
    public async Task Finance_allocates_an_unmatched_payment_by_hand_once()
    {
        await IssueQ1AndQ2Async();
        await ImportAsync("S1", 0m, new CamtEntry("B1", 1500m, "bijdrage 2024"));
        var allocate = new AllocatePayment(Read, Payments, _clock);

        var done = await allocate.RunAsync(new BankReference("B1"), AllocationTarget.Parse("2024-000001"), null, "j.jansen");
        Assert.Equal(("1210.00", "j.jansen", new LocalDate(2024, 2, 5)), (done.Recorded!.Amount.ToString(), done.Recorded.By, done.Recorded.Date));
        var refused = await allocate.RunAsync(new BankReference("B1"), AllocationTarget.Parse("2024-000003"), Money.Exact(300m), "j.jansen");
        Assert.Contains("more than the 290.00", refused.Refusal);
        await allocate.RunAsync(new BankReference("B1"), AllocationTarget.Parse("2024-000003"), Money.Exact(290m), "j.jansen");

        var state = await Read.RunAsync();
        Assert.Empty(state.Unmatched());
        Assert.Equal("2024-000001 1210.00/0.00; 2024-000003 290.00/2130.00; 2024-000002 0.00/1210.00", Items(state, new LocalDate(2024, 6, 30)));
        // Matching again leaves a payment allocated by hand alone.
        Assert.Empty((await new MatchPayments(Read, Payments, _clock).RunAsync()).Recorded);
    }

    [Fact]
    public async Task A_reversal_in_a_later_statement_undoes_the_allocation_of_the_reversed_payment()
    {
        var (q1, _, _) = await IssueQ1AndQ2Async();
        await ImportAsync("S1", 0m, new CamtEntry("B1", 1210m, "2024-000001", EndToEndId: "DEV-1", Date: "2024-02-01"));
        var second = await ImportAsync("S2", 1210m,
            new CamtEntry("B1", 1210m, "2024-000001", EndToEndId: "DEV-1", Date: "2024-02-01"),
            new CamtEntry("R1", 1210m, "2024-000001", Credit: false, Reversal: true, EndToEndId: "DEV-1", Date: "2024-02-03"));

        Assert.Equal(1, second.NewEntries);   // B1 was stored with the first statement
        var undo = Assert.Single(second.Matching!.Recorded);
        Assert.Equal((AllocationKind.Reversal, "B1|2024-000001", "-1210.00"), (undo.Kind, undo.Reverses, undo.Amount.ToString()));
        var state = await Read.RunAsync();
        Assert.Equal(Money.Zero, state.Item(q1, new LocalDate(2024, 2, 2)).Open);
        Assert.Equal(Money.Exact(1210m), state.Item(q1, new LocalDate(2024, 2, 3)).Open);
        Assert.Empty(state.Unmatched());
    }

    [Fact]
    public async Task Finance_undoes_an_allocation_once_even_when_two_undo_it_at_once()
    {
        var (q1, _, _) = await IssueQ1AndQ2Async();
        await ImportAsync("S1", 0m, new CamtEntry("B1", 1210m, "Factuur 2024-000001"));
        var undos = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => new UndoAllocation(Read, Payments, _clock).RunAsync("B1|2024-000001", $"clerk{i}")));

        var done = Assert.Single(undos, u => u.Done);
        Assert.All(undos.Where(u => !u.Done), u => Assert.Contains("undone already", u.Refusal));
        Assert.Equal(("B1|2024-000001|rev", "-1210.00"), (done.Recorded!.Id, done.Recorded.Amount.ToString()));
        var state = await Read.RunAsync();
        Assert.Equal("1210.00", Assert.Single(state.Unmatched()).Unallocated.ToString());
        Assert.Equal(Money.Exact(1210m), state.Item(q1, new LocalDate(2024, 2, 5)).Open);
        // Matching does not allocate it back; finance allocates it again by hand.
        Assert.Empty((await new MatchPayments(Read, Payments, _clock).RunAsync()).Recorded);
        var again = await new AllocatePayment(Read, Payments, _clock).RunAsync(new BankReference("B1"), AllocationTarget.Parse("2024-000002"), null, "j.jansen");
        Assert.Equal("B1|2024-000002|m1", again.Recorded!.Id);
        Assert.Empty((await Read.RunAsync()).Unmatched());
    }
}
