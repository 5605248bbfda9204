using Dimpact.Billing.Notifications;
using Dimpact.Storage;
using MimeKit;
using NodaTime;

namespace Dimpact.Delivery;

/// <summary>
/// The e-mail of a finance notification, to the finance addresses (<see cref="MailSettings.FinanceRecipients"/>), or of a
/// payment reminder, to the member's addresses (<see cref="FinanceNotification.To"/>), from
/// the address documents are sent from: the Dutch subject, the text body (quoted-printable, like the documents') and
/// the attachments (base64).
/// </summary>
public static class FinanceMail
{
    /// <summary>
    /// Derived from the notification's id, so every attempt to send one event carries the same id (and a duplicate after
    /// a crash is recognisable); e.g. <c>finance.run.3f2c9a1b0d4e5f6a7b8c9d0e@billing.dimpact.example</c>.
    /// </summary>
    public static string MessageId(string id, string domain) => $"finance.{id.Split('|')[0]}.{TableFinanceNotifications.Hash(id)[..24]}@{domain}";

    public static MimeMessage Compose(FinanceNotification notification, MailSettings settings, Instant now)
    {
        var message = new MimeMessage
        {
            MessageId = MessageId(notification.Id, settings.MessageIdDomain),
            Subject = notification.Subject,
            Date = now.ToDateTimeOffset(),
        };
        message.From.Add(settings.From);
        if (notification.To is { Count: > 0 } to) message.To.AddRange(to.Select(MailboxAddress.Parse));
        else message.To.AddRange(settings.FinanceRecipients);
        var body = new BodyBuilder { TextBody = notification.Body };
        foreach (var attachment in notification.Attachments)
        {
            var type = ContentType.Parse(attachment.ContentType);
            if (type.MediaType == "text") type.Charset = "utf-8";
            body.Attachments.Add(attachment.FileName, attachment.Content, type);
        }
        message.Body = body.ToMessageBody();
        // 7-bit on the wire: the Dutch text quoted-printable, every attachment base64.
        foreach (var part in message.BodyParts.OfType<MimePart>())
            part.ContentTransferEncoding = part.IsAttachment ? ContentEncoding.Base64 : ContentEncoding.QuotedPrintable;
        return message;
    }
}
