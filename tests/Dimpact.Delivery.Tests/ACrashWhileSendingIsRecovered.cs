using Dimpact.Billing.Invoicing;
using Dimpact.Delivery;
using Dimpact.Storage;
using NodaTime;

namespace Dimpact.Delivery.Tests;

/// <summary>
/// At least once: a handler that dies between the server's acceptance and the Delivered record leaves a claim
/// (Sending). After the claim's lease the next dispatch queues it again and it is sent again, under the same
/// Message-ID, so that the member's mail client folds the duplicate.
/// </summary>
public class ACrashWhileSendingIsRecovered : IDisposable
{
    private readonly DeliveryWorld _world = new();

    public void Dispose() => _world.Dispose();

    /// <summary>What a handler does up to its crash: claim the delivery and hand the mail to the server.</summary>
    private async Task ClaimAndSendThenDieAsync(Invoice invoice)
    {
        var stored = (await _world.Delivery.Log.FindAsync(invoice.Number))!;
        Assert.NotNull(await _world.Delivery.Log.TryReplaceAsync(stored.Delivery.StartSending(_world.Clock.GetCurrentInstant()), stored.ETag));
        var archived = await _world.Delivery.Archive.ArchiveAsync(invoice);
        await new MailSender(_world.Mail).SendAsync(InvoiceMail.Compose(archived, _world.Mail, resends: 0, _world.Clock.GetCurrentInstant()));
    }

    [Fact]
    public async Task A_claim_left_Sending_by_a_crash_is_sent_again_at_the_next_dispatch_after_its_lease_with_the_same_Message_ID()
    {
        _world.StartSmtp();
        await _world.IssueQ1Async();
        await _world.Delivery.Dispatch.RunAsync();
        var deventer = await _world.IssuedAsync("GM0150");
        await ClaimAndSendThenDieAsync(deventer);
        // The process died with its messages: none is left (the worst case; the host would show them again).
        await _world.Storage.Queue(BillingStorage.DeliveriesQueue).ClearMessagesAsync();

        _world.Clock.Advance(Duration.FromMinutes(10));
        var withinLease = await _world.Delivery.Worker.RunAsync();
        Assert.Empty(withinLease.Outcomes);
        Assert.Equal(DeliveryStatus.Sending, (await _world.Delivery.Log.FindAsync(deventer.Number))!.Delivery.Status);
        Assert.Contains(withinLease.Waiting, d => d.Number == deventer.Number);

        _world.Clock.Advance(InvoiceDelivery.SendingLease - Duration.FromMinutes(10) + Duration.FromSeconds(1));
        var afterLease = await _world.Delivery.Worker.RunAsync();
        Assert.Equal(39, afterLease.Dispatch.Enqueued); // the stale claim, and the 38 whose messages were lost with it
        Assert.Equal(39, afterLease.Outcomes.Count(o => o.Result == DeliveryResult.Sent));

        var toDeventer = _world.Received.Where(m => m.Subject!.Contains(deventer.Number.ToString(), StringComparison.Ordinal)).ToList();
        Assert.Equal(2, toDeventer.Count);
        Assert.All(toDeventer, m => Assert.Equal($"{deventer.Number}@{MailSettings.DefaultMessageIdDomain}", m.MessageId));
        Assert.Equal(40, _world.Received.Count);
        var delivered = (await _world.Delivery.Log.FindAsync(deventer.Number))!.Delivery;
        Assert.Equal((DeliveryStatus.Delivered, 2), (delivered.Status, delivered.Attempts));
        Assert.Equal(toDeventer[0].MessageId, delivered.MessageId);

        Assert.Equal(0, (await _world.Delivery.Worker.RunAsync()).Dispatch.Enqueued);
        Assert.Equal(40, _world.Received.Count);
    }

    [Fact]
    public async Task A_message_that_meets_a_live_claim_sends_nothing_and_comes_back_when_the_claim_ends()
    {
        _world.StartSmtp();
        await _world.IssueQ1Async();
        var deventer = await _world.IssuedAsync("GM0150");
        var added = await _world.Delivery.Log.AddIfMissingAsync(InvoiceDelivery.For(deventer));
        await _world.Delivery.Log.TryReplaceAsync(added.Delivery.StartSending(_world.Clock.GetCurrentInstant()), added.ETag);
        var function = _world.Function();

        _world.Clock.Advance(Duration.FromMinutes(1));
        Assert.Equal(DeliveryResult.NotDue, (await function.DeliverAsync(DeliveryWorld.Message(deventer.Number), CancellationToken.None)).Result);
        Assert.Empty(_world.Received);
        Assert.Equal(1, await _world.Delivery.Queue.CountAsync());
        Assert.Equal(0, await _world.VisibleMessagesAsync()); // hidden until the claim ends

        _world.Clock.Advance(InvoiceDelivery.SendingLease);
        Assert.Equal(DeliveryResult.Sent, (await function.DeliverAsync(DeliveryWorld.Message(deventer.Number), CancellationToken.None)).Result);
        Assert.Single(_world.Received);
    }
}
