using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Receivables;
using NodaTime;
using static Dimpact.Billing.Tests.PaymentsAreMatchedToDocuments;

namespace Dimpact.Billing.Tests;

/// <summary>When reminders are due (BILLING.md: a first some days after the due date, a second later; each once per document).</summary>
public class RemindersAreDueOnTheirDays
{
    private static readonly CbsCode Deventer = CbsCode.Parse("GM0150");
    private static readonly Invoice I1 = Document("2024-000001", Deventer, new LocalDate(2024, 1, 2), 1000m);   // due 1 February
    private static readonly LocalDate Due = new(2024, 2, 1);
    private static readonly ReminderSchedule Schedule = ReminderSchedule.Default;

    private static int? LevelOn(LocalDate date, params SentReminder[] sent) =>
        Schedule.DueOn(new AccountsReceivable([I1], [], []), date, sent).SingleOrDefault()?.Level;

    [Fact]
    public void The_default_days_are_14_and_28() => Assert.Equal([14, 28], ReminderSchedule.Parse(null).Days);

    [Fact]
    public void The_first_reminder_is_due_14_days_after_the_due_date_not_sooner() =>
        Assert.Equal([null, 1, 1], new[] { 13, 14, 20 }.Select(d => LevelOn(Due.PlusDays(d))));

    [Fact]
    public void The_second_reminder_is_due_28_days_after_the_due_date_once_the_first_was_sent()
    {
        var first = new SentReminder(I1.Number, 1, Due.PlusDays(14));
        Assert.Equal([null, 2], new[] { 27, 28 }.Select(d => LevelOn(Due.PlusDays(d), first)));
    }

    [Fact]
    public void Each_reminder_is_sent_once_and_there_is_no_third() =>
        Assert.Null(LevelOn(Due.PlusDays(100), new SentReminder(I1.Number, 1, Due.PlusDays(14)), new SentReminder(I1.Number, 2, Due.PlusDays(28))));

    [Fact]
    public void After_an_outage_the_first_reminder_goes_and_the_second_only_the_schedules_gap_later()
    {
        Assert.Equal(1, LevelOn(Due.PlusDays(40)));
        var late = new SentReminder(I1.Number, 1, Due.PlusDays(40));
        Assert.Null(LevelOn(Due.PlusDays(41), late));
        Assert.Equal(2, LevelOn(Due.PlusDays(54), late));
    }

    [Fact]
    public void A_document_paid_in_full_is_never_reminded_and_a_partly_paid_one_for_what_is_open()
    {
        var paid = new AccountsReceivable([I1], [Payment("P1", 1210m, new LocalDate(2024, 2, 20), "2024-000001")], []);
        paid = paid.With(PaymentMatching.Next(paid, Instant.FromUtc(2024, 3, 1, 0, 0)));
        Assert.Empty(Schedule.DueOn(paid, Due.PlusDays(30), []));

        var partly = new AccountsReceivable([I1], [Payment("P1", 1000m, new LocalDate(2024, 2, 20), "2024-000001")], []);
        partly = partly.With(PaymentMatching.Next(partly, Instant.FromUtc(2024, 3, 1, 0, 0)));
        Assert.Equal(Money.Exact(210m), Assert.Single(Schedule.DueOn(partly, Due.PlusDays(30), [])).Item.Open);
    }

    [Fact]
    public void A_credit_note_is_never_reminded() =>
        Assert.Empty(Schedule.DueOn(new AccountsReceivable([Document("C2024-000001", Deventer, new LocalDate(2024, 1, 2), -100m, 4)], [], []), Due.PlusDays(30), []));

    [Fact]
    public void The_reminder_id_names_document_and_level_and_reads_back()
    {
        var id = Reminder.IdOf(I1.Number, 2);
        Assert.Equal("reminder|2024-000001|2", id);
        Assert.Equal((I1.Number, 2), Reminder.ParseId(id));
        Assert.Null(Reminder.ParseId("run|2024-000001..2024-000039|39"));
    }

    [Theory]
    [InlineData("14,7")]
    [InlineData("0,14")]
    [InlineData("veertien")]
    [InlineData("14,14")]
    public void A_schedule_that_is_not_ascending_days_is_refused_naming_the_setting(string text) =>
        Assert.Contains("Receivables__ReminderDays", Assert.Throws<InvalidSettingException>(() => ReminderSchedule.Parse(text)).Message);
}
