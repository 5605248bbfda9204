using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Tariffs;
using Dimpact.Cli.Bench;
using Dimpact.Cli.Output;
using Dimpact.Storage;
using NodaTime;
using NodaTime.Text;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Dimpact.Cli.Commands;

public sealed class BenchSettings : CsvStorageSettings
{
    [CommandOption("--members <N>")]
    [Description("Members of the synthetic cooperative (1 to 10000).")]
    public int Members { get; init; } = 10_000;

    [CommandOption("--one-by-one")]
    [Description("One invoice per transaction (the store's batching off), for comparison.")]
    public bool OneByOne { get; init; }

    [CommandOption("--keep")]
    [Description("Keep the benchmark's tables and containers (default: delete them afterwards).")]
    public bool Keep { get; init; }

    public override ValidationResult Validate() =>
        Members is < 1 or > SyntheticCooperative.MaxMembers
            ? ValidationResult.Error($"--members must be between 1 and {SyntheticCooperative.MaxMembers} (CBS codes GM0000–GM9999)")
            : ValidationResult.Success();
}

/// <summary>
/// dimpact bench: issues Q1 (on 2 January) for a synthetic cooperative of N members through the real use case and
/// Table store, on fresh uniquely prefixed tables, and, in the same run, N plain single-entity inserts of a
/// document-sized entity into a separate table: the emulator's (or account's) raw sequential write rate that the
/// issue rate is compared with.
/// </summary>
public sealed class BenchCommand(IAnsiConsole console) : AsyncCommand<BenchSettings>
{
    private static readonly LocalDate Q1Run = new(2024, 1, 2);

    public override async Task<int> ExecuteAsync(CommandContext context, BenchSettings settings, CancellationToken cancellationToken)
    {
        var realYear = Path.Combine(settings.Data ?? TariffYearCatalog.NextToProgram().Root, Q1Run.Year.ToString(CultureInfo.InvariantCulture));
        var root = Directory.CreateTempSubdirectory("dimpact-bench-").FullName;
        var prefix = "bench" + Guid.NewGuid().ToString("N")[..8];
        var counter = new StorageRequestCounter();
        var storage = settings.OpenStorage(prefix, counter);
        try
        {
            var catalog = new TariffYearCatalog(SyntheticCooperative.Write(realYear, root, settings.Members));
            IInvoiceStore store = settings.OneByOne ? new OneByOne(new TableInvoiceStore(storage)) : new TableInvoiceStore(storage);
            var useCase = new IssueDueInvoices(new ArchivedTariffYears(catalog, storage), store);

            var issueTime = Stopwatch.StartNew();
            var run = await WithProgress(settings.Csv, $"Issuing Q1 for {settings.Members:N0} members", settings.Members, async report =>
                await useCase.RunAsync(Q1Run, progress: new Progress<IssueProgress>(p => report(p.Done)), cancellationToken: cancellationToken));
            issueTime.Stop();
            var issueRequests = counter.Count;

            // The same number of plain inserts of a document-sized entity, one after another like the issuer.
            var raw = storage.Table("rawinserts");
            await raw.CreateIfNotExistsAsync(cancellationToken);
            var insertTime = Stopwatch.StartNew();
            await WithProgress(settings.Csv, $"Raw inserts ({run.Issued.Count:N0})", run.Issued.Count, async report =>
            {
                for (var i = 0; i < run.Issued.Count; i++)
                {
                    var invoice = run.Issued[i];
                    await raw.AddEntityAsync(new TableEntity(invoice.Key.Year.ToString(CultureInfo.InvariantCulture), "doc|" + invoice.Number)
                    {
                        ["Number"] = invoice.Number.ToString(),
                        ["Member"] = invoice.Member.Value,
                        ["Key"] = invoice.Key.ToString(),
                        ["TotalInclVat"] = invoice.TotalInclVat.ToString(),
                        ["Json"] = InvoiceJson.Serialize(invoice),
                    }, cancellationToken);
                    report(i + 1);
                }
                return 0;
            });
            insertTime.Stop();

            Report(settings, run, issueTime.Elapsed, issueRequests, insertTime.Elapsed);
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
            if (!settings.Keep) await DeleteAsync(storage, prefix);
        }
    }

