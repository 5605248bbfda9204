using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Notifications;
using Dimpact.Storage;
using NodaTime;
using Dimpact.Billing.Members;

namespace Dimpact.Delivery;

public enum DeliveryResult
{
    /// <summary>The e-mail was handed to the server (or written to the pickup folder) now.</summary>
    Sent,

    /// <summary>Delivered before: nothing sent (a duplicate queue message).</summary>
    AlreadyDelivered,

    /// <summary>
    /// Nothing sent: the delivery is Failed (only a resend or retry revives it), or not due yet: its retry is scheduled
    /// later, or another handler is sending it; then a message for when it is due is queued.
    /// </summary>
    NotDue,

    /// <summary>The attempt failed; recorded, and the next attempt is queued for <see cref="InvoiceDelivery.NextAttemptAt"/>.</summary>
    RetryLater,

    /// <summary>Given up and marked Failed: no address, or attempts have failed for <see cref="InvoiceDelivery.RetryFor"/>.</summary>
    Failed,

    /// <summary>No issued document has the number (no notification has the id): nothing to deliver.</summary>
    UnknownInvoice,

    /// <summary>A finance notification without finance addresses (<c>Finance__NotifyEmails</c>): recorded, not sent.</summary>
    NotSent,
}

public sealed record DeliveryOutcome(InvoiceNumber Number, DeliveryResult Result, InvoiceDelivery? Delivery = null);

