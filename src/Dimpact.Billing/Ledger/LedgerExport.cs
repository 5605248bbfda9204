using System.Globalization;
using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Receivables;
using NodaTime;

namespace Dimpact.Billing.Ledger;

/// <summary>
/// One line of a journal entry. <see cref="Entry"/> is the entry's id, derived from what it books (<c>D:2024-000001</c>
/// a document, <c>B:{bank reference}</c> a bank entry, <c>A:{allocation id}</c> an allocation), so a re-export of the
/// same period gives the same ids; <see cref="Line"/> numbers the lines within it. Exactly one of debit and credit is
/// above zero.
/// </summary>
public sealed record JournalLine(string Entry, LocalDate Date, int Line, LedgerRole Role, LedgerAccount Account, CbsCode? Member,
    InvoiceNumber? Document, string? BankReference, string Description, Money Debit, Money Credit);

/// <summary>The balance of one member on an account in the export (debit − credit).</summary>
public sealed record MemberBalance(CbsCode Member, Money Balance);

/// <summary>
/// The receivables as journal entries for the general ledger (<c>dimpact ledger export --from D --to D</c>), for every
/// posting dated in the period (BILLING.md, "Payments and receivables"):
/// <list type="bullet">
/// <item>a document: debit receivable of the member (incl. VAT), credit revenue per product and VAT payable per rate; a
/// credit note the opposite;</item>
/// <item>a payment: debit bank; credit receivable of the member for what it paid on its booking date (matched), credit
/// received in advance for an overpayment, and credit unallocated receipts for what waits for finance;</item>
/// <item>a later allocation of a payment (by hand, or undone): debit unallocated receipts, credit receivable or received
/// in advance; an undo the opposite;</item>
/// <item>the bank's reversal of a payment: debit unallocated receipts, credit bank (its allocations are undone by the
/// reversal records);</item>
/// <item>a credit note set off: debit receivable on the credit note, credit receivable on the invoice, both of the member;</item>
/// <item>a refund (a debit entry paying back credit notes): debit receivable of the member on each credit note for what it
/// refunded on its booking date, debit unallocated receipts for what of it waits for finance, credit bank; a later refund
/// by hand (or its undo): debit receivable on the credit note, credit unallocated receipts (an undo the opposite); the
/// bank's reversal of a refund: debit bank, credit unallocated receipts. A debit that refunds nothing is no receivable.</item>
/// </list>
/// Every entry balances. Entries are ordered by date, then documents, bank entries and allocations, then id, so a
/// re-export of the same period gives the same lines.
/// </summary>
public sealed record LedgerExport(LocalDate From, LocalDate To, IReadOnlyList<JournalLine> Lines)
{
    public const string CsvHeader = "entry,date,line,account,account_name,member_code,document,bank_reference,description,debit,credit";

