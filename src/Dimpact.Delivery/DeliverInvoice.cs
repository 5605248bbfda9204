using Dimpact.Billing;
using Dimpact.Billing.Invoicing;
using Dimpact.Storage;
using NodaTime;

namespace Dimpact.Delivery;

public enum DeliveryResult
{
    /// <summary>The e-mail was handed to the server (or written to the pickup folder) now.</summary>
    Sent,

    /// <summary>Delivered before: nothing sent (a duplicate queue message).</summary>
    AlreadyDelivered,

    /// <summary>Nothing sent: the delivery is Failed (only a resend revives it), or another handler is sending it.</summary>
    NotDue,

    /// <summary>Given up and marked Failed: no address, or the last attempt failed.</summary>
    Failed,

    /// <summary>No issued document has the number: nothing to deliver.</summary>
    UnknownInvoice,
}

public sealed record DeliveryOutcome(InvoiceNumber Number, DeliveryResult Result, InvoiceDelivery? Delivery = null);

/// <summary>
/// Delivers one issued document by e-mail: one message per document to the member's invoice addresses. The
/// delivery record decides first, so a duplicate queue message sends nothing; a claim (ETag) keeps two handlers
/// from sending at once.
/// </summary>
/// <remarks>
/// At least once: the record is marked Delivered right after the server accepted the message. A crash between the
/// two leaves it Sending; the send is retried after <see cref="InvoiceDelivery.SendingLease"/> with the same
/// message id, so the member can recognise the duplicate. Failures throw, so that the queue tries again (host.json:
/// <c>maxDequeueCount</c> 5, visibility timeout 30 s); the attempt and error are recorded each time. On the last
/// dequeue the delivery is marked Failed and the handler returns normally: the message leaves the queue instead of
/// going to the poison queue, because the deliveries table is where finance looks (<c>dimpact deliveries list
/// --failed</c>) and from where it resends.
/// </remarks>
public sealed class DeliverInvoice(IInvoiceStore invoices, TableDeliveryLog log, DocumentArchive archive, MailSender mail, MailSettings settings, IClock clock)
{
    /// <summary>The queue's attempts per message: host.json <c>extensions.queues.maxDequeueCount</c>.</summary>
    public const int MaxDequeueCount = 5;

    public async Task<DeliveryOutcome> DeliverAsync(InvoiceNumber number, long dequeueCount, CancellationToken cancellationToken = default)
    {
        if (await invoices.FindAsync(number, cancellationToken) is not { } invoice)
            return new DeliveryOutcome(number, DeliveryResult.UnknownInvoice);
        var stored = await log.FindAsync(number, cancellationToken) ?? await log.AddIfMissingAsync(InvoiceDelivery.For(invoice), cancellationToken);
        var delivery = stored.Delivery;
        var now = clock.GetCurrentInstant();
        if (delivery.Status == DeliveryStatus.Delivered) return new DeliveryOutcome(number, DeliveryResult.AlreadyDelivered, delivery);
        if (!delivery.CanBeSentAt(now)) return new DeliveryOutcome(number, DeliveryResult.NotDue, delivery);

        if (NoAddress(invoice) is { } reason)
        {
            var failed = await log.TryReplaceAsync(delivery.GaveUp(reason), stored.ETag, cancellationToken);
            return new DeliveryOutcome(number, failed is null ? DeliveryResult.NotDue : DeliveryResult.Failed, failed?.Delivery ?? delivery);
        }

        if (await log.TryReplaceAsync(delivery.StartSending(now), stored.ETag, cancellationToken) is not { } claimed)
            return new DeliveryOutcome(number, DeliveryResult.NotDue, delivery); // another handler claimed it first
        try
        {
            var archived = await archive.ArchiveAsync(invoice, cancellationToken);
            var message = InvoiceMail.Compose(archived, settings, claimed.Delivery.Resends, now);
            await mail.SendAsync(message, cancellationToken);
            // The at-least-once window: sent, not yet recorded.
            var sent = claimed.Delivery.Sent(clock.GetCurrentInstant(), archived.Document.Buyer.InvoiceEmails, message.MessageId ?? "", archived.EInvoiceWithheld);
            await log.TryReplaceAsync(sent, claimed.ETag, CancellationToken.None);
            return new DeliveryOutcome(number, DeliveryResult.Sent, sent);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var error = $"attempt {claimed.Delivery.Attempts}: {e.GetType().Name}: {e.Message}";
            if (dequeueCount >= MaxDequeueCount)
            {
                var failed = claimed.Delivery.GaveUp($"{error} (gave up after {dequeueCount} attempts of this message)");
                await log.TryReplaceAsync(failed, claimed.ETag, CancellationToken.None);
                return new DeliveryOutcome(number, DeliveryResult.Failed, failed);
            }
            await log.TryReplaceAsync(claimed.Delivery.AttemptFailed(error), claimed.ETag, CancellationToken.None);
            throw new DeliveryFailedException(number, error, e);
        }
    }

    private string? NoAddress(Invoice invoice) =>
        !archive.Registry.Contains(invoice.Member) ? $"member {invoice.Member} is not in the member registry (data/members/registry.csv)"
        : archive.Registry[invoice.Member].InvoiceEmails.Count == 0 ? $"member {invoice.Member} has no invoice e-mail address in the member registry (data/members/registry.csv, invoice_emails)"
        : null;
}

/// <summary>An attempt failed and is recorded; thrown so that the queue tries again.</summary>
public sealed class DeliveryFailedException(InvoiceNumber number, string error, Exception inner)
    : Exception($"Delivery of {number} failed, {error}", inner)
{
    public InvoiceNumber Number { get; } = number;
}
