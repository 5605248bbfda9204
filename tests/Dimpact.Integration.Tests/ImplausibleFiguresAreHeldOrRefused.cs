using Dimpact.DataFiles;
using System.Text;
using Dimpact.Billing;
using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Populations;
using Dimpact.Billing.Settlement;
using Dimpact.Billing.Tariffs;
using Dimpact.Billing.Populations.Ingestion;
using Dimpact.Storage;
using Dimpact.TestSupport;
using NodaTime;
using NodaTime.Testing;
using Dimpact.DataFiles.TariffYears;

namespace Dimpact.Integration.Tests;

/// <summary>
/// Plausibility is part of the money path (issue 9, defects 2 and 3): a figure out of range is an error naming file,
/// line and field and nothing is stored; a figure that changes more than the margin holds the settlement of the year
/// until finance approves that version, or a newer upload supersedes it.
/// </summary>
public class ImplausibleFiguresAreHeldOrRefused
{
    private static readonly ITariffYears Years = new TariffYearCatalog(Repository.Data("tariff-years"));
    private static readonly LocalDate January1 = new(2024, 1, 1);
    private static readonly LocalDate October2 = new(2024, 10, 2);
    private static readonly string Sample = File.ReadAllText(Repository.Data("samples", "population-2024-01-01.csv"));
    private static readonly CbsCode Deventer = CbsCode.Parse("GM0150");

    private readonly BillingStorage _storage = BillingStorage.FromConnectionString(Azurite.ConnectionString, Azurite.UniquePrefix());
    private readonly FakeClock _clock = new(Instant.FromUtc(2024, 10, 2, 5, 0));

    private TablePopulationSnapshots Snapshots => new(_storage);
    private TableInvoiceStore Store => new(_storage);
    private SettleYear Settle => new(Years, Snapshots, Store);
    private IngestAndSettle IngestAndSettle() => new(new IngestPopulationFile(Years, Snapshots, new BlobIngestionReports(_storage), _clock, new PopulationFiles()), Settle, Years, _clock);
    private ApprovePopulationFigures Approve => new(Snapshots, Settle, Years, _clock);

    private static byte[] SampleWith(string code, string figure) =>
        Encoding.UTF8.GetBytes(string.Join('\n', Sample.Split('\n').Select(line =>
            line.StartsWith(code + ";", StringComparison.Ordinal) ? string.Join(';', line.Split(';') is var f ? [f[0], f[1], figure, f[3]] : []) : line)));

    private static int LineOf(string code) => Sample.Split('\n').ToList().FindIndex(l => l.StartsWith(code + ";", StringComparison.Ordinal)) + 1;

    private Task<UploadRun> Upload(string name, byte[] content) => IngestAndSettle().RunAsync(PopulationUpload.Of(name, content));

    [Theory]
    [InlineData("GM0150", "0", "0 inhabitants")]
    [InlineData("GM0150", "2147483647", "implausible")]
    [InlineData("GM0293", "2147483647", "implausible")] // Westervoort: summed into Duiven's bracket, once overflowed
    [InlineData("GM0150", "2000001", "implausible")]
    public async Task A_figure_out_of_range_is_an_error_with_file_line_and_field_and_nothing_is_stored(string code, string figure, string reason)
    {
        await new IssueDueInvoices(Years, Store).RunAsync(new LocalDate(2024, 7, 1));
        var run = await Upload("typo.csv", SampleWith(code, figure));

        Assert.False(run.Ingestion.Accepted);
        var error = Assert.Single(run.Ingestion.Report.Errors);
        Assert.Equal(LineOf(code), error.Line);
        Assert.Equal("population", error.Field);
        Assert.Contains(reason, error.Reason);
        Assert.Empty(await Snapshots.ListAsync());
        Assert.Empty(run.Settlements);
        Assert.Equal(39 + 35 + 35, (await Store.ListAsync(2024)).Count);
    }

