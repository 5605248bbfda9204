using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Ledger;
using Dimpact.Billing.Receivables;
using NodaTime;
using static Dimpact.Billing.Tests.PaymentsAreMatchedToDocuments;

namespace Dimpact.Billing.Tests;

/// <summary>
/// The ledger export (BILLING.md, "Payments and receivables"): journal lines for documents, payments and allocations,
/// balanced per entry and in total, the receivable per member equal to its open items, the same lines on a re-export.
/// </summary>
public class TheLedgerBalances
{
    private static readonly CbsCode Deventer = CbsCode.Parse("GM0150");
    private static readonly CbsCode Enschede = CbsCode.Parse("GM0153");
    private static readonly Instant Now = Instant.FromUtc(2024, 6, 1, 8, 0);
    private static readonly LocalDate YearEnd = new(2024, 12, 31);

    public static LedgerAccounts Accounts { get; } = new("accounts.csv",
        new Dictionary<LedgerRole, LedgerAccount>
        {
            [LedgerRole.Receivable] = new("1300", "Debiteuren"), [LedgerRole.Bank] = new("1100", "Bank"),
            [LedgerRole.Unallocated] = new("1190", "Te verdelen"), [LedgerRole.ReceivedInAdvance] = new("1310", "Vooruitontvangen"),
        },
        new Dictionary<ProductId, LedgerAccount> { [ProductId.Parse("esuite")] = new("8010", "Omzet e-Suite") },
        new Dictionary<decimal, LedgerAccount> { [0.21m] = new("1510", "Btw 21%") });

    private static AccountsReceivable Settle(AccountsReceivable state)
    {
        while (PaymentMatching.Next(state, Now) is { Count: > 0 } unit) state = state.With(unit);
        return state;
    }

    /// <summary>Payments matched, partial, over, unmatched and allocated by hand, reversed; a credit note set off.</summary>
    public static AccountsReceivable Year()
    {
        var documents = new[]
        {
            Document("2024-000001", Deventer, new LocalDate(2024, 1, 2), 1000m),        // 1210.00
            Document("2024-000002", Deventer, new LocalDate(2024, 4, 1), 1000m, 2),     // 1210.00
            Document("2024-000003", Enschede, new LocalDate(2024, 1, 2), 2000m),        // 2420.00
            Document("2024-000004", Enschede, new LocalDate(2024, 4, 1), 2000m, 2),     // 2420.00
            Document("C2024-000001", Deventer, new LocalDate(2024, 5, 1), -500m, 4),    // -605.00
        };
        var entries = new[]
        {
            Payment("P1", 1210m, new LocalDate(2024, 1, 20), "factuur 2024-000001"),
            Payment("P2", 3000m, new LocalDate(2024, 2, 1), "2024-000003"),              // 580.00 too much: credit balance
            Payment("P3", 500m, new LocalDate(2024, 3, 1), "voorschot Q2"),              // unmatched until finance allocates it
            Payment("P4", 100m, new LocalDate(2024, 4, 15), "2024-000004"),
            Payment("R4", 100m, new LocalDate(2024, 4, 20)) with { Direction = EntryDirection.Debit, Reversal = true, EndToEndId = "P4-e2e" },
            Payment("P5", 1000m, new LocalDate(2024, 4, 25), "2024-000004"),             // partial
            Payment("K1", 12.50m, new LocalDate(2024, 4, 30), "bankkosten") with { Direction = EntryDirection.Debit },
        };
        var state = Settle(new AccountsReceivable(documents, entries, []));
        var manual = AllocatePayment.Decide(state, new BankReference("P3"), AllocationTarget.To(InvoiceNumber.Parse("2024-000002")), Money.Exact(400m), "financien",
            new LocalDate(2024, 4, 10), Now).Recorded!;
        return Settle(state.With([manual]));
    }

    [Fact]
    public void Every_entry_balances_and_so_does_the_whole_export()
    {
        var export = LedgerExport.Of(Year(), new LocalDate(2024, 1, 1), YearEnd, Accounts);
        Assert.Empty(export.UnbalancedEntries);
        Assert.Equal(export.TotalDebit, export.TotalCredit);
        Assert.All(export.Lines, l => Assert.True((l.Debit > Money.Zero) != (l.Credit > Money.Zero), $"{l.Entry} line {l.Line}"));
        Assert.True(export.IsBalanced);
    }

