using Dimpact.Billing.Invoicing;
using NodaTime;

namespace Dimpact.Billing.Receivables;

/// <summary>A payment or credit note set-off received on a member's account, as the statement of account lists it.</summary>
/// <param name="Reference">The bank's reference of the payment, or the credit note's number.</param>
/// <param name="Document">The invoice it settled (a refund: the credit note paid back); null for an amount kept as credit balance.</param>
/// <param name="Amount">Positive for what was received; a reversal negative.</param>
public sealed record AccountMovement(LocalDate Date, AllocationKind Kind, string Reference, InvoiceNumber? Document, Money Amount);

/// <summary>
/// The statement of account (rekeningoverzicht) of one member on a date: its open items (invoices with an amount open,
/// credit notes still to set off), what it paid and was credited since <see cref="From"/>, its credit balance and what
/// it owes on balance. Computed from <see cref="AccountsReceivable"/>, like the receivables report and the reminders.
/// </summary>
public sealed record StatementOfAccount(CbsCode Member, LocalDate AsOf, LocalDate From, IReadOnlyList<OpenItem> OpenItems,
    IReadOnlyList<AccountMovement> Received, Money CreditBalance)
{
    /// <summary>The open items of the member on <paramref name="asOf"/> and what it was credited from <paramref name="from"/> (default 1 January of that year).</summary>
    public static StatementOfAccount Of(AccountsReceivable state, CbsCode member, LocalDate asOf, LocalDate? from = null)
    {
        var start = from ?? new LocalDate(asOf.Year, 1, 1);
        var received = state.Allocations
            .Where(a => a.Member == member && a.Date >= start && a.Date <= asOf)
            .OrderBy(a => a.Date).ThenBy(a => a.Id, StringComparer.Ordinal)
            .Select(a => new AccountMovement(a.Date, a.Kind, a.Entry?.Value ?? a.CreditNote!.Value.ToString(), a.IsRefund ? a.CreditNote : a.Document, a.Amount))
            .ToList();
        var balance = state.CreditBalances(asOf).Where(b => b.Member == member).Sum(b => b.Amount);
        return new StatementOfAccount(member, asOf, start, state.OpenItems(asOf, member), received, balance);
    }

    public Money OpenInvoices => OpenItems.Where(i => i.Kind == DocumentKind.Invoice).Sum(i => i.Open);

    public Money Overdue => OpenItems.Where(i => i.IsOverdue).Sum(i => i.Open);

    /// <summary>Credit notes still to set off or refund (negative).</summary>
    public Money OpenCreditNotes => OpenItems.Where(i => i.Kind == DocumentKind.CreditNote).Sum(i => i.Open);

    /// <summary>What the member owes on balance: open invoices less credit notes still open and its credit balance; negative when Dimpact owes it.</summary>
    public Money TotalDue => OpenInvoices + OpenCreditNotes - CreditBalance;

    /// <summary>The file name of its PDF: <c>rekeningoverzicht-GM0150-2024-06-30.pdf</c>.</summary>
    public string FileName => $"rekeningoverzicht-{Member}-{AsOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}.pdf";
}

/// <summary>Draws a statement of account as a PDF (the documents adapter: seller, the member's name and address).</summary>
public interface IStatementOfAccountRenderer
{
    Task<byte[]> PdfAsync(StatementOfAccount statement, CancellationToken cancellationToken = default);
}
