using MailKit.Net.Smtp;
using MimeKit;

namespace Dimpact.Delivery;

/// <summary>
/// Hands a message to the SMTP server of <see cref="MailSettings"/> (MailKit), or, when no server is configured,
/// writes it as <c>{message id}.eml</c> to the pickup folder, where a mail client or a person can open it.
/// </summary>
public sealed class MailSender(MailSettings settings)
{
    /// <summary>Sends the message; returns where it went (server or file). Throws when the server cannot be reached or refuses it.</summary>
    public async Task<string> SendAsync(MimeMessage message, CancellationToken cancellationToken = default)
    {
        if (settings.Host is not { Length: > 0 } host)
        {
            Directory.CreateDirectory(settings.PickupDirectory);
            var path = Path.Combine(settings.PickupDirectory, (message.MessageId ?? Guid.NewGuid().ToString("N")).Split('@')[0] + ".eml");
            // An .eml file is a message as it travels: CRLF line ends (RFC 5322), also on Linux.
            await message.WriteToAsync(new FormatOptions { NewLineFormat = NewLineFormat.Dos }, path, cancellationToken);
            return path;
        }

        using var client = new SmtpClient { Timeout = 60_000 };
        await client.ConnectAsync(host, settings.Port, settings.Security, cancellationToken);
        if (settings.UserName is { Length: > 0 } user) await client.AuthenticateAsync(user, settings.Password ?? "", cancellationToken);
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
        return $"smtp://{host}:{settings.Port}";
    }
}
