namespace Dimpact.Billing.Notifications;

/// <summary>A file that goes with a notification, e.g. an upload's report or a settlement overview.</summary>
public sealed record Attachment(string FileName, string ContentType, byte[] Content);

/// <summary>
/// An e-mail to finance about one event: an upload, figures on hold, documents issued, a settlement waiting for
/// figures, a delivery given up, e-invoices withheld. <see cref="Id"/> names the event (e.g. <c>hold|2024-01-01|v2</c>)
/// and is derived from it alone, so a rerun, a retry or a concurrent run that sees the same event computes the same
/// id: it is the idempotency key under which the notification is recorded once, and its Message-ID is derived from it.
/// </summary>
public sealed record FinanceNotification(string Id, string Subject, string Body, IReadOnlyList<Attachment> Attachments)
{
    /// <summary>
    /// Whom it goes to when not to finance: a payment reminder (<c>reminder|…</c>) goes to the member's invoice addresses,
    /// through the same record, queue and retries. Null: finance's addresses (<c>Finance:NotifyEmails</c>).
    /// </summary>
    public IReadOnlyList<string>? To { get; init; }

    /// <summary>What kind of event: the id's first part (<c>upload</c>, <c>hold</c>, <c>run</c>, <c>waiting</c>, <c>failed</c>, <c>withheld</c>).</summary>
    public string Kind => Id.Split('|')[0];
}

/// <summary>What recording a notification came to: <c>New</c> false when the event was recorded before (nothing is sent again).</summary>
public sealed record NotificationOutcome(string Id, string Subject, bool New, NotificationStatus Status);

/// <summary>
/// Hands finance notifications to delivery (implemented by the delivery adapter: a create-only record, then the
/// queue and the mail server the documents use). Recording an id a second time records and sends nothing.
/// </summary>
public interface IFinanceNotifier
{
    Task<NotificationOutcome> NotifyAsync(FinanceNotification notification, CancellationToken cancellationToken = default);

    /// <summary>The notifications of one kind recorded so far (e.g. the reminders sent), whatever their sending's state.</summary>
    Task<IReadOnlyList<NotificationDelivery>> RecordedAsync(string kind, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<NotificationDelivery>>([]);
}
