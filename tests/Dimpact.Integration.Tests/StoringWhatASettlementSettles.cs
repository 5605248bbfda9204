using Dimpact.Billing;
using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Settlement;
using Dimpact.Billing.Tariffs;
using Dimpact.Storage;
using Dimpact.TestSupport;
using NodaTime;
using Dimpact.DataFiles.TariffYears;

namespace Dimpact.Integration.Tests;

/// <summary>
/// The advances a Q4 document settles are stored with it and read back from Table storage, so that the archived
/// PDF and e-invoice can name them; documents stored before this field existed read as settling nothing.
/// </summary>
public class StoringWhatASettlementSettles
{
    private static readonly TariffYear Year = Repository.TariffYear2024;
    private static readonly ITariffYears Years = new TariffYearCatalog(Repository.Data("tariff-years"));

    private readonly BillingStorage _storage = BillingStorage.FromConnectionString(Azurite.ConnectionString, Azurite.UniquePrefix());

    [Fact]
    public async Task A_Q4_credit_note_read_back_from_storage_names_the_advances_it_settles()
    {
        var store = new TableInvoiceStore(_storage);
        var snapshots = new TablePopulationSnapshots(_storage);
        await new IssueDueInvoices(Years, store).RunAsync(new LocalDate(2024, 7, 1));
        var deventer = CbsCode.Parse("GM0150");
        var figures = Year.Members.ToDictionary(m => m.Code, m => m.Code == deventer ? new Population(10_000) : m.ReferencePopulation);
        await snapshots.AddAsync(Year.SettlementReferenceDate, figures, "shrunk.csv", Instant.FromUtc(2024, 10, 1, 5, 0));

        await new SettleYear(Years, snapshots, store).RunAsync(2024, new LocalDate(2024, 10, 1));

        var documents = await new TableInvoiceStore(_storage).ListAsync(2024);
        var advances = documents.Where(d => d.Key.Member == deventer && d.Key.Purpose == Purpose.Advance).OrderBy(d => d.Key.Quarter).Select(d => d.Number).ToList();
        var creditNote = documents.Single(d => d.Key.Member == deventer && d.Key.Purpose == Purpose.Settlement);
        Assert.Equal(DocumentKind.CreditNote, creditNote.Kind);
        Assert.Equal(3, advances.Count);
        Assert.Equal(advances, creditNote.Draft.Settles);
        Assert.Equal(advances, (await store.FindAsync(creditNote.Number))!.Draft.Settles);
        Assert.All(documents.Where(d => d.Key.Purpose == Purpose.Settlement), d => Assert.Equal(3, d.Draft.Settles.Count));
        Assert.All(documents.Where(d => d.Key.Purpose == Purpose.Advance), d => Assert.Empty(d.Draft.Settles));
    }

    [Fact]
    public void A_document_stored_before_settlements_named_their_advances_reads_as_settling_none()
    {
        const string stored = """
            {"number":"C2024-000001","key":{"member":"GM0150","year":2024,"quarter":4,"purpose":"Settlement","revision":0},
             "member":"GM0150","member_name":"Deventer","issue_date":"2024-10-01",
             "lines":[{"product":"esuite","description":"e-Suite, afrekening 2024","population":10000,"amount":"-1000.00","vat_rate":"0.21","settlement":null}],
             "basis":{"tariff_version":"v","population_date":"2024-01-01","population_snapshot":"2024-01-01/v1"},"corrects":null}
            """;

        var invoice = InvoiceJson.Deserialize(stored);

        Assert.Equal("C2024-000001", invoice.Number.ToString());
        Assert.Empty(invoice.Draft.Settles);
    }

    [Fact]
    public void Only_a_document_that_settles_advances_stores_the_field()
    {
        var advance = IssueDueInvoices.DueBy(Year, new LocalDate(2024, 1, 2))[0].WithNumber(InvoiceNumber.First(DocumentKind.Invoice, 2024));
        var settles = new[] { InvoiceNumber.Parse("2024-000001"), InvoiceNumber.Parse("2024-000040") };
        var settlement = advance with { Draft = advance.Draft with { Settles = settles } };

        Assert.DoesNotContain("settles", InvoiceJson.Serialize(advance), StringComparison.Ordinal);
        Assert.Contains("\"settles\":[\"2024-000001\",\"2024-000040\"]", InvoiceJson.Serialize(settlement), StringComparison.Ordinal);
        Assert.Equal(settles, InvoiceJson.Deserialize(InvoiceJson.Serialize(settlement)).Draft.Settles);
    }
}
