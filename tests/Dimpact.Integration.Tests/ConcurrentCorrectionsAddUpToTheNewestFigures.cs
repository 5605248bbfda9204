using Dimpact.DataFiles;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;
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
/// Money is never wrong, whatever the interleaving (issue 9, defect 1): for every member and product, the documents of
/// the year add up to the definitive amount on the newest stored figures once the runs have finished, however many
/// corrections, settlements and timers run at the same time. Each run has its own storage clients, as separate
/// processes would.
/// </summary>
public class ConcurrentCorrectionsAddUpToTheNewestFigures
{
    private static readonly TariffYear Year = Repository.TariffYear2024;
    private static readonly ITariffYears Years = new TariffYearCatalog(Repository.Data("tariff-years"));
    private static readonly LocalDate January1 = new(2024, 1, 1);
    private static readonly string Sample = File.ReadAllText(Repository.Data("samples", "population-2024-01-01.csv"));
    private static readonly CbsCode Rotterdam = CbsCode.Parse("GM0599");
    private static readonly CbsCode Deventer = CbsCode.Parse("GM0150");
    private static readonly CbsCode Westervoort = CbsCode.Parse("GM0293");
    private static readonly int WestervoortInSample = ReadFigures(Encoding.UTF8.GetBytes(Sample))[Westervoort].Count;

    private readonly string _prefix = Azurite.UniquePrefix();
    private readonly FakeClock _clock = new(Instant.FromUtc(2024, 10, 2, 5, 0));

    /// <summary>A fresh set of clients, as another process would have (no shared counter cache).</summary>
    private BillingStorage Storage() => BillingStorage.FromConnectionString(Azurite.ConnectionString, _prefix);

    private IngestAndSettle IngestAndSettle()
    {
        var storage = Storage();
        var snapshots = new TablePopulationSnapshots(storage);
        return new IngestAndSettle(new IngestPopulationFile(Years, snapshots, new BlobIngestionReports(storage), _clock, new PopulationFiles()),
            Settle(storage), Years, _clock);
    }

    private static SettleYear Settle(BillingStorage storage) => new(Years, new TablePopulationSnapshots(storage), new TableInvoiceStore(storage));

    /// <summary>The sample with some members' figures replaced.</summary>
    private static byte[] SampleWith(params (CbsCode Code, int Figure)[] figures) =>
        Encoding.UTF8.GetBytes(string.Join('\n', Sample.Split('\n').Select(line =>
        {
            var f = line.Split(';');
            return figures.FirstOrDefault(x => line.StartsWith(x.Code.Value + ";", StringComparison.Ordinal)) is { Code.Value: not null } hit
                ? $"{f[0]};{f[1]};{hit.Figure};{f[3]}"
                : line;
        })));

    private async Task SettledOnTheSample()
    {
        var storage = Storage();
        await new IssueDueInvoices(Years, new TableInvoiceStore(storage)).RunAsync(new LocalDate(2024, 7, 1));
        var run = await IngestAndSettle().RunAsync(PopulationUpload.Of("provisional.csv", Encoding.UTF8.GetBytes(Sample)));
        Assert.Equal(35, run.Settlements.Single().Issued.Count);
    }

    /// <summary>The invariant, for every member and product line of the year; returns the newest version it was checked on.</summary>
    private async Task<PopulationSnapshot> AssertTheYearAddsUpToTheNewestFigures()
    {
        var storage = Storage();
        var newest = (await new TablePopulationSnapshots(storage).LatestAsync(January1))!;
        var documents = await new TableInvoiceStore(storage).ListAsync(2024);
        var lines = 0;
        foreach (var member in Year.BillableMembers.Where(m => !Year.IsAssociationOnly(m.Code)))
        {
            var expected = SettlementCalculator.SettleMember(Year, member.Code, c => Year.SettlementFigure(c, newest.Of) ?? Year.Member(c).ReferencePopulation, _ => Money.Zero);
            foreach (var line in expected.Lines)
            {
                var invoiced = documents.Where(d => d.Key.Member == member.Code).SelectMany(d => d.Lines).Where(l => l.Product == line.Budget.Product).Sum(l => l.Amount);
                Assert.True(line.Definitive.Definitive == invoiced,
                    $"{member.Code} {line.Budget.Product}: documents add up to {invoiced}, the definitive amount on {newest.Id} is {line.Definitive.Definitive}");
                lines++;
            }
        }
        Assert.True(lines > 60);
        // Gap-free series, whatever ran at once.
        foreach (var series in documents.GroupBy(d => d.Kind))
            Assert.Equal(Enumerable.Range(1, series.Count()), series.Select(d => d.Number.Sequence).Order());
        return newest;
    }

