using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Runs;
using Dimpact.Billing.Tariffs;
using Dimpact.Storage;
using Dimpact.TestSupport;
using NodaTime;
using NodaTime.Testing;
using Dimpact.DataFiles.TariffYears;

namespace Dimpact.Integration.Tests;

/// <summary>Every issue run is recorded in the runs table: when, for which date, what it issued, how it ended.</summary>
public class RecordingRuns
{
    private static readonly ITariffYears Years = new TariffYearCatalog(Repository.Data("tariff-years"));
    private static readonly LocalDate January2 = new(2024, 1, 2);
    private static readonly Instant Morning = Instant.FromUtc(2024, 1, 2, 5, 0);
    private readonly BillingStorage _storage = BillingStorage.FromConnectionString(Azurite.ConnectionString, Azurite.UniquePrefix());
    private readonly FakeClock _clock = new(Morning, Duration.FromSeconds(3)); // each reading is 3 s later

    private IssueDueInvoices UseCase(IInvoiceStore? store = null) =>
        new(Years, store ?? new TableInvoiceStore(_storage), new RunRecorder(new TableRunLog(_storage), _clock));

    [Fact]
    public async Task A_run_is_recorded_with_its_date_instants_and_counts()
    {
        await UseCase().RunAsync(January2);

        var run = Assert.Single(await new TableRunLog(_storage).ListAsync());
        Assert.Equal(("issue", January2, false, RunOutcome.Succeeded), (run.Operation, run.RunDate, run.DryRun, run.Outcome));
        Assert.Equal(Morning, run.Started);
        Assert.Equal(Morning + Duration.FromSeconds(3), run.Finished);
        Assert.Equal((39, 0), (run.Issued, run.AlreadyIssued));
        Assert.Null(run.Error);
    }

    [Fact]
    public async Task A_failed_run_is_recorded_as_failed_with_its_error_and_the_error_still_reaches_the_caller()
    {
        var failing = new FailingStore(new TableInvoiceStore(_storage));
        var error = await Assert.ThrowsAsync<IOException>(() => UseCase(failing).RunAsync(January2));

        var run = Assert.Single(await new TableRunLog(_storage).ListAsync("issue"));
        Assert.Equal(RunOutcome.Failed, run.Outcome);
        Assert.Equal(error.Message, run.Error);
        Assert.NotNull(run.Finished);
    }

    [Fact]
    public async Task Runs_list_newest_first_and_a_rerun_counts_what_was_issued_already()
    {
        await UseCase().RunAsync(January2);
        await UseCase().RunAsync(January2, dryRun: true);
        await UseCase().RunAsync(January2);

        var runs = await new TableRunLog(_storage).ListAsync("issue");
        Assert.Equal(3, runs.Count);
        Assert.True(runs[0].Started > runs[1].Started && runs[1].Started > runs[2].Started);
        Assert.Equal([(0, 39, false), (0, 39, true), (39, 0, false)], runs.Select(r => (r.Issued, r.AlreadyIssued, r.DryRun)));
        Assert.All(runs, r => Assert.Equal(RunOutcome.Succeeded, r.Outcome));
        Assert.Empty(await new TableRunLog(_storage).ListAsync("settle"));
        Assert.Single(await new TableRunLog(_storage).ListAsync(max: 1));
    }

    /// <summary>The real store, failing as storage does when it is unreachable.</summary>
    private sealed class FailingStore(IInvoiceStore inner) : IInvoiceStore
    {
        public Task<IReadOnlyList<Invoice>> ListAsync(int year, CancellationToken ct = default) => inner.ListAsync(year, ct);
        public Task<IReadOnlyList<int>> YearsAsync(CancellationToken ct = default) => inner.YearsAsync(ct);
        public Task<Invoice?> FindAsync(InvoiceNumber number, CancellationToken ct = default) => inner.FindAsync(number, ct);
        public Task<IssueOutcome> IssueAsync(DraftInvoice draft, CancellationToken ct = default) =>
            throw new IOException("The storage account is unreachable.");
    }
}
