using Dimpact.Billing.Notifications;
using Dimpact.Storage;
using NodaTime;

namespace Dimpact.Delivery;

/// <summary>What handling a notification's queue message came to (the result values of the documents' delivery).</summary>
public sealed record NotificationSendOutcome(string Id, DeliveryResult Result, NotificationDelivery? Delivery = null);

/// <summary>
/// Sends one finance notification, the handler of a <c>notification|{id}</c> queue message (the queue function and
/// <c>dimpact deliver</c>), with the documents' rules (<see cref="DeliverInvoice"/>): the record decides first, so a
/// duplicate message sends nothing; a claim (ETag) keeps two handlers from sending at once; a failed attempt is
/// recorded and retried from a hidden message on the documents' schedule for 24 hours. At least once: a crash between
/// the server's acceptance and the record sends it again after the claim's lease, with the same Message-ID.
/// </summary>
public sealed class DeliverFinanceNotification(TableFinanceNotifications notifications, InvoiceDeliveryQueue queue, MailSender mail, MailSettings settings, IClock clock)
{
    public async Task<NotificationSendOutcome> DeliverAsync(string id, CancellationToken cancellationToken = default)
    {
        if (await notifications.FindAsync(id, cancellationToken) is not { } stored) return new NotificationSendOutcome(id, DeliveryResult.UnknownInvoice);
        var notification = stored.Delivery;
        var now = clock.GetCurrentInstant();
        switch (notification.Status)
        {
            case NotificationStatus.Sent: return new NotificationSendOutcome(id, DeliveryResult.AlreadyDelivered, notification);
            case NotificationStatus.NotSent: return new NotificationSendOutcome(id, DeliveryResult.NotSent, notification);
        }
        if (notification.DueLaterAt(now) is { } dueAt)
        {
            await queue.EnqueueNotificationAsync(id, (dueAt - now).ToTimeSpan() + TimeSpan.FromSeconds(1), cancellationToken);
            return new NotificationSendOutcome(id, DeliveryResult.NotDue, notification);
        }
        if (!notification.CanBeSentAt(now)) return new NotificationSendOutcome(id, DeliveryResult.NotDue, notification);
        // A reminder carries its member's addresses; only what goes to finance needs finance's.
        if (settings.FinanceRecipients.Count == 0 && (await notifications.ContentAsync(id, cancellationToken))?.To is not { Count: > 0 })
        {
            var notSent = await notifications.TryReplaceAsync(notification.NotSent(), stored.ETag, cancellationToken);
            return new NotificationSendOutcome(id, notSent is null ? DeliveryResult.NotDue : DeliveryResult.NotSent, notSent?.Delivery ?? notification);
        }

        if (await notifications.TryReplaceAsync(notification.StartSending(now), stored.ETag, cancellationToken) is not { } claimed)
            return new NotificationSendOutcome(id, DeliveryResult.NotDue, notification); // another handler claimed it first
        try
        {
            var content = await notifications.ContentAsync(id, cancellationToken) ?? throw new InvalidOperationException($"The content of notification {id} is missing.");
            var message = FinanceMail.Compose(content, settings, now);
            await mail.SendAsync(message, cancellationToken);
            var sent = claimed.Delivery.Sent(clock.GetCurrentInstant(), message.To.Mailboxes.Select(a => a.Address).ToList(), message.MessageId ?? "");
            await notifications.TryReplaceAsync(sent, claimed.ETag, CancellationToken.None);
            return new NotificationSendOutcome(id, DeliveryResult.Sent, sent);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var failedAt = clock.GetCurrentInstant();
            var after = claimed.Delivery.AttemptFailed($"attempt {claimed.Delivery.Attempts}: {e.GetType().Name}: {e.Message}", failedAt);
            if (after.Status == NotificationStatus.Failed)
            {
                await notifications.TryReplaceAsync(after, claimed.ETag, CancellationToken.None);
                return new NotificationSendOutcome(id, DeliveryResult.Failed, after);
            }
            await queue.EnqueueNotificationAsync(id, (after.NextAttemptAt!.Value - failedAt).ToTimeSpan(), CancellationToken.None);
            var waiting = after.Enqueued(failedAt);
            await notifications.TryReplaceAsync(waiting, claimed.ETag, CancellationToken.None);
            return new NotificationSendOutcome(id, DeliveryResult.RetryLater, waiting);
        }
    }
}
