using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Ledger;
using Dimpact.Billing.Receivables;
using NodaTime;
using static Dimpact.Billing.Tests.PaymentsAreMatchedToDocuments;

namespace Dimpact.Billing.Tests;

/// <summary>
/// BILLING.md, "Payments and receivables": "A credit note is settled against the member's open invoices (oldest first)
/// or refunded; both are recorded". A refund is a debit entry on the bank statement whose remittance names the credit
/// note: it is allocated to it (kind Refund), closes it, and is booked debit receivable / credit bank.
/// </summary>
public class ARefundedCreditNoteIsClosed
{
    private static readonly CbsCode Deventer = CbsCode.Parse("GM0150");
    private static readonly Instant Now = Instant.FromUtc(2025, 2, 1, 8, 0);
    private static readonly LocalDate From = new(2024, 1, 1);
    private static readonly LocalDate End = new(2025, 12, 31);

    // Paid in full, then the Q4 settlement credits 605.00: nothing left to set off it against.
    private static readonly Invoice I1 = Document("2024-000001", Deventer, new LocalDate(2024, 1, 2), 1000m);            // 1210.00
    private static readonly Invoice C3 = Document("C2024-000003", Deventer, new LocalDate(2025, 1, 10), -500m, 4);       // -605.00
    private static readonly BankEntry Paid = Payment("P1", 1210m, new LocalDate(2024, 1, 20), "factuur 2024-000001");

    private static BankEntry Debit(string reference, decimal amount, LocalDate booked, params string[] remittance) =>
        Payment(reference, amount, booked, remittance) with { Direction = EntryDirection.Debit };

    private static AccountsReceivable Settle(AccountsReceivable state)
    {
        for (var i = 0; i < 1000; i++)
        {
            if (PaymentMatching.Next(state, Now) is not { Count: > 0 } unit) return state;
            state = state.With(unit);
        }
        throw new InvalidOperationException("Matching did not settle.");
    }

    private static AccountsReceivable State(params BankEntry[] entries) => Settle(new AccountsReceivable([I1, C3], [Paid, .. entries], []));

    private static OpenItem Item(AccountsReceivable state, Invoice document) => state.Item(document, End);

    private static LedgerExport Ledger(AccountsReceivable state) => LedgerExport.Of(state, From, End, TheLedgerBalances.Accounts);

    private static void AssertLedgerAgrees(AccountsReceivable state)
    {
        var export = Ledger(state);
        Assert.True(export.IsBalanced, string.Join(", ", export.UnbalancedEntries));
        Assert.Equal(state.Items(End, Deventer).Sum(i => i.Open),
            export.BalancesPerMember(LedgerRole.Receivable).Where(b => b.Member == Deventer).Sum(b => b.Balance));
    }

    [Fact]
    public void Without_a_refund_the_credit_note_stays_open()
    {
        var state = State();
        Assert.Equal(Money.Exact(-605m), Item(state, C3).Open);
    }

    [Theory]
    [InlineData("Terugbetaling C2024-000003")]
    [InlineData("terugbetaling c 2024 000003")]
    [InlineData("CREDITNOTA C2024000003")]
    public void A_credit_note_refunded_in_full_is_closed_and_the_refund_booked_receivable_against_bank(string remittance)
    {
        var state = State(Debit("D1", 605m, new LocalDate(2025, 2, 3), remittance));

        var refund = Assert.Single(state.Allocations, a => a.Kind == AllocationKind.Refund);
        Assert.Equal("D1|C2024-000003", refund.Id);
        Assert.Equal((new BankReference("D1"), (InvoiceNumber?)C3.Number, (InvoiceNumber?)null, Money.Exact(605m), new LocalDate(2025, 2, 3), Deventer),
            (refund.Entry!.Value, refund.CreditNote, refund.Document, refund.Amount, refund.Date, refund.Member));
        Assert.False(refund.ToCreditBalance);
        var item = Item(state, C3);
        Assert.Equal((Money.Exact(-605m), Money.Zero), (item.Allocated, item.Open));
        Assert.Empty(state.OpenItems(End, Deventer));
        Assert.Empty(state.CreditBalances(End));
        Assert.Empty(state.Unmatched());
        Assert.Equal(Money.Zero, Assert.Single(state.Refunds()).Unallocated);

        var export = Ledger(state);
        var lines = export.Lines.Where(l => l.Entry == "B:D1").ToList();
        Assert.Equal([(LedgerRole.Bank, Money.Zero, Money.Exact(605m)), (LedgerRole.Receivable, Money.Exact(605m), Money.Zero)],
            lines.Select(l => (l.Role, l.Debit, l.Credit)));
        Assert.Equal(C3.Number, lines[1].Document);
        Assert.DoesNotContain(export.Lines, l => l.Entry.StartsWith("A:", StringComparison.Ordinal));
        AssertLedgerAgrees(state);
        Assert.Equal(export.Csv(), Ledger(State(Debit("D1", 605m, new LocalDate(2025, 2, 3), remittance))).Csv());
    }

