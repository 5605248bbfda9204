using System.Text.RegularExpressions;
using Dimpact.Billing;
using Dimpact.Billing.Invoicing;
using Dimpact.Delivery;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using NodaTime;

namespace Dimpact.Infrastructure.Tests;

/// <summary>
/// The give-up of a delivery is an error log line; the alert that mails operations (monitoring.bicep, poison-message)
/// finds it in <c>traces</c> by severity and by the fixed text in the rendered message. The query is pinned to the
/// line the code writes: a change on either side fails here.
/// </summary>
[Collection(CompiledInfrastructureCollection.Name)]
public sealed partial class DeliveryGiveUpAlertTests(CompiledInfrastructure infra)
{
    /// <summary>Application Insights' severityLevel of an ILogger level (as the Functions host maps it).</summary>
    private static readonly Dictionary<LogLevel, int> SeverityLevel = new()
    {
        [LogLevel.Trace] = 0, [LogLevel.Debug] = 0, [LogLevel.Information] = 1, [LogLevel.Warning] = 2, [LogLevel.Error] = 3, [LogLevel.Critical] = 4,
    };

    private string AlertQuery()
    {
        var monitoring = infra.Main.Module("monitoring");
        var alert = Assert.Single(monitoring.Variable("alerts").EnumerateArray(), a => a.GetProperty("name").GetString() == "poison-message");
        var query = alert.GetProperty("query").GetString()!;
        return query + string.Concat(ArmTemplate.VariablesIn(query).Select(v => monitoring.Variable(v).GetString()));
    }

    /// <summary>The log record of a delivery that has failed for 24 hours, as the queue function writes it.</summary>
    private static FakeLogRecord GiveUpLine()
    {
        var firstFailure = Instant.FromUtc(2024, 1, 2, 5, 0);
        var failed = new InvoiceDelivery(InvoiceNumber.Parse("2024-000007"), CbsCode.Parse("GM0106"), "Assen", DeliveryStatus.Pending, Attempts: 14, FirstFailedAt: firstFailure)
            .StartSending(firstFailure + InvoiceDelivery.RetryFor)
            .AttemptFailed("attempt 15: SocketException: Connection refused", firstFailure + InvoiceDelivery.RetryFor);
        Assert.Equal(DeliveryStatus.Failed, failed.Status);
        var logger = new FakeLogger();
        DeliveryLogging.Write(logger, new DeliveryOutcome(failed.Number, DeliveryResult.Failed, failed), dequeueCount: 1);
        return Assert.Single(logger.Collector.GetSnapshot());
    }

    [GeneratedRegex("""severityLevel >= (\d) and message contains "([^"]+)"\)""")]
    private static partial Regex GiveUpFilter();

    [Fact]
    public void The_alert_finds_the_error_line_that_the_give_up_of_a_delivery_writes()
    {
        var filter = GiveUpFilter().Match(AlertQuery());
        Assert.True(filter.Success, "the poison-message alert has no give-up filter");
        var (minimumSeverity, text) = (int.Parse(filter.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), filter.Groups[2].Value);

        var line = GiveUpLine();
        Assert.True(SeverityLevel[line.Level] >= minimumSeverity, $"{line.Level} is below severityLevel {minimumSeverity}");
        Assert.Contains(text, line.Message); // KQL contains: case-insensitive, but the texts are equal
        Assert.StartsWith(DeliveryLogging.FailedForGood + ": ", text);
        Assert.StartsWith("Delivery failed for good: 2024-000007 to Assen (GM0106) after 15 attempt(s): attempt 15: SocketException: Connection refused", line.Message);
    }

    [Fact]
    public void The_alert_finds_the_error_line_that_the_give_up_of_a_finance_notification_writes()
    {
        var recorded = new Billing.Notifications.NotificationDelivery("run|2024-000001..2024-000039|39", "Dimpact facturatie: 39 document(en) uitgegeven",
            Billing.Notifications.NotificationStatus.Failed, Instant.FromUtc(2024, 1, 2, 5, 0), Attempts: 15, LastError: "attempt 15: SocketException: Connection refused");
        var logger = new FakeLogger();
        DeliveryLogging.Write(logger, new NotificationSendOutcome(recorded.Id, DeliveryResult.Failed, recorded), dequeueCount: 1);
        var line = Assert.Single(logger.Collector.GetSnapshot());

        var filters = GiveUpFilter().Matches(AlertQuery());
        Assert.Contains(filters, f => SeverityLevel[line.Level] >= int.Parse(f.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
            && line.Message.Contains(f.Groups[2].Value, StringComparison.Ordinal));
        Assert.StartsWith(DeliveryLogging.NotificationFailedForGood + ": run|2024-000001..2024-000039|39", line.Message);
    }

    [Fact]
    public void A_failed_attempt_that_will_be_retried_does_not_fire_the_alert()
    {
        var waiting = new InvoiceDelivery(InvoiceNumber.Parse("2024-000007"), CbsCode.Parse("GM0106"), "Assen", DeliveryStatus.Pending)
            .StartSending(Instant.FromUtc(2024, 1, 2, 5, 0)).AttemptFailed("attempt 1: SocketException: Connection refused", Instant.FromUtc(2024, 1, 2, 5, 0));
        var logger = new FakeLogger();
        DeliveryLogging.Write(logger, new DeliveryOutcome(waiting.Number, DeliveryResult.RetryLater, waiting), dequeueCount: 1);
        var line = Assert.Single(logger.Collector.GetSnapshot());

        var filter = GiveUpFilter().Match(AlertQuery());
        Assert.True(SeverityLevel[line.Level] < int.Parse(filter.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.DoesNotContain(filter.Groups[2].Value, line.Message);
    }
}
