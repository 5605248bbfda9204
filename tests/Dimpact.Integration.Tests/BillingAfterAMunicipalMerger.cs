using Dimpact.DataFiles;
using System.Text;
using Dimpact.Billing;
using Dimpact.Billing.Invoicing;
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
/// A municipal merger during the tariff year (BILLING.md: "the successor code takes over the predecessors' billing";
/// tariff data mergers.csv), on a synthetic copy of tariff year 2024 in which Assen and Borger-Odoorn merge into
/// "Assen-Odoorn" (GM1999) on 1 July 2024.
/// </summary>
public class BillingAfterAMunicipalMerger
{
    private static readonly CbsCode Assen = CbsCode.Parse("GM0106");
    private static readonly CbsCode BorgerOdoorn = CbsCode.Parse("GM1681");
    private static readonly CbsCode Successor = CbsCode.Parse("GM1999");
    private static readonly LocalDate January1 = new(2024, 1, 1);

    private readonly BillingStorage _storage = BillingStorage.FromConnectionString(Azurite.ConnectionString, Azurite.UniquePrefix());
    private readonly ITariffYears _years = SyntheticYears();
    private TableInvoiceStore Store => new(_storage);
    private TablePopulationSnapshots Snapshots => new(_storage);

    private static TariffYearCatalog SyntheticYears() => TariffYearBuilder.From2024()
        .WithMerger("GM1999", "Assen-Odoorn", "GM0106", new LocalDate(2024, 7, 1))
        .WithMerger("GM1999", "Assen-Odoorn", "GM1681", new LocalDate(2024, 7, 1))
        .Catalog();

    private TariffYear Year => _years.FindAsync(2024).GetAwaiter().GetResult()!;

    /// <summary>The sample figures of 1 January 2024 as CBS publishes them after the merger: one row for the new municipality.</summary>
    private static string FileWithTheSuccessorOnly(out int successorFigure)
    {
        var lines = File.ReadAllLines(Repository.Data("samples", "population-2024-01-01.csv"));
        var predecessors = lines.Where(l => l.StartsWith("GM0106;", StringComparison.Ordinal) || l.StartsWith("GM1681;", StringComparison.Ordinal)).ToList();
        successorFigure = predecessors.Sum(l => int.Parse(l.Split(';')[2])) + 101;
        return string.Join('\n', lines.Except(predecessors).Append($"GM1999;Assen-Odoorn;{successorFigure};2024-01-01")) + "\n";
    }

    [Fact]
    public void Documents_issued_from_the_effective_date_go_to_the_successor()
    {
        Assert.Equal((Assen, "Assen"), Year.RecipientOn(Assen, new LocalDate(2024, 6, 30)));
        Assert.Equal((Successor, "Assen-Odoorn"), Year.RecipientOn(Assen, new LocalDate(2024, 7, 1)));
        Assert.Equal((CbsCode.Parse("GM0150"), "Deventer"), Year.RecipientOn(CbsCode.Parse("GM0150"), new LocalDate(2024, 7, 1)));
    }

    [Fact]
    public void A_predecessor_without_its_own_figure_is_settled_on_its_share_of_the_successors_figure()
    {
        var figures = new Dictionary<CbsCode, Population> { [Successor] = new(95_000) };
        var assen = Year.SettlementFigure(Assen, c => figures.TryGetValue(c, out var p) ? p : null)!.Value;
        var borger = Year.SettlementFigure(BorgerOdoorn, c => figures.TryGetValue(c, out var p) ? p : null)!.Value;

        Assert.Equal(95_000, assen.Count + borger.Count);
        var referenceShare = (decimal)Year.Member(Assen).ReferencePopulation.Count / (Year.Member(Assen).ReferencePopulation.Count + Year.Member(BorgerOdoorn).ReferencePopulation.Count);
        Assert.Equal(Math.Round(95_000 * referenceShare), assen.Count);
        // A figure of its own wins; without either there is none (the settlement waits).
        figures[Assen] = new Population(70_000);
        Assert.Equal(70_000, Year.SettlementFigure(Assen, c => figures.TryGetValue(c, out var p) ? p : null)!.Value.Count);
        Assert.Null(Year.SettlementFigure(Assen, _ => null));
    }

    [Fact]
    public async Task The_successor_receives_the_Q3_advances_and_the_settlement_and_each_predecessors_year_adds_up()
    {
        var issue = new IssueDueInvoices(_years, Store);
        await issue.RunAsync(new LocalDate(2024, 4, 1));
        await issue.RunAsync(new LocalDate(2024, 7, 1));
        var clock = new FakeClock(Instant.FromUtc(2024, 10, 1, 5, 0));
        var ingest = new IngestPopulationFile(_years, Snapshots, new BlobIngestionReports(_storage), clock, new PopulationFiles());
        var upload = await new IngestAndSettle(ingest, new SettleYear(_years, Snapshots, Store), _years, clock)
            .RunAsync(PopulationUpload.Of("population-2024-01-01-new-boundaries.csv", Encoding.UTF8.GetBytes(FileWithTheSuccessorOnly(out var successorFigure))));

        Assert.True(upload.Ingestion.Accepted);
        Assert.Equal(successorFigure, (await Snapshots.LatestAsync(January1))!.Of(Successor)!.Value.Count);
        Assert.Equal(SettlementStatus.Settled, Assert.Single(upload.Settlements).Status);

        var documents = await Store.ListAsync(2024);
        var snapshot = (await Snapshots.LatestAsync(January1))!;
        foreach (var predecessor in new[] { Assen, BorgerOdoorn })
        {
            var own = documents.Where(d => d.Key.Member == predecessor).OrderBy(d => d.Key.Quarter).ToList();
            Assert.Equal([1, 2, 3, 4], own.Select(d => d.Key.Quarter));
            Assert.Equal([predecessor, predecessor, Successor, Successor], own.Select(d => d.Member));
            Assert.Equal("Assen-Odoorn", own[3].Draft.MemberName);
            Assert.All(own, d => Assert.Equal(Year.LinesOf(predecessor).Select(l => l.Product), d.Lines.Select(l => l.Product)));

            var expected = SettlementCalculator.SettleMember(Year, predecessor, c => Year.SettlementFigure(c, snapshot.Of)!.Value, _ => Money.Zero);
            foreach (var line in expected.Lines)
                Assert.Equal(line.Definitive.Definitive, own.SelectMany(d => d.Lines).Where(l => l.Product == line.Budget.Product).Sum(l => l.Amount));
        }
        var settled = documents.Where(d => d.Key.Purpose == Purpose.Settlement && d.Member == Successor).ToList();
        Assert.Equal(successorFigure, settled.Sum(d => d.Lines[0].Settlement!.SettlementPopulation.Count));
        Assert.Equal(35, documents.Count(d => d.Key.Purpose == Purpose.Settlement));
    }
}
