using NodaTime;

namespace Dimpact.Billing.Invoicing;

public enum DeliveryStatus
{
    /// <summary>Waiting to be sent (issued, or reset for a resend, or back after a failed attempt).</summary>
    Pending,

    /// <summary>A handler claimed it and is sending it now.</summary>
    Sending,

    /// <summary>The mail server accepted the message.</summary>
    Delivered,

    /// <summary>Given up: no address, or the last attempt failed. Only a resend brings it back.</summary>
    Failed,
}

/// <summary>
/// Where the sending of one issued document stands. Every issued document gets one (the issue writes an outbox
/// entry in the same atomic write, and the dispatcher turns it into this record). <see cref="Resends"/> counts the
/// deliberate resends; together with the number it makes the message id, so that the retries of one send carry
/// the same id (a duplicate is recognisable) and a resend carries a new one.
/// </summary>
public sealed record InvoiceDelivery(
    InvoiceNumber Number,
    CbsCode Member,
    string MemberName,
    DeliveryStatus Status,
    int Attempts = 0,
    string? LastError = null,
    Instant? SentAt = null,
    IReadOnlyList<string>? Recipients = null,
    string? MessageId = null,
    Instant? EnqueuedAt = null,
    Instant? SendingSince = null,
    int Resends = 0,
    string? EInvoiceWithheld = null)
{
    /// <summary>How long a claim to send holds; a handler that died while sending is taken over after it.</summary>
    public static readonly Duration SendingLease = Duration.FromMinutes(5);

    /// <summary>How long a queued delivery is left alone before the dispatcher enqueues it again.</summary>
    public static readonly Duration EnqueueAgainAfter = Duration.FromMinutes(15);

    public static InvoiceDelivery For(Invoice invoice) => new(invoice.Number, invoice.Member, invoice.Draft.MemberName, DeliveryStatus.Pending);

    public IReadOnlyList<string> RecipientList => Recipients ?? [];

    /// <summary>Whether a handler may start sending now: not done, not given up, not claimed by a live handler.</summary>
    public bool CanBeSentAt(Instant now) => Status switch
    {
        DeliveryStatus.Pending => true,
        DeliveryStatus.Sending => SendingSince is not { } since || now - since > SendingLease,
        _ => false,
    };

    /// <summary>Whether the dispatcher should put it on the queue (again): not done, not given up, not queued recently.</summary>
    public bool NeedsEnqueueAt(Instant now) =>
        Status is DeliveryStatus.Pending or DeliveryStatus.Sending && (EnqueuedAt is not { } at || now - at > EnqueueAgainAfter);

    public InvoiceDelivery Enqueued(Instant now) => this with { EnqueuedAt = now };

    public InvoiceDelivery StartSending(Instant now) => this with { Status = DeliveryStatus.Sending, SendingSince = now, Attempts = Attempts + 1 };

    /// <summary>An attempt failed; the queue will try again.</summary>
    public InvoiceDelivery AttemptFailed(string error) => this with { Status = DeliveryStatus.Pending, SendingSince = null, LastError = error };

    public InvoiceDelivery Sent(Instant now, IReadOnlyList<string> recipients, string messageId, string? eInvoiceWithheld) =>
        this with
        {
            Status = DeliveryStatus.Delivered, SentAt = now, Recipients = recipients, MessageId = messageId, SendingSince = null,
            LastError = null, EInvoiceWithheld = eInvoiceWithheld,
        };

    public InvoiceDelivery GaveUp(string reason) => this with { Status = DeliveryStatus.Failed, SendingSince = null, LastError = reason };

    /// <summary>Finance asks to send the same document again (never a new invoice): a fresh series of attempts.</summary>
    public InvoiceDelivery Resent() =>
        this with { Status = DeliveryStatus.Pending, Attempts = 0, LastError = null, SendingSince = null, EnqueuedAt = null, Resends = Resends + 1 };
}
