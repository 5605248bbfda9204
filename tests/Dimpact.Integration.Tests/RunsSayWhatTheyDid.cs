using Azure.Core;
using Azure.Core.Pipeline;
using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Runs;
using Dimpact.Billing.Tariffs;
using Dimpact.Storage;
using Dimpact.TestSupport;
using NodaTime;
using NodaTime.Testing;
using Dimpact.DataFiles.TariffYears;

namespace Dimpact.Integration.Tests;

/// <summary>
/// A run's record and output say what the run did (issue 9, defects 5 and 7): what it created, counted right when a
/// reply was lost; and a year without tariff data is a failed run that says so, never a quiet "0 issued".
/// </summary>
public class RunsSayWhatTheyDid
{
    private static readonly ITariffYears Years = new TariffYearCatalog(Repository.Data("tariff-years"));
    private readonly string _prefix = Azurite.UniquePrefix();
    private readonly FakeClock _clock = new(Instant.FromUtc(2024, 1, 2, 5, 0));

    /// <summary>
    /// Lets the first entity-group transaction reach storage, then loses its reply (as a reset connection would): the
    /// SDK's retry policy sends it again and finds it done.
    /// </summary>
    private sealed class LoseFirstBatchReply : HttpPipelinePolicy
    {
        private int _lost;

        public int Lost => _lost;

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) => ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            if (message.Request.Uri.ToString().Contains("$batch", StringComparison.Ordinal) && Interlocked.CompareExchange(ref _lost, 1, 0) == 0)
                throw new IOException("The reply of the batch was lost (connection reset by the test).");
        }
    }

    [Fact]
    public async Task A_run_whose_batch_reply_was_lost_counts_every_document_it_created_as_issued()
    {
        var lose = new LoseFirstBatchReply();
        var storage = BillingStorage.FromConnectionString(Azurite.ConnectionString, _prefix, lose);
        var run = await new IssueDueInvoices(Years, new TableInvoiceStore(storage), new RunRecorder(new TableRunLog(storage), _clock)).RunAsync(new LocalDate(2024, 1, 2));

        Assert.Equal(1, lose.Lost);
        Assert.Equal((39, 0), (run.Issued.Count, run.AlreadyIssued));
        var record = Assert.Single(await new TableRunLog(storage).ListAsync());
        Assert.Equal((39, 0, RunOutcome.Succeeded), (record.Issued, record.AlreadyIssued, record.Outcome));
        var documents = await new TableInvoiceStore(storage).ListAsync(2024);
        Assert.Equal(Enumerable.Range(1, 39), documents.Select(d => d.Number.Sequence));

        // Another run finds them all issued: created by someone else.
        var rerun = await new IssueDueInvoices(Years, new TableInvoiceStore(storage)).RunAsync(new LocalDate(2024, 1, 2));
        Assert.Equal((0, 39), (rerun.Issued.Count, rerun.AlreadyIssued));
    }

    [Fact]
    public async Task Two_runs_at_once_count_each_document_once_between_them()
    {
        var runs = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() =>
        {
            var storage = BillingStorage.FromConnectionString(Azurite.ConnectionString, _prefix);
            return new IssueDueInvoices(Years, new TableInvoiceStore(storage)).RunAsync(new LocalDate(2024, 1, 2));
        })));
        Assert.Equal(39, runs.Sum(r => r.Issued.Count));
        Assert.All(runs, r => Assert.Equal(39, r.Issued.Count + r.AlreadyIssued));
    }

    [Fact]
    public async Task From_1_January_of_a_year_without_tariff_data_every_run_is_a_failed_run_that_says_so()
    {
        var storage = BillingStorage.FromConnectionString(Azurite.ConnectionString, _prefix);
        var run = await new IssueDueInvoices(Years, new TableInvoiceStore(storage), new RunRecorder(new TableRunLog(storage), _clock)).RunAsync(new LocalDate(2025, 1, 2));

        Assert.Equal(2025, run.MissingTariffYear);
        Assert.StartsWith("no tariff year 2025", run.Problem);
        var record = Assert.Single(await new TableRunLog(storage).ListAsync());
        Assert.Equal(RunOutcome.Failed, record.Outcome);
        Assert.StartsWith("no tariff year 2025", record.Error);

        var known = await new IssueDueInvoices(Years, new TableInvoiceStore(storage)).RunAsync(new LocalDate(2024, 12, 31));
        Assert.Null(known.Problem);
    }
}
