using Dimpact.Billing;
using Microsoft.Extensions.Configuration;

namespace Dimpact.Delivery.Tests;

/// <summary>Finance__NotifyEmails: one or more addresses, ';' or ',' separated; none means recorded, not sent.</summary>
public class FinanceAddressesAreASetting
{
    private static MailSettings Mail(string? notifyEmails) =>
        DeliveryConfiguration.Mail(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Finance:NotifyEmails"] = notifyEmails }).Build(),
            Documents.Parties.Seller.Sample);

    [Theory]
    [InlineData(null, new string[0])]
    [InlineData(" ", new string[0])]
    [InlineData("financien@dimpact.example", new[] { "financien@dimpact.example" })]
    [InlineData("financien@dimpact.example; controller@dimpact.example", new[] { "financien@dimpact.example", "controller@dimpact.example" })]
    [InlineData("financien@dimpact.example,controller@dimpact.example;", new[] { "financien@dimpact.example", "controller@dimpact.example" })]
    [InlineData("Financiën <financien@dimpact.example>", new[] { "financien@dimpact.example" })]
    public void Addresses_are_separated_by_semicolons_or_commas(string? setting, string[] addresses) =>
        Assert.Equal(addresses, Mail(setting).FinanceRecipients.Select(a => a.Address));

    [Fact]
    public void Something_that_is_no_address_names_the_setting() =>
        Assert.StartsWith("Finance__NotifyEmails: 'financien' is not an e-mail address",
            Assert.Throws<InvalidSettingException>(() => Mail("financien; controller@dimpact.example")).Message);
}
