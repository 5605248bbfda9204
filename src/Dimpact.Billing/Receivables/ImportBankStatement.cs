using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dimpact.Billing.Notifications;
using NodaTime;

namespace Dimpact.Billing.Receivables;

/// <summary>
/// A statement file as uploaded. <see cref="Length"/> is the file's size, known before it is read (a blob's
/// properties): a file above <see cref="MaxBytes"/> is refused unread, with an empty <see cref="Content"/>.
/// </summary>
public sealed record StatementUpload(string Name, byte[] Content)
{
    /// <summary>A year of daily statements of one account is far below this.</summary>
    public const int MaxBytes = 50 * 1024 * 1024;

    public long Length { get; init; } = Content.LongLength;

    /// <summary>The content's fingerprint (or, for a file refused unread, its size): with the name, what identifies the upload's event.</summary>
    public string Fingerprint => Length > Content.LongLength
        ? string.Create(CultureInfo.InvariantCulture, $"size-{Length}")
        : Convert.ToHexStringLower(SHA256.HashData(Content))[..16];
}

/// <summary>What importing a statement came to.</summary>
public enum StatementImportResult
{
    /// <summary>Stored: its entries (those not stored before) and what matching recorded.</summary>
    Imported,

    /// <summary>A statement of this account and id was imported before: nothing is done (a no-op, not an error).</summary>
    AlreadyImported,

    /// <summary>Not stored at all: the problems say which element and why.</summary>
    Rejected,
}

/// <summary>One statement of a file and whether it was imported now or before.</summary>
public sealed record ImportedOrNot(BankStatement Statement, bool ImportedBefore);

/// <summary>The report of one statement file: what was read, stored and matched, or why it was rejected.</summary>
public sealed record StatementImport(string Upload, StatementImportResult Result, IReadOnlyList<ImportedOrNot> Statements, IReadOnlyList<DataProblem> Problems,
    int NewEntries = 0, MatchRun? Matching = null)
{
    public bool Accepted => Result != StatementImportResult.Rejected;

    /// <summary>The report's name: the upload's name and its fingerprint, the same for a retry of the same upload.</summary>
    public string ReportName { get; init; } = Upload;

    /// <summary>Finance's notification of this import (null without a notifier).</summary>
    public NotificationOutcome? Notification { get; init; }

    /// <summary>The report as people read it (the CLI prints it, the function logs it, finance receives it).</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.Append(c, $"Bank statement file {Upload}: {Result switch { StatementImportResult.Imported => "imported", StatementImportResult.AlreadyImported => "already imported; nothing done", _ => "REJECTED" }}\n");
        foreach (var (s, before) in Statements)
        {
            text.Append(c, $"Statement {s.Id} ({s.Format}) of account {s.Account}, {s.Currency}{(before ? ": already imported" : "")}\n");
            text.Append(c, $"  opening balance {s.OpeningDate:yyyy-MM-dd} {s.OpeningBalance}, credits {s.Credits}, debits {s.Debits}, closing balance {s.ClosingDate:yyyy-MM-dd} {s.ClosingBalance}\n");
            text.Append(c, $"  {s.Entries.Count} entries: {s.Entries.Count(e => e.IsPayment)} payments, {s.Entries.Count(e => e.Kind == EntryKind.PaymentReversal)} reversals, {s.Entries.Count(e => e.Kind is EntryKind.Debit or EntryKind.DebitReversal)} ignored (not payments)\n");
        }
        if (Result == StatementImportResult.Imported) text.Append(c, $"New entries stored: {NewEntries}\n");
        foreach (var problem in Problems)
            text.Append(c, $"error: {(problem.Field is { } f ? f + (problem.Line is { } l ? $" (line {l})" : "") + ": " : problem.Line is { } l2 ? $"line {l2}: " : "")}{problem.Message}\n");
        if (Result == StatementImportResult.Rejected) text.Append("Nothing was stored: a statement file is imported whole or not at all. Correct the file (or the setting) and import it again.\n");
        if (Matching is { } m)
        {
            foreach (var a in m.Recorded)
                text.Append(c, $"{Describe(a.Kind)} {a.Amount}: {(a.Entry is { } e ? "payment " + e : "credit note " + a.CreditNote)} -> {(a.Document?.ToString() ?? "credit balance of " + a.Member)}\n");
            var unmatched = m.Unmatched;
            if (unmatched.Count > 0)
            {
                text.Append(c, $"Unmatched payments ({unmatched.Count}), to allocate by hand (dimpact payments allocate ENTRY NUMBER):\n");
                foreach (var p in unmatched)
                    text.Append(c, $"  {p.Entry.Reference}  {p.Entry.BookingDate:yyyy-MM-dd}  {p.Unallocated}  {p.Entry.CounterpartyName}  {p.Entry.RemittanceText}\n");
            }
        }
        return text.ToString();
    }

    public static string Describe(AllocationKind kind) => kind switch
    {
        AllocationKind.Matched => "matched",
        AllocationKind.Manual => "allocated by hand",
        AllocationKind.CreditNoteSetOff => "set off",
        AllocationKind.Refund => "refunded",
        _ => "reversed",
    };
}

