using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Tariffs;
using Dimpact.Cli.Bench;
using Dimpact.Cli.Output;
using Dimpact.Delivery;
using Dimpact.Documents.Parties;
using Dimpact.Storage;
using NodaTime;
using Spectre.Console;
using Spectre.Console.Cli;
using Dimpact.DataFiles.TariffYears;

namespace Dimpact.Cli.Commands;

public sealed class BenchDeliverSettings : CsvStorageSettings
{
    [CommandOption("--members <N>")]
    [Description("Members of the synthetic cooperative (1 to 10000); one Q1 document each.")]
    public int Members { get; init; } = 1_000;

    [CommandOption("--keep")]
    [Description("Keep the benchmark's tables, containers and queue (default: delete them afterwards).")]
    public bool Keep { get; init; }

    public override ValidationResult Validate() =>
        Members is < 1 or > 10_000 ? ValidationResult.Error("--members must be between 1 and 10000") : ValidationResult.Success();
}

/// <summary>
/// dimpact bench deliver: issues Q1 (on 2 January) for a synthetic cooperative of N members with a complete member
/// registry (<see cref="SyntheticRegistry"/>), then delivers every document through the real use cases, as
/// <c>dimpact deliver</c> does: dispatch (outbox → deliveries table and queue), then send (claim, archive PDF and UBL,
/// e-mail to a temporary pickup folder, mark Delivered). Prints documents/s and storage requests per document, in
/// total and split into dispatch and send. Fresh uniquely prefixed tables; deleted afterwards unless <c>--keep</c>.
/// </summary>
public sealed class BenchDeliverCommand(IAnsiConsole console) : AsyncCommand<BenchDeliverSettings>
{
    private static readonly LocalDate Q1Run = new(2024, 1, 2);

    public override async Task<int> ExecuteAsync(CommandContext context, BenchDeliverSettings settings, CancellationToken cancellationToken)
    {
        var realYear = Path.Combine(settings.Data ?? TariffYearCatalog.NextToProgram().Root, Q1Run.Year.ToString(CultureInfo.InvariantCulture));
        var root = Directory.CreateTempSubdirectory("dimpact-bench-deliver-").FullName;
        var mail = Directory.CreateDirectory(Path.Combine(root, "mail")).FullName;
        var prefix = "bench" + Guid.NewGuid().ToString("N")[..8];
        var counter = new StorageRequestCounter();
        var storage = settings.OpenStorage(prefix, counter);
        try
        {
            var catalogRoot = SyntheticCooperative.Write(realYear, Path.Combine(root, "years"), settings.Members);
            var store = new TableInvoiceStore(storage);
            var issued = await new IssueDueInvoices(new ArchivedTariffYears(new TariffYearCatalog(catalogRoot), storage), store).RunAsync(Q1Run, cancellationToken: cancellationToken);
            var documents = issued.Issued.Count;
            var seller = Seller.Sample;
            var module = new DeliveryModule(storage, store, SyntheticRegistry.For(settings.Members, Q1Run.Year), seller,
                MailSettings.Pickup(mail, seller), SystemClock.Instance);

            var dispatch = await Measure(() => module.Dispatch.RunAsync(cancellationToken));
            var send = await Measure(() => module.Worker.RunAsync(cancellationToken: cancellationToken));
            var sent = send.Result.Outcomes.Count(o => o.Result == DeliveryResult.Sent);
            var files = Directory.GetFiles(mail, "*.eml").Length;
            if (dispatch.Result.FromOutbox != documents || sent != documents || files != documents)
                throw new InvalidOperationException($"Issued {documents}, dispatched {dispatch.Result.FromOutbox}, sent {sent}, {files} e-mails: not all equal.");
            Report(settings, documents, dispatch.Figures, send.Figures);
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
            if (!settings.Keep) await BenchCommand.DeleteAsync(storage, prefix);
        }

        async Task<(T Result, Figures Figures)> Measure<T>(Func<Task<T>> work)
        {
            var requests = counter.Count;
            var transactions = counter.Transactions;
            var time = Stopwatch.StartNew();
            var result = await work();
            return (result, new Figures(time.Elapsed, counter.Count - requests, counter.Transactions - transactions));
        }
    }

    private void Report(BenchDeliverSettings settings, int documents, Figures dispatch, Figures send)
    {
        static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
        static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
        var total = dispatch + send;
        var rows = new List<(string Metric, string Value)>
        {
            ("members", N(settings.Members)),
            ("load_average", BenchCommand.LoadAverage()),
            ("documents", N(documents)),
        };
        foreach (var (name, f) in new[] { ("deliver", total), ("dispatch", dispatch), ("send", send) })
        {
            rows.Add(($"{name}_seconds", F(f.Time.TotalSeconds, "0.00")));
            rows.Add(($"{name}_documents_per_second", F(documents / f.Time.TotalSeconds, "0.0")));
            rows.Add(($"{name}_storage_requests", N(f.Requests)));
            rows.Add(($"{name}_transactions", N(f.Transactions)));
            rows.Add(($"{name}_storage_requests_per_document", F((double)f.Requests / documents, "0.00")));
        }
        if (settings.Csv)
        {
            Formats.WriteCsv(Console.Out, "metric,value", rows.Select(r => Formats.CsvLine(r.Metric, r.Value)));
            return;
        }
        var table = new Table().Border(TableBorder.Simple).Title($"Delivery benchmark: Q1 {Q1Run.Year}, {documents:N0} documents to a pickup folder");
        table.AddColumn("Metric");
        table.AddColumn(new TableColumn("Value").RightAligned());
        foreach (var (metric, value) in rows) table.AddRow(metric, value);
        console.Write(table);
    }

    private sealed record Figures(TimeSpan Time, long Requests, long Transactions)
    {
        public static Figures operator +(Figures a, Figures b) => new(a.Time + b.Time, a.Requests + b.Requests, a.Transactions + b.Transactions);
    }
}
