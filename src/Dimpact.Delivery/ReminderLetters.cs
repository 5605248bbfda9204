using Dimpact.Billing.Members;
using Dimpact.Billing.Notifications;
using Dimpact.Billing.Receivables;
using Dimpact.Documents;
using Dimpact.Documents.Parties;
using Dimpact.Documents.Pdf;

namespace Dimpact.Delivery;

/// <summary>
/// Reminders and statements of account as the member receives them: to its invoice addresses in the member registry,
/// with the seller's payment details and the statement of account as PDF.
/// </summary>
public sealed class ReminderLetters(MemberRegistry registry, Seller seller) : IReminderLetters, IStatementOfAccountRenderer
{
    public ReminderLetter Write(Reminder reminder, StatementOfAccount statement)
    {
        var member = reminder.Item.Member;
        if (!registry.Contains(member))
            return new ReminderLetter(member.Value, [], "", "", new Attachment(statement.FileName, "application/pdf", []));
        var buyer = registry[member];
        return new ReminderLetter(buyer.Name, buyer.InvoiceEmails, ReminderText.Subject(reminder, seller), ReminderText.Body(reminder, statement, seller, buyer),
            new Attachment(statement.FileName, "application/pdf", StatementOfAccountPdf.Render(statement, seller, buyer)));
    }

    public byte[] Pdf(StatementOfAccount statement) =>
        StatementOfAccountPdf.Render(statement, seller, registry.Contains(statement.Member)
            ? registry[statement.Member]
            : new Buyer(statement.Member, statement.Member.Value, new PostalAddress("", "", ""), []));
}
