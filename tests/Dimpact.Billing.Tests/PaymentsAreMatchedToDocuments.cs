using Dimpact.Billing;
using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Receivables;
using NodaTime;

namespace Dimpact.Billing.Tests;

/// <summary>
/// The matching rules, on the state alone (BILLING.md, "Payments and receivables"): remittance information naming
/// document numbers in any case or spacing, oldest first, several documents per payment, partial payments, overpayments
/// to the member's credit balance, credit notes set off, reversals undone, and what waits for finance.
/// </summary>
public class PaymentsAreMatchedToDocuments
{
    private static readonly CbsCode Deventer = CbsCode.Parse("GM0150");
    private static readonly CbsCode Enschede = CbsCode.Parse("GM0153");
    private static readonly Instant Now = Instant.FromUtc(2024, 6, 1, 8, 0);

    /// <summary>A document of <paramref name="exclVat"/> at 21 % VAT (negative: a credit note).</summary>
    internal static Invoice Document(string number, CbsCode member, LocalDate issued, decimal exclVat, int quarter = 1)
    {
        var n = InvoiceNumber.Parse(number);
        var draft = new DraftInvoice(new DocumentKey(member, n.Year, quarter, exclVat < 0 ? Purpose.Settlement : Purpose.Advance, n.Sequence), member, member.Value, issued,
            [new InvoiceLine(ProductId.Parse("esuite"), "e-Suite", new Population(100_000), Money.Exact(exclVat), 0.21m)],
            new InvoiceBasis("v1", issued));
        return draft.WithNumber(n);
    }

    internal static BankEntry Payment(string reference, decimal amount, LocalDate booked, params string[] remittance) =>
        new(new BankReference(reference), "S1", booked, booked, Money.Exact(amount), EntryDirection.Credit, false, "Gemeente", "NL02BNGH0285000001", remittance, reference + "-e2e");

    private static readonly Invoice I1 = Document("2024-000001", Deventer, new LocalDate(2024, 1, 2), 1000m);     // 1210.00
    private static readonly Invoice I2 = Document("2024-000002", Deventer, new LocalDate(2024, 4, 1), 1000m, 2);  // 1210.00
    private static readonly Invoice I3 = Document("2024-000003", Enschede, new LocalDate(2024, 1, 2), 2000m);     // 2420.00

    private static AccountsReceivable State(IEnumerable<BankEntry> entries, params Invoice[] documents) => new(documents, entries, []);

    /// <summary>Everything the state calls for, unit by unit, as the use case records it.</summary>
    private static AccountsReceivable Settle(AccountsReceivable state)
    {
        for (var i = 0; i < 1000; i++)
        {
            var unit = PaymentMatching.Next(state, Now);
            if (unit.Count == 0) return state;
            state = state.With(unit);
        }
        throw new InvalidOperationException("matching did not end");
    }

    [Theory]
    [InlineData("Factuur 2024-000012", "2024-000012")]
    [InlineData("factuur 2024 000012", "2024-000012")]
    [InlineData("FACTUUR2024-000012", "2024-000012")]
    [InlineData("nr.2024000012", "2024-000012")]
    [InlineData("2024 - 000012 en 2024/000013", "2024-000012 2024-000013")]
    [InlineData("C2024-000003", "C2024-000003")]
    [InlineData("creditnota c 2024-000003", "C2024-000003")]
    [InlineData("ABC2024-000012", "2024-000012")]
    [InlineData("2024-000012 2024-000012", "2024-000012")]
    [InlineData("voorschot 2024-12", "")]
    [InlineData("IBAN NL52INGB2024000017 factuur 2024-000016", "2024-000016")]   // found by attack: the IBAN's account number read as 2024-000017
    [InlineData("van nl52ingb2024000017", "")]
    [InlineData("NL99INGB2024000017", "2024-000017")]                            // no IBAN (check digits wrong): a number as written
    [InlineData("12024-000012", "")]
    [InlineData("2024-0000123", "")]
    [InlineData("2024-000000", "")]
    public void Remittance_text_names_document_numbers_in_any_case_or_spacing(string text, string expected) =>
        Assert.Equal(expected, string.Join(' ', PaymentMatching.NamedDocuments([text])));