    /// <summary>A progress bar on the console; none with --csv, whose output is for a program.</summary>
    private async Task<T> WithProgress<T>(bool csv, string description, int total, Func<Action<int>, Task<T>> work) =>
        csv ? await work(_ => { }) : await console.Progress().AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(description, maxValue: Math.Max(1, total));
                var result = await work(done => task.Value = done);
                task.Value = task.MaxValue;
                return result;
            });

    private void Report(BenchSettings settings, IssueRun run, TimeSpan issueTime, long issueRequests, TimeSpan insertTime)
    {
        var invoices = run.Issued.Count;
        var invoiceRate = invoices / issueTime.TotalSeconds;
        var insertRate = invoices / insertTime.TotalSeconds;
        var rows = new (string Metric, string Value)[]
        {
            ("members", settings.Members.ToString(CultureInfo.InvariantCulture)),
            ("invoices_per_transaction", settings.OneByOne ? "1" : TableInvoiceStore.MaxBatch.ToString(CultureInfo.InvariantCulture)),
            ("invoices", invoices.ToString(CultureInfo.InvariantCulture)),
            ("issue_seconds", issueTime.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)),
            ("invoices_per_second", invoiceRate.ToString("0.0", CultureInfo.InvariantCulture)),
            ("storage_requests", issueRequests.ToString(CultureInfo.InvariantCulture)),
            ("storage_requests_per_invoice", (invoices == 0 ? 0 : (double)issueRequests / invoices).ToString("0.000", CultureInfo.InvariantCulture)),
            ("raw_insert_seconds", insertTime.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)),
            ("raw_inserts_per_second", insertRate.ToString("0.0", CultureInfo.InvariantCulture)),
            ("invoice_rate_to_raw_insert_rate", (invoiceRate / insertRate).ToString("0.00", CultureInfo.InvariantCulture)),
        };
        if (settings.Csv)
        {
            Formats.WriteCsv(Console.Out, "metric,value", rows.Select(r => Formats.CsvLine(r.Metric, r.Value)));
            return;
        }
        var table = new Table().Border(TableBorder.Simple).Title($"Issue benchmark: Q1 {Q1Run.Year} on {LocalDatePattern.Iso.Format(Q1Run)}");
        table.AddColumn("Metric");
        table.AddColumn(new TableColumn("Value").RightAligned());
        foreach (var (metric, value) in rows) table.AddRow(metric, value);
        console.Write(table);
    }

    private static async Task DeleteAsync(BillingStorage storage, string prefix)
    {
        await foreach (var table in storage.Tables.QueryAsync())
            if (table.Name.StartsWith(prefix, StringComparison.Ordinal)) await storage.Tables.DeleteTableAsync(table.Name);
        await foreach (var container in storage.Blobs.GetBlobContainersAsync(prefix: prefix + "-"))
            await storage.Blobs.DeleteBlobContainerAsync(container.Name);
        await foreach (var queue in storage.Queues.GetQueuesAsync(prefix: prefix + "-"))
            await storage.Queues.DeleteQueueAsync(queue.Name);
    }

    /// <summary>The Table store without its batching: IInvoiceStore's one-by-one IssueManyAsync.</summary>
    private sealed class OneByOne(IInvoiceStore inner) : IInvoiceStore
    {
        public Task<IReadOnlyList<Invoice>> ListAsync(int year, CancellationToken ct = default) => inner.ListAsync(year, ct);
        public Task<Invoice?> FindAsync(InvoiceNumber number, CancellationToken ct = default) => inner.FindAsync(number, ct);
        public Task<IssueOutcome> IssueAsync(DraftInvoice draft, CancellationToken ct = default) => inner.IssueAsync(draft, ct);
    }
}
