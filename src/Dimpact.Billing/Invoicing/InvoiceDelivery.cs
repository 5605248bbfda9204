using NodaTime;

namespace Dimpact.Billing.Invoicing;

public enum DeliveryStatus
{
    /// <summary>Waiting to be sent: issued, reset for a resend or retry, or back after a failed attempt (see <see cref="InvoiceDelivery.NextAttemptAt"/>).</summary>
    Pending,

    /// <summary>A handler claimed it and is sending it now.</summary>
    Sending,

    /// <summary>The mail server accepted the message.</summary>
    Delivered,

    /// <summary>Given up: no address, or every attempt of <see cref="InvoiceDelivery.RetryFor"/> failed. Only a resend or a retry brings it back.</summary>
    Failed,
}

/// <summary>
/// Where the sending of one issued document stands. Every issued document gets one (the issue writes an outbox
/// entry in the same atomic write, and the dispatcher turns it into this record). <see cref="Resends"/> counts the
/// deliberate resends; together with the number it makes the message id, so that the retries of one send carry
/// the same id (a duplicate is recognisable) and a resend carries a new one.
/// </summary>
/// <remarks>
/// A failed attempt is retried with a growing interval: as long again as the delivery has been failing, at least
/// <see cref="FirstRetryAfter"/> and at most <see cref="LongestRetryInterval"/> (1, 1, 2, 4, … minutes, then every
/// 4 hours). The delivery is given up only when an attempt fails <see cref="RetryFor"/> after the first failure, so
/// that a mail server that is down for a night loses nothing.
/// </remarks>
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
    string? EInvoiceWithheld = null,
    Instant? NextAttemptAt = null,
    Instant? FirstFailedAt = null)
{
    /// <summary>
    /// How long a claim to send holds; a handler that died while sending is taken over after it. Longer than the
    /// host's <c>functionTimeout</c> (10 minutes, host.json), so a handler that is still running keeps its claim.
    /// </summary>
    public static readonly Duration SendingLease = Duration.FromMinutes(15);

    /// <summary>How long after its message should have been handled a waiting delivery is queued again by the dispatcher (a lost message).</summary>
    public static readonly Duration EnqueueAgainAfter = Duration.FromMinutes(15);

    /// <summary>How long failed attempts are retried before the delivery is given up.</summary>
    public static readonly Duration RetryFor = Duration.FromHours(24);

    public static readonly Duration FirstRetryAfter = Duration.FromMinutes(1);

    public static readonly Duration LongestRetryInterval = Duration.FromHours(4);

    public static InvoiceDelivery For(Invoice invoice) => new(invoice.Number, invoice.Member, invoice.Draft.MemberName, DeliveryStatus.Pending);

    public IReadOnlyList<string> RecipientList => Recipients ?? [];

    /// <summary>Whether a handler may start sending now: not done, not given up, no retry scheduled later, not claimed by a live handler.</summary>
    public bool CanBeSentAt(Instant now) => Status switch
    {
        DeliveryStatus.Pending => NextAttemptAt is not { } next || next <= now,
        DeliveryStatus.Sending => ClaimExpiredAt(now),
        _ => false,
    };

    /// <summary>A claim whose handler must have died: the lease has passed.</summary>
    public bool ClaimExpiredAt(Instant now) => Status == DeliveryStatus.Sending && (SendingSince is not { } since || now - since > SendingLease);

    /// <summary>When the lease of a live claim ends; null when the delivery is not claimed.</summary>
    public Instant? ClaimExpiresAt => Status == DeliveryStatus.Sending && SendingSince is { } since ? since + SendingLease : null;

    /// <summary>Pending with a retry scheduled after <paramref name="now"/>.</summary>
    public bool WaitsForRetryAt(Instant now) => Status == DeliveryStatus.Pending && NextAttemptAt is { } next && next > now;

    /// <summary>
    /// When a delivery that is not due at <paramref name="now"/> becomes due: its scheduled retry, or the end of a live
    /// claim. Null when it can be sent now, or never (delivered, given up).
    /// </summary>
    public Instant? DueLaterAt(Instant now) =>
        WaitsForRetryAt(now) ? NextAttemptAt
        : ClaimExpiresAt is { } claimEnds && claimEnds >= now ? claimEnds
        : null;

    /// <summary>
    /// Whether the dispatcher should put it on the queue (again): a waiting delivery whose message should have been
    /// handled <see cref="EnqueueAgainAfter"/> ago (never queued, or the message was lost), or a claim whose
    /// handler died and that was not queued since its lease ended.
    /// </summary>
    public bool NeedsEnqueueAt(Instant now) => Status switch
    {
        DeliveryStatus.Pending => EnqueuedAt is not { } at || now - Max(at, NextAttemptAt ?? at) > EnqueueAgainAfter,
        DeliveryStatus.Sending => ClaimExpiredAt(now)
                                  && (EnqueuedAt is not { } at || at <= SendingSince + SendingLease || now - at > EnqueueAgainAfter),
        _ => false,
    };

    public InvoiceDelivery Enqueued(Instant now) => this with { EnqueuedAt = now };

    public InvoiceDelivery StartSending(Instant now) => this with { Status = DeliveryStatus.Sending, SendingSince = now, Attempts = Attempts + 1 };

    /// <summary>
    /// An attempt failed at <paramref name="now"/>: Pending with the next attempt scheduled, or Failed when the
    /// delivery has been failing for <see cref="RetryFor"/>.
    /// </summary>
    public InvoiceDelivery AttemptFailed(string error, Instant now)
    {
        var firstFailed = FirstFailedAt ?? now;
        if (RetryAt(firstFailed, now) is not { } next)
            return GaveUp($"{error} (gave up after {Attempts} attempt(s) over {Hours(now - firstFailed)} hours)") with { FirstFailedAt = firstFailed };
        return this with
        {
            Status = DeliveryStatus.Pending, SendingSince = null, LastError = error, FirstFailedAt = firstFailed, NextAttemptAt = next,
        };
    }

    /// <summary>
    /// The retry schedule of a send that has been failing since <paramref name="firstFailed"/> and failed again at
    /// <paramref name="now"/>: when to try next, or null to give up (<see cref="RetryFor"/> has passed). Finance
    /// notifications are retried on the same schedule.
    /// </summary>
    public static Instant? RetryAt(Instant firstFailed, Instant now)
    {
        var failingFor = now - firstFailed;
        if (failingFor >= RetryFor) return null;
        var next = now + Min(Max(failingFor, FirstRetryAfter), LongestRetryInterval);
        return next > firstFailed + RetryFor ? firstFailed + RetryFor : next; // the last attempt falls at the end of the window
    }

    public InvoiceDelivery Sent(Instant now, IReadOnlyList<string> recipients, string messageId, string? eInvoiceWithheld) =>
        this with
        {
            Status = DeliveryStatus.Delivered, SentAt = now, Recipients = recipients, MessageId = messageId, SendingSince = null,
            LastError = null, EInvoiceWithheld = eInvoiceWithheld, NextAttemptAt = null, FirstFailedAt = null,
        };

    public InvoiceDelivery GaveUp(string reason) =>
        this with { Status = DeliveryStatus.Failed, SendingSince = null, LastError = reason, NextAttemptAt = null };

    /// <summary>Finance asks to send the same document again (never a new invoice): a fresh series of attempts.</summary>
    public InvoiceDelivery Resent() =>
        this with
        {
            Status = DeliveryStatus.Pending, Attempts = 0, LastError = null, SendingSince = null, EnqueuedAt = null, Resends = Resends + 1,
            NextAttemptAt = null, FirstFailedAt = null,
        };

    /// <summary>
    /// Whether a bulk retry has something to do: not delivered, not claimed by a live handler, and not already due
    /// with its message on the queue.
    /// </summary>
    public bool CanBeRetriedAt(Instant now) => Status switch
    {
        DeliveryStatus.Failed => true,
        DeliveryStatus.Pending => WaitsForRetryAt(now) || NeedsEnqueueAt(now),
        DeliveryStatus.Sending => ClaimExpiredAt(now),
        _ => false,
    };

    /// <summary>
    /// Due now, for when finance knows the mail server is back: a waiting or failed delivery gets a fresh retry window;
    /// attempts, resends and the message id stay, so that it is not a new message.
    /// </summary>
    public InvoiceDelivery RetryNow(Instant now) =>
        this with { Status = DeliveryStatus.Pending, SendingSince = null, NextAttemptAt = null, FirstFailedAt = null, EnqueuedAt = now };

    private static Duration Max(Duration a, Duration b) => a > b ? a : b;
    private static Duration Min(Duration a, Duration b) => a < b ? a : b;
    private static Instant Max(Instant a, Instant b) => a > b ? a : b;
    private static string Hours(Duration d) => Math.Round(d.TotalHours, 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
