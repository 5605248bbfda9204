using Azure;
using Dimpact.Billing;
using Dimpact.Cli;
using Dimpact.Cli.Commands;
using Dimpact.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

// --verbose, with any command: a mistake's message is followed by its stack trace.
var verbose = args.Contains("--verbose");
args = [.. args.Where(a => a != "--verbose")];

// Tables are reports a person reads; when written to a file or pipe they keep their full width.
var console = AnsiConsole.Create(new AnsiConsoleSettings());
if (Console.IsOutputRedirected) console.Profile.Width = 240;

var app = new CommandApp();
app.Configure(config =>
{
    config.ConfigureConsole(console);
    config.SetApplicationName("dimpact");
    config.SetExceptionHandler((exception, _) =>
    {
        // Input a user can get wrong is reported plainly, with file, line and field, and exit code 2.
        if (exception is InvalidInputException invalid)
            return Mistake(ExitCodes.BadInput, exception, [.. invalid.Problems.Select(p => $"error: {p}")]);
        if (exception is CommandParseException or CommandRuntimeException)
            return Mistake(ExitCodes.BadInput, exception, $"error: {exception.Message}");
        // Settings a user can get wrong: the message names the setting and what a valid value looks like.
        if (Find<InvalidSettingException>(exception) is { } setting)
            return Mistake(ExitCodes.Configuration, exception, $"error: {setting.Message}");
        if (Find<StorageUnreachableException>(exception) is { } unreachable)
            return Mistake(ExitCodes.StorageUnreachable, exception, $"error: {unreachable.Message}",
                "Start Azurite (the default storage), or point --storage or DIMPACT_STORAGE at an account this machine can reach.");
        if (Find<RequestFailedException>(exception) is { Status: 401 or 403 } refused)
            return Mistake(ExitCodes.Configuration, exception, $"error: storage refused the request ({refused.Status}{(refused.ErrorCode is { Length: > 0 } code ? " " + code : "")}).",
                "Check the account key or SAS token in --storage or DIMPACT_STORAGE, and that it may read and write tables, blobs and queues.");
        // Anything else is unexpected: its stack trace goes to stderr (stdout may be CSV for a program).
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) })
            .WriteException(exception, ExceptionFormats.ShortenEverything);
        return ExitCodes.Unexpected;
    });
    config.AddCommand<TariffsCommand>("tariffs").WithDescription("Annual budget per member and product of a tariff year.");
    config.AddBranch("tariff-year", tariffYear =>
    {
        tariffYear.SetDescription("Tariff years' data.");
        tariffYear.AddCommand<TariffYearDiffCommand>("diff").WithDescription("What changed from one tariff year (or folder of its files) to another, per member and product, with totals.");
    });
    config.AddCommand<SettlePreviewCommand>("settle-preview").WithDescription("Q4 settlement per member and product on a population file; stores nothing.");
    config.AddCommand<StatusCommand>("status").WithDescription("One screen: what is next, what waits, what failed, what is withheld; exit 4 when something needs attention.");
    config.AddCommand<DailyCommand>("daily").WithDescription("The daily job, as the timer runs it: issue what is due, settle when due, queue deliveries.");
    config.AddCommand<IssueCommand>("issue").WithDescription("Issue the advance invoices due on a date (one step of 'daily'), then queue them for delivery.");
    config.AddCommand<IngestCommand>("ingest").WithDescription("Upload a population file and ingest it as the upload trigger does (exit 2 when rejected).");
    config.AddCommand<SettleCommand>("settle").WithDescription("Settle a tariff year on the stored figures (Q4 documents and corrections).");
    config.AddBranch("population", population =>
    {
        population.SetDescription("Stored population figures.");
        population.AddCommand<PopulationListCommand>("list").WithDescription("Every version of every reference date, held or approved.");
        population.AddCommand<PopulationApproveCommand>("approve").WithDescription("Approve held figures (DATE --version N); the settlement then runs.");
    });
    config.AddBranch("master-data", masterData =>
    {
        masterData.SetDescription("Master data finance maintains: the member registry, membership changes, tariff years (versioned in storage).");
        masterData.AddCommand<MasterDataUploadCommand>("upload").WithDescription("Upload master data files (FILE…): validated all or nothing, each changed set a new version (exit 2 when rejected).");
        masterData.AddCommand<MasterDataHistoryCommand>("history").WithDescription("Every version of every set: who, when, the upload, the files.");
    });
    config.AddBranch("members", members =>
    {
        members.SetDescription("The members as of a date: registry data and membership.");
        members.AddCommand<MembersListCommand>("list").WithDescription("Every member in the registry as of a date (--as-of D).");
        members.AddCommand<MembersShowCommand>("show").WithDescription("One member as of a date: address, e-mail, OIN, buyer references, joined, taken up, left, merged.");
    });
    config.AddBranch("payments", payments =>
    {
        payments.SetDescription("Bank statements and payments: import, what waits for finance, allocate by hand.");
        payments.AddCommand<PaymentsImportCommand>("import").WithDescription("Import a CAMT.053 bank statement and match its payments (exit 2 when rejected).");
        payments.AddCommand<PaymentsUnmatchedCommand>("unmatched").WithDescription("The payments not (wholly) allocated: what waits for finance.");
        payments.AddCommand<PaymentsAllocateCommand>("allocate").WithDescription("Allocate a payment by hand: ENTRY NUMBER [--amount A] [--by NAME].");
        payments.AddCommand<PaymentsUndoCommand>("undo").WithDescription("Undo an allocation by a reversing record: ALLOCATION-ID [--by NAME] (the ids: payments list).");
        payments.AddCommand<PaymentsListCommand>("list").WithDescription("Every bank entry, its kind and what it is allocated to.");
    });
    config.AddBranch("bench", bench =>
    {
        bench.SetDescription("Benchmarks on fresh tables; without a subcommand: issue Q1 for a synthetic cooperative, compared with raw inserts.");
        bench.SetDefaultCommand<BenchCommand>();
        bench.AddCommand<BenchDeliverCommand>("deliver").WithDescription("Issue Q1 for a synthetic cooperative, then dispatch and deliver every document to a pickup folder.");
    });
    config.AddBranch("invoices", invoices =>
    {
        invoices.SetDescription("Issued invoices and credit notes.");
        invoices.AddCommand<InvoicesListCommand>("list").WithDescription("Every document of a tariff year.");
        invoices.AddCommand<InvoicesShowCommand>("show").WithDescription("Write a document's PDF and UBL to out/.");
        invoices.AddCommand<InvoicesResendCommand>("resend").WithDescription("Send a document again (never a new invoice).");
    });
    config.AddBranch("deliveries", deliveries =>
    {
        deliveries.SetDescription("The sending of issued documents by e-mail.");
        deliveries.AddCommand<DeliveriesListCommand>("list").WithDescription("Status, attempts and last error per document.");
        deliveries.AddCommand<DeliveriesRetryCommand>("retry").WithDescription("Make every undelivered (or --failed) document of the year due now; never sends a delivered one again.");
    });
    config.AddCommand<DeliverCommand>("deliver").WithDescription("Dispatch the outbox and deliver the queued documents (the queue function's job).");
    config.AddBranch("report", report =>
    {
        report.SetDescription("Finance's reports of a tariff year: a table, --csv, --xlsx FILE, --pdf FILE.");
        report.AddCommand<ReportSettlementCommand>("settlement").WithDescription("Per member and product: populations, budget, advances, definitive, Q4 and corrections; totals.");
        report.AddCommand<ReportYearCommand>("year").WithDescription("Per quarter and kind: documents, amounts, delivered / withheld / failed; revenue per product.");
    });
    config.AddBranch("receivables", receivables =>
    {
        receivables.SetDescription("Open items per document with their ageing (--as-of D, --member CODE, --csv, --xlsx FILE); statements of account.");
        receivables.SetDefaultCommand<ReceivablesCommand>();
        receivables.AddCommand<ReceivablesStatementCommand>("statement").WithDescription("A member's statement of account (rekeningoverzicht) as PDF: CODE [--as-of D] --out DIR.");
    });
    config.AddBranch("ledger", ledger =>
    {
        ledger.SetDescription("The general ledger.");
        ledger.AddCommand<LedgerExportCommand>("export").WithDescription("Journal lines of documents, payments and allocations in a period (--from D --to D [--csv]), balanced per entry.");
    });
    config.AddBranch("runs", runs =>
    {
        runs.SetDescription("Recorded runs (issue runs of the CLI and the daily timer).");
        runs.AddCommand<RunsListCommand>("list").WithDescription("The latest runs, newest first.");
    });
});
return await app.RunAsync(args);

// A mistake a user can make: one or two lines on stderr, the stack trace only with --verbose.
int Mistake(int exitCode, Exception exception, params string[] lines)
{
    foreach (var line in lines) Console.Error.WriteLine(line);
    if (verbose) Console.Error.WriteLine(exception);
    return exitCode;
}

// The exception of type T, also when the SDK or a task wrapped it.
static T? Find<T>(Exception? exception) where T : Exception => exception switch
{
    null => null,
    T found => found,
    AggregateException aggregate => aggregate.InnerExceptions.Select(Find<T>).FirstOrDefault(f => f is not null),
    _ => Find<T>(exception.InnerException),
};