    [Fact]
    public async Task Five_different_corrections_ingested_at_once_and_settled_in_parallel_add_up_to_the_newest_figures()
    {
        await SettledOnTheSample();
        for (var round = 1; round <= 3; round++)
        {
            // Five corrected files for Rotterdam (and Deventer in two), all within the plausibility margin, at once,
            // with five more settlement runs (the timer, a CLI settle) racing them.
            var uploads = Enumerable.Range(1, 5).Select(i => Task.Run(() => IngestAndSettle().RunAsync(PopulationUpload.Of($"r{round}-corr-{i}.csv",
                i % 2 == 0 ? SampleWith((Rotterdam, 660_000 + round * 5_000 + i * 1_000), (Deventer, 102_000 + i * 100)) : SampleWith((Rotterdam, 660_000 + round * 5_000 + i * 1_000))))));
            var settlements = Enumerable.Range(1, 5).Select(_ => Task.Run(() => Settle(Storage()).RunAsync(2024, new LocalDate(2024, 10, 2))));
            await Task.WhenAll(uploads.Cast<Task>().Concat(settlements));

            var newest = await AssertTheYearAddsUpToTheNewestFigures();
            Assert.Equal(1 + 5 * round, newest.Version);
        }
    }

    /// <summary>Holds every batch write (entity-group transaction) of one process until released: a slow or paused process.</summary>
    private sealed class HeldWrites : HttpPipelinePolicy
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Reached => _reached.Task;
        public void Release() => _release.TrySetResult();

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) => ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            if (message.Request.Method == RequestMethod.Post && message.Request.Uri.ToString().Contains("$batch", StringComparison.Ordinal))
            {
                _reached.TrySetResult();
                await _release.Task;
            }
            await ProcessNextAsync(message, pipeline);
        }
    }

    [Fact]
    public async Task A_run_still_issuing_on_figures_that_a_newer_file_undid_meanwhile_takes_its_correction_back()
    {
        await SettledOnTheSample();
        // v2 changes Deventer; a settlement run reads v2, computes Deventer's correction and is then held up in writing it.
        await new TablePopulationSnapshots(Storage()).AddAsync(January1, ReadFigures(SampleWith((Deventer, 105_000))), "changed.csv", _clock.GetCurrentInstant());
        var held = new HeldWrites();
        var slow = Settle(BillingStorage.FromConnectionString(Azurite.ConnectionString, _prefix, held)).RunAsync(2024, new LocalDate(2024, 10, 2));
        await held.Reached;

        // Meanwhile v3 brings Deventer back to the figure it was settled on (and has Westervoort one higher, which leaves
        // Duiven's Open Online bracket as it is: figures identical to v1 would be v1 again): on its own, v3 calls for nothing.
        var back = await IngestAndSettle().RunAsync(PopulationUpload.Of("back.csv", SampleWith((Westervoort, WestervoortInSample + 1))));
        Assert.Equal(3, back.Ingestion.Dates.Single().Version);
        Assert.Empty(back.Settlements.Single().Issued);

        // The slow run issues its v2 correction, then sees v3 and takes it back.
        held.Release();
        var run = await slow;
        Assert.Equal(["2024-01-01/v2", "2024-01-01/v3"], run.Issued.Select(i => i.Draft.Basis.PopulationSnapshot));
        Assert.Equal(3, (await AssertTheYearAddsUpToTheNewestFigures()).Version);
    }

    private static IReadOnlyDictionary<CbsCode, Population> ReadFigures(byte[] content) =>
        DataFiles.PopulationFileReader.Read("figures.csv", content, DataFiles.MemberDirectory.For(Year))
            .SnapshotOn(January1)!.Figures.ToDictionary(f => f.Member, f => f.Population);

    [Fact]
    public async Task Corrections_are_numbered_per_member_and_each_nets_against_every_document_before_it()
    {
        await SettledOnTheSample();
        await IngestAndSettle().RunAsync(PopulationUpload.Of("c1.csv", SampleWith((Rotterdam, 670_000))));
        await IngestAndSettle().RunAsync(PopulationUpload.Of("c2.csv", SampleWith((Rotterdam, 680_000))));
        await IngestAndSettle().RunAsync(PopulationUpload.Of("c3.csv", SampleWith((Rotterdam, 675_000))));

        var documents = await new TableInvoiceStore(Storage()).ListAsync(2024);
        var corrections = documents.Where(d => d.Key.Member == Rotterdam && d.Key.Purpose == Purpose.Correction).OrderBy(d => d.Key.Revision).ToList();
        Assert.Equal([1, 2, 3], corrections.Select(c => c.Key.Revision));
        Assert.Equal(["2024-01-01/v2", "2024-01-01/v3", "2024-01-01/v4"], corrections.Select(c => c.Draft.Basis.PopulationSnapshot));
        Assert.Equal(DocumentKind.CreditNote, corrections[2].Kind); // 680,000 back to 675,000
        await AssertTheYearAddsUpToTheNewestFigures();
    }
}
