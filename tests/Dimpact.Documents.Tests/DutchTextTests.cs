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

    [Theory]
    [InlineData("2024-000123", "factuur 2024-000123")]
    [InlineData("C2024-000002", "creditnota C2024-000002")]
    public void A_document_is_named_by_the_series_of_its_number(string number, string expected) =>
        Assert.Equal(expected, DutchText.DocumentName(Billing.Invoicing.InvoiceNumber.Parse(number)));

    [Fact]
    public void A_single_settled_advance_is_named_in_the_singular()
    {
        var draft = SampleInvoices.Settlement().Invoice.Draft with { Settles = [Billing.Invoicing.InvoiceNumber.Parse("2024-000007")] };

        Assert.Equal(["verrekent voorschotfactuur 2024-000007"], DutchText.References(draft));
    }
}
