using Dimpact.Billing;
using Dimpact.Billing.Invoicing;
using Dimpact.Delivery;
using Dimpact.Documents.Parties;
using Dimpact.Functions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using NodaTime;
using Dimpact.Billing.Members;

namespace Dimpact.Delivery.Tests;

/// <summary>
/// A failed send is recorded and retried with a growing interval, from a message hidden until the retry is due, for
/// 24 hours; then the delivery is Failed and the give-up is logged as an error. Delivery never touches the invoices.
/// </summary>
public class FailedSendsAreRetriedAndRecorded : IDisposable
{
    private readonly DeliveryWorld _world = new();

    public void Dispose() => _world.Dispose();

    [Fact]
    public async Task With_the_SMTP_server_down_the_handler_records_the_attempt_queues_the_retry_hidden_until_due_and_returns_normally()
    {
        await _world.IssueQ1Async();
        var before = (await _world.Invoices.ListAsync(2024)).Select(i => i.Number).ToList();
        var deventer = await _world.IssuedAsync("GM0150");
        var function = _world.Function();

        // Whatever the host's dequeue count, a failed send does not throw: the host's retries are not the budget.
        var outcome = await function.DeliverAsync(DeliveryWorld.Message(deventer.Number, dequeueCount: 5), CancellationToken.None);
        Assert.Equal(DeliveryResult.RetryLater, outcome.Result);
        var waiting = (await _world.Delivery.Log.FindAsync(deventer.Number))!.Delivery;
        Assert.Equal((DeliveryStatus.Pending, 1), (waiting.Status, waiting.Attempts));
        Assert.StartsWith("attempt 1: ", waiting.LastError);
        Assert.Contains("refused", waiting.LastError, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(_world.Clock.GetCurrentInstant() + InvoiceDelivery.FirstRetryAfter, waiting.NextAttemptAt);
        Assert.Equal(_world.Clock.GetCurrentInstant(), waiting.FirstFailedAt);
        Assert.Equal(1, await _world.Delivery.Queue.CountAsync());
        Assert.Equal(0, await _world.VisibleMessagesAsync());

        // A duplicate that comes early sends nothing, and is put back for when the retry is due.
        _world.StartSmtp();
        Assert.Equal(DeliveryResult.NotDue, (await function.DeliverAsync(DeliveryWorld.Message(deventer.Number), CancellationToken.None)).Result);
        Assert.Empty(_world.Received);

        _world.Clock.Advance(InvoiceDelivery.FirstRetryAfter);
        Assert.Equal(DeliveryResult.Sent, (await function.DeliverAsync(DeliveryWorld.Message(deventer.Number), CancellationToken.None)).Result);
        var delivered = (await _world.Delivery.Log.FindAsync(deventer.Number))!.Delivery;
        Assert.Equal((DeliveryStatus.Delivered, 2, null, null), (delivered.Status, delivered.Attempts, delivered.LastError, delivered.NextAttemptAt));
        Assert.Equal(["facturen@deventer.example"], delivered.RecipientList);
        Assert.Equal($"{deventer.Number}@{MailSettings.DefaultMessageIdDomain}", delivered.MessageId);
        Assert.Single(_world.Received);

        Assert.Equal(before, (await _world.Invoices.ListAsync(2024)).Select(i => i.Number));
    }

    [Fact]
    public async Task An_SMTP_outage_far_longer_than_five_quick_retries_loses_nothing_and_afterwards_every_document_is_delivered_exactly_once()
    {
        await _world.IssueQ1Async();
        var start = _world.Clock.GetCurrentInstant();

        // The server is down for 6 hours; the worker runs every 20 minutes (the old budget was 5 tries 30 s apart).
        var down = await _world.RunWorkerEveryAsync(Duration.FromMinutes(20), start + Duration.FromHours(6));
        Assert.All(down, run => Assert.DoesNotContain(run.Outcomes, o => o.Result is DeliveryResult.Sent or DeliveryResult.Failed));
        Assert.Equal(39, down[0].Outcomes.Count(o => o.Result == DeliveryResult.RetryLater));
        Assert.All(down, run => Assert.Equal(39, run.Waiting.Count));
        var attempts = (await _world.Delivery.Log.ListAsync()).Select(d => d.Attempts).Distinct().Single();
        Assert.InRange(attempts, 4, 10); // backed off, not one attempt per run
        Assert.Empty(_world.Received);

        // The server is back: the next retry of each delivery sends it, once.
        _world.StartSmtp();
        var back = await _world.RunWorkerEveryAsync(Duration.FromMinutes(20), _world.Clock.GetCurrentInstant() + InvoiceDelivery.LongestRetryInterval + Duration.FromMinutes(20));
        Assert.Equal(39, back.Sum(run => run.Outcomes.Count(o => o.Result == DeliveryResult.Sent)));
        Assert.Empty(back[^1].Waiting);
        Assert.Null(back[^1].NextDueAt);

        var received = _world.Received;
        Assert.Equal(39, received.Count);
        Assert.Equal(39, received.Select(m => m.MessageId).Distinct().Count());
        Assert.All(await _world.Delivery.Log.ListAsync(), d => Assert.Equal(DeliveryStatus.Delivered, d.Status));
        Assert.Equal(39, (await _world.Invoices.ListAsync(2024)).Count);
    }

    [Fact]
    public async Task An_attempt_that_fails_24_hours_after_the_first_failure_gives_up_and_logs_the_error_the_alert_looks_for()
    {
        await _world.IssueQ1Async();
        var assen = await _world.IssuedAsync("GM0106");
        var logger = new FakeLogger<DeliverInvoiceFunction>();
        var function = _world.Function(logger);
        var start = _world.Clock.GetCurrentInstant();

        DeliveryOutcome outcome;
        while ((outcome = await function.DeliverAsync(DeliveryWorld.Message(assen.Number), CancellationToken.None)).Result == DeliveryResult.RetryLater)
            _world.Clock.Reset(outcome.Delivery!.NextAttemptAt!.Value);

        Assert.Equal(DeliveryResult.Failed, outcome.Result);
        Assert.Equal(start + InvoiceDelivery.RetryFor, _world.Clock.GetCurrentInstant());
        var failed = Assert.Single(await _world.Delivery.Log.ListAsync(DeliveryStatus.Failed));
        Assert.Equal(assen.Number, failed.Number);
        Assert.Contains($"(gave up after {failed.Attempts} attempt(s) over 24 hours)", failed.LastError);

        var records = logger.Collector.GetSnapshot();
        Assert.Equal(failed.Attempts - 1, records.Count(r => r.Level == LogLevel.Warning));
        var error = Assert.Single(records, r => r.Level >= LogLevel.Error);
        Assert.Equal(LogLevel.Error, error.Level);
        Assert.StartsWith($"{DeliveryLogging.FailedForGood}: {assen.Number} to Assen (GM0106) after {failed.Attempts} attempt(s): attempt {failed.Attempts}: ", error.Message);
        Assert.EndsWith("Once the cause is fixed: dimpact deliveries retry --failed --year 2024", error.Message);

        // A late duplicate of the message sends nothing: only a retry or a resend revives a failed delivery.
        _world.StartSmtp();
        Assert.Equal(DeliveryResult.NotDue, (await function.DeliverAsync(DeliveryWorld.Message(assen.Number), CancellationToken.None)).Result);
        Assert.Empty(_world.Received);
    }

    [Fact]
    public async Task A_member_without_an_invoice_address_is_marked_Failed_with_the_reason_and_nothing_is_sent()
    {
        var registry = DeliveryWorld.Registry;
        var withoutAddress = registry.Buyers.Select(b => b.Code.Value == "GM0106" ? b with { InvoiceEmails = [] } : b);
        using var world = new DeliveryWorld(registry: new MemberRegistry(withoutAddress,
            new Dictionary<(CbsCode, int), string> { [(CbsCode.Parse("GM0150"), 2024)] = "PO-2024-DIMPACT-0150" }));
        world.StartSmtp();
        await world.IssueQ1Async();
        var run = await world.Delivery.Worker.RunAsync();

        Assert.Equal(38, run.Outcomes.Count(o => o.Result == DeliveryResult.Sent));
        Assert.Equal("GM0106", Assert.Single(run.FailedForGood).Delivery!.Member.Value);
        var failed = Assert.Single(await world.Delivery.Log.ListAsync(DeliveryStatus.Failed));
        Assert.Equal("GM0106", failed.Member.Value);
        Assert.Equal("member GM0106 has no invoice e-mail address in the member registry (registry.csv, invoice_emails: upload it with dimpact master-data upload)", failed.LastError);
        Assert.Equal(38, world.Received.Count);
    }
}