    public static LedgerExport Of(AccountsReceivable state, LocalDate from, LocalDate to, LedgerAccounts accounts)
    {
        var entries = new List<(LocalDate Date, int Order, string Id, List<Posting> Postings)>();
        bool InPeriod(LocalDate d) => d >= from && d <= to;

        foreach (var document in state.Documents.Where(d => InPeriod(d.IssueDate)))
        {
            var what = $"{(document.Kind == DocumentKind.CreditNote ? "creditnota" : "factuur")} {document.Number}";
            var postings = new List<Posting> { new(LedgerRole.Receivable, accounts.Account(LedgerRole.Receivable), document.Member, document.Number, null, what, document.TotalInclVat) };
            foreach (var product in document.Lines.GroupBy(l => l.Product).OrderBy(g => g.Key.Value, StringComparer.Ordinal))
                postings.Add(new(LedgerRole.Revenue, accounts.Revenue(product.Key), document.Member, document.Number, null, $"{what} omzet {product.Key}", -product.Sum(l => l.Amount)));
            foreach (var vat in document.Draft.VatSubtotals.OrderBy(v => v.Rate))
                postings.Add(new(LedgerRole.VatPayable, accounts.Vat(vat.Rate), document.Member, document.Number, null,
                    $"{what} btw {(vat.Rate * 100m).ToString("0.##", CultureInfo.InvariantCulture)}%", -vat.Vat));
            entries.Add((document.IssueDate, 0, "D:" + document.Number, postings));
        }

        // Allocations booked with their payment: those of the payment's own booking date (matching). Every other
        // allocation of a payment goes through unallocated receipts.
        var withPayment = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in state.Entries.Where(e => InPeriod(e.BookingDate)))
        {
            var reference = entry.Reference.Value;
            var postings = new List<Posting>();
            switch (entry.Kind)
            {
                case EntryKind.Payment:
                {
                    postings.Add(new(LedgerRole.Bank, accounts.Account(LedgerRole.Bank), null, null, reference, $"ontvangst {Counterparty(entry)}", entry.Amount));
                    var booked = Money.Zero;
                    foreach (var a in state.AllocationsOf(entry.Reference).Where(a => a.Kind != AllocationKind.Reversal && a.Date == entry.BookingDate))
                    {
                        withPayment.Add(a.Id);
                        postings.Add(Target(a, accounts, reference));
                        booked += a.Amount;
                    }
                    if (entry.Amount - booked is var rest && rest != Money.Zero)
                        postings.Add(new(LedgerRole.Unallocated, accounts.Account(LedgerRole.Unallocated), null, null, reference, "nog toe te wijzen", -rest));
                    break;
                }
                case EntryKind.PaymentReversal:
                    postings.Add(new(LedgerRole.Bank, accounts.Account(LedgerRole.Bank), null, null, reference, $"teruggeboekt {Counterparty(entry)}", -entry.Amount));
                    postings.Add(new(LedgerRole.Unallocated, accounts.Account(LedgerRole.Unallocated), null, null, reference, "terugboeking ontvangst", entry.Amount));
                    break;
                case EntryKind.Debit when state.IsRefund(entry):
                {
                    postings.Add(new(LedgerRole.Bank, accounts.Account(LedgerRole.Bank), null, null, reference, $"terugbetaald aan {Counterparty(entry)}", -entry.Amount));
                    var booked = Money.Zero;
                    foreach (var a in state.AllocationsOf(entry.Reference).Where(a => a.Kind != AllocationKind.Reversal && a.Date == entry.BookingDate))
                    {
                        withPayment.Add(a.Id);
                        postings.Add(RefundTarget(a, accounts, reference));
                        booked += a.Amount;
                    }
                    if (entry.Amount - booked is var rest && rest != Money.Zero)
                        postings.Add(new(LedgerRole.Unallocated, accounts.Account(LedgerRole.Unallocated), null, null, reference, "terugbetaling nog toe te wijzen", rest));
                    break;
                }
                case EntryKind.DebitReversal when state.Entries.FirstOrDefault(d => state.ReversedBy(d.Reference) == entry.Reference) is { } debit
                                                  && state.IsRefund(debit):
                    postings.Add(new(LedgerRole.Bank, accounts.Account(LedgerRole.Bank), null, null, reference, $"terugbetaling teruggeboekt {Counterparty(entry)}", entry.Amount));
                    postings.Add(new(LedgerRole.Unallocated, accounts.Account(LedgerRole.Unallocated), null, null, reference, "terugboeking terugbetaling", -entry.Amount));
                    break;
                default:
                    continue; // bank costs and other debits are not receivables
            }
            entries.Add((entry.BookingDate, 1, "B:" + reference, postings));
        }

        foreach (var a in state.Allocations.Where(a => InPeriod(a.Date) && !withPayment.Contains(a.Id)))
        {
            // A matched allocation of a payment booked outside the period was booked with it there.
            if (a.Entry is { } entryRef && a.Kind != AllocationKind.Reversal && state.Entry(entryRef) is { } paid && paid.BookingDate == a.Date) continue;
            var postings = a.IsRefund
                ? new List<Posting>
                {
                    new(LedgerRole.Unallocated, accounts.Account(LedgerRole.Unallocated), null, null, a.Entry!.Value.Value, a.Kind == AllocationKind.Reversal ? "terugbetaling ongedaan" : "terugbetaling toegewezen", -a.Amount),
                    RefundTarget(a, accounts, a.Entry!.Value.Value),
                }
                : a.Entry is { } source
                ? new List<Posting>
                {
                    new(LedgerRole.Unallocated, accounts.Account(LedgerRole.Unallocated), null, null, source.Value, a.Kind == AllocationKind.Reversal ? "toewijzing ongedaan" : "toegewezen", a.Amount),
                    Target(a, accounts, source.Value),
                }
                : new List<Posting>
                {
                    new(LedgerRole.Receivable, accounts.Account(LedgerRole.Receivable), a.Member, a.CreditNote, null, $"creditnota {a.CreditNote} verrekend met {a.Document}", a.Amount),
                    new(LedgerRole.Receivable, accounts.Account(LedgerRole.Receivable), a.Member, a.Document, null, $"verrekend met creditnota {a.CreditNote}", -a.Amount),
                };
            entries.Add((a.Date, 2, "A:" + a.Id, postings));
        }

        var lines = new List<JournalLine>();
        foreach (var (date, _, id, postings) in entries.OrderBy(e => e.Date).ThenBy(e => e.Order).ThenBy(e => e.Id, StringComparer.Ordinal))
        {
            var n = 0;
            foreach (var p in postings.Where(p => p.Amount != Money.Zero))
                lines.Add(new JournalLine(id, date, ++n, p.Role, p.Account, p.Member, p.Document, p.BankReference, p.Description,
                    p.Amount.IsNegative ? Money.Zero : p.Amount, p.Amount.IsNegative ? -p.Amount : Money.Zero));
        }
        return new LedgerExport(from, to, lines);
    }

    /// <summary>Credit where an allocation of a payment goes: the member's receivable on the document, or its credit balance.</summary>
    private static Posting Target(Allocation a, LedgerAccounts accounts, string reference) => a.Document is { } document
        ? new(LedgerRole.Receivable, accounts.Account(LedgerRole.Receivable), a.Member, document, reference,
            a.Kind == AllocationKind.Reversal ? $"betaling {document} ongedaan" : $"betaling {document}", -a.Amount)
        : new(LedgerRole.ReceivedInAdvance, accounts.Account(LedgerRole.ReceivedInAdvance), a.Member, null, reference,
            a.Kind == AllocationKind.Reversal ? "tegoed ongedaan" : "te veel betaald (tegoed)", -a.Amount);

    /// <summary>Debit where a refund goes: the member's receivable on the credit note it pays back (an undo: credit).</summary>
    private static Posting RefundTarget(Allocation a, LedgerAccounts accounts, string reference) =>
        new(LedgerRole.Receivable, accounts.Account(LedgerRole.Receivable), a.Member, a.CreditNote, reference,
            a.Kind == AllocationKind.Reversal ? $"terugbetaling creditnota {a.CreditNote} ongedaan" : $"terugbetaling creditnota {a.CreditNote}", a.Amount);

    private static string Counterparty(BankEntry entry) => entry.CounterpartyName ?? entry.CounterpartyIban ?? "onbekend";

    /// <summary>A signed amount on an account: positive debit, negative credit.</summary>
    private sealed record Posting(LedgerRole Role, LedgerAccount Account, CbsCode? Member, InvoiceNumber? Document, string? BankReference, string Description, Money Amount);

    public Money TotalDebit => Lines.Sum(l => l.Debit);

    public Money TotalCredit => Lines.Sum(l => l.Credit);

    /// <summary>The entries whose debits and credits differ (none, by construction; the export's check).</summary>
    public IReadOnlyList<string> UnbalancedEntries =>
        [.. Lines.GroupBy(l => l.Entry).Where(g => g.Sum(l => l.Debit) != g.Sum(l => l.Credit)).Select(g => g.Key)];

    public bool IsBalanced => TotalDebit == TotalCredit && UnbalancedEntries.Count == 0;

    public int Entries => Lines.Select(l => l.Entry).Distinct().Count();

    /// <summary>Per member its balance on an account role (receivable: what it owes per the ledger), by member code.</summary>
    public IReadOnlyList<MemberBalance> BalancesPerMember(LedgerRole role) =>
        [.. Lines.Where(l => l.Role == role && l.Member is not null).GroupBy(l => l.Member!.Value)
            .Select(g => new MemberBalance(g.Key, g.Sum(l => l.Debit) - g.Sum(l => l.Credit)))
            .OrderBy(b => b.Member.Value, StringComparer.Ordinal)];

    /// <summary>Debits and credits per account, in code order.</summary>
    public IReadOnlyList<(LedgerAccount Account, Money Debit, Money Credit)> PerAccount =>
        [.. Lines.GroupBy(l => l.Account).OrderBy(g => g.Key.Code, StringComparer.Ordinal).Select(g => (g.Key, g.Sum(l => l.Debit), g.Sum(l => l.Credit)))];

    public string Csv() => CsvText.Of(CsvHeader, Lines.Select(l => CsvText.Line(
        l.Entry, l.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), l.Line, l.Account.Code, l.Account.Name, l.Member?.Value ?? "",
        l.Document?.ToString() ?? "", l.BankReference ?? "", l.Description, l.Debit, l.Credit)));
}

/// <summary>"Export the ledger of a period": the stored receivables as journal lines on the configured accounts.</summary>
/// <param name="accounts">The chart of accounts, read when an export runs (a bad file stops the export, nothing else).</param>
public sealed class ExportLedger(ReadReceivables read, Func<LedgerAccounts> accounts)
{
    public async Task<LedgerExport> RunAsync(LocalDate from, LocalDate to, CancellationToken cancellationToken = default)
    {
        if (to < from) throw new InvalidInputException([new DataProblem("--to", null, null, $"{to:yyyy-MM-dd} is before --from {from:yyyy-MM-dd}")]);
        var chart = accounts();
        return LedgerExport.Of(await read.RunAsync(cancellationToken), from, to, chart);
    }
}
