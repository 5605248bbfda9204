using Dimpact.Billing;
using Dimpact.Billing.Invoicing;
using Dimpact.Delivery;
using Dimpact.Documents.Parties;

namespace Dimpact.Delivery.Tests;

/// <summary>
/// A send that fails throws so that the queue retries; attempts and the error are recorded; the last attempt marks
/// the delivery Failed instead of throwing. Delivery never touches the invoices.
/// </summary>
public class FailedSendsAreRetriedAndRecorded : IDisposable
{
    private readonly DeliveryWorld _world = new();

    public void Dispose() => _world.Dispose();

    [Fact]
    public async Task With_the_SMTP_server_down_the_handler_throws_and_records_the_attempt_and_once_it_is_back_the_invoice_is_delivered()
    {
        await _world.IssueQ1Async();
        await _world.Delivery.Dispatch.RunAsync();
        var before = (await _world.Invoices.ListAsync(2024)).Select(i => i.Number).ToList();
        var deventer = await _world.IssuedAsync("GM0150");
        var function = _world.Function();

        await Assert.ThrowsAsync<DeliveryFailedException>(() => function.Run(DeliveryWorld.Message(deventer.Number, 1), CancellationToken.None));
        var failed = (await _world.Delivery.Log.FindAsync(deventer.Number))!.Delivery;
        Assert.Equal(DeliveryStatus.Pending, failed.Status);
        Assert.Equal(1, failed.Attempts);
        Assert.StartsWith("attempt 1: ", failed.LastError);
        Assert.Contains("refused", failed.LastError, StringComparison.OrdinalIgnoreCase);

        _world.StartSmtp();
        var outcome = await function.Run(DeliveryWorld.Message(deventer.Number, 2), CancellationToken.None);
        Assert.Equal(DeliveryResult.Sent, outcome.Result);
        var delivered = (await _world.Delivery.Log.FindAsync(deventer.Number))!.Delivery;
        Assert.Equal((DeliveryStatus.Delivered, 2, null), (delivered.Status, delivered.Attempts, delivered.LastError));
        Assert.Equal(["facturen@deventer.example"], delivered.RecipientList);
        Assert.Equal($"{deventer.Number}@{MailSettings.DefaultMessageIdDomain}", delivered.MessageId);
        Assert.Single(_world.Received);

        Assert.Equal(before, (await _world.Invoices.ListAsync(2024)).Select(i => i.Number));
    }

    [Fact]
    public async Task After_the_last_attempt_the_delivery_is_Failed_without_throwing_and_listed_as_failed()
    {
        await _world.IssueQ1Async();
        await _world.Delivery.Dispatch.RunAsync();
        var assen = await _world.IssuedAsync("GM0106");
        var function = _world.Function();
        for (var dequeue = 1; dequeue < DeliverInvoice.MaxDequeueCount; dequeue++)
            await Assert.ThrowsAsync<DeliveryFailedException>(() => function.Run(DeliveryWorld.Message(assen.Number, dequeue), CancellationToken.None));

        var last = await function.Run(DeliveryWorld.Message(assen.Number, DeliverInvoice.MaxDequeueCount), CancellationToken.None);
        Assert.Equal(DeliveryResult.Failed, last.Result);
        var failed = Assert.Single(await _world.Delivery.Log.ListAsync(DeliveryStatus.Failed));
        Assert.Equal(assen.Number, failed.Number);
        Assert.Equal(DeliverInvoice.MaxDequeueCount, failed.Attempts);
        Assert.Contains("gave up after 5 attempts", failed.LastError);

        // A late duplicate of the message sends nothing: only a resend revives a failed delivery.
        _world.StartSmtp();
        Assert.Equal(DeliveryResult.NotDue, (await function.Run(DeliveryWorld.Message(assen.Number, 1), CancellationToken.None)).Result);
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
        var failed = Assert.Single(await world.Delivery.Log.ListAsync(DeliveryStatus.Failed));
        Assert.Equal("GM0106", failed.Member.Value);
        Assert.Equal("member GM0106 has no invoice e-mail address in the member registry (data/members/registry.csv, invoice_emails)", failed.LastError);
        Assert.Equal(38, world.Received.Count);
    }
}
