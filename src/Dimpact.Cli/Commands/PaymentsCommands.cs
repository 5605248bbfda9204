using System.ComponentModel;
using System.Globalization;
using Dimpact.Billing;
using Dimpact.Billing.Populations.Ingestion;
using Dimpact.Billing.Receivables;
using Dimpact.Cli.Output;
using Dimpact.Storage;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Dimpact.Cli.Commands;

public sealed class PaymentsImportSettings : StorageSettings
{
    [CommandArgument(0, "<FILE>")]
    [Description("The bank statement: CAMT.053 (camt.053.001.02 or .001.08) of Dimpact's account (Seller__Iban).")]
    public string File { get; init; } = "";
}

/// <summary>
/// dimpact payments import FILE: uploads the statement into bank-statements (a folder of its own per upload, never over
/// another file) and imports it as the upload trigger does: prints the report; exit 0 when accepted (also when it was
/// imported before: nothing is done), 2 when rejected.
/// </summary>
public sealed class PaymentsImportCommand(IAnsiConsole console) : AsyncCommand<PaymentsImportSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, PaymentsImportSettings settings, CancellationToken cancellationToken)
    {
        if (!System.IO.File.Exists(settings.File))
            throw new InvalidInputException([new DataProblem(settings.File, null, null, "the file does not exist")]);
        using var services = settings.Services();
        var storage = services.GetRequiredService<BillingStorage>();
        var clock = services.GetRequiredService<IClock>();
        await storage.EnsureCreatedAsync();
        var name = Path.GetFileName(settings.File);
        var length = new FileInfo(settings.File).Length;
        StatementUpload upload;
        if (length > StatementUpload.MaxBytes)
            upload = new StatementUpload(name, []) { Length = length };   // refused unread, and not kept
        else
        {
            upload = new StatementUpload(name, await System.IO.File.ReadAllBytesAsync(settings.File, cancellationToken));
            var storedAs = PopulationUpload.UniqueBlobName(name, clock.GetCurrentInstant());
            // Marked as run by the CLI: the blob trigger leaves it alone (it would import it a second time, and notify again).
            await storage.Container(BillingStorage.BankStatementsContainer).GetBlobClient(storedAs).UploadAsync(new BinaryData(upload.Content), new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = Azure.ETag.All },
                Metadata = new Dictionary<string, string> { [MasterDataUploads.RunBy] = MasterDataUploads.RunByCli },
            }, cancellationToken);
            console.MarkupLine(Markup.Escape($"kept as {BillingStorage.BankStatementsContainer}/{storedAs}"));
        }

        var outcome = await services.GetRequiredService<ImportBankStatement>().RunAsync(upload, cancellationToken);
        console.Write(new Text(outcome.ToText()));
        if (outcome.Notification is { } told) NotificationLines.Write(console, [told]);
        return outcome.Accepted ? ExitCodes.Done : ExitCodes.BadInput;
    }
}

/// <summary>dimpact payments list: every bank entry, what kind it is and what of it is allocated to what.</summary>
public sealed class PaymentsListCommand(IAnsiConsole console) : AsyncCommand<CsvStorageSettings>
{
    public const string CsvHeader = "reference,booking_date,value_date,kind,amount,allocated,unallocated,counterparty_name,counterparty_iban,remittance,reversed_by,statement_id,allocations";

