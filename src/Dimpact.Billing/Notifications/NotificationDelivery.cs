using Dimpact.Billing.Invoicing;
using NodaTime;

namespace Dimpact.Billing.Notifications;

public enum NotificationStatus
{
    /// <summary>Recorded and queued, or back after a failed attempt (see <see cref="NotificationDelivery.NextAttemptAt"/>).</summary>
    Pending,

    /// <summary>A handler claimed it and is sending it now.</summary>
    Sending,

    /// <summary>The mail server accepted it (or it was written to the pickup folder).</summary>
    Sent,

    /// <summary>Given up after failing for <see cref="InvoiceDelivery.RetryFor"/>.</summary>
    Failed,

    /// <summary>Recorded only: no finance address is configured (<c>Finance__NotifyEmails</c>). Never sent later.</summary>
    NotSent,
}

/// <summary>
/// Where the sending of one finance notification stands. The same rules as a document's delivery
/// (<see cref="InvoiceDelivery"/>): a claim with a lease, retries on its schedule for 24 hours, queued again by the
/// dispatcher when its message was lost; without the resends (a notification is about one event, sent once).
/// </summary>
public sealed record NotificationDelivery(
    string Id,
    string Subject,
    NotificationStatus Status,
    Instant RecordedAt,
    int Attempts = 0,
    string? LastError = null,
    Instant? SentAt = null,
    IReadOnlyList<string>? Recipients = null,
    string? MessageId = null,
    Instant? EnqueuedAt = null,
    Instant? SendingSince = null,
    Instant? NextAttemptAt = null,
    Instant? FirstFailedAt = null)
{
    /// <summary>Why a notification is recorded but not sent; the log, the record and the CLI say this.</summary>
    public const string NoRecipients = "not sent: no finance address configured (app setting Finance__NotifyEmails)";

    /// <summary>A new notification: queued now, or, without recipients, recorded as <see cref="NotificationStatus.NotSent"/>.</summary>
    public static NotificationDelivery Recorded(FinanceNotification notification, Instant now, bool hasRecipients) => hasRecipients
        ? new(notification.Id, notification.Subject, NotificationStatus.Pending, now, EnqueuedAt: now)
        : new(notification.Id, notification.Subject, NotificationStatus.NotSent, now, LastError: NoRecipients);

    public bool CanBeSentAt(Instant now) => Status switch
    {
        NotificationStatus.Pending => NextAttemptAt is not { } next || next <= now,
        NotificationStatus.Sending => ClaimExpiresAt is not { } end || end < now,
        _ => false,
    };

    /// <summary>When the lease of a claim ends; null when it is not claimed.</summary>
    public Instant? ClaimExpiresAt => Status == NotificationStatus.Sending && SendingSince is { } since ? since + InvoiceDelivery.SendingLease : null;

    /// <summary>When a notification that cannot be sent at <paramref name="now"/> becomes due: its retry, or the end of a live claim.</summary>
    public Instant? DueLaterAt(Instant now) =>
        Status == NotificationStatus.Pending && NextAttemptAt is { } next && next > now ? next
        : ClaimExpiresAt is { } end && end >= now ? end
        : null;

    /// <summary>Whether the dispatcher should queue it (again): due, and no message queued for it within <see cref="InvoiceDelivery.EnqueueAgainAfter"/>.</summary>
    public bool NeedsEnqueueAt(Instant now) =>
        Status is NotificationStatus.Pending or NotificationStatus.Sending && CanBeSentAt(now)
        && (EnqueuedAt is not { } at || now - Later(at, NextAttemptAt ?? at) > InvoiceDelivery.EnqueueAgainAfter);

    public NotificationDelivery Enqueued(Instant now) => this with { EnqueuedAt = now };

    public NotificationDelivery StartSending(Instant now) => this with { Status = NotificationStatus.Sending, SendingSince = now, Attempts = Attempts + 1 };

    public NotificationDelivery Sent(Instant now, IReadOnlyList<string> recipients, string messageId) =>
        this with { Status = NotificationStatus.Sent, SentAt = now, Recipients = recipients, MessageId = messageId, SendingSince = null, LastError = null, NextAttemptAt = null };

    /// <summary>Recorded, never sent: no recipients when it was due.</summary>
    public NotificationDelivery NotSent() => this with { Status = NotificationStatus.NotSent, SendingSince = null, LastError = NoRecipients, NextAttemptAt = null };

    /// <summary>An attempt failed: Pending with the next attempt on the documents' schedule, or Failed after <see cref="InvoiceDelivery.RetryFor"/>.</summary>
    public NotificationDelivery AttemptFailed(string error, Instant now)
    {
        var firstFailed = FirstFailedAt ?? now;
        return InvoiceDelivery.RetryAt(firstFailed, now) is { } next
            ? this with { Status = NotificationStatus.Pending, SendingSince = null, LastError = error, FirstFailedAt = firstFailed, NextAttemptAt = next }
            : this with { Status = NotificationStatus.Failed, SendingSince = null, LastError = $"{error} (gave up after {Attempts} attempt(s))", FirstFailedAt = firstFailed, NextAttemptAt = null };
    }

    private static Instant Later(Instant a, Instant b) => a > b ? a : b;
}