    [Fact]
    public void A_partial_refund_leaves_the_rest_of_the_credit_note_open()
    {
        var state = State(Debit("D1", 400m, new LocalDate(2025, 2, 3), "Terugbetaling C2024-000003"));
        Assert.Equal(Money.Exact(-205m), Item(state, C3).Open);
        Assert.Equal(Money.Exact(-400m), Item(state, C3).Allocated);
        AssertLedgerAgrees(state);

        // The rest refunded later by a second transfer.
        state = Settle(new AccountsReceivable(state.Documents, [.. state.Entries, Debit("D2", 205m, new LocalDate(2025, 2, 10), "rest C2024-000003")], state.Allocations));
        Assert.Equal(Money.Zero, Item(state, C3).Open);
        AssertLedgerAgrees(state);
    }

    [Fact]
    public void A_refund_of_more_than_is_open_refunds_what_is_open_and_the_excess_waits_for_finance()
    {
        var state = State(Debit("D1", 700m, new LocalDate(2025, 2, 3), "Terugbetaling C2024-000003"));
        Assert.Equal(Money.Zero, Item(state, C3).Open);
        var waiting = Assert.Single(state.Unmatched());
        Assert.Equal((new BankReference("D1"), Money.Exact(95m)), (waiting.Entry.Reference, waiting.Unallocated));
        var rest = Assert.Single(Ledger(state).Lines, l => l is { Entry: "B:D1", Role: LedgerRole.Unallocated });
        Assert.Equal(Money.Exact(95m), rest.Debit);
        AssertLedgerAgrees(state);
    }

    [Fact]
    public void A_debit_naming_an_invoice_or_nothing_refunds_nothing_and_stays_ignored()
    {
        var state = State(Debit("D1", 605m, new LocalDate(2025, 2, 3), "Terugbetaling 2024-000001"), Debit("K1", 12.50m, new LocalDate(2025, 2, 3), "bankkosten"));
        Assert.DoesNotContain(state.Allocations, a => a.Entry is { Value: "D1" or "K1" });
        Assert.Equal(Money.Exact(-605m), Item(state, C3).Open);
        Assert.Empty(state.Refunds());
        Assert.Empty(state.Unmatched());
        Assert.DoesNotContain(Ledger(state).Lines, l => l.Entry is "B:D1" or "B:K1");
        AssertLedgerAgrees(state);
    }

    [Fact]
    public void A_refund_naming_a_credit_note_set_off_already_refunds_nothing_and_waits_for_finance()
    {
        var i2 = Document("2025-000001", Deventer, new LocalDate(2025, 1, 15), 1000m);
        var state = Settle(new AccountsReceivable([I1, C3, i2], [Paid, Debit("D1", 605m, new LocalDate(2025, 2, 3), "C2024-000003")], []));
        // The debit is booked before matching runs, so the refund comes first and the set-off finds nothing left.
        Assert.Single(state.Allocations, a => a.Kind == AllocationKind.Refund);
        Assert.DoesNotContain(state.Allocations, a => a.Kind == AllocationKind.CreditNoteSetOff);

        var setOffFirst = Settle(new AccountsReceivable([I1, C3, i2], [Paid], []));
        setOffFirst = Settle(new AccountsReceivable(setOffFirst.Documents, [.. setOffFirst.Entries, Debit("D1", 605m, new LocalDate(2025, 2, 3), "C2024-000003")], setOffFirst.Allocations));
        Assert.DoesNotContain(setOffFirst.Allocations, a => a.Kind == AllocationKind.Refund);
        var waiting = Assert.Single(setOffFirst.Unmatched());
        Assert.Equal((new BankReference("D1"), Money.Exact(605m)), (waiting.Entry.Reference, waiting.Unallocated));
        Assert.Equal(Money.Exact(605m), Assert.Single(Ledger(setOffFirst).Lines, l => l is { Entry: "B:D1", Role: LedgerRole.Unallocated }).Debit);
        AssertLedgerAgrees(setOffFirst);
    }

