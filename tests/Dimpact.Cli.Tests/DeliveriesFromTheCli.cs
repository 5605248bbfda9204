using Dimpact.Billing.Invoicing;
using Dimpact.Storage;
using Dimpact.TestSupport;
using NodaTime;

namespace Dimpact.Cli.Tests;

/// <summary>
/// `dimpact deliver` during a mail server outage says what waits for a retry, exits 4 with the give-up's error line
/// when a delivery fails for good, and `dimpact deliveries retry` makes the undelivered ones due once the server is back.
/// </summary>
public class DeliveriesFromTheCli
{
    private readonly string _mail = Directory.CreateTempSubdirectory("cli-mail-").FullName;
    private readonly string _prefix = Azurite.UniquePrefix();

    private Dictionary<string, string> Environment(bool smtpDown)
    {
        var environment = new Dictionary<string, string>
        {
            ["DIMPACT_STORAGE"] = Azurite.ConnectionString,
            ["DIMPACT_STORAGE_PREFIX"] = _prefix,
            ["Smtp__PickupDirectory"] = _mail,
        };
        if (!smtpDown) return environment; // the server is back: mail goes to the pickup folder
        // A loopback port nobody listens on: every connection is refused.
        environment["Smtp__Host"] = "127.0.0.1";
        environment["Smtp__Port"] = Azurite.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["Smtp__UseTls"] = "false";
        return environment;
    }

    private async Task<CliResult> Run(bool smtpDown, int exitCode, params string[] arguments)
    {
        var result = await CliProcess.RunAsync(arguments, Environment(smtpDown));
        Assert.True(result.ExitCode == exitCode, $"dimpact {string.Join(' ', arguments)}: exit {result.ExitCode}, expected {exitCode}\n{result.Output}\n{result.Error}");
        return result;
    }

    /// <summary>As if the delivery had been failing for 25 hours and its retry were due now.</summary>
    private async Task FailingForADayAsync(InvoiceNumber number)
    {
        var log = new TableDeliveryLog(BillingStorage.FromConnectionString(Azurite.ConnectionString, _prefix));
        var stored = (await log.FindAsync(number))!;
        var now = SystemClock.Instance.GetCurrentInstant();
        Assert.NotNull(await log.TryReplaceAsync(stored.Delivery with
        {
            FirstFailedAt = now - Duration.FromHours(25), NextAttemptAt = now - Duration.FromMinutes(20), EnqueuedAt = now - Duration.FromMinutes(20),
        }, stored.ETag));
    }

    [Fact]
    public async Task An_outage_waits_for_retries_a_give_up_exits_4_and_a_bulk_retry_delivers_each_document_once()
    {
        await Run(smtpDown: false, 0, "issue", "--date", "2024-01-02");

        var down = await Run(smtpDown: true, 0, "deliver");
        Assert.Contains("RetryLater: 39", down.Output);
        Assert.Contains("39 waiting for a retry", down.Output);
        Assert.Contains("dimpact deliveries retry", down.Output);
        Assert.Empty(Directory.GetFiles(_mail));

        await FailingForADayAsync(InvoiceNumber.Parse("2024-000001"));
        var givenUp = await Run(smtpDown: true, 4, "deliver");
        Assert.Contains("error: Delivery failed for good: 2024-000001 to ", givenUp.Error);
        Assert.Contains("1 failed for good", givenUp.Output);
        Assert.DoesNotContain("   at ", givenUp.Error); // a message, not a stack trace
        Assert.Equal(2, (await Run(false, 0, "deliveries", "list", "--failed", "--csv")).Output.TrimEnd('\n').Split('\n').Length);

        var retryFailed = await Run(smtpDown: false, 0, "deliveries", "retry", "--failed", "--year", "2024");
        Assert.Contains("1 delivery(ies) of 2024 made due now and queued", retryFailed.Output);
        var retryAll = await Run(smtpDown: false, 0, "deliveries", "retry", "--year", "2024");
        Assert.Contains("38 delivery(ies) of 2024 made due now and queued", retryAll.Output);

        Assert.Contains("39 sent", (await Run(smtpDown: false, 0, "deliver")).Output);
        Assert.Equal(39, Directory.GetFiles(_mail, "*.eml").Length);

        var again = await Run(smtpDown: false, 0, "deliveries", "retry", "--year", "2024");
        Assert.Contains("0 delivery(ies) of 2024 made due now and queued; 39 delivered already (not sent again)", again.Output);
        Assert.Contains("0 sent", (await Run(smtpDown: false, 0, "deliver")).Output);
        Assert.Equal(39, Directory.GetFiles(_mail, "*.eml").Length);
    }
}
