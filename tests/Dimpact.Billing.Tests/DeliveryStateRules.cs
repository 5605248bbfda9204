using Dimpact.Billing.Invoicing;
using NodaTime;

namespace Dimpact.Billing.Tests;

/// <summary>When a delivery may be sent and when the dispatcher queues it (again).</summary>
public class DeliveryStateRules
{
    private static readonly Instant Now = Instant.FromUtc(2024, 1, 2, 5, 0);
    private static readonly InvoiceDelivery Pending =
        new(InvoiceNumber.Parse("2024-000001"), CbsCode.Parse("GM0106"), "Assen", DeliveryStatus.Pending);

    [Fact]
    public void A_pending_delivery_can_be_sent_and_a_claim_counts_an_attempt()
    {
        Assert.True(Pending.CanBeSentAt(Now));
        var sending = Pending.StartSending(Now);
        Assert.Equal((DeliveryStatus.Sending, 1), (sending.Status, sending.Attempts));
    }

    [Fact]
    public void A_live_claim_blocks_a_second_sender_until_its_lease_has_passed()
    {
        var sending = Pending.StartSending(Now);
        Assert.False(sending.CanBeSentAt(Now + Duration.FromMinutes(1)));
        Assert.True(sending.CanBeSentAt(Now + InvoiceDelivery.SendingLease + Duration.FromSeconds(1)));
    }

    [Fact]
    public void Delivered_and_failed_deliveries_are_neither_sent_nor_queued_again()
    {
        var delivered = Pending.StartSending(Now).Sent(Now, ["facturen@assen.example"], "2024-000001@x", null);
        var failed = Pending.GaveUp("no address");
        foreach (var d in new[] { delivered, failed })
        {
            Assert.False(d.CanBeSentAt(Now));
            Assert.False(d.NeedsEnqueueAt(Now + Duration.FromDays(1)));
        }
    }

    [Fact]
    public void The_dispatcher_queues_a_delivery_again_only_when_it_was_not_queued_recently()
    {
        var queued = Pending.Enqueued(Now);
        Assert.True(Pending.NeedsEnqueueAt(Now));
        Assert.False(queued.NeedsEnqueueAt(Now + Duration.FromMinutes(5)));
        Assert.True(queued.NeedsEnqueueAt(Now + InvoiceDelivery.EnqueueAgainAfter + Duration.FromSeconds(1)));
    }

    [Fact]
    public void A_resend_starts_a_fresh_series_of_attempts_and_counts_the_resend()
    {
        var resent = Pending.StartSending(Now).AttemptFailed("refused", Now).GaveUp("gave up").Resent();
        Assert.Equal((DeliveryStatus.Pending, 0, null, 1), (resent.Status, resent.Attempts, resent.LastError, resent.Resends));
        Assert.Equal((null, null), (resent.NextAttemptAt, resent.FirstFailedAt));
    }

    /// <summary>Every attempt fails at once: the times at which the attempts are made, until the delivery is given up.</summary>
    private static (List<Instant> Attempts, InvoiceDelivery Last) FailEveryAttempt()
    {
        var attempts = new List<Instant>();
        var delivery = Pending;
        var at = Now;
        while (true)
        {
            attempts.Add(at);
            delivery = delivery.StartSending(at).AttemptFailed($"attempt at {at}: refused", at);
            if (delivery.Status == DeliveryStatus.Failed) return (attempts, delivery);
            Assert.False(delivery.CanBeSentAt(at));
            at = delivery.NextAttemptAt!.Value;
            Assert.True(delivery.CanBeSentAt(at));
        }
    }

