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
using Dimpact.DataFiles.TariffYears;

namespace Dimpact.Cli.Commands;

public sealed class BenchSettings : CsvStorageSettings
{
    [CommandOption("--members <N>")]
    [Description("Members of the synthetic cooperative (1 to 100000; beyond 10000 with synthetic codes GM10000–GM99999).")]
    public int Members { get; init; } = 10_000;

    [CommandOption("--one-by-one")]
    [Description("One invoice per transaction (the store's batching off), for comparison.")]
    public bool OneByOne { get; init; }

    [CommandOption("--keep")]
    [Description("Keep the benchmark's tables and containers (default: delete them afterwards).")]
    public bool Keep { get; init; }

    public override ValidationResult Validate() =>
        Members is < 1 or > SyntheticCooperative.MaxMembers
            ? ValidationResult.Error($"--members must be between 1 and {SyntheticCooperative.MaxMembers} (codes GM0000–GM9999, then the synthetic GM10000–GM99999)")
            : ValidationResult.Success();
}

/// <summary>
/// dimpact bench: issues Q1 (on 2 January) for a synthetic cooperative of N members through the real use case and
/// Table store, on fresh uniquely prefixed tables, and compares it with the raw write rate of the same storage in
/// the same run, like with like: as many entities as the issue run wrote, in entity-group transactions of 100
/// entities of a document's size (half before the issue run, half after, so that drift in the machine's load or in
/// the emulator's size weighs on both), and, as a second line, single inserts of such entities one after another.
/// </summary>
public sealed class BenchCommand(IAnsiConsole console) : AsyncCommand<BenchSettings>
{
    private static readonly LocalDate Q1Run = new(2024, 1, 2);

    /// <summary>Single inserts are slow (one request each); their rate is measured on at most this many.</summary>
    private const int MaxSingleInserts = 5_000;

    private const int WarmUpTransactions = 200;

    public override async Task<int> ExecuteAsync(CommandContext context, BenchSettings settings, CancellationToken cancellationToken)
    {
        var realYear = Path.Combine(settings.Data ?? TariffYearCatalog.NextToProgram().Root, Q1Run.Year.ToString(CultureInfo.InvariantCulture));
        var root = Directory.CreateTempSubdirectory("dimpact-bench-").FullName;
        var prefix = "bench" + Guid.NewGuid().ToString("N")[..8];
        var counter = new StorageRequestCounter();
        var storage = settings.OpenStorage(prefix, counter);
        try
        {
            var catalogRoot = SyntheticCooperative.Write(realYear, root, settings.Members);
            IInvoiceStore store = settings.OneByOne ? new OneByOne(new TableInvoiceStore(storage)) : new TableInvoiceStore(storage);
            var useCase = new IssueDueInvoices(new ArchivedTariffYears(new TariffYearCatalog(catalogRoot), storage), store);
            var raw = new RawWrites(storage.Table("raw"), RawDocuments(catalogRoot));
            await raw.CreateAsync(cancellationToken);
            // Warm-up, not counted: the connection, and enough transactions for the JIT to have optimised the SDK's
            // code paths (a cold first phase would make the baseline look slower than it is).
            await raw.BatchesAsync(WarmUpTransactions, _ => { }, cancellationToken);
            // Entities of the issue run: three per invoice (document, key claim, outbox row) and one counter update per transaction.
            var perInvoice = 3;
            var expectedEntities = settings.Members * perInvoice + (settings.OneByOne ? settings.Members : (settings.Members + TableInvoiceStore.MaxBatch - 1) / TableInvoiceStore.MaxBatch);
            var batchesBefore = (expectedEntities + 2 * TableTransaction.MaxActions - 1) / (2 * TableTransaction.MaxActions);
            var before = await WithProgress(settings.Csv, "Raw 100-entity transactions (before)", batchesBefore, report => raw.BatchesAsync(batchesBefore, report, cancellationToken));

            var requestsBefore = counter.Count;
            var transactionsBefore = counter.Transactions;
            var issueCpu = ClientCpu();
            var issueTime = Stopwatch.StartNew();
            var run = await WithProgress(settings.Csv, $"Issuing Q1 for {settings.Members:N0} members", settings.Members, async report =>
                await useCase.RunAsync(Q1Run, progress: new Progress<IssueProgress>(p => report(p.Done)), cancellationToken: cancellationToken));
            issueTime.Stop();
            var issue = new IssueFigures(run.Issued.Count, issueTime.Elapsed, ClientCpu() - issueCpu, counter.Count - requestsBefore, counter.Transactions - transactionsBefore, perInvoice);

            var batchesAfter = Math.Max(1, (issue.Entities + TableTransaction.MaxActions - 1) / TableTransaction.MaxActions - batchesBefore);
            var after = await WithProgress(settings.Csv, "Raw 100-entity transactions (after)", batchesAfter, report => raw.BatchesAsync(batchesAfter, report, cancellationToken));
            var singles = Math.Min(run.Issued.Count, MaxSingleInserts);
            var single = await WithProgress(settings.Csv, $"Raw single inserts ({singles:N0})", singles, report => raw.SinglesAsync(singles, report, cancellationToken));

            // The same date again issues nothing: what every later daily run costs with the year's documents stored.
            var rerunTime = Stopwatch.StartNew();
            var rerun = await useCase.RunAsync(Q1Run, cancellationToken: cancellationToken);
            rerunTime.Stop();
            if (rerun.Issued.Count != 0 || rerun.AlreadyIssued != issue.Invoices)
                throw new InvalidOperationException($"The rerun issued {rerun.Issued.Count} and found {rerun.AlreadyIssued} issued, not 0 and {issue.Invoices}.");

            Report(settings, issue, before, after, single, rerunTime.Elapsed);
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
            if (!settings.Keep) await DeleteAsync(storage, prefix);
        }
    }

