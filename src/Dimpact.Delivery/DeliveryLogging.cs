using Dimpact.Billing.Notifications;
using Microsoft.Extensions.Logging;

namespace Dimpact.Delivery;

/// <summary>
/// The log lines of a delivery, the same from the queue function and the CLI. A give-up is an error whose rendered
/// message starts with <see cref="FailedForGood"/>: the alert in infra/modules/monitoring.bicep looks for that text in
/// <c>traces</c> with <c>severityLevel &gt;= 3</c> (the rendered message, because the isolated worker's structured
/// properties do not reach <c>customDimensions</c> through the host).
/// </summary>
public static partial class DeliveryLogging
{
    /// <summary>The fixed text of the give-up; the alert query contains it verbatim (a test pins the two together).</summary>
    public const string FailedForGood = "Delivery failed for good";

    /// <summary>Logs what the handling of one queue message came to.</summary>
    public static void Write(ILogger logger, DeliveryOutcome outcome, long dequeueCount)
    {
        var number = outcome.Number.ToString();
        switch (outcome)
        {
            case { Result: DeliveryResult.Failed, Delivery: { } failed }:
                GaveUp(logger, number, failed.MemberName, failed.Member.Value, failed.Attempts, failed.LastError ?? "", outcome.Number.Year);
                break;
            case { Result: DeliveryResult.RetryLater, Delivery: { } waiting }:
                AttemptFailed(logger, number, waiting.Attempts, waiting.NextAttemptAt?.ToString() ?? "", waiting.LastError ?? "");
                break;
            default:
                Handled(logger, number, outcome.Result, dequeueCount);
                break;
        }
    }

    /// <summary>Logs what the handling of a finance notification's queue message came to.</summary>
    public static void Write(ILogger logger, NotificationSendOutcome outcome, long dequeueCount)
    {
        switch (outcome)
        {
            case { Result: DeliveryResult.Failed, Delivery: { } failed }:
                NotificationGaveUp(logger, failed.Id, failed.Subject, failed.Attempts, failed.LastError ?? "");
                break;
            case { Result: DeliveryResult.NotSent, Delivery: { } notSent }:
                NotificationNotSent(logger, notSent.Id, notSent.Subject);
                break;
            default:
                NotificationHandled(logger, outcome.Id, outcome.Result, dequeueCount);
                break;
        }
    }

    /// <summary>A new notification: queued, or (no finance address configured) recorded and not sent.</summary>
    public static void NotificationRecorded(ILogger logger, NotificationDelivery recorded)
    {
        if (recorded.Status == NotificationStatus.NotSent) NotificationNotSent(logger, recorded.Id, recorded.Subject);
        else NotificationQueued(logger, recorded.Id, recorded.Subject);
    }

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Finance notification {Id} queued: {Subject}")]
    private static partial void NotificationQueued(ILogger logger, string id, string subject);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning,
        Message = "Finance notification {Id} recorded but " + NotificationDelivery.NoRecipients + ": {Subject}")]
    private static partial void NotificationNotSent(ILogger logger, string id, string subject);

    /// <summary>The start of the error a finance notification's give-up writes; the poison-message alert looks for it too.</summary>
    public const string NotificationFailedForGood = "Finance notification failed for good";

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = NotificationFailedForGood + ": {Id} ({Subject}) after {Attempts} attempt(s): {Reason}")]
    private static partial void NotificationGaveUp(ILogger logger, string id, string subject, int attempts, string reason);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Finance notification {Id}: {Result} (dequeue {Dequeue}).")]
    private static partial void NotificationHandled(ILogger logger, string id, DeliveryResult result, long dequeue);

    [LoggerMessage(EventId = 1, Level = LogLevel.Error,
        Message = FailedForGood + ": {Number} to {MemberName} ({Member}) after {Attempts} attempt(s): {Reason}. " +
                  "Once the cause is fixed: dimpact deliveries retry --failed --year {Year}")]
    private static partial void GaveUp(ILogger logger, string number, string memberName, string member, int attempts, string reason, int year);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Delivery of {Number} failed (attempt {Attempts}); next attempt at {NextAttemptAt}: {Error}")]
    private static partial void AttemptFailed(ILogger logger, string number, int attempts, string nextAttemptAt, string error);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Delivery of {Number}: {Result} (dequeue {Dequeue}).")]
    private static partial void Handled(ILogger logger, string number, DeliveryResult result, long dequeue);
}