/// <summary>
/// Delivers one issued document by e-mail: one message per document to the member's invoice addresses. The
/// delivery record decides first, so a duplicate queue message sends nothing; a claim (ETag) keeps two handlers
/// from sending at once.
/// </summary>
/// <remarks>
/// At least once: the record is marked Delivered right after the server accepted the message. A crash between the
/// two leaves it Sending; once <see cref="InvoiceDelivery.SendingLease"/> has passed, the next message or dispatch
/// sends it again with the same message id, so the member can recognise the duplicate.
/// A failed attempt does not throw: it is recorded and its retry is queued as a new message, hidden until
/// <see cref="InvoiceDelivery.NextAttemptAt"/>, so retries back off to hours and span
/// <see cref="InvoiceDelivery.RetryFor"/>, and the host's dequeue count (which moves a message to the poison queue)
/// only counts errors that the handler could not record, such as storage being unreachable. When the window has
/// passed the delivery is Failed and the outcome says so; the hosts log it (<see cref="DeliveryLogging.FailedForGood"/>),
/// and finance is notified (<see cref="FinanceMessages.DeliveryFailed"/>, once per give-up: a duplicate message for the
/// failed delivery notifies again under the same id, which records nothing, so a notification lost to a crash is made up).
/// </remarks>
public sealed class DeliverInvoice(
    IInvoiceStore invoices, TableDeliveryLog log, InvoiceDeliveryQueue queue, DocumentArchive archive, MailSender mail, MailSettings settings, IClock clock,
    IFinanceNotifier? finance = null)
{
    public async Task<DeliveryOutcome> DeliverAsync(InvoiceNumber number, CancellationToken cancellationToken = default)
    {
        if (await invoices.FindAsync(number, cancellationToken) is not { } invoice)
            return new DeliveryOutcome(number, DeliveryResult.UnknownInvoice);
        var stored = await log.FindAsync(number, cancellationToken) ?? await log.AddIfMissingAsync(InvoiceDelivery.For(invoice), cancellationToken);
        var now = clock.GetCurrentInstant();
        if (await BeforeClaimAsync(invoice, stored, now, cancellationToken) is { } outcome) return outcome;
        if (await log.TryReplaceAsync(stored.Delivery.StartSending(now), stored.ETag, cancellationToken) is not { } claimed)
            return new DeliveryOutcome(number, DeliveryResult.NotDue, stored.Delivery); // another handler claimed it first
        return await SendClaimedAsync(invoice, claimed, now, cancellationToken);
    }

    /// <summary>
    /// <see cref="DeliverAsync(InvoiceNumber, CancellationToken)"/> for the documents of a batch of queue messages, with the
    /// same decisions per document, but their invoices and deliveries read together and the due ones claimed in one
    /// transaction (a claim that meets a change is tried alone); then <paramref name="concurrency"/> are archived and sent at
    /// once, each marked Delivered as soon as its e-mail is accepted (the duplicate window stays one document's).
    /// One outcome per distinct number, in their order; a repeated number is for <see cref="DeliverAsync(InvoiceNumber, CancellationToken)"/>
    /// afterwards, which finds it delivered.
    /// </summary>
    public async Task<IReadOnlyList<DeliveryOutcome>> DeliverAsync(IReadOnlyList<InvoiceNumber> numbers, int concurrency, CancellationToken cancellationToken = default)
    {
        var distinct = numbers.Distinct().ToList();
        var found = await invoices.FindAsync(distinct, cancellationToken);
        var deliveries = await log.FindAsync(distinct, cancellationToken);
        var now = clock.GetCurrentInstant();
        var outcomes = new Dictionary<InvoiceNumber, DeliveryOutcome>();
        var toClaim = new List<StoredDelivery>();
        foreach (var number in distinct)
        {
            if (!found.TryGetValue(number, out var invoice)) { outcomes[number] = new DeliveryOutcome(number, DeliveryResult.UnknownInvoice); continue; }
            var stored = deliveries.GetValueOrDefault(number) ?? await log.AddIfMissingAsync(InvoiceDelivery.For(invoice), cancellationToken);
            if (await BeforeClaimAsync(invoice, stored, now, cancellationToken) is { } outcome) outcomes[number] = outcome;
            else toClaim.Add(stored);
        }
        var claims = await log.TryReplaceAsync(toClaim.Select(s => s with { Delivery = s.Delivery.StartSending(now) }).ToList(), cancellationToken);
        var claimed = new List<(Invoice Invoice, StoredDelivery Claim)>();
        for (var i = 0; i < toClaim.Count; i++)
        {
            if (claims[i] is { } claim) claimed.Add((found[toClaim[i].Delivery.Number], claim));
            else outcomes[toClaim[i].Delivery.Number] = new DeliveryOutcome(toClaim[i].Delivery.Number, DeliveryResult.NotDue, toClaim[i].Delivery); // claimed by another handler first
        }
        var sent = new System.Collections.Concurrent.ConcurrentDictionary<InvoiceNumber, DeliveryOutcome>();
        await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (c, ct) => sent[c.Invoice.Number] = await SendClaimedAsync(c.Invoice, c.Claim, now, ct));
        return distinct.Select(n => sent.TryGetValue(n, out var o) ? o : outcomes[n]).ToList();
    }

    /// <summary>What happens before a claim: nothing to send (an outcome), or null when the delivery is to be claimed and sent now.</summary>
    private async Task<DeliveryOutcome?> BeforeClaimAsync(Invoice invoice, StoredDelivery stored, Instant now, CancellationToken cancellationToken)
    {
        var number = invoice.Number;
        var delivery = stored.Delivery;
        if (delivery.Status == DeliveryStatus.Delivered) return new DeliveryOutcome(number, DeliveryResult.AlreadyDelivered, delivery);
        // Not due yet: a retry scheduled later (this message came early: a duplicate, or the queue's clock is ahead),
        // or a claim by a handler that may have died with this very message. Look again then; never drop the message.
        if (delivery.DueLaterAt(now) is { } dueAt)
        {
            await queue.EnqueueAsync(number, (dueAt - now).ToTimeSpan() + TimeSpan.FromSeconds(1), cancellationToken);
            return new DeliveryOutcome(number, DeliveryResult.NotDue, delivery);
        }
        if (delivery.Status == DeliveryStatus.Failed) await NotifyFailedAsync(delivery, cancellationToken);
        if (!delivery.CanBeSentAt(now)) return new DeliveryOutcome(number, DeliveryResult.NotDue, delivery);

        if (await NoAddressAsync(invoice, cancellationToken) is { } reason)
        {
            var failed = await log.TryReplaceAsync(delivery.GaveUp(reason) with { FirstFailedAt = delivery.FirstFailedAt ?? now }, stored.ETag, cancellationToken);
            if (failed is not null) await NotifyFailedAsync(failed.Delivery, cancellationToken);
            return new DeliveryOutcome(number, failed is null ? DeliveryResult.NotDue : DeliveryResult.Failed, failed?.Delivery ?? delivery);
        }
        return null;
    }

    private async Task<DeliveryOutcome> SendClaimedAsync(Invoice invoice, StoredDelivery claimed, Instant now, CancellationToken cancellationToken)
    {
        var number = invoice.Number;
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
            var failedAt = clock.GetCurrentInstant();
            var after = claimed.Delivery.AttemptFailed($"attempt {claimed.Delivery.Attempts}: {e.GetType().Name}: {e.Message}", failedAt);
            if (after.Status == DeliveryStatus.Failed)
            {
                if (await log.TryReplaceAsync(after, claimed.ETag, CancellationToken.None) is not null) await NotifyFailedAsync(after, CancellationToken.None);
                return new DeliveryOutcome(number, DeliveryResult.Failed, after);
            }
            // Queue the retry first: a crash before the record is written leaves one more message, never none.
            await queue.EnqueueAsync(number, (after.NextAttemptAt!.Value - failedAt).ToTimeSpan(), CancellationToken.None);
            var waiting = after.Enqueued(failedAt);
            await log.TryReplaceAsync(waiting, claimed.ETag, CancellationToken.None);
            return new DeliveryOutcome(number, DeliveryResult.RetryLater, waiting);
        }
    }

    private async Task NotifyFailedAsync(InvoiceDelivery failed, CancellationToken cancellationToken)
    {
        if (finance is not null) await finance.NotifyAsync(FinanceMessages.DeliveryFailed(failed), cancellationToken);
    }

    /// <summary>Why the document cannot be sent at all, on the current member registry (an upload of registry.csv fixes it).</summary>
    private async Task<string?> NoAddressAsync(Invoice invoice, CancellationToken cancellationToken)
    {
        var registry = await archive.Registries.CurrentAsync(cancellationToken);
        return !registry.Contains(invoice.Member) ? $"member {invoice.Member} is not in the member registry (registry.csv: upload it with dimpact master-data upload)"
            : registry[invoice.Member].InvoiceEmails.Count == 0 ? $"member {invoice.Member} has no invoice e-mail address in the member registry (registry.csv, invoice_emails: upload it with dimpact master-data upload)"
            : null;
    }
}
