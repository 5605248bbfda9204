using Dimpact.Billing.Invoicing;
using NodaTime;

namespace Dimpact.Billing.Tests;

public class MoneyRoundsToCentsHalfAwayFromZero
{
    [Theory]
    [InlineData("0.005", "0.01")]
    [InlineData("-0.005", "-0.01")]
    [InlineData("55993.745", "55993.75")]
    [InlineData("1.004999", "1.00")]
    public void Rounding(string exact, string cents) =>
        Assert.Equal(decimal.Parse(cents, System.Globalization.CultureInfo.InvariantCulture),
            Money.Round(decimal.Parse(exact, System.Globalization.CultureInfo.InvariantCulture)).Euros);

    [Fact]
    public void An_exact_amount_must_be_whole_cents() => Assert.Throws<ArgumentException>(() => Money.Exact(1.001m));

    [Fact]
    public void Machine_format_uses_a_point_and_two_decimals() => Assert.Equal("-1250.50", Money.Exact(-1250.5m).ToString());
}

public class CodesAndNumbers
{
    [Theory]
    [InlineData(" gm0150 ", "GM0150")]
    [InlineData("GM1992", "GM1992")]
    public void Cbs_codes_are_normalised(string text, string code) => Assert.Equal(code, CbsCode.Parse(text).Value);

    [Theory]
    [InlineData("0150")]
    [InlineData("GM015")]
    [InlineData("GMX150")]
    [InlineData("GM10000")] // the benchmark's synthetic range, refused unless a benchmark switches it on
    [InlineData("")]
    public void Invalid_cbs_codes_are_refused(string text) => Assert.False(CbsCode.TryParse(text, out _));

    [Theory]
    [InlineData("GM0150", 1, Purpose.Advance, 0)]
    [InlineData("GM0168", 1, Purpose.AnnualContribution, 0)]
    [InlineData("GM0150", 4, Purpose.Settlement, 0)]
    [InlineData("GM0150", 4, Purpose.Correction, 2)]
    public void A_document_key_reads_back_from_its_text(string member, int quarter, Purpose purpose, int revision)
    {
        var key = new DocumentKey(CbsCode.Parse(member), 2024, quarter, purpose, revision);
        Assert.Equal(key, DocumentKey.Parse(key.ToString()));
    }

    [Theory]
    [InlineData("GM0150|2024|Q1")]
    [InlineData("GM0150|2024|Q5|advance")]
    [InlineData("GM0150|2024|Q1|Advance")]
    [InlineData("GM0150|2024|Q4|correction|r0")]
    [InlineData("GM0150|2024|Q4|correction|2")]
    [InlineData("GX0150|2024|Q1|advance")]
    public void Text_that_is_no_document_key_is_refused(string text) => Assert.Throws<FormatException>(() => DocumentKey.Parse(text));

    [Fact]
    public void Invoice_numbers_have_one_series_per_kind_and_year()
    {
        Assert.Equal("2024-000001", InvoiceNumber.First(DocumentKind.Invoice, 2024).ToString());
        Assert.Equal("C2024-000002", InvoiceNumber.First(DocumentKind.CreditNote, 2024).Next().ToString());
        Assert.Equal(new InvoiceNumber(DocumentKind.CreditNote, 2024, 17), InvoiceNumber.Parse("C2024-000017"));
        Assert.Throws<FormatException>(() => InvoiceNumber.Parse("2024-17"));
    }

    [Fact]
    public void Quarters_know_their_days()
    {
        var q2 = Quarter.Containing(new LocalDate(2024, 5, 31));
        Assert.Equal(new Quarter(2024, 2), q2);
        Assert.Equal(new LocalDate(2024, 4, 1), q2.FirstDay);
        Assert.Equal(new LocalDate(2024, 6, 30), q2.LastDay);
        Assert.False(q2.HasStartedOn(new LocalDate(2024, 3, 31)));
    }

    [Fact]
    public void Billing_dates_are_Amsterdam_dates()
    {
        // 31 December 23:30 UTC is already 1 January in Amsterdam: Q1 has started.
        var clock = new NodaTime.Testing.FakeClock(Instant.FromUtc(2023, 12, 31, 23, 30));
        Assert.Equal(new LocalDate(2024, 1, 1), BillingCalendar.Today(clock));
    }

    [Fact]
    public void Adding_populations_beyond_the_largest_number_is_an_error_never_a_wrapped_negative()
    {
        Assert.Throws<OverflowException>(() => new Population(int.MaxValue) + new Population(1));
        Assert.Equal(new Population(30_000), new Population(10_000) + new Population(20_000));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    [InlineData(2_000_000, false)]
    [InlineData(2_000_001, true)]
    public void A_population_of_0_or_above_two_million_is_out_of_range(int count, bool outOfRange) =>
        Assert.Equal(outOfRange, Populations.PopulationPlausibility.OutOfRange(count) is not null);
}