    [Fact]
    public void A_failed_attempt_is_retried_after_a_minute_and_the_intervals_double_up_to_four_hours()
    {
        var (attempts, _) = FailEveryAttempt();
        var intervals = attempts.Zip(attempts.Skip(1), (a, b) => b - a).ToList();

        Assert.Equal(Duration.FromMinutes(1), intervals[0]);
        Assert.Equal([1, 1, 2, 4, 8, 16, 32, 64, 128], intervals.Take(9).Select(i => (int)i.TotalMinutes));
        Assert.All(intervals, i => Assert.InRange(i, InvoiceDelivery.FirstRetryAfter, InvoiceDelivery.LongestRetryInterval));
        Assert.Equal(InvoiceDelivery.LongestRetryInterval, intervals.Max());
    }

    [Fact]
    public void A_delivery_is_given_up_only_when_an_attempt_fails_24_hours_after_the_first_failure()
    {
        var (attempts, failed) = FailEveryAttempt();

        Assert.Equal(Now + InvoiceDelivery.RetryFor, attempts[^1]);
        Assert.True(attempts[^2] < Now + InvoiceDelivery.RetryFor);
        Assert.Equal(DeliveryStatus.Failed, failed.Status);
        Assert.Equal(attempts.Count, failed.Attempts);
        Assert.EndsWith($"(gave up after {attempts.Count} attempt(s) over 24 hours)", failed.LastError);
        Assert.InRange(attempts.Count, 10, 20); // backed off: not hammering the server, not waiting a day between tries
    }

    [Fact]
    public void A_waiting_retry_is_queued_with_its_delay_and_queued_again_by_the_dispatcher_only_when_its_message_is_overdue()
    {
        var waiting = Pending.StartSending(Now).AttemptFailed("refused", Now).Enqueued(Now);
        var next = waiting.NextAttemptAt!.Value;

        Assert.True(waiting.WaitsForRetryAt(Now));
        Assert.Equal(next, waiting.DueLaterAt(Now));
        Assert.False(waiting.NeedsEnqueueAt(next + Duration.FromMinutes(10)));
        Assert.True(waiting.NeedsEnqueueAt(next + InvoiceDelivery.EnqueueAgainAfter + Duration.FromSeconds(1)));
    }

    [Fact]
    public void A_claim_whose_handler_died_is_queued_again_by_the_next_dispatch_after_its_lease()
    {
        var crashed = Pending.Enqueued(Now).StartSending(Now);

        Assert.False(crashed.NeedsEnqueueAt(Now + Duration.FromMinutes(10)));
        Assert.Equal(Now + InvoiceDelivery.SendingLease, crashed.DueLaterAt(Now + Duration.FromMinutes(10)));
        var afterLease = Now + InvoiceDelivery.SendingLease + Duration.FromSeconds(1);
        Assert.True(crashed.NeedsEnqueueAt(afterLease));
        Assert.True(crashed.CanBeSentAt(afterLease));
        var requeued = crashed.Enqueued(afterLease);
        Assert.False(requeued.NeedsEnqueueAt(afterLease + Duration.FromMinutes(1)));
    }

    [Fact]
    public void A_bulk_retry_makes_failed_and_waiting_deliveries_due_now_and_leaves_delivered_and_live_claims_alone()
    {
        var waiting = Pending.StartSending(Now).AttemptFailed("refused", Now).Enqueued(Now);
        var failed = waiting.GaveUp("gave up");
        var delivered = Pending.StartSending(Now).Sent(Now, ["facturen@assen.example"], "2024-000001@x", null);
        var live = Pending.StartSending(Now);

        foreach (var retried in new[] { waiting, failed }.Select(d => d.RetryNow(Now)))
        {
            Assert.True(retried.CanBeSentAt(Now));
            Assert.Equal((DeliveryStatus.Pending, null, null, 0), (retried.Status, retried.NextAttemptAt, retried.FirstFailedAt, retried.Resends));
        }
        Assert.True(failed.CanBeRetriedAt(Now) && waiting.CanBeRetriedAt(Now));
        Assert.False(delivered.CanBeRetriedAt(Now));
        Assert.False(live.CanBeRetriedAt(Now + Duration.FromMinutes(1)));
        Assert.False(Pending.Enqueued(Now).CanBeRetriedAt(Now)); // due and queued already
    }
}