    /// <summary>Documents as the issue run will write them (drafted and numbered from the same year, outside any timing): the raw entities' content.</summary>
    private static IReadOnlyList<TableEntity> RawDocuments(string catalogRoot)
    {
        var year = TariffYearFiles.Load(Path.Combine(catalogRoot, Q1Run.Year.ToString(CultureInfo.InvariantCulture)));
        return IssueDueInvoices.DueBy(year, Q1Run).Take(TableTransaction.MaxActions)
            .Select((draft, i) => TableInvoiceStore.DocumentEntity(draft.WithNumber(new InvoiceNumber(draft.Kind, year.Year, i + 1))))
            .ToList();
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

    private void Report(BenchSettings settings, IssueFigures issue, RawFigures before, RawFigures after, RawFigures single, TimeSpan rerun)
    {
        static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
        static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
        var batches = before + after;
        var rows = new (string Metric, string Value)[]
        {
            ("members", N(settings.Members)),
            ("load_average", LoadAverage()),
            ("invoices", N(issue.Invoices)),
            ("invoices_per_transaction", settings.OneByOne ? "1" : N(TableInvoiceStore.MaxBatch)),
            ("issue_seconds", F(issue.Time.TotalSeconds, "0.00")),
            ("issue_ms_per_invoice", F(issue.Time.TotalMilliseconds / Math.Max(1, issue.Invoices), "0.000")),
            ("invoices_per_second", F(issue.Invoices / issue.Time.TotalSeconds, "0.0")),
            ("issue_client_cpu_seconds", F(issue.Cpu.TotalSeconds, "0.00")),
            ("issue_entities", N(issue.Entities)),
            ("issue_entities_per_second", F(issue.EntitiesPerSecond, "0.0")),
            ("storage_requests", N(issue.Requests)),
            ("storage_requests_per_invoice", F(issue.Invoices == 0 ? 0 : (double)issue.Requests / issue.Invoices, "0.000")),
            ("raw_batch_entities", N(batches.Entities)),
            ("raw_batch_seconds", F(batches.Time.TotalSeconds, "0.00")),
            ("raw_batch_client_cpu_seconds", F(batches.Cpu.TotalSeconds, "0.00")),
            ("raw_batch_entities_per_second", F(batches.EntitiesPerSecond, "0.0")),
            ("raw_batch_entities_per_second_before", F(before.EntitiesPerSecond, "0.0")),
            ("raw_batch_entities_per_second_after", F(after.EntitiesPerSecond, "0.0")),
            ("raw_single_inserts", N(single.Entities)),
            ("raw_single_entities_per_second", F(single.EntitiesPerSecond, "0.0")),
            ("issue_to_raw_batch_entity_rate", F(issue.EntitiesPerSecond / batches.EntitiesPerSecond, "0.00")),
            ("issue_to_raw_single_entity_rate", F(issue.EntitiesPerSecond / single.EntitiesPerSecond, "0.00")),
            ("rerun_seconds", F(rerun.TotalSeconds, "0.00")),
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

    /// <summary>The 1-minute load average at the end of the run (Linux), since the figures vary with it; "n/a" elsewhere.</summary>
    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    internal static async Task DeleteAsync(BillingStorage storage, string prefix)
    {
        await foreach (var table in storage.Tables.QueryAsync())
            if (table.Name.StartsWith(prefix, StringComparison.Ordinal)) await storage.Tables.DeleteTableAsync(table.Name);
        await foreach (var container in storage.Blobs.GetBlobContainersAsync(prefix: prefix + "-"))
            await storage.Blobs.DeleteBlobContainerAsync(container.Name);
        await foreach (var queue in storage.Queues.GetQueuesAsync(prefix: prefix + "-"))
            await storage.Queues.DeleteQueueAsync(queue.Name);
    }

    /// <summary>The CPU time of this process (the client: drafting, serialising, the SDK), as opposed to waiting for storage.</summary>
    private static TimeSpan ClientCpu() => Process.GetCurrentProcess().TotalProcessorTime;

    private sealed record IssueFigures(int Invoices, TimeSpan Time, TimeSpan Cpu, long Requests, long Transactions, int EntitiesPerInvoice)
    {
        public int Entities => (int)(Invoices * EntitiesPerInvoice + Transactions);
        public double EntitiesPerSecond => Entities / Time.TotalSeconds;
    }

    private sealed record RawFigures(int Entities, TimeSpan Time, TimeSpan Cpu)
    {
        public double EntitiesPerSecond => Entities / Time.TotalSeconds;
        public static RawFigures operator +(RawFigures a, RawFigures b) => new(a.Entities + b.Entities, a.Time + b.Time, a.Cpu + b.Cpu);
    }

    /// <summary>Plain writes of document-sized entities, one request after another like the issuer, into a table of their own.</summary>
    private sealed class RawWrites(TableClient table, IReadOnlyList<TableEntity> documents)
    {
        private int _next;

        public Task CreateAsync(CancellationToken cancellationToken) => table.CreateIfNotExistsAsync(cancellationToken);

        private TableEntity Next(string partition)
        {
            var n = _next++;
            return new TableEntity(documents[n % documents.Count]) { PartitionKey = partition, RowKey = n.ToString("D9", CultureInfo.InvariantCulture) };
        }

        /// <summary>Transactions of 100 entities in one partition (as the issuer's are).</summary>
        public async Task<RawFigures> BatchesAsync(int transactions, Action<int> report, CancellationToken cancellationToken)
        {
            var actions = Enumerable.Range(0, transactions)
                .Select(_ => Enumerable.Range(0, TableTransaction.MaxActions).Select(_ => new TableTransactionAction(TableTransactionActionType.Add, Next("batches"))).ToList())
                .ToList();
            var cpu = ClientCpu();
            var time = Stopwatch.StartNew();
            for (var i = 0; i < actions.Count; i++)
            {
                await table.SubmitTransactionAsync(actions[i], cancellationToken);
                report(i + 1);
            }
            return new RawFigures(transactions * TableTransaction.MaxActions, time.Elapsed, ClientCpu() - cpu);
        }

        public async Task<RawFigures> SinglesAsync(int count, Action<int> report, CancellationToken cancellationToken)
        {
            var entities = Enumerable.Range(0, count).Select(_ => Next("singles")).ToList();
            var cpu = ClientCpu();
            var time = Stopwatch.StartNew();
            for (var i = 0; i < entities.Count; i++)
            {
                await table.AddEntityAsync(entities[i], cancellationToken);
                report(i + 1);
            }
            return new RawFigures(count, time.Elapsed, ClientCpu() - cpu);
        }
    }

    /// <summary>The Table store without its batching: IInvoiceStore's one-by-one IssueManyAsync.</summary>
    private sealed class OneByOne(IInvoiceStore inner) : IInvoiceStore
    {
        public Task<IReadOnlyList<Invoice>> ListAsync(int year, CancellationToken ct = default) => inner.ListAsync(year, ct);
        public Task<IReadOnlySet<DocumentKey>> IssuedKeysAsync(int year, CancellationToken ct = default) => inner.IssuedKeysAsync(year, ct);
        public Task<IReadOnlyList<int>> YearsAsync(CancellationToken ct = default) => inner.YearsAsync(ct);
        public Task<Invoice?> FindAsync(InvoiceNumber number, CancellationToken ct = default) => inner.FindAsync(number, ct);
        public Task<IssueOutcome> IssueAsync(DraftInvoice draft, CancellationToken ct = default) => inner.IssueAsync(draft, ct);
    }
}
