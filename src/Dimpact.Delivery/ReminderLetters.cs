using Dimpact.Billing.Members;
using Dimpact.Billing.Notifications;
using Dimpact.Billing.Receivables;
using Dimpact.Documents;
using Dimpact.Documents.Parties;
using Dimpact.Documents.Pdf;

namespace Dimpact.Delivery;

/// <summary>
/// Reminders and statements of account as the member receives them: to its invoice addresses in the member registry
/// (the current version, where the documents' deliveries go too), with the seller's payment details and the statement of account
/// as PDF.
/// </summary>
public sealed class ReminderLetters(IMemberRegistries registries, Seller seller) : IReminderLetters, IStatementOfAccountRenderer
{
    public async Task<ReminderLetter> WriteAsync(Reminder reminder, StatementOfAccount statement, CancellationToken cancellationToken = default)
    {
        var members = await registries.CurrentAsync(cancellationToken);
        var member = reminder.Item.Member;
        if (!members.Contains(member))
            return new ReminderLetter(member.Value, [], "", "", new Attachment(statement.FileName, "application/pdf", []));
        var buyer = members[member];
        return new ReminderLetter(buyer.Name, buyer.InvoiceEmails, ReminderText.Subject(reminder, seller), ReminderText.Body(reminder, statement, seller, buyer),
            new Attachment(statement.FileName, "application/pdf", StatementOfAccountPdf.Render(statement, seller, buyer)));
    }

    public async Task<byte[]> PdfAsync(StatementOfAccount statement, CancellationToken cancellationToken = default)
    {
        var members = await registries.CurrentAsync(cancellationToken);
        return StatementOfAccountPdf.Render(statement, seller, members.Contains(statement.Member)
            ? members[statement.Member]
            : new Buyer(statement.Member, statement.Member.Value, new PostalAddress("", "", ""), []));
    }
}