    [Fact]
    public void A_payment_naming_two_documents_pays_the_oldest_first_and_leaves_the_rest_of_the_newer_open()
    {
        var state = Settle(State([Payment("P1", 1500m, new LocalDate(2024, 4, 20), "2024-000002 en 2024-000001")], I1, I2));
        var asOf = new LocalDate(2024, 4, 30);
        Assert.Equal(["2024-000001 1210.00 0.00", "2024-000002 290.00 920.00"],
            state.Items(asOf).Where(i => i.Member == Deventer).Select(i => $"{i.Number} {i.Allocated} {i.Open}"));
        Assert.All(state.Allocations, a => Assert.Equal((AllocationKind.Matched, new LocalDate(2024, 4, 20)), (a.Kind, a.Date)));
        Assert.Empty(state.Unmatched());
    }

    [Fact]
    public void An_overpayment_becomes_the_members_credit_balance()
    {
        var state = Settle(State([Payment("P1", 1300m, new LocalDate(2024, 2, 1), "2024-000001")], I1));
        Assert.Equal(Money.Zero, state.Item(I1, new LocalDate(2024, 2, 1)).Open);
        Assert.Equal([new CreditBalance(Deventer, Money.Exact(90m))], state.CreditBalances(new LocalDate(2024, 2, 1)));
        Assert.Empty(state.CreditBalances(new LocalDate(2024, 1, 31)));
        Assert.Empty(state.Unmatched());
    }

    [Fact]
    public void A_payment_for_a_document_paid_already_is_a_credit_balance_and_a_second_payment_is_never_allocated_twice()
    {
        var state = Settle(State([Payment("P1", 1210m, new LocalDate(2024, 2, 1), "2024-000001"), Payment("P2", 1210m, new LocalDate(2024, 2, 2), "2024-000001")], I1));
        Assert.Equal(Money.Exact(1210m), state.Item(I1, LocalDate.MaxIsoValue).Allocated);
        Assert.Equal([new CreditBalance(Deventer, Money.Exact(1210m))], state.CreditBalances(LocalDate.MaxIsoValue));
    }

    [Fact]
    public void A_payment_that_names_no_document_of_ours_waits_for_finance()
    {
        var state = Settle(State([Payment("P1", 500m, new LocalDate(2024, 2, 1), "voorschot 2024-12"), Payment("P2", 50m, new LocalDate(2024, 2, 1), "2023-000099")], I1));
        Assert.Empty(state.Allocations);
        Assert.Equal(["P1 500.00", "P2 50.00"], state.Unmatched().Select(p => $"{p.Entry.Reference} {p.Unallocated}"));
    }

    [Fact]
    public void A_debit_is_no_payment()
    {
        var debit = Payment("D1", 15m, new LocalDate(2024, 2, 1), "2024-000001") with { Direction = EntryDirection.Debit };
        var state = Settle(State([debit], I1));
        Assert.Empty(state.Allocations);
        Assert.Empty(state.Payments());
    }

    [Fact]
    public void A_credit_note_is_set_off_against_the_members_open_invoices_oldest_first()
    {
        var credit = Document("C2024-000001", Deventer, new LocalDate(2024, 5, 1), -1500m, 4);   // -1815.00
        var state = Settle(State([], I1, I2, I3, credit));
        var asOf = new LocalDate(2024, 5, 1);
        Assert.Equal(["2024-000001 1210.00 0.00", "2024-000002 605.00 605.00", "C2024-000001 -1815.00 0.00"],
            state.Items(asOf, Deventer).Select(i => $"{i.Number} {i.Allocated} {i.Open}"));
        Assert.Equal(Money.Exact(2420m), state.Item(I3, asOf).Open);
        Assert.All(state.Allocations, a => Assert.Equal((AllocationKind.CreditNoteSetOff, credit.Number, asOf), (a.Kind, a.CreditNote!.Value, a.Date)));
    }

    [Fact]
    public void A_credit_note_larger_than_what_is_open_keeps_the_rest_open_as_a_negative_item()
    {
        var credit = Document("C2024-000001", Deventer, new LocalDate(2024, 5, 1), -3000m, 4);   // -3630.00
        var state = Settle(State([Payment("P1", 1210m, new LocalDate(2024, 2, 1), "2024-000001")], I1, I2, credit));
        Assert.Equal(["2024-000001 0.00", "2024-000002 0.00", "C2024-000001 -2420.00"],
            state.Items(new LocalDate(2024, 5, 1), Deventer).Select(i => $"{i.Number} {i.Open}"));
    }

