using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics;
using Dimpact.Billing;
using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Populations;
using Dimpact.Billing.Settlement;
using Dimpact.Billing.Tariffs;
using Dimpact.Billing.Populations.Ingestion;
using Dimpact.Storage;
using Dimpact.TestSupport;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using NodaTime.Testing;
using Dimpact.DataFiles.TariffYears;

namespace Dimpact.Functions.Tests;

/// <summary>
/// A whole tariff year through the function classes, against Azurite (BILLING.md, "Q4: settlement"): advances by the
/// timer, the figures of 1 January uploaded before Q4 wait for the timer, figures uploaded after Q4 started settle at
/// once; either way the year adds up to what settle-preview prints for the same file.
/// </summary>
public class FunctionsSettleTheYear
{
    private static readonly ITariffYears Years = new TariffYearCatalog(Repository.Data("tariff-years"));
    private static readonly string SamplePath = Repository.Data("samples", "population-2024-01-01.csv");

    private readonly BillingStorage _storage = BillingStorage.FromConnectionString(Azurite.ConnectionString, Azurite.UniquePrefix());
    private readonly FakeClock _clock = new(Instant.FromUtc(2024, 1, 1, 5, 0));
    private readonly RecordingLogger _timerLog = new();

    private TableInvoiceStore Store => new(_storage);
    private SettleYear Settle => new(Years, new TablePopulationSnapshots(_storage), Store);

    private IssueDueInvoicesFunction Timer() => FunctionClasses.Timer(_storage, _clock, _timerLog);

    private IngestPopulationUploadFunction UploadTrigger() =>
        ActivatorUtilities.CreateInstance<IngestPopulationUploadFunction>(FunctionClasses.Services(_storage, _clock), NullLogger<IngestPopulationUploadFunction>.Instance);

    private void On(int month, int day) => _clock.Reset(Instant.FromUtc(2024, month, day, 5, 0));

    private async Task RunTimerOn(int month, int day)
    {
        On(month, day);
        await Timer().Run(new TimerInfo(), CancellationToken.None);
    }

    /// <summary>Uploads the file into population-uploads and calls the trigger as the host would for its BlobCreated event.</summary>
    private async Task Upload(string path)
    {
        await _storage.EnsureCreatedAsync();
        var blob = _storage.Container(BillingStorage.UploadsContainer).GetBlobClient(Path.GetFileName(path));
        await blob.UploadAsync(path, overwrite: true);
        await UploadTrigger().Run(blob, blob.Name, CancellationToken.None);
    }

    private Task<IReadOnlyList<PopulationSnapshot>> StoredFigures() => new TablePopulationSnapshots(_storage).ListAsync();

    [Fact]
    public async Task Figures_uploaded_before_Q4_wait_and_the_timer_settles_at_the_start_of_Q4()
    {
        await RunTimerOn(1, 1);
        await RunTimerOn(4, 1);
        await RunTimerOn(7, 1);
        Assert.Equal(39 + 35 + 35, (await Store.ListAsync(2024)).Count);

        On(8, 15);
        await Upload(SamplePath);
        Assert.Single(await StoredFigures());
        Assert.Equal(39 + 35 + 35, (await Store.ListAsync(2024)).Count); // Q4 has not started: nothing settled

        await RunTimerOn(10, 1);
        await AssertTheYearAddsUpToSettlePreview();
        Assert.DoesNotContain(_timerLog.Entries, e => e.Message.Contains("SettlementWaitingForFigures", StringComparison.Ordinal));

        await RunTimerOn(10, 2);
        Assert.Equal(39 + 35 + 35 + 35, (await Store.ListAsync(2024)).Count); // Q1 (all), Q2, Q3, Q4: a rerun adds nothing
    }

