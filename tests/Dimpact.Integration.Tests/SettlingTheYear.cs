using Dimpact.Billing;
using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Populations;
using Dimpact.Billing.Settlement;
using Dimpact.Billing.Tariffs;
using Dimpact.DataFiles;
using Dimpact.Storage;
using Dimpact.TestSupport;
using NodaTime;
using Dimpact.DataFiles.TariffYears;

namespace Dimpact.Integration.Tests;

/// <summary>Settle year Y against Table storage: Q4 documents, credit notes, corrections, exactly once.</summary>
public class SettlingTheYear
{
    private static readonly TariffYear Year = Repository.TariffYear2024;
    private static readonly ITariffYears Years = new TariffYearCatalog(Repository.Data("tariff-years"));
    private static readonly LocalDate October1 = new(2024, 10, 1);
    private static readonly Instant Now = Instant.FromUtc(2024, 10, 1, 5, 0);

    private readonly BillingStorage _storage = BillingStorage.FromConnectionString(Azurite.ConnectionString, Azurite.UniquePrefix());
    private TableInvoiceStore Store => new(_storage);
    private TablePopulationSnapshots Snapshots => new(_storage);
    private SettleYear UseCase() => new(Years, Snapshots, Store);

    /// <summary>The sample figures of 1 January 2024 shipped for the demo, read by the product's own reader.</summary>
    private static Dictionary<CbsCode, Population> SampleFigures()
    {
        var path = Repository.Data("samples", "population-2024-01-01.csv");
        var file = PopulationFileReader.Read(path, File.ReadAllBytes(path), MemberDirectory.For(Year));
        return file.SnapshotOn(new LocalDate(2024, 1, 1))!.Figures.ToDictionary(f => f.Member, f => f.Population);
    }

    private async Task IssueAdvances() => await new IssueDueInvoices(Years, Store).RunAsync(new LocalDate(2024, 7, 1));

    [Fact]
    public async Task Before_Q4_nothing_is_due_and_without_figures_the_settlement_waits()
    {
        await IssueAdvances();
        Assert.Equal(SettlementStatus.NotDue, (await UseCase().RunAsync(2024, new LocalDate(2024, 9, 30))).Status);

        var waiting = await UseCase().RunAsync(2024, October1);
        Assert.Equal(SettlementStatus.WaitingForFigures, waiting.Status);
        Assert.Equal(Year.MembersNeedingSettlementFigures().Count, waiting.MissingFigures.Count);
        Assert.Contains(CbsCode.Parse("GM0293"), waiting.MissingFigures); // Westervoort counts in Duiven's Open Online bracket

        var partial = SampleFigures();
        partial.Remove(CbsCode.Parse("GM0150"));
        await Snapshots.AddAsync(new LocalDate(2024, 1, 1), partial, "partial.csv", Now);
        var stillWaiting = await UseCase().RunAsync(2024, October1);
        Assert.Equal([CbsCode.Parse("GM0150")], stillWaiting.MissingFigures);
        Assert.Empty(stillWaiting.Issued);
    }

    [Fact]
    public async Task Each_product_member_gets_one_Q4_document_and_the_year_adds_up_to_the_definitive_amount()
    {
        await IssueAdvances();
        var figures = SampleFigures();
        await Snapshots.AddAsync(new LocalDate(2024, 1, 1), figures, "population-2024-01-01.csv", Now);

        var run = await UseCase().RunAsync(2024, October1);
        Assert.Equal(SettlementStatus.Settled, run.Status);
        Assert.Equal(35, run.Issued.Count);
        Assert.Empty(run.WaitingForAdvances);

        var documents = await Store.ListAsync(2024);
        var expected = SettlementCalculator.Settle(Year, c => figures[c]); // what settle-preview prints
        foreach (var member in expected)
        foreach (var line in member.Lines)
        {
            var invoiced = documents.Where(d => d.Member == member.Member.Code).SelectMany(d => d.Lines).Where(l => l.Product == line.Budget.Product).ToList();
            Assert.Equal(4, invoiced.Count);
            Assert.Equal(line.Definitive.Definitive, invoiced.Sum(l => l.Amount));
            var q4 = documents.Single(d => d.Member == member.Member.Code && d.Key.Purpose == Purpose.Settlement).Lines.Single(l => l.Product == line.Budget.Product);
            Assert.Equal(line.Q4Amount, q4.Amount);
            Assert.Equal(line.Budget.Budget, q4.Settlement!.Budget);
            Assert.Equal(line.QuarterlyAdvance * 3, q4.Settlement.AlreadyInvoiced);
            // Duiven's Open Online line counts the whole partnership; every other line the member itself.
            Assert.Equal(Year.PopulationBasisOf(line.Budget).Sum(c => figures[c].Count), q4.Settlement.SettlementPopulation.Count);
        }
        var settlement = documents.First(d => d.Key.Purpose == Purpose.Settlement);
        Assert.Equal("2024-01-01/v1", settlement.Draft.Basis.PopulationSnapshot);
        Assert.Equal(new LocalDate(2024, 1, 1), settlement.Draft.Basis.PopulationDate);
    }

