using System.Globalization;
using Dimpact.Billing;
using Dimpact.Documents.Parties;
using MailKit.Security;
using Microsoft.Extensions.Configuration;
using MimeKit;

namespace Dimpact.Delivery;

/// <summary>
/// How documents leave: by SMTP when <c>Smtp:Host</c> is set (Azure: app settings, the password a Key Vault
/// reference), else as .eml files in a pickup folder (local runs and demos). The message id's domain is a setting
/// so that a duplicate send is recognisable by its id.
/// </summary>
public sealed record MailSettings(
    string? Host,
    int Port,
    bool UseTls,
    string? UserName,
    string? Password,
    MailboxAddress From,
    string PickupDirectory,
    string MessageIdDomain)
{
    public const string DefaultPickupDirectory = "out/mail";
    public const string DefaultMessageIdDomain = "billing.dimpact.example";

    public bool UsesSmtp => Host is { Length: > 0 };

    /// <summary>
    /// Where finance notifications go (<c>Finance:NotifyEmails</c>); none: they are recorded, not sent
    /// (<see cref="Billing.Notifications.NotificationDelivery.NoRecipients"/>).
    /// </summary>
    public IReadOnlyList<MailboxAddress> FinanceRecipients { get; init; } = [];

    /// <summary>TLS on connect for the SMTPS port 465, STARTTLS elsewhere; none when TLS is off (a local test server).</summary>
    public SecureSocketOptions Security => !UseTls ? SecureSocketOptions.None : Port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;

    /// <summary>A local default: no server, files in <paramref name="pickupDirectory"/>.</summary>
    public static MailSettings Pickup(string pickupDirectory, Seller seller) =>
        new(null, 587, true, null, null, new MailboxAddress(seller.Name, seller.InvoiceEmail), pickupDirectory, DefaultMessageIdDomain);

    public static MailSettings Smtp(string host, int port, bool useTls, Seller seller) =>
        new(host, port, useTls, null, null, new MailboxAddress(seller.Name, seller.InvoiceEmail), DefaultPickupDirectory, DefaultMessageIdDomain);
}

/// <summary>Reads <see cref="MailSettings"/> (<c>Smtp:*</c>) and the <see cref="Seller"/> (<c>Seller:*</c>) from configuration.</summary>
public static class DeliveryConfiguration
{
    /// <summary>
    /// The seller's configurable facts (BILLING.md, "Parties"); a value that is not configured falls back to
    /// <see cref="Seller.Sample"/>, which is marked as sample: the Bicep template sets all of them in Azure.
    /// </summary>
    public static Seller Seller(IConfiguration configuration)
    {
        var section = configuration.GetSection("Seller");
        string Value(string key, string sample) => section[key] is { Length: > 0 } v ? v : sample;
        var sample = Documents.Parties.Seller.Sample;
        return sample with
        {
            VatNumber = Value("VatNumber", sample.VatNumber),
            Iban = Value("Iban", sample.Iban),
            Bic = section["Bic"] is { Length: > 0 } bic ? bic : sample.Bic,
            InvoiceEmail = Value("InvoiceContactEmail", sample.InvoiceEmail),
        };
    }

    public static MailSettings Mail(IConfiguration configuration, Seller seller)
    {
        var smtp = configuration.GetSection("Smtp");
        var port = smtp["Port"] is { Length: > 0 } p ? Port(p) : 587;
        var useTls = smtp["UseTls"] is not { Length: > 0 } tls || UseTls(tls);
        var from = smtp["From"] is { Length: > 0 } f ? MailboxAddress.Parse(f) : new MailboxAddress(seller.Name, seller.InvoiceEmail);
        if (from.Name is not { Length: > 0 }) from = new MailboxAddress(seller.Name, from.Address);
        return new MailSettings(
            smtp["Host"] is { Length: > 0 } host ? host : null, port, useTls,
            smtp["UserName"] is { Length: > 0 } user ? user : null,
            smtp["Password"] is { Length: > 0 } password ? password : null,
            from,
            smtp["PickupDirectory"] is { Length: > 0 } dir ? dir : MailSettings.DefaultPickupDirectory,
            smtp["MessageIdDomain"] is { Length: > 0 } domain ? domain : MailSettings.DefaultMessageIdDomain)
        {
            FinanceRecipients = FinanceRecipients(configuration[NotifyEmails]),
        };
    }

    /// <summary>The finance addresses that receive notifications: one or more, separated by ';' or ','.</summary>
    public const string NotifyEmails = "Finance:NotifyEmails";

    public static IReadOnlyList<MailboxAddress> FinanceRecipients(string? text)
    {
        var addresses = new List<MailboxAddress>();
        foreach (var part in (text ?? "").Split([';', ','], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!MailboxAddress.TryParse(part, out var address) || !address.Address.Contains('@', StringComparison.Ordinal))
                throw new InvalidSettingException("Finance__NotifyEmails",
                    $"'{part}' is not an e-mail address; set one or more addresses separated by ';' or ',', e.g. financien@dimpact.nl;controller@dimpact.nl.");
            addresses.Add(address);
        }
        return addresses;
    }

    private static int Port(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535
            ? port
            : throw new InvalidSettingException("Smtp__Port", $"'{text}' is not a port number; set it to the SMTP server's port (1 to 65535), e.g. 587 for STARTTLS or 465 for TLS on connect.");

    private static bool UseTls(string text) =>
        bool.TryParse(text, out var useTls)
            ? useTls
            : throw new InvalidSettingException("Smtp__UseTls", $"'{text}' is neither true nor false; set it to true (the default: TLS) or false (only for a local test server).");
}
