using Dimpact.Billing.Notifications;
using Dimpact.Storage;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Dimpact.Delivery;

/// <summary>
/// Finance notifications through the documents' path: recorded create-only under the event's id in the
/// <c>notifications</c> table (the record is the outbox entry and the delivery record at once), then queued as
/// <c>notification|{id}</c> on the <c>invoice-deliveries</c> queue, whose handler (<see cref="DeliverFinanceNotification"/>)
/// mails it. An id recorded before is neither recorded nor queued again: that is what makes every event one e-mail,
/// whatever reruns, retries or concurrent runs report it. Without finance addresses it is recorded as not sent.
/// </summary>
/// <remarks>
/// A crash between the record and the queue leaves a Pending record without a message: the next dispatch queues it
/// (<see cref="NotificationDelivery.NeedsEnqueueAt"/>, after 15 minutes).
/// </remarks>
public sealed class QueuedFinanceNotifier(TableFinanceNotifications notifications, InvoiceDeliveryQueue queue, MailSettings settings, IClock clock,
    ILogger? logger = null) : IFinanceNotifier
{
    public async Task<NotificationOutcome> NotifyAsync(FinanceNotification notification, CancellationToken cancellationToken = default)
    {
        var recorded = NotificationDelivery.Recorded(notification, clock.GetCurrentInstant(), notification.To is { Count: > 0 } || settings.FinanceRecipients.Count > 0);
        var (stored, created) = await notifications.AddIfMissingAsync(notification, recorded, cancellationToken);
        if (created && stored.Delivery.Status == NotificationStatus.Pending) await queue.EnqueueNotificationAsync(notification.Id, cancellationToken: cancellationToken);
        if (created && logger is not null) DeliveryLogging.NotificationRecorded(logger, stored.Delivery);
        return new NotificationOutcome(notification.Id, notification.Subject, created, stored.Delivery.Status);
    }

    public Task<IReadOnlyList<NotificationDelivery>> RecordedAsync(string kind, CancellationToken cancellationToken = default) =>
        notifications.ListAsync(cancellationToken: cancellationToken, kind: kind);
}
