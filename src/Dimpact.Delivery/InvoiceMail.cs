using System.Text;
using Dimpact.Billing.Invoicing;
using Dimpact.Documents;
using MimeKit;
using NodaTime;
using Dimpact.Billing.Members;

namespace Dimpact.Delivery;

/// <summary>
/// The e-mail that carries one document to the member's invoice addresses: a Dutch subject and body, the PDF and
/// (when it passes the rules) the UBL attached as <c>{number}.pdf</c> and <c>{number}.xml</c>.
/// </summary>
public static class InvoiceMail
{
    /// <summary>
    /// Derived from the number, so that the retries of one send carry the same id and a duplicate is recognisable;
    /// a deliberate resend (<paramref name="resends"/> &gt; 0) is a new message with its own id.
    /// </summary>
    public static string MessageId(InvoiceNumber number, int resends, string domain) =>
        resends == 0 ? $"{number}@{domain}" : $"{number}.resend{resends}@{domain}";

    public static string Subject(Invoice invoice, string sellerName) => $"{DutchText.Title(invoice.Kind)} {invoice.Number} van {sellerName}";

    public static MimeMessage Compose(ArchivedInvoice archived, MailSettings settings, int resends, Instant now)
    {
        var invoice = archived.Document.Invoice;
        var buyer = archived.Document.Buyer;
        var message = new MimeMessage
        {
            MessageId = MessageId(invoice.Number, resends, settings.MessageIdDomain),
            Subject = Subject(invoice, archived.Document.Seller.Name),
            Date = now.ToDateTimeOffset(),
        };
        message.From.Add(settings.From);
        message.To.AddRange(buyer.InvoiceEmails.Select(e => new MailboxAddress(buyer.Name, e)));

        var body = new BodyBuilder { TextBody = Body(archived) };
        var number = invoice.Number.ToString();
        body.Attachments.Add($"{number}.pdf", archived.Pdf, new ContentType("application", "pdf"));
        if (archived.Xml is { } xml) body.Attachments.Add($"{number}.xml", xml, new ContentType("application", "xml"));
        message.Body = body.ToMessageBody();
        // The body is UTF-8 ("Coöperatie"): quoted-printable keeps it 7-bit, so that no relay reads it as 7bit text.
        foreach (var text in message.BodyParts.OfType<TextPart>()) text.ContentTransferEncoding = ContentEncoding.QuotedPrintable;
        return message;
    }

    private static string Body(ArchivedInvoice archived)
    {
        var (invoice, seller, buyer) = (archived.Document.Invoice, archived.Document.Seller, archived.Document.Buyer);
        var title = DutchText.Title(invoice.Kind).ToLowerInvariant();
        var number = invoice.Number.ToString();
        var text = new StringBuilder()
            .AppendLine("Geachte heer, mevrouw,")
            .AppendLine()
            .AppendLine($"Hierbij ontvangt gemeente {buyer.Name} ({buyer.Code}) {title} {number} van {seller.Name} over {invoice.Key.PeriodLabel}.")
            .AppendLine()
            .AppendLine($"Bedrag inclusief btw: {DutchText.Amount(invoice.TotalInclVat)}");
        if (invoice.Kind == DocumentKind.Invoice) text.AppendLine($"Vervaldatum: {DutchText.Date(invoice.DueDate)}");
        text.AppendLine($"IBAN: {PaymentText.Iban(seller.Iban)}")
            .AppendLine($"Betalingskenmerk: {number}")
            .AppendLine()
            .AppendLine(PaymentText.Instruction(invoice, seller))
            .AppendLine();
        if (archived.Xml is not null)
            text.AppendLine($"Bijgevoegd: de {title} als PDF ({number}.pdf) en als e-factuur in SI-UBL 2.0 ({number}.xml).");
        else
            text.AppendLine($"Bijgevoegd: de {title} als PDF ({number}.pdf). De e-factuur (SI-UBL 2.0) sturen wij niet mee, omdat die niet")
                .AppendLine($"aan de Nederlandse regels voldoet ({string.Join(", ", archived.Violations.Select(v => v.RuleId))}): meestal ontbreekt")
                .AppendLine($"uw OIN of uw inkoopreferentie voor {invoice.Key.Year}. Stuur die naar {seller.InvoiceEmail}, dan sturen wij de")
                .AppendLine("e-factuur alsnog.");
        return text
            .AppendLine()
            .AppendLine("Met vriendelijke groet,")
            .AppendLine()
            .AppendLine(seller.Name)
            .AppendLine(seller.InvoiceEmail)
            .ToString();
    }
}