    public override async Task<int> ExecuteAsync(CommandContext context, CsvStorageSettings settings, CancellationToken cancellationToken)
    {
        using var services = settings.Services();
        var state = await services.GetRequiredService<ReadReceivables>().RunAsync(cancellationToken);
        PaymentStatus? Status(BankEntry e) => e.IsPayment || state.IsRefund(e) ? state.Status(e) : null;
        if (settings.Csv)
        {
            Formats.WriteCsv(Console.Out, CsvHeader, state.Entries.Select(e =>
            {
                var s = Status(e);
                return Formats.CsvLine(e.Reference.Value, Date(e.BookingDate), Date(e.ValueDate), s is not null && e.Kind == EntryKind.Debit ? "refund" : Kind(e.Kind), e.Amount, s?.Allocated ?? Money.Zero,
                    s?.Unallocated ?? Money.Zero, e.CounterpartyName ?? "", e.CounterpartyIban ?? "", e.RemittanceText, s?.ReversedBy?.Value ?? "", e.StatementId,
                    AllocationIds(state, e.Reference));
            }));
            return ExitCodes.Done;
        }
        var table = new Table().Border(TableBorder.Simple).Title("Bank entries")
            .AddColumns("Reference", "Booked", "Kind", "Amount", "Unallocated", "Counterparty", "Remittance", "Allocated to");
        foreach (var e in state.Entries)
        {
            var s = Status(e);
            var to = string.Join("; ", state.AllocationsOf(e.Reference).Select(a => $"{(a.IsRefund ? "refund " + a.CreditNote : a.Document?.ToString() ?? "credit " + a.Member)} {Formats.Euro(a.Amount)}"
                + (a.Kind == AllocationKind.Manual || (a.Kind == AllocationKind.Refund && a.By != Allocation.Automatic) ? $" (by {a.By})" : a.Kind == AllocationKind.Reversal ? $" (undo by {a.By})" : "") + $" [{a.Id}]"));
            table.AddRow(Markup.Escape(e.Reference.Value), Date(e.BookingDate), s is not null && e.Kind == EntryKind.Debit ? "refund" : Kind(e.Kind), Formats.Euro(e.SignedAmount).PadLeft(12),
                s is null ? "" : Formats.Euro(s.Unallocated), Markup.Escape(e.CounterpartyName ?? ""), Markup.Escape(e.RemittanceText), Markup.Escape(to));
        }
        console.Write(table);
        var payments = state.Payments();
        console.MarkupLine(Markup.Escape($"{state.Entries.Count} entries, {payments.Count} payments of {Formats.Euro(payments.Sum(p => p.Entry.Amount))}; " +
            $"{state.Unmatched().Count} with {Formats.Euro(state.Unmatched().Sum(p => p.Unallocated))} unallocated (dimpact payments unmatched)."));
        return ExitCodes.Done;
    }

    internal static string Date(LocalDate date) => LocalDatePattern.Iso.Format(date);

    /// <summary>The ids of a payment's allocations, ';'-separated, those still in force (not undone, not an undo): what 'payments undo' takes.</summary>
    internal static string AllocationIds(AccountsReceivable state, BankReference entry) => string.Join(";", state.InForce(entry).Select(a => a.Id));

    internal static string Kind(EntryKind kind) => kind switch
    {
        EntryKind.Payment => "payment",
        EntryKind.Debit => "debit (ignored)",
        EntryKind.PaymentReversal => "reversal",
        _ => "debit reversal (ignored)",
    };
}

/// <summary>dimpact payments unmatched: the payments with an amount not allocated, which wait for finance.</summary>
public sealed class PaymentsUnmatchedCommand(IAnsiConsole console) : AsyncCommand<CsvStorageSettings>
{
    public const string CsvHeader = "reference,booking_date,amount,unallocated,counterparty_name,counterparty_iban,remittance,allocations";

    public override async Task<int> ExecuteAsync(CommandContext context, CsvStorageSettings settings, CancellationToken cancellationToken)
    {
        using var services = settings.Services();
        var state = await services.GetRequiredService<ReadReceivables>().RunAsync(cancellationToken);
        var unmatched = state.Unmatched();
        if (settings.Csv)
        {
            Formats.WriteCsv(Console.Out, CsvHeader, unmatched.Select(p => Formats.CsvLine(p.Entry.Reference.Value, PaymentsListCommand.Date(p.Entry.BookingDate),
                p.Entry.Amount, p.Unallocated, p.Entry.CounterpartyName ?? "", p.Entry.CounterpartyIban ?? "", p.Entry.RemittanceText,
                PaymentsListCommand.AllocationIds(state, p.Entry.Reference))));
            return ExitCodes.Done;
        }
        var table = new Table().Border(TableBorder.Simple).Title("Payments waiting for allocation")
            .AddColumns("Reference", "Booked", "Amount", "Unallocated", "Counterparty", "IBAN", "Remittance", "Allocations (payments undo ID)");
        foreach (var p in unmatched)
            table.AddRow(Markup.Escape(p.Entry.Reference.Value), PaymentsListCommand.Date(p.Entry.BookingDate), Formats.Euro(p.Entry.Amount), Formats.Euro(p.Unallocated),
                Markup.Escape(p.Entry.CounterpartyName ?? ""), Markup.Escape(p.Entry.CounterpartyIban ?? ""), Markup.Escape(p.Entry.RemittanceText),
                Markup.Escape(PaymentsListCommand.AllocationIds(state, p.Entry.Reference)));
        console.Write(table);
        console.MarkupLine(unmatched.Count == 0 ? "Every payment is allocated."
            : Markup.Escape($"{unmatched.Count} payment(s), {Formats.Euro(unmatched.Sum(p => p.Unallocated))}: dimpact payments allocate ENTRY NUMBER [--amount A]"));
        return ExitCodes.Done;
    }
}

