using Dimpact.Billing;

namespace Dimpact.Documents.Tests;

public class DutchTextTests
{
    [Theory]
    [InlineData("113806.00", "€ 113.806,00")]
    [InlineData("1250.50", "€ 1.250,50")]
    [InlineData("-1250.50", "€ -1.250,50")]
    [InlineData("0.05", "€ 0,05")]
    [InlineData("1502763.29", "€ 1.502.763,29")]
    public void Amounts_read_with_a_decimal_comma_and_thousands_dots(string euros, string expected) =>
        Assert.Equal(expected, DutchText.Amount(Money.Parse(euros)));

    [Fact]
    public void Dates_read_day_month_year() =>
        Assert.Equal("02-01-2024", DutchText.Date(new NodaTime.LocalDate(2024, 1, 2)));

    [Fact]
    public void Populations_have_thousands_dots() => Assert.Equal("655.468", DutchText.Count(new Population(655_468)));
}
