using Dimpact.Billing.Invoicing;
using Dimpact.Delivery;
using NodaTime;

namespace Dimpact.Delivery.Tests;

/// <summary>
/// dimpact deliveries retry: when finance knows the mail server is back, every undelivered document of the year (or
/// only the failed ones) is due now. Never a new invoice, never a second mail for a delivered document.
/// </summary>
public class FinanceRetriesDeliveriesInBulk : IDisposable
{
    private readonly DeliveryWorld _world = new();

    public void Dispose() => _world.Dispose();

    [Fact]
    public async Task After_a_day_long_outage_a_retry_of_the_failed_ones_delivers_them_and_does_not_send_a_delivered_one_again()
    {
        await _world.IssueQ1Async();
        var deventer = await _world.IssuedAsync("GM0150");
        _world.StartSmtp();
        Assert.Equal(DeliveryResult.Sent, (await _world.Delivery.Deliver.DeliverAsync(deventer.Number)).Result);
        _world.StopSmtp();

        var start = _world.Clock.GetCurrentInstant();
        var down = await _world.RunWorkerEveryAsync(Duration.FromHours(1), start + InvoiceDelivery.RetryFor + Duration.FromHours(1));
        Assert.Equal(38, down.Sum(run => run.FailedForGood.Count));
        Assert.Equal(38, (await _world.Delivery.Log.ListAsync(DeliveryStatus.Failed)).Count);

        _world.StartSmtp();
        var retry = await _world.Delivery.Dispatch.RetryAsync(2024, onlyFailed: true);
        Assert.Equal(38, retry.MadeDue.Count);
        Assert.All(retry.MadeDue, d => Assert.Equal(DeliveryStatus.Failed, d.Status));
        Assert.Equal((0, 0, 0), (retry.Delivered, retry.BeingSent, retry.QueuedAlready)); // --failed looks at the failed ones only
        var run = await _world.Delivery.Worker.RunAsync();

        Assert.Equal(38, run.Outcomes.Count(o => o.Result == DeliveryResult.Sent));
        Assert.DoesNotContain(run.Outcomes, o => o.Number == deventer.Number && o.Result == DeliveryResult.Sent);
        var received = _world.Received; // the server restarted: what it got since
        Assert.Equal(38, received.Count);
        Assert.DoesNotContain(received, m => m.MessageId!.StartsWith(deventer.Number.ToString(), StringComparison.Ordinal));
        Assert.All(received, m => Assert.DoesNotContain(".resend", m.MessageId)); // a retry is the same message, not a resend
        Assert.All(await _world.Delivery.Log.ListAsync(), d => Assert.Equal(DeliveryStatus.Delivered, d.Status));
        Assert.Equal(39, (await _world.Invoices.ListAsync(2024)).Count);
    }

    [Fact]
    public async Task A_retry_of_the_year_makes_waiting_ones_due_now_instead_of_at_their_next_attempt()
    {
        await _world.IssueQ1Async();
        await _world.Delivery.Worker.RunAsync(); // the server is down: 39 wait for a retry
        _world.Clock.Advance(Duration.FromSeconds(30));
        var waiting = await _world.Delivery.Worker.RunAsync();
        Assert.Equal(39, waiting.Waiting.Count);
        Assert.Empty(waiting.Outcomes);

        _world.StartSmtp();
        var retry = await _world.Delivery.Dispatch.RetryAsync(2024);
        Assert.Equal(39, retry.MadeDue.Count);
        var run = await _world.Delivery.Worker.RunAsync();
        Assert.Equal(39, run.Outcomes.Count(o => o.Result == DeliveryResult.Sent));

        var again = await _world.Delivery.Dispatch.RetryAsync(2024);
        Assert.Equal((0, 39), (again.MadeDue.Count, again.Delivered));
        Assert.DoesNotContain((await _world.Delivery.Worker.RunAsync()).Outcomes, o => o.Result == DeliveryResult.Sent);
        Assert.Equal(39, _world.Received.Count);
    }

    [Fact]
    public async Task A_retry_dispatches_what_is_still_in_the_outbox_and_touches_no_other_year()
    {
        await _world.IssueQ1Async();
        var retry = await _world.Delivery.Dispatch.RetryAsync(2025);
        Assert.Empty(retry.MadeDue);
        Assert.Equal(39, await _world.Delivery.Queue.CountAsync()); // dispatched from the outbox, due now anyway

        var year = await _world.Delivery.Dispatch.RetryAsync(2024);
        Assert.Equal((0, 39), (year.MadeDue.Count, year.QueuedAlready));
        Assert.Equal(39, await _world.Delivery.Queue.CountAsync());
    }
}