    [Fact]
    public async Task Without_figures_the_Q4_timer_warns_and_figures_uploaded_later_settle_at_once()
    {
        await RunTimerOn(1, 1);
        await RunTimerOn(7, 1);
        await RunTimerOn(10, 1);

        var waiting = Assert.Single(_timerLog.Entries, e => e.Message.Contains("SettlementWaitingForFigures", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, waiting.Level);
        Assert.Equal(2024, waiting.Properties["TariffYear"]);
        Assert.StartsWith("SettlementWaitingForFigures", waiting.Template, StringComparison.Ordinal);
        // The alert parses the year from the rendered message (infra/modules/monitoring.bicep).
        Assert.Contains(SettlementLog.BeforeTariffYear + "2024" + SettlementLog.AfterTariffYear, waiting.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(await Store.ListAsync(2024), d => d.Key.Purpose == Purpose.Settlement);

        On(10, 15);
        await Upload(SamplePath);
        var settled = (await Store.ListAsync(2024)).Where(d => d.Key.Purpose == Purpose.Settlement).ToList();
        Assert.Equal(35, settled.Count);
        Assert.All(settled, d => Assert.Equal(new LocalDate(2024, 10, 15), d.IssueDate));
        await AssertTheYearAddsUpToSettlePreview();
    }

    [Fact]
    public async Task A_rejected_upload_completes_without_an_exception_and_the_upload_stays()
    {
        On(10, 15);
        var path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "figures.csv");
        await File.WriteAllTextAsync(path, "code;name;population;reference_date\nGM0150;Deventer;-1;2024-01-01\n");

        await Upload(path);

        Assert.Empty(await StoredFigures());
        Assert.Empty(await Store.ListAsync(2024));
        Assert.True(await _storage.Container(BillingStorage.UploadsContainer).GetBlobClient("figures.csv").ExistsAsync());
        Assert.NotEmpty(await _storage.Container(BillingStorage.ReportsContainer).GetBlobsAsync().ToListAsync()); // the report says why
    }

    /// <summary>
    /// Per member and product: Q1–Q3 advances + the Q4 line = the definitive amount to the cent, and the Q4 line is
    /// the q4_amount of <c>dimpact settle-preview --csv</c> on the same file.
    /// </summary>
    private async Task AssertTheYearAddsUpToSettlePreview()
    {
        var preview = SettlePreviewCsv(SamplePath);
        var documents = await Store.ListAsync(2024);
        Assert.Equal(35, documents.Count(d => d.Key.Purpose == Purpose.Settlement));
        Assert.Equal(preview.Count, documents.Where(d => d.Key.Purpose == Purpose.Settlement).Sum(d => d.Lines.Count));
        foreach (var row in preview)
        {
            var member = documents.Where(d => d.Member.Value == row["member_code"]).ToList();
            var lines = member.SelectMany(d => d.Lines).Where(l => l.Product.Value == row["product"]).ToList();
            Assert.Equal(4, lines.Count);
            Assert.Equal(Money.Parse(row["definitive"]), lines.Sum(l => l.Amount));
            var q4 = member.Single(d => d.Key.Purpose == Purpose.Settlement).Lines.Single(l => l.Product.Value == row["product"]);
            Assert.Equal(Money.Parse(row["q4_amount"]), q4.Amount);
        }
    }

    /// <summary>Runs the built CLI (same configuration as this test) as a user would.</summary>
    private static List<Dictionary<string, string>> SettlePreviewCsv(string population)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var cli = Path.Combine(Repository.Root, "src", "Dimpact.Cli", "bin", configuration, "net10.0", "dimpact.dll");
        var start = new ProcessStartInfo("dotnet", [cli, "settle-preview", "--year", "2024", "--population", population, "--csv"])
        { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"dimpact settle-preview exited with {process.ExitCode}: {error.Result}");
        var lines = output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        Assert.Equal("member_code,product,annual_budget,quarterly_advance,definitive,q4_amount", lines[0]);
        return lines.Skip(1).Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second)).ToList();
    }
}

/// <summary>Keeps what a function logs, with its template and structured properties, as Application Insights receives them.</summary>
internal sealed class RecordingLogger : ILogger<IssueDueInvoicesFunction>
{
    public sealed record Entry(LogLevel Level, string Message, string Template, IReadOnlyDictionary<string, object?> Properties);

    private readonly List<Entry> _entries = [];

    public IReadOnlyList<Entry> Entries { get { lock (_entries) return _entries.ToList(); } }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var properties = state is IEnumerable<KeyValuePair<string, object?>> pairs ? pairs.ToDictionary(p => p.Key, p => p.Value) : [];
        var template = properties.GetValueOrDefault("{OriginalFormat}") as string ?? "";
        lock (_entries) _entries.Add(new Entry(logLevel, formatter(state, exception), template, properties));
    }
}