public sealed class PaymentsAllocateSettings : StorageSettings
{
    [CommandArgument(0, "<ENTRY>")]
    [Description("The payment's bank reference (see 'dimpact payments unmatched').")]
    public string Entry { get; init; } = "";

    [CommandArgument(1, "<NUMBER>")]
    [Description("The invoice it pays (2024-000012), or a member's CBS code (GM0150) for its credit balance.")]
    public string Number { get; init; } = "";

    [CommandOption("--amount <A>")]
    [Description("The amount in euros (1210.00). Default: what the payment has left, at most the invoice's open amount.")]
    public string? Amount { get; init; }

    [CommandOption("--by <NAME>")]
    [Description("Who allocates (recorded with the allocation). Default: the user running the command.")]
    public string? By { get; init; }
}

/// <summary>
/// dimpact payments allocate ENTRY NUMBER [--amount A] [--by NAME]: finance allocates a payment by hand; recorded once
/// as an immutable allocation; a refusal (nothing open, more than the payment has left) is exit code 2.
/// </summary>
public sealed class PaymentsAllocateCommand(IAnsiConsole console) : AsyncCommand<PaymentsAllocateSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, PaymentsAllocateSettings settings, CancellationToken cancellationToken)
    {
        AllocationTarget target;
        try { target = AllocationTarget.Parse(settings.Number); }
        catch (FormatException e) { throw new InvalidInputException([new DataProblem("NUMBER", null, null, e.Message)]); }
        Money? amount = null;
        if (settings.Amount is { } text)
            amount = decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var euros) && decimal.Round(euros, 2) == euros
                ? Money.Exact(euros)
                : throw new InvalidInputException([new DataProblem("--amount", null, null, $"'{text}' is not an amount in euros such as 1210.00 (a decimal point, at most two decimals)")]);
        BankReference entry;
        try { entry = new BankReference(settings.Entry); }
        catch (ArgumentException e) { throw new InvalidInputException([new DataProblem("ENTRY", null, null, e.Message)]); }
        var by = string.IsNullOrWhiteSpace(settings.By) ? Environment.UserName : settings.By.Trim();

        using var services = settings.Services();
        var outcome = await services.GetRequiredService<AllocatePayment>().RunAsync(entry, target, amount, by, cancellationToken);
        if (outcome.Recorded is not { } a)
            throw new InvalidInputException([new DataProblem("ENTRY", null, null, outcome.Refusal!)]);
        console.MarkupLine(Markup.Escape($"Payment {a.Entry} allocated to {target}: {Formats.Euro(a.Amount)} on {PaymentsListCommand.Date(a.Date)}, by {a.By} (allocation {a.Id})."));
        return ExitCodes.Done;
    }
}

public sealed class PaymentsUndoSettings : StorageSettings
{
    [CommandArgument(0, "<ALLOCATION-ID>")]
    [Description("The allocation to undo, e.g. 'B2|2024-000002|m1' (dimpact payments list shows the ids; quote them, they hold '|').")]
    public string Allocation { get; init; } = "";

    [CommandOption("--by <NAME>")]
    [Description("Who undoes it (recorded with the reversing record). Default: the user running the command.")]
    public string? By { get; init; }
}

/// <summary>
/// dimpact payments undo ALLOCATION-ID [--by NAME]: finance undoes an allocation of a payment with a reversing record
/// (the allocation itself stays); the payment's amount waits in payments unmatched again. A refusal (unknown id, a
/// reversal, undone already, a credit note's set-off) is exit code 2.
/// </summary>
public sealed class PaymentsUndoCommand(IAnsiConsole console) : AsyncCommand<PaymentsUndoSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, PaymentsUndoSettings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(settings.Allocation))
            throw new InvalidInputException([new DataProblem("ALLOCATION-ID", null, null, "empty: name the allocation to undo (dimpact payments list shows the ids)")]);
        var by = string.IsNullOrWhiteSpace(settings.By) ? Environment.UserName : settings.By.Trim();
        using var services = settings.Services();
        var outcome = await services.GetRequiredService<UndoAllocation>().RunAsync(settings.Allocation, by, cancellationToken);
        if (outcome.Recorded is not { } r)
            throw new InvalidInputException([new DataProblem("ALLOCATION-ID", null, null, outcome.Refusal!)]);
        console.MarkupLine(Markup.Escape($"Allocation {r.Reverses} undone: {Formats.Euro(-r.Amount)} of payment {r.Entry} no longer allocated to {r.Document?.ToString() ?? "the credit balance of " + r.Member}"
            + $" as of {PaymentsListCommand.Date(r.Date)}, by {r.By} (reversing record {r.Id}). It waits in 'dimpact payments unmatched'."));
        return ExitCodes.Done;
    }
}
