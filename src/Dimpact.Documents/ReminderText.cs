using System.Text;
using Dimpact.Billing;
using Dimpact.Billing.Members;
using Dimpact.Billing.Receivables;
using Dimpact.Documents.Parties;

namespace Dimpact.Documents;

/// <summary>
/// The payment reminder's e-mail (herinnering, tweede herinnering), in Dutch like the invoice mail: which invoice, how
/// much is open since when, how to pay (IBAN, the invoice number as reference), and the statement of account attached.
/// </summary>
public static class ReminderText
{
    public static string Subject(Reminder reminder, Seller seller) =>
        $"{(reminder.Level == 1 ? "Herinnering" : $"{Capital(ReminderMessages.LevelName(reminder.Level))} herinnering")}: factuur {reminder.Item.Number} van {seller.Name}";

    public static string Body(Reminder reminder, StatementOfAccount statement, Seller seller, Buyer buyer)
    {
        var item = reminder.Item;
        var text = new StringBuilder()
            .AppendLine("Geachte heer, mevrouw,")
            .AppendLine()
            .AppendLine(reminder.Level == 1
                ? $"Volgens onze administratie is factuur {item.Number} van {DutchText.Date(item.IssueDate)} aan gemeente {buyer.Name} ({buyer.Code}) nog niet (volledig) betaald."
                : $"Ondanks onze eerdere herinnering is factuur {item.Number} van {DutchText.Date(item.IssueDate)} aan gemeente {buyer.Name} ({buyer.Code}) nog niet (volledig) betaald.")
            .AppendLine()
            .AppendLine($"Factuurbedrag incl. btw: {DutchText.Amount(item.TotalInclVat)}")
            .AppendLine($"Al ontvangen of verrekend: {DutchText.Amount(item.Allocated)}")
            .AppendLine($"Nog open: {DutchText.Amount(item.Open)}")
            .AppendLine($"Vervaldatum: {DutchText.Date(item.DueDate)} ({item.DaysOverdue} dagen geleden)")
            .AppendLine()
            .AppendLine($"Wij verzoeken u {DutchText.Amount(item.Open)} binnen 14 dagen over te maken op IBAN {PaymentText.Iban(seller.Iban)}"
                        + (seller.Bic is { Length: > 0 } bic ? $" (BIC {bic})" : "") + $" ten name van {seller.Name},")
            .AppendLine($"onder vermelding van factuurnummer {item.Number}.")
            .AppendLine()
            .AppendLine($"Bijgevoegd: uw rekeningoverzicht per {DutchText.Date(statement.AsOf)} ({statement.FileName}), met al uw openstaande posten")
            .AppendLine($"(totaal te betalen: {DutchText.Amount(statement.TotalDue)}).")
            .AppendLine()
            .AppendLine($"Heeft u inmiddels betaald, dan kunt u deze herinnering als niet verzonden beschouwen. Vragen? Mail naar {seller.InvoiceEmail}.")
            .AppendLine()
            .AppendLine("Met vriendelijke groet,")
            .AppendLine()
            .AppendLine(seller.Name)
            .AppendLine(seller.InvoiceEmail);
        return text.ToString();
    }

    private static string Capital(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
