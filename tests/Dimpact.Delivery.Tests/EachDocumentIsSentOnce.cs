using Dimpact.Billing.Invoicing;
using Dimpact.Delivery;
using Dimpact.Storage;

namespace Dimpact.Delivery.Tests;

/// <summary>Duplicate messages send nothing twice; a resend sends the same document again; files are written once.</summary>
public class EachDocumentIsSentOnce : IDisposable
{
    private readonly DeliveryWorld _world = new();

    public void Dispose() => _world.Dispose();

    [Fact]
    public async Task The_handler_run_twice_for_the_same_message_sends_one_email()
    {
        _world.StartSmtp();
        await _world.IssueQ1Async();
        var deventer = await _world.IssuedAsync("GM0150");
        var function = _world.Function();

        Assert.Equal(DeliveryResult.Sent, (await function.DeliverAsync(DeliveryWorld.Message(deventer.Number), CancellationToken.None)).Result);
        Assert.Equal(DeliveryResult.AlreadyDelivered, (await function.DeliverAsync(DeliveryWorld.Message(deventer.Number), CancellationToken.None)).Result);
        Assert.Single(_world.Received);
    }

    [Fact]
    public async Task Every_message_queued_twice_still_sends_each_document_once_when_messages_are_handled_in_batches()
    {
        _world.StartSmtp();
        var issued = (await _world.IssueQ1Async()).Issued;
        await _world.Delivery.Dispatch.RunAsync();
        foreach (var invoice in issued) await _world.Delivery.Queue.EnqueueAsync(invoice.Number);

        var run = await _world.Delivery.Worker.RunAsync();

        Assert.Equal(issued.Count, run.Outcomes.Count(o => o.Result == DeliveryResult.Sent));
        Assert.Equal(issued.Count, run.Outcomes.Count(o => o.Result == DeliveryResult.AlreadyDelivered));
        Assert.Equal(issued.Select(i => i.Number.ToString()).Order(), _world.Received.Select(m => m.MessageId!.Split('@')[0]).Order());
        Assert.Equal(0, await _world.VisibleMessagesAsync());
    }

    [Fact]
    public async Task A_resend_sends_the_same_document_again_under_a_new_message_id_and_issues_nothing()
    {
        _world.StartSmtp();
        await _world.IssueQ1Async();
        await _world.Delivery.Worker.RunAsync();
        var deventer = await _world.IssuedAsync("GM0150");

        var reset = await _world.Delivery.Dispatch.ResendAsync(deventer.Number);
        Assert.Equal((DeliveryStatus.Pending, 0, 1), (reset.Status, reset.Attempts, reset.Resends));
        var run = await _world.Delivery.Worker.RunAsync();

        Assert.Equal(deventer.Number, Assert.Single(run.Outcomes, o => o.Result == DeliveryResult.Sent).Number);
        var sent = _world.Received.Where(m => m.Subject!.Contains(deventer.Number.ToString(), StringComparison.Ordinal)).ToList();
        Assert.Equal(2, sent.Count);
        Assert.Equal(
            new HashSet<string?> { $"{deventer.Number}@{MailSettings.DefaultMessageIdDomain}", $"{deventer.Number}.resend1@{MailSettings.DefaultMessageIdDomain}" },
            sent.Select(m => m.MessageId).ToHashSet());
        Assert.Equal(sent[0].Attachments.Count(), sent[1].Attachments.Count());
        Assert.Equal(39, (await _world.Invoices.ListAsync(2024)).Count);
        Assert.Equal(DeliveryStatus.Delivered, (await _world.Delivery.Log.FindAsync(deventer.Number))!.Delivery.Status);
    }

    [Fact]
    public async Task Resending_a_number_that_was_never_issued_is_refused()
    {
        var error = await Assert.ThrowsAsync<Billing.InvalidInputException>(() => _world.Delivery.Dispatch.ResendAsync(InvoiceNumber.Parse("2024-000999")));
        Assert.Contains("2024-000999 is not an issued invoice or credit note", error.Message);
    }

    [Fact]
    public async Task Dispatching_again_enqueues_nothing_new_and_the_outbox_is_empty_after_the_first()
    {
        await _world.IssueQ1Async();
        var first = await _world.Delivery.Dispatch.RunAsync();
        var second = await _world.Delivery.Dispatch.RunAsync();
        Assert.Equal((39, 39), (first.FromOutbox, first.Enqueued));
        Assert.Equal((0, 0), (second.FromOutbox, second.Enqueued));
        Assert.Equal(39, await _world.Delivery.Queue.CountAsync());
    }

    [Fact]
    public async Task Documents_are_archived_under_year_and_number_and_never_overwritten()
    {
        _world.StartSmtp();
        await _world.IssueQ1Async();
        await _world.Delivery.Worker.RunAsync();
        var first = InvoiceNumber.Parse("2024-000001");
        var deventer = (await _world.IssuedAsync("GM0150")).Number;

        var pdf = await _world.Delivery.Files.FindAsync(first, InvoiceFiles.Pdf);
        Assert.Equal("2024/2024-000001.pdf", pdf!.Name);
        Assert.True((await _world.Storage.Container(BillingStorage.InvoicesContainer).GetBlobClient("2024/2024-000001.pdf").ExistsAsync()).Value);
        Assert.True((await _world.Storage.Container(BillingStorage.InvoicesContainer).GetBlobClient($"2024/{deventer}.xml").ExistsAsync()).Value);

        var again = await _world.Delivery.Files.StoreOnceAsync(first, InvoiceFiles.Pdf, [1, 2, 3]);
        Assert.False(again.Created);
        Assert.Equal(pdf.Content, again.Content);
        Assert.Equal(pdf.ETag, again.ETag);
        Assert.Equal(pdf.Content, (await _world.Delivery.Files.FindAsync(first, InvoiceFiles.Pdf))!.Content);
    }
}