    [Fact]
    public async Task Ten_times_the_population_holds_the_settlement_until_finance_approves_that_version()
    {
        await new IssueDueInvoices(Years, Store).RunAsync(new LocalDate(2024, 7, 1));
        var run = await Upload("tenfold.csv", SampleWith("GM0150", "1020000"));

        Assert.True(run.Ingestion.Accepted);
        Assert.True(run.Ingestion.Dates.Single().Held);
        Assert.Contains(run.Ingestion.Report.Warnings, w => w.Reason.StartsWith("HELD for approval: GM0150: 1020000", StringComparison.Ordinal));
        var settlement = run.Settlements.Single();
        Assert.Equal(SettlementStatus.OnHold, settlement.Status);
        Assert.Equal(Deventer, Assert.Single(settlement.Snapshot!.HoldReasons!).Member);
        Assert.Empty(settlement.Issued);
        Assert.Equal(SettlementStatus.OnHold, (await Settle.RunAsync(2024, October2)).Status); // the timer waits too
        Assert.Equal(39 + 35 + 35, (await Store.ListAsync(2024)).Count);

        var approved = await Approve.RunAsync(January1, 1, "j.jansen");
        Assert.True(approved.Recorded);
        Assert.Equal(new PopulationApproval("j.jansen", _clock.GetCurrentInstant()), approved.Snapshot!.Approval);
        Assert.Equal(35, approved.Settlements.Single().Issued.Count);

        // Approving again changes nothing and issues nothing.
        _clock.AdvanceHours(1);
        var again = await Approve.RunAsync(January1, 1, "p.pietersen");
        Assert.False(again.Recorded);
        Assert.Equal("j.jansen", again.Snapshot!.Approval!.ApprovedBy);
        Assert.Empty(again.Settlements.Single().Issued);
        Assert.Equal("j.jansen", (await Snapshots.ListAsync()).Single().Approval!.ApprovedBy);
    }

    [Fact]
    public async Task A_corrected_upload_supersedes_the_held_version_and_is_settled_without_approval()
    {
        await new IssueDueInvoices(Years, Store).RunAsync(new LocalDate(2024, 7, 1));
        await Upload("zero-typo.csv", SampleWith("GM0150", "10200"));
        var corrected = await Upload("corrected.csv", Encoding.UTF8.GetBytes(Sample));

        Assert.Equal(2, corrected.Ingestion.Dates.Single().Version);
        Assert.False(corrected.Ingestion.Dates.Single().Held);
        Assert.Equal(35, corrected.Settlements.Single().Issued.Count);
        Assert.All(await Store.ListAsync(2024), d => Assert.NotEqual("2024-01-01/v1", d.Draft.Basis.PopulationSnapshot));
    }

    [Fact]
    public async Task After_settlement_an_implausible_correction_is_held_and_corrects_nothing_until_approved()
    {
        await new IssueDueInvoices(Years, Store).RunAsync(new LocalDate(2024, 7, 1));
        Assert.Equal(35, (await Upload("provisional.csv", Encoding.UTF8.GetBytes(Sample))).Settlements.Single().Issued.Count);

        // Compared with the settled version, not with the reference population: 20 % less is held.
        var held = await Upload("final.csv", SampleWith("GM0150", "82000"));
        Assert.Equal(SettlementStatus.OnHold, held.Settlements.Single().Status);
        Assert.Contains("version 2024-01-01/v1", held.Settlements.Single().Snapshot!.HoldReasons!.Single().Against);
        Assert.Equal(39 + 35 + 35 + 35, (await Store.ListAsync(2024)).Count);

        var approved = await Approve.RunAsync(January1, 2, "j.jansen");
        var correction = Assert.Single(approved.Settlements.Single().Issued);
        Assert.Equal(Purpose.Correction, correction.Key.Purpose);
        Assert.Equal(DocumentKind.CreditNote, correction.Kind);
    }

    [Fact]
    public async Task The_margin_is_configurable_and_a_change_within_it_is_settled_at_once()
    {
        await new IssueDueInvoices(Years, Store).RunAsync(new LocalDate(2024, 7, 1));
        var strict = new IngestPopulationFile(Years, Snapshots, new BlobIngestionReports(_storage), _clock, new PopulationFiles(), plausibility: new PopulationPlausibility(0.01m));
        var outcome = await strict.RunAsync(PopulationUpload.Of("grown.csv", SampleWith("GM0150", "103000"))); // +1.5 % on 101,446

        Assert.True(outcome.Dates.Single().Held);
        Assert.True((await Upload("sample.csv", Encoding.UTF8.GetBytes(Sample))).Settlements.Single().Status == SettlementStatus.Settled);
    }

    [Fact]
    public async Task Approving_a_version_that_does_not_exist_or_was_not_held_records_nothing()
    {
        Assert.Null((await Approve.RunAsync(January1, 7, "j.jansen")).Snapshot);
        await Upload("sample.csv", Encoding.UTF8.GetBytes(Sample));
        var run = await Approve.RunAsync(January1, 1, "j.jansen");
        Assert.False(run.Recorded);
        Assert.Null(run.Snapshot!.Approval);
    }
}
