using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Receivables;
using NodaTime;
using static Dimpact.Billing.Tests.PaymentsAreMatchedToDocuments;

namespace Dimpact.Billing.Tests;

/// <summary>
/// "Every allocation is an immutable record; undo is a reversing record" (BILLING.md, "Payments and receivables"):
/// finance undoes an allocation of a payment; the record stays, a reversal negates it on the day of the undo, the
/// payment waits for finance again and matching does not allocate it back. An undo is not undone, nor undone twice.
/// </summary>
public class AnAllocationIsUndoneByAReversingRecord
{
    private static readonly CbsCode Deventer = CbsCode.Parse("GM0150");
    private static readonly Instant Now = Instant.FromUtc(2024, 6, 1, 8, 0);
    private static readonly LocalDate Today = new(2024, 3, 1);
    private static readonly Invoice I1 = Document("2024-000001", Deventer, new LocalDate(2024, 1, 2), 1000m);     // 1210.00

    private static AccountsReceivable Matched(params BankEntry[] entries)
    {
        var state = new AccountsReceivable([I1, Document("C2024-000001", Deventer, new LocalDate(2024, 1, 10), -100m, 4)], entries, []);
        while (PaymentMatching.Next(state, Now) is { Count: > 0 } unit) state = state.With(unit);
        return state;
    }

    [Fact]
    public void An_undone_allocation_stays_recorded_and_its_payment_waits_for_finance_again()
    {
        var state = Matched(Payment("P1", 1089m, new LocalDate(2024, 2, 1), "factuur 2024-000001"));
        Assert.Empty(state.Unmatched());
        var undo = UndoAllocation.Decide(state, "P1|2024-000001", "j.jansen", Today, Now).Recorded!;
        Assert.Equal((AllocationKind.Reversal, "P1|2024-000001", "-1089.00", Today, "j.jansen", "P1|2024-000001|rev"),
            (undo.Kind, undo.Reverses, undo.Amount.ToString(), undo.Date, undo.By, undo.Id));

        state = state.With([undo]);
        Assert.Equal("1089.00", Assert.Single(state.Unmatched()).Unallocated.ToString());
        Assert.Equal(Money.Zero, state.Item(I1, new LocalDate(2024, 2, 29)).Open);            // as it was before the undo
        Assert.Equal("1089.00", state.Item(I1, Today).Open.ToString());                        // open again from the undo on
        Assert.Contains(state.Allocations, a => a.Id == "P1|2024-000001");                    // the record stays
        Assert.Empty(state.InForce(new BankReference("P1")));
        Assert.Empty(PaymentMatching.Next(state, Now));                                        // not matched back
    }

    [Fact]
    public void A_reversal_an_allocation_undone_already_a_set_off_and_an_unknown_id_are_refused()
    {
        var state = Matched(Payment("P1", 1089m, new LocalDate(2024, 2, 1), "2024-000001"));
        state = state.With([UndoAllocation.Decide(state, "P1|2024-000001", "j", Today, Now).Recorded!]);

        Assert.Contains("itself the undo", UndoAllocation.Decide(state, "P1|2024-000001|rev", "j", Today, Now).Refusal);
        Assert.Contains("undone already", UndoAllocation.Decide(state, "P1|2024-000001", "j", Today, Now).Refusal);
        Assert.Contains("no allocation P9", UndoAllocation.Decide(state, "P9", "j", Today, Now).Refusal);
        var setOff = Assert.Single(state.Allocations, a => a.Kind == AllocationKind.CreditNoteSetOff);
        Assert.Contains("set-offs follow from the rules", UndoAllocation.Decide(state, setOff.Id, "j", Today, Now).Refusal);
    }

    [Fact]
    public void Finance_allocates_again_after_an_undo_under_a_new_id_and_the_bank_reversal_undoes_only_what_is_in_force()
    {
        var state = Matched(Payment("P1", 2000m, new LocalDate(2024, 2, 1), "2024-000001"));    // 1210 to the invoice, 790 credit balance
        state = state.With([UndoAllocation.Decide(state, "P1|credit", "j", Today, Now).Recorded!]);
        Assert.Empty(state.CreditBalances(Today));
        var again = AllocatePayment.Decide(state, new BankReference("P1"), AllocationTarget.Parse("GM0150"), null, "j", Today, Now).Recorded!;
        Assert.Equal(("P1|GM0150|m1", "790.00"), (again.Id, again.Amount.ToString()));
        state = state.With([again]);
        Assert.Equal(["P1|2024-000001", "P1|GM0150|m1"], state.InForce(new BankReference("P1")).Select(a => a.Id));

        var reversal = new BankEntry(new BankReference("R1"), "S2", new LocalDate(2024, 3, 5), new LocalDate(2024, 3, 5), Money.Exact(2000m), EntryDirection.Debit, true,
            "Gemeente", "NL02BNGH0285000001", ["2024-000001"], "P1-e2e");
        state = new AccountsReceivable(state.Documents, [.. state.Entries, reversal], state.Allocations);
        var undone = PaymentMatching.Next(state, Now);
        Assert.Equal(["P1|2024-000001|rev", "P1|GM0150|m1|rev"], undone.Select(a => a.Id));
        state = state.With(undone);
        Assert.Equal(Money.Zero, state.Allocations.Where(a => a.Entry == new BankReference("P1")).Sum(a => a.Amount));
    }
}