    [Fact]
    public void The_receivable_per_member_equals_its_open_items_and_the_other_accounts_what_they_hold()
    {
        var state = Year();
        var export = LedgerExport.Of(state, new LocalDate(2024, 1, 1), YearEnd, Accounts);
        foreach (var member in new[] { Deventer, Enschede })
            Assert.Equal(state.Items(YearEnd, member).Sum(i => i.Open), export.BalancesPerMember(LedgerRole.Receivable).Single(b => b.Member == member).Balance);
        Assert.Equal([new MemberBalance(Enschede, Money.Exact(-580m))], export.BalancesPerMember(LedgerRole.ReceivedInAdvance));
        Assert.Equal([new CreditBalance(Enschede, Money.Exact(580m))], state.CreditBalances(YearEnd));
        var (_, unallocatedDebit, unallocatedCredit) = export.PerAccount.Single(a => a.Account.Code == "1190");
        Assert.Equal(-state.Unmatched().Sum(p => p.Unallocated), unallocatedDebit - unallocatedCredit);   // P3's 100.00 not yet allocated
        var (_, bankDebit, bankCredit) = export.PerAccount.Single(a => a.Account.Code == "1100");
        Assert.Equal(Money.Exact(1210m + 3000m + 500m + 100m - 100m + 1000m), bankDebit - bankCredit);     // bank costs are no receivables
    }

    [Fact]
    public void A_document_debits_the_receivable_and_credits_revenue_and_vat_and_a_credit_note_the_opposite()
    {
        var export = LedgerExport.Of(Year(), new LocalDate(2024, 1, 1), YearEnd, Accounts);
        Assert.Equal(["1300 1210.00 0.00 GM0150", "8010 0.00 1000.00 GM0150", "1510 0.00 210.00 GM0150"],
            export.Lines.Where(l => l.Entry == "D:2024-000001").Select(l => $"{l.Account.Code} {l.Debit} {l.Credit} {l.Member}"));
        Assert.Equal(["1300 0.00 605.00 GM0150", "8010 500.00 0.00 GM0150", "1510 105.00 0.00 GM0150"],
            export.Lines.Where(l => l.Entry == "D:C2024-000001").Select(l => $"{l.Account.Code} {l.Debit} {l.Credit} {l.Member}"));
        // The set-off moves the receivable between the member's two documents.
        Assert.Equal(["1300 605.00 0.00 C2024-000001", "1300 0.00 605.00 2024-000002"],
            export.Lines.Where(l => l.Entry.StartsWith("A:C2024-000001|", StringComparison.Ordinal)).Select(l => $"{l.Account.Code} {l.Debit} {l.Credit} {l.Document}"));
        // A matched payment: debit bank, credit the member's receivable; an overpayment: credit received in advance.
        Assert.Equal(["1100 3000.00 0.00 ", "1300 0.00 2420.00 GM0153", "1310 0.00 580.00 GM0153"],
            export.Lines.Where(l => l.Entry == "B:P2").Select(l => $"{l.Account.Code} {l.Debit} {l.Credit} {l.Member}"));
    }

    [Fact]
    public void A_re_export_of_the_same_period_gives_the_same_lines_and_a_period_only_its_own_postings()
    {
        var state = Year();
        var first = LedgerExport.Of(state, new LocalDate(2024, 4, 1), new LocalDate(2024, 4, 30), Accounts);
        var again = LedgerExport.Of(new AccountsReceivable(state.Documents.Reverse(), state.Entries.Reverse(), state.Allocations), new LocalDate(2024, 4, 1), new LocalDate(2024, 4, 30), Accounts);
        Assert.Equal(first.Csv(), again.Csv());
        Assert.All(first.Lines, l => Assert.InRange(l.Date, new LocalDate(2024, 4, 1), new LocalDate(2024, 4, 30)));
        Assert.True(first.IsBalanced);
        Assert.Equal("entry,date,line,account,account_name,member_code,document,bank_reference,description,debit,credit", first.Csv().Split('\n')[0]);
    }

    [Fact]
    public void A_product_without_a_revenue_account_is_named_with_the_accounts_file()
    {
        var other = Document("2024-000009", Deventer, new LocalDate(2024, 1, 2), 10m) is var d
            ? d with { Draft = d.Draft with { Lines = [d.Lines[0] with { Product = ProductId.Parse("mylex") }] } } : null;
        var problem = Assert.Single(Assert.Throws<InvalidInputException>(() =>
            LedgerExport.Of(new AccountsReceivable([other!], [], []), new LocalDate(2024, 1, 1), YearEnd, Accounts)).Problems);
        Assert.Equal(("accounts.csv", "key"), (problem.File, problem.Field));
        Assert.Contains("mylex", problem.Message);
    }
}
