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
        var resent = Pending.StartSending(Now).AttemptFailed("refused").GaveUp("gave up").Resent();
        Assert.Equal((DeliveryStatus.Pending, 0, null, 1), (resent.Status, resent.Attempts, resent.LastError, resent.Resends));
    }
}
