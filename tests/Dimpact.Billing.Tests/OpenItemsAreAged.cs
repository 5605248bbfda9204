using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Receivables;
using NodaTime;
using static Dimpact.Billing.Tests.PaymentsAreMatchedToDocuments;

namespace Dimpact.Billing.Tests;

/// <summary>The open items on a date and their ageing (<c>dimpact receivables</c>): buckets by days past the due date, not yet due apart.</summary>
public class OpenItemsAreAged
{
    private static readonly CbsCode Deventer = CbsCode.Parse("GM0150");
    private static readonly LocalDate Jan2 = new(2024, 1, 2);   // due 1 February

    private static OpenItem Open(int daysAfterDue) =>
        new AccountsReceivable([Document("2024-000001", Deventer, Jan2, 1000m)], [], []).Item(Document("2024-000001", Deventer, Jan2, 1000m), new LocalDate(2024, 2, 1).PlusDays(daysAfterDue));

    [Theory]
    [InlineData(-5, AgeingBucket.NotYetDue)]
    [InlineData(0, AgeingBucket.NotYetDue)]
    [InlineData(1, AgeingBucket.Days0To30)]
    [InlineData(30, AgeingBucket.Days0To30)]
    [InlineData(31, AgeingBucket.Days31To60)]
    [InlineData(60, AgeingBucket.Days31To60)]
    [InlineData(61, AgeingBucket.Days61To90)]
    [InlineData(90, AgeingBucket.Days61To90)]
    [InlineData(91, AgeingBucket.Over90)]
    public void An_open_invoice_is_aged_by_the_days_past_its_due_date(int daysAfterDue, AgeingBucket bucket)
    {
        var item = Open(daysAfterDue);
        Assert.Equal(Math.Max(0, daysAfterDue), item.DaysOverdue);
        Assert.Equal(bucket, ReceivablesReport.BucketOf(item));
    }

    [Fact]
    public void The_ageing_adds_up_to_the_open_invoices_and_leaves_paid_documents_and_credit_notes_out()
    {
        var i1 = Document("2024-000001", Deventer, Jan2, 1000m);                       // 1210.00, 121 days overdue on 1 June
        var i2 = Document("2024-000002", Deventer, new LocalDate(2024, 4, 1), 1000m, 2); // 1210.00, 31 days overdue, partly paid
        var i3 = Document("2024-000003", Deventer, new LocalDate(2024, 5, 20), 500m, 2); // 605.00, not yet due
        var paid = Document("2024-000004", Deventer, Jan2, 100m);                        // 121.00, paid
        var credit = Document("C2024-000001", Deventer, new LocalDate(2024, 5, 25), -100m, 4);
        var payments = new[] { Payment("P1", 121m, new LocalDate(2024, 1, 10), "2024-000004"), Payment("P2", 210m, new LocalDate(2024, 5, 2), "2024-000002") };
        var state = new AccountsReceivable([i1, i2, i3, paid, credit], payments, []);
        while (PaymentMatching.Next(state, Instant.FromUtc(2024, 6, 1, 0, 0)) is { Count: > 0 } unit) state = state.With(unit);
        // The credit note is set off against the oldest open invoice (i1), so nothing of it is open.
        var report = ReceivablesReport.Of(state, new LocalDate(2024, 6, 1));

        Assert.Equal(["NotYetDue 1 605.00", "Days0To30 0 0.00", "Days31To60 1 1000.00", "Days61To90 0 0.00", "Over90 1 1089.00"],
            report.Ageing.Select(a => $"{a.Bucket} {a.Documents} {a.Open}"));
        Assert.Equal(report.OpenInvoices, report.Ageing.Sum(a => a.Open));
        Assert.Equal(Money.Exact(331m), report.Paid);
        Assert.Equal(Money.Exact(121m), report.CreditNotesSetOff);
        Assert.Equal(Money.Exact(2089m), report.Overdue);
        Assert.Equal(report.Issued - report.Paid, report.Balance);
    }

    [Fact]
    public void The_csv_has_the_exact_header_and_a_credit_notes_amounts_negative()
    {
        var credit = Document("C2024-000001", Deventer, new LocalDate(2024, 5, 25), -100m, 4);
        var csv = ReceivablesReport.Of(new AccountsReceivable([credit], [], []), new LocalDate(2024, 6, 1)).Csv().Split('\n');
        Assert.Equal("number,kind,member_code,issue_date,due_date,total_incl_vat,allocated,open,days_overdue", csv[0]);
        Assert.Equal("C2024-000001,credit_note,GM0150,2024-05-25,2024-06-24,-121.00,0.00,-121.00,0", csv[1]);
    }
}
