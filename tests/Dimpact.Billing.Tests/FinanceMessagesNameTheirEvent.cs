using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Notifications;
using Dimpact.Billing.Populations;
using Dimpact.Billing.Settlement;
using Dimpact.Billing.Tariffs;
using Dimpact.TestSupport;
using NodaTime;

namespace Dimpact.Billing.Tests;

/// <summary>
/// The pure side of finance notifications: every event has an id derived from the event alone (the idempotency key),
/// and Dutch text a finance department reads without a manual.
/// </summary>
public class FinanceMessagesNameTheirEvent
{
    private static readonly TariffYear Year = Repository.TariffYear2024;
    private static readonly CbsCode Deventer = CbsCode.Parse("GM0150");

    private static IReadOnlyList<Invoice> Issued(LocalDate date, int first = 1) =>
        IssueDueInvoices.DueBy(Year, date).Select((d, i) => d.WithNumber(new InvoiceNumber(DocumentKind.Invoice, 2024, first + i))).ToList();

    [Fact]
    public void A_run_is_named_by_its_first_and_last_number_and_count_whatever_the_order_they_come_in()
    {
        var issued = Issued(new LocalDate(2024, 1, 2));
        var shuffled = issued.Reverse().ToList();

        Assert.Equal("run|2024-000001..2024-000039|39", FinanceMessages.Issued(new LocalDate(2024, 1, 2), shuffled).Id);
        var (a, b) = (FinanceMessages.Issued(new LocalDate(2024, 1, 2), issued), FinanceMessages.Issued(new LocalDate(2024, 1, 2), shuffled));
        Assert.Equal((a.Id, a.Subject, a.Body), (b.Id, b.Subject, b.Body));
    }

    [Fact]
    public void A_run_says_count_and_totals_per_kind_in_Dutch_amounts()
    {
        var issued = Issued(new LocalDate(2024, 1, 2));
        var total = issued.Sum(i => i.TotalInclVat);

        var body = FinanceMessages.Issued(new LocalDate(2024, 1, 2), issued).Body;

        Assert.Contains("Op 02-01-2024 zijn 39 document(en) uitgegeven:", body);
        Assert.Contains("€ " + total.Euros.ToString("#,##0.00", new System.Globalization.NumberFormatInfo { NumberDecimalSeparator = ",", NumberGroupSeparator = "." }), body);
        Assert.DoesNotContain("creditnota's", body);
    }

    [Fact]
    public void Held_figures_are_named_by_date_and_version_and_tell_the_approve_command()
    {
        var snapshot = new PopulationSnapshot(new LocalDate(2024, 1, 1), 3, "20241002T050000Z-abc/tenfold.csv", Instant.FromUtc(2024, 10, 2, 5, 0),
            new Dictionary<CbsCode, Population> { [Deventer] = new(1_020_000) },
            [new ImplausibleChange(Deventer, new Population(101_446), new Population(1_020_000), "the reference population")]);

        var hold = FinanceMessages.Hold(snapshot, c => Year.Member(c).Name);

        Assert.Equal("hold|2024-01-01|v3", hold.Id);
        Assert.Contains("bestand tenfold.csv", hold.Body);
        Assert.Contains("dimpact population approve 2024-01-01 --version 3", hold.Body);
    }

    [Theory]
    [InlineData("2024-11-25", "waiting|2024|2024-W48")]
    [InlineData("2024-12-01", "waiting|2024|2024-W48")] // Sunday: the same ISO week
    [InlineData("2024-12-02", "waiting|2024|2024-W49")]
    [InlineData("2024-12-30", "waiting|2024|2025-W01")] // ISO week-year
    public void Waiting_for_figures_is_named_by_tariff_year_and_ISO_week(string today, string id)
    {
        var date = NodaTime.Text.LocalDatePattern.Iso.Parse(today).Value;
        Assert.Equal(id, FinanceMessages.Waiting(2024, new LocalDate(2024, 1, 1), new LocalDate(2024, 12, 1), date, [Deventer], _ => "Deventer").Id);
    }

    [Fact]
    public void A_give_up_is_named_by_number_and_first_failure()
    {
        var failed = new InvoiceDelivery(InvoiceNumber.Parse("2024-000007"), Deventer, "Deventer", DeliveryStatus.Failed, 15, "attempt 15: SmtpCommandException: 550 mailbox unavailable",
            FirstFailedAt: Instant.FromUtc(2024, 1, 2, 5, 0));

        var notification = FinanceMessages.DeliveryFailed(failed);

        Assert.Equal("failed|2024-000007|2024-01-02T05:00:00Z", notification.Id);
        Assert.Equal("Dimpact facturatie: factuur 2024-000007 aan Deventer niet verstuurd", notification.Subject);
    }

    [Theory]
    [InlineData(null, 12, 1)]
    [InlineData("", 12, 1)]
    [InlineData("11-15", 11, 15)]
    [InlineData("--12-15", 12, 15)] // the form of the infrastructure's alert parameter
    public void The_date_figures_are_expected_by_is_a_month_and_day(string? setting, int month, int day) =>
        Assert.Equal(new AnnualDate(month, day), FinanceNotifications.ParseFiguresExpectedBy(setting));

    [Theory]
    [InlineData("1 december")]
    [InlineData("13-01")]
    public void A_date_that_is_no_month_and_day_names_the_setting(string setting) =>
        Assert.StartsWith("Finance__SettlementFiguresExpectedBy: ", Assert.Throws<InvalidSettingException>(() => FinanceNotifications.ParseFiguresExpectedBy(setting)).Message);

    [Fact]
    public void The_settlement_overview_has_a_line_per_member_and_product_with_numbers_as_numbers()
    {
        var advances = Issued(new LocalDate(2024, 7, 1));
        var figures = new PopulationSnapshot(Year.SettlementReferenceDate, 1, "test", Instant.FromUtc(2024, 3, 1, 0, 0),
            Year.Members.ToDictionary(m => m.Code, m => new Population(m.ReferencePopulation.Count + 1000)));
        var (due, _) = SettleYear.DocumentsDue(Year, figures, advances, new LocalDate(2024, 10, 1));
        var settled = due.Select((d, i) => d.WithNumber(new InvoiceNumber(d.Kind, 2024, 200 + i))).ToList();

        var csv = FinanceMessages.SettlementOverviewCsv(settled).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(FinanceMessages.SettlementOverviewHeader, csv[0]);
        Assert.Equal(settled.Sum(d => d.Lines.Count), csv.Length - 1);
        var deventer = csv.Where(l => l.StartsWith("GM0150,", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(deventer);
        Assert.All(deventer, l => Assert.Matches(@"^GM0150,Deventer,C?2024-\d{6},[a-z_]+,\d+,\d+,-?\d+\.\d\d,-?\d+\.\d\d,-?\d+\.\d\d,-?\d+\.\d\d$", l));
        Assert.Contains(FinanceMessages.Issued(new LocalDate(2024, 10, 1), settled).Attachments, a => a.FileName == "afrekening-2024.csv");
    }
}
