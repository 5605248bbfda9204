using Dimpact.Billing;
using Dimpact.Cli.Commands;
using Spectre.Console;
using Spectre.Console.Cli;

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
        {
            foreach (var problem in invalid.Problems) Console.Error.WriteLine($"error: {problem}");
            return 2;
        }
        if (exception is CommandParseException or CommandRuntimeException)
        {
            Console.Error.WriteLine($"error: {exception.Message}");
            return 2;
        }
        AnsiConsole.WriteException(exception, ExceptionFormats.ShortenEverything);
        return 1;
    });
    config.AddCommand<TariffsCommand>("tariffs").WithDescription("Annual budget per member and product of a tariff year.");
    config.AddCommand<SettlePreviewCommand>("settle-preview").WithDescription("Q4 settlement per member and product on a population file; stores nothing.");
    config.AddCommand<IssueCommand>("issue").WithDescription("Issue the invoices due on a date (the daily timer's job).");
    config.AddCommand<IngestCommand>("ingest").WithDescription("Upload a population file and ingest it as the upload trigger does (exit 2 when rejected).");
    config.AddCommand<SettleCommand>("settle").WithDescription("Settle a tariff year on the stored figures (Q4 documents and corrections).");
    config.AddBranch("population", population =>
    {
        population.SetDescription("Stored population figures.");
        population.AddCommand<PopulationListCommand>("list").WithDescription("Every version of every reference date.");
    });
    config.AddCommand<BenchCommand>("bench").WithDescription("Issue Q1 for a synthetic cooperative on fresh tables; compare with raw inserts.");
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
    config.AddBranch("runs", runs =>
    {
        runs.SetDescription("Recorded runs (issue runs of the CLI and the daily timer).");
        runs.AddCommand<RunsListCommand>("list").WithDescription("The latest runs, newest first.");
    });
});
return await app.RunAsync(args);