/// <summary>
/// "Import a bank statement" (BILLING.md, "Payments and receivables"): read the CAMT.053 file; check each statement is of
/// Dimpact's account, in euros, and that its balances add up; all or nothing, every problem named with its element. A
/// statement of the same account and id imported before is a no-op. Otherwise its entries are stored, each once by its
/// bank reference, payments are matched (<see cref="MatchPayments"/>), and the statement is recorded last: an import that
/// crashed half-way is finished by importing the file again.
/// </summary>
/// Finance hears of every file, once per upload and content (<see cref="FinanceMessages.BankStatement"/>): imported,
/// imported before, or rejected.
public sealed class ImportBankStatement(IBankStatementReader reader, IPaymentStore store, MatchPayments match, IClock clock, Iban ownAccount,
    IFinanceNotifier? notifier = null)
{
    public Iban OwnAccount => ownAccount;

    public async Task<StatementImport> RunAsync(StatementUpload upload, CancellationToken cancellationToken = default)
    {
        var outcome = await ImportAsync(upload, cancellationToken) with { ReportName = $"{upload.Name}.{upload.Fingerprint}" };
        return notifier is null ? outcome : outcome with { Notification = await notifier.NotifyAsync(FinanceMessages.BankStatement(outcome), cancellationToken) };
    }

    private async Task<StatementImport> ImportAsync(StatementUpload upload, CancellationToken cancellationToken)
    {
        if (upload.Length > StatementUpload.MaxBytes)
            return new(upload.Name, StatementImportResult.Rejected, [], [new DataProblem(upload.Name, null, null,
                string.Create(CultureInfo.InvariantCulture, $"the file has {upload.Length} bytes, more than the {StatementUpload.MaxBytes} a statement file may have"))]);
        var read = reader.Read(upload.Name, upload.Content);
        if (!read.Read) return new(upload.Name, StatementImportResult.Rejected, [], read.Problems);
        var problems = read.Statements.SelectMany(s => s.Problems(upload.Name, ownAccount)).ToList();
        foreach (var twice in read.Statements.GroupBy(s => s.Id).Where(g => g.Count() > 1))
            problems.Add(new DataProblem(upload.Name, null, "Stmt/Id", $"the statement id {twice.Key} occurs {twice.Count()} times in the file"));
        var statements = new List<ImportedOrNot>();
        foreach (var statement in read.Statements)
            statements.Add(new(statement, await store.FindStatementAsync(new StatementKey(ownAccount, statement.Id), cancellationToken) is not null));
        if (problems.Count > 0) return new(upload.Name, StatementImportResult.Rejected, statements, problems);
        // Imported before: nothing is stored, but matching runs (it changes nothing that is complete) so that finance's
        // message says where the file's payments stand; an import that crashed before telling finance loses nothing.
        if (statements.All(s => s.ImportedBefore))
            return new(upload.Name, StatementImportResult.AlreadyImported, statements, [], 0, await match.RunAsync(cancellationToken));

        var added = 0;
        foreach (var (statement, _) in statements.Where(s => !s.ImportedBefore))
            added += await store.AddEntriesAsync(statement.Entries, cancellationToken);
        var matching = await match.RunAsync(cancellationToken);
        foreach (var (statement, _) in statements.Where(s => !s.ImportedBefore))
            await store.RecordStatementAsync(new ImportedStatement(new StatementKey(ownAccount, statement.Id), upload.Name, clock.GetCurrentInstant(),
                statement.OpeningDate, statement.OpeningBalance, statement.ClosingDate, statement.ClosingBalance, statement.Entries.Count, statement.Format), cancellationToken);
        return new(upload.Name, StatementImportResult.Imported, statements, [], added, matching);
    }
}