    [Fact]
    public void A_reversed_payment_has_its_allocations_undone_by_reversing_records()
    {
        var paid = Payment("P1", 1210m, new LocalDate(2024, 2, 1), "2024-000001");
        var state = Settle(State([paid], I1));
        var reversal = paid with { Reference = new BankReference("R1"), Direction = EntryDirection.Debit, Reversal = true, BookingDate = new LocalDate(2024, 2, 3) };
        state = Settle(new AccountsReceivable(state.Documents, [.. state.Entries, reversal], state.Allocations));

        Assert.Equal(Money.Zero, state.Item(I1, new LocalDate(2024, 2, 2)).Open);
        Assert.Equal(Money.Exact(1210m), state.Item(I1, new LocalDate(2024, 2, 3)).Open);
        var undo = Assert.Single(state.Allocations, a => a.Kind == AllocationKind.Reversal);
        Assert.Equal(("P1|2024-000001", "-1210.00", new LocalDate(2024, 2, 3)), (undo.Reverses, undo.Amount.ToString(), undo.Date));
        Assert.True(state.Status(paid).IsReversed);
        Assert.Empty(state.Unmatched());
    }

    [Fact]
    public void A_payment_reversed_before_it_was_matched_is_never_matched()
    {
        var paid = Payment("P1", 1210m, new LocalDate(2024, 2, 1), "2024-000001");
        var reversal = paid with { Reference = new BankReference("R1"), Direction = EntryDirection.Debit, Reversal = true };
        var state = Settle(State([paid, reversal], I1));
        Assert.Empty(state.Allocations);
        Assert.Empty(state.Unmatched());
    }

    [Fact]
    public void Matching_the_same_state_again_records_the_same_allocations_with_the_same_ids()
    {
        AccountsReceivable Run() => Settle(State([Payment("P1", 3000m, new LocalDate(2024, 4, 20), "2024-000001 2024-000002")], I1, I2,
            Document("C2024-000001", Deventer, new LocalDate(2024, 5, 1), -100m, 4)));
        Assert.Equal(Run().Allocations.Select(a => (a.Id, a.Amount)), Run().Allocations.Select(a => (a.Id, a.Amount)));
        Assert.Empty(PaymentMatching.Next(Run(), Now));
    }

    [Fact]
    public void Finance_allocates_an_unmatched_payment_by_hand_up_to_the_open_amount()
    {
        var state = Settle(State([Payment("P1", 2000m, new LocalDate(2024, 2, 1), "bijdrage")], I1, I3));
        var today = new LocalDate(2024, 2, 5);
        var first = AllocatePayment.Decide(state, new BankReference("P1"), AllocationTarget.Parse("2024-000001"), null, "j.jansen", today, Now);
        Assert.Equal(("1210.00", AllocationKind.Manual, "j.jansen", today, Deventer), (first.Recorded!.Amount.ToString(), first.Recorded.Kind, first.Recorded.By, first.Recorded.Date, first.Recorded.Member));
        state = state.With([first.Recorded]);
        Assert.Equal("790.00", Assert.Single(state.Unmatched()).Unallocated.ToString());

        Assert.Contains("more than the 790.00", AllocatePayment.Decide(state, new BankReference("P1"), AllocationTarget.Parse("2024-000003"), Money.Exact(800m), "j", today, Now).Refusal);
        Assert.Contains("nothing open", AllocatePayment.Decide(state, new BankReference("P1"), AllocationTarget.Parse("2024-000001"), null, "j", today, Now).Refusal);
        Assert.Contains("credit note", AllocatePayment.Decide(state, new BankReference("P1"), AllocationTarget.Parse("C2024-000001"), null, "j", today, Now).Refusal);
        Assert.Contains("no bank entry", AllocatePayment.Decide(state, new BankReference("P9"), AllocationTarget.Parse("2024-000003"), null, "j", today, Now).Refusal);

        var rest = AllocatePayment.Decide(state, new BankReference("P1"), AllocationTarget.Parse("GM0153"), null, "j", today, Now).Recorded!;
        state = state.With([rest]);
        Assert.Equal([new CreditBalance(Enschede, Money.Exact(790m))], state.CreditBalances(today));
        Assert.Empty(state.Unmatched());
        Assert.Contains("wholly allocated", AllocatePayment.Decide(state, new BankReference("P1"), AllocationTarget.Parse("2024-000003"), null, "j", today, Now).Refusal);
    }

    [Fact]
    public void An_open_item_is_overdue_the_days_after_its_due_date()
    {
        var state = State([], I1);
        Assert.Equal(new LocalDate(2024, 2, 1), I1.DueDate);
        Assert.Equal(0, state.Item(I1, new LocalDate(2024, 2, 1)).DaysOverdue);
        Assert.Equal(29, state.Item(I1, new LocalDate(2024, 3, 1)).DaysOverdue);
        Assert.Empty(state.OpenItems(new LocalDate(2024, 1, 1)));
        Assert.Single(state.OpenItems(new LocalDate(2024, 1, 2)));
    }
}