    [Fact]
    public async Task Running_the_settlement_again_or_concurrently_creates_each_document_once()
    {
        await IssueAdvances();
        await Snapshots.AddAsync(new LocalDate(2024, 1, 1), SampleFigures(), "population-2024-01-01.csv", Now);

        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => UseCase().RunAsync(2024, October1))));
        Assert.Equal(35, runs.Sum(r => r.Issued.Count));
        var again = await UseCase().RunAsync(2024, October1);
        Assert.Empty(again.Due);

        var documents = await Store.ListAsync(2024);
        Assert.Equal(39 + 35 + 35 + 35, documents.Count);
        Assert.Equal(Enumerable.Range(1, documents.Count), documents.Select(d => d.Number.Sequence).Order());
    }

    [Fact]
    public async Task A_negative_total_is_issued_as_a_credit_note_in_its_own_series()
    {
        await IssueAdvances();
        var figures = SampleFigures();
        figures[CbsCode.Parse("GM0150")] = new Population(10_000); // Deventer shrinks far below its reference
        await Snapshots.AddAsync(new LocalDate(2024, 1, 1), figures, "shrunk.csv", Now);

        await UseCase().RunAsync(2024, October1);
        var deventer = (await Store.ListAsync(2024)).Single(d => d.Member.Value == "GM0150" && d.Key.Purpose == Purpose.Settlement);
        Assert.Equal(DocumentKind.CreditNote, deventer.Kind);
        Assert.Equal("C2024-000001", deventer.Number.ToString());
        Assert.True(deventer.TotalExclVat.IsNegative);
    }

    [Fact]
    public async Task Corrected_figures_after_settlement_give_correction_documents_only_where_amounts_change()
    {
        await IssueAdvances();
        var figures = SampleFigures();
        await Snapshots.AddAsync(new LocalDate(2024, 1, 1), figures, "provisional.csv", Now);
        await UseCase().RunAsync(2024, October1);

        var corrected = new Dictionary<CbsCode, Population>(figures)
        {
            [CbsCode.Parse("GM0150")] = new(figures[CbsCode.Parse("GM0150")].Count + 1_000), // Deventer: esuite and burgerzaken change
            [CbsCode.Parse("GM1773")] = new(figures[CbsCode.Parse("GM1773")].Count - 500),   // Olst-Wijhe: less
        };
        var v2 = await Snapshots.AddAsync(new LocalDate(2024, 1, 1), corrected, "final.csv", Now.Plus(Duration.FromDays(30)));
        Assert.Equal(2, v2.Snapshot.Version);

        var run = await UseCase().RunAsync(2024, new LocalDate(2024, 11, 1));
        Assert.Equal(2, run.Issued.Count);
        var documents = await Store.ListAsync(2024);
        foreach (var correction in run.Issued)
        {
            Assert.Equal(Purpose.Correction, correction.Key.Purpose);
            var original = documents.Single(d => d.Member == correction.Member && d.Key.Purpose == Purpose.Settlement);
            Assert.Equal(original.Number, correction.Draft.Corrects);
            Assert.Equal("2024-01-01/v2", correction.Draft.Basis.PopulationSnapshot);
            // After the correction every product's invoices add up to its definitive amount on the final figures.
            var settlement = SettlementCalculator.SettleMember(Year, correction.Member, c => corrected[c], _ => Money.Zero);
            foreach (var line in settlement.Lines)
                Assert.Equal(line.Definitive.Definitive, documents.Where(d => d.Member == correction.Member).SelectMany(d => d.Lines).Where(l => l.Product == line.Budget.Product).Sum(l => l.Amount));
        }
        Assert.Equal(DocumentKind.Invoice, run.Issued.Single(d => d.Member.Value == "GM0150").Kind);
        Assert.Equal(DocumentKind.CreditNote, run.Issued.Single(d => d.Member.Value == "GM1773").Kind);
        Assert.Empty((await UseCase().RunAsync(2024, new LocalDate(2024, 11, 2))).Due);
    }

    [Fact]
    public async Task The_same_figures_again_add_no_version()
    {
        var figures = SampleFigures();
        var first = await Snapshots.AddAsync(new LocalDate(2024, 1, 1), figures, "a.csv", Now);
        var again = await Snapshots.AddAsync(new LocalDate(2024, 1, 1), new Dictionary<CbsCode, Population>(figures), "b.csv", Now);
        Assert.True(first.Created);
        Assert.False(again.Created);
        Assert.Equal(1, again.Snapshot.Version);
        Assert.Single(await Snapshots.ListAsync());
    }
}