    [Fact]
    public void A_reversed_refund_is_undone_by_a_reversing_record_and_the_credit_note_is_open_again()
    {
        var refunded = State(Debit("D1", 605m, new LocalDate(2025, 2, 3), "Terugbetaling C2024-000003"));
        var returned = Payment("R1", 605m, new LocalDate(2025, 2, 6), "Terugbetaling C2024-000003") with { Reversal = true, EndToEndId = "D1-e2e" };
        var state = Settle(new AccountsReceivable(refunded.Documents, [.. refunded.Entries, returned], refunded.Allocations));

        var undo = Assert.Single(state.Allocations, a => a.Kind == AllocationKind.Reversal);
        Assert.Equal(("D1|C2024-000003|rev", "D1|C2024-000003", Money.Exact(-605m), new LocalDate(2025, 2, 6)), (undo.Id, undo.Reverses, undo.Amount, undo.Date));
        Assert.Equal(Money.Exact(-605m), Item(state, C3).Open);
        Assert.Equal(Money.Zero, state.Item(C3, new LocalDate(2025, 2, 4)).Open);
        Assert.Equal(new BankReference("R1"), state.ReversedBy(new BankReference("D1")));
        Assert.Empty(state.Unmatched());
        Assert.Empty(PaymentMatching.Next(state, Now));

        var export = Ledger(state);
        Assert.Equal([(LedgerRole.Bank, Money.Exact(605m), Money.Zero), (LedgerRole.Unallocated, Money.Zero, Money.Exact(605m))],
            export.Lines.Where(l => l.Entry == "B:R1").Select(l => (l.Role, l.Debit, l.Credit)));
        Assert.Equal([(LedgerRole.Unallocated, Money.Exact(605m), Money.Zero), (LedgerRole.Receivable, Money.Zero, Money.Exact(605m))],
            export.Lines.Where(l => l.Entry == "A:D1|C2024-000003|rev").Select(l => (l.Role, l.Debit, l.Credit)));
        Assert.Equal(Money.Zero, export.Lines.Where(l => l.Role == LedgerRole.Unallocated).Sum(l => l.Debit - l.Credit));
        AssertLedgerAgrees(state);
    }

    [Fact]
    public void Finance_allocates_a_debit_to_the_credit_note_it_refunds_by_hand()
    {
        var state = State(Debit("D1", 605m, new LocalDate(2025, 2, 3), "retour gemeente Deventer"));
        Assert.Equal(Money.Exact(-605m), Item(state, C3).Open);

        Assert.NotNull(AllocatePayment.Decide(state, new BankReference("D1"), AllocationTarget.To(I1.Number), null, "financien", new LocalDate(2025, 2, 5), Now).Refusal);
        var outcome = AllocatePayment.Decide(state, new BankReference("D1"), AllocationTarget.To(C3.Number), null, "financien", new LocalDate(2025, 2, 5), Now);
        var manual = outcome.Recorded!;
        Assert.Equal(("D1|C2024-000003|m1", AllocationKind.Refund, Money.Exact(605m), "financien"), (manual.Id, manual.Kind, manual.Amount, manual.By));
        state = Settle(state.With([manual]));
        Assert.Equal(Money.Zero, Item(state, C3).Open);
        Assert.NotNull(AllocatePayment.Decide(state, new BankReference("D1"), AllocationTarget.To(C3.Number), null, "financien", new LocalDate(2025, 2, 5), Now).Refusal);

        // Booked: bank out on the debit's date (to unallocated receipts), then from unallocated receipts to the credit note.
        var export = Ledger(state);
        Assert.Equal([(LedgerRole.Unallocated, Money.Zero, Money.Exact(605m)), (LedgerRole.Receivable, Money.Exact(605m), Money.Zero)],
            export.Lines.Where(l => l.Entry == "A:D1|C2024-000003|m1").Select(l => (l.Role, l.Debit, l.Credit)));
        AssertLedgerAgrees(state);
    }
}
