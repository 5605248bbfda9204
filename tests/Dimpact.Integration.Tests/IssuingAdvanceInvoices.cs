using Dimpact.Billing;
using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Tariffs;
using Dimpact.Storage;
using Dimpact.TestSupport;
using NodaTime;
using Dimpact.DataFiles.TariffYears;

namespace Dimpact.Integration.Tests;

/// <summary>Issue what is due on a date, against Table storage (Azurite): gap-free numbers, exactly once.</summary>
public class IssuingAdvanceInvoices
{
    private static readonly TariffYear Year = Repository.TariffYear2024;
    private static readonly ITariffYears Years = new TariffYearCatalog(Path.Combine(Repository.Root, "data", "tariff-years"));
    private readonly BillingStorage _storage = BillingStorage.FromConnectionString(Azurite.ConnectionString, Azurite.UniquePrefix());

    private static readonly LocalDate January2 = new(2024, 1, 2);
    private static readonly LocalDate April1 = new(2024, 4, 1);

    private IssueDueInvoices UseCase(IInvoiceStore? store = null) => new(Years, store ?? new TableInvoiceStore(_storage));

    private static void AssertGapFree(IEnumerable<Invoice> invoices, int count)
    {
        var numbers = invoices.Where(i => i.Kind == DocumentKind.Invoice).Select(i => i.Number.Sequence).Order().ToList();
        Assert.Equal(Enumerable.Range(1, count), numbers);
    }

    [Fact]
    public async Task The_issued_keys_read_from_the_key_claims_are_the_keys_of_the_stored_documents()
    {
        var store = new TableInvoiceStore(_storage);
        await UseCase(store).RunAsync(new LocalDate(2024, 7, 1)); // Q1, Q2 and Q3

        var keys = await store.IssuedKeysAsync(2024);

        Assert.Equal(39 + 35 + 35, keys.Count);
        Assert.True(keys.SetEquals((await store.ListAsync(2024)).Select(i => i.Key)));
        Assert.Empty(await store.IssuedKeysAsync(2025));
    }

    [Fact]
    public async Task Q1_gives_every_billable_member_one_invoice_numbered_without_a_gap()
    {
        var run = await UseCase().RunAsync(January2);
        var invoices = await new TableInvoiceStore(_storage).ListAsync(2024);

        // 41 members less Westervoort and Zevenaar (billed via Duiven); the 4 association-only members included.
        Assert.Equal(39, run.Issued.Count);
        Assert.Equal(39, invoices.Count);
        Assert.Equal("2024-000001", invoices[0].Number.ToString());
        AssertGapFree(invoices, 39);
        Assert.DoesNotContain(invoices, i => i.Member.Value is "GM0293" or "GM0299");
        Assert.Equal(39, invoices.Select(i => i.Member).Distinct().Count());

        foreach (var invoice in invoices)
        {
            if (Year.IsAssociationOnly(invoice.Member))
            {
                Assert.Equal(Purpose.AnnualContribution, invoice.Key.Purpose);
                Assert.Equal(6480m, invoice.TotalExclVat.Euros);
                continue;
            }
            Assert.Equal(Purpose.Advance, invoice.Key.Purpose);
            foreach (var line in invoice.Lines)
            {
                var budget = Year.LinesOf(invoice.Member).Single(l => l.Product == line.Product).Budget;
                Assert.Equal(Money.Round(budget.Euros / 4m), line.Amount);
            }
            Assert.Equal(Year.Version, invoice.Draft.Basis.TariffVersion);
            Assert.Equal(new LocalDate(2022, 1, 1), invoice.Draft.Basis.PopulationDate);
        }
        var deventer = invoices.Single(i => i.Member.Value == "GM0150");
        Assert.Equal([113806.00m, 55993.75m, 1682.00m], deventer.Lines.Select(l => l.Amount.Euros));
        Assert.Equal(171481.75m, deventer.TotalExclVat.Euros);
        Assert.Equal(36011.17m, deventer.Vat.Euros); // 21 % of the total, rounded once
    }

    [Fact]
    public async Task Q2_adds_invoices_for_product_members_only_and_a_rerun_adds_nothing()
    {
        await UseCase().RunAsync(January2);
        var q2 = await UseCase().RunAsync(April1);
        Assert.Equal(35, q2.Issued.Count);
        Assert.All(q2.Issued, i => Assert.Equal((Purpose.Advance, 2), (i.Key.Purpose, i.Key.Quarter)));
        Assert.All(q2.Issued, i => Assert.False(Year.IsAssociationOnly(i.Member)));

        var again = await UseCase().RunAsync(April1);
        Assert.Empty(again.Issued);
        Assert.Equal(39 + 35, again.AlreadyIssued);
        AssertGapFree(await new TableInvoiceStore(_storage).ListAsync(2024), 39 + 35);
    }

    [Fact]
    public async Task A_missed_run_is_caught_up_by_the_next()
    {
        // The scheduler did not run in Q1 at all; its first run is on 2 April.
        var run = await UseCase().RunAsync(new LocalDate(2024, 4, 2));
        Assert.Equal(39 + 35, run.Issued.Count);
        Assert.Equal(Enumerable.Repeat(1, 39).Concat(Enumerable.Repeat(2, 35)), run.Issued.Select(i => i.Key.Quarter));
    }

    [Fact]
    public async Task A_dry_run_shows_what_would_be_issued_and_writes_nothing()
    {
        var preview = await UseCase().RunAsync(January2, dryRun: true);
        Assert.Equal(39, preview.Due.Count);
        Assert.Empty(preview.Issued);
        Assert.Empty(await new TableInvoiceStore(_storage).ListAsync(2024));
    }

    [Fact]
    public async Task Before_the_year_starts_nothing_is_due()
    {
        var run = await UseCase().RunAsync(new LocalDate(2023, 12, 31));
        Assert.Empty(run.Due);
    }

    [Fact]
    public async Task Concurrent_runs_issue_each_invoice_once_in_one_contiguous_series()
    {
        // Separate store instances, as separate processes would have (no shared counter cache).
        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => UseCase().RunAsync(January2))));
        var invoices = await new TableInvoiceStore(_storage).ListAsync(2024);
        Assert.Equal(39, runs.Sum(r => r.Issued.Count));
        Assert.Equal(39, invoices.Count);
        Assert.Equal(39, invoices.Select(i => i.Key).Distinct().Count());
        AssertGapFree(invoices, 39);
    }

    [Fact]
    public async Task A_run_that_crashes_after_k_invoices_is_completed_by_a_rerun_without_a_gap()
    {
        var crashing = new CrashingStore(new TableInvoiceStore(_storage), crashAfter: 17);
        await Assert.ThrowsAsync<IOException>(() => UseCase(crashing).RunAsync(January2));
        Assert.Equal(17, (await new TableInvoiceStore(_storage).ListAsync(2024)).Count);

        var rerun = await UseCase().RunAsync(January2);
        Assert.Equal(39 - 17, rerun.Issued.Count);
        var invoices = await new TableInvoiceStore(_storage).ListAsync(2024);
        AssertGapFree(invoices, 39);
        Assert.Equal(39, invoices.Select(i => i.Key).Distinct().Count());
    }

    [Fact]
    public async Task Issuing_the_same_draft_twice_returns_the_first_document()
    {
        var store = new TableInvoiceStore(_storage);
        var draft = IssueDueInvoices.DueBy(Year, January2)[0];
        var first = await store.IssueAsync(draft);
        var second = await new TableInvoiceStore(_storage).IssueAsync(draft);
        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(first.Invoice.Number, second.Invoice.Number);
        Assert.Equal(first.Invoice.TotalInclVat, (await store.FindAsync(first.Invoice.Number))!.TotalInclVat);
    }

    [Fact]
    public void A_transaction_refuses_a_101st_entity()
    {
        var transaction = new TableTransaction();
        for (var i = 0; i < TableTransaction.MaxActions; i++)
            transaction.Add(Azure.Data.Tables.TableTransactionActionType.Add, new Azure.Data.Tables.TableEntity("p", $"r{i}"));
        Assert.Throws<InvalidOperationException>(() =>
            transaction.Add(Azure.Data.Tables.TableTransactionActionType.Add, new Azure.Data.Tables.TableEntity("p", "r100")));
    }

    /// <summary>The real store, failing like a crashed process after it has issued k documents.</summary>
    private sealed class CrashingStore(IInvoiceStore inner, int crashAfter) : IInvoiceStore
    {
        private int _issued;
        public Task<IReadOnlyList<Invoice>> ListAsync(int year, CancellationToken ct = default) => inner.ListAsync(year, ct);
        public Task<IReadOnlyList<int>> YearsAsync(CancellationToken ct = default) => inner.YearsAsync(ct);
        public Task<Invoice?> FindAsync(InvoiceNumber number, CancellationToken ct = default) => inner.FindAsync(number, ct);
        public async Task<IssueOutcome> IssueAsync(DraftInvoice draft, CancellationToken ct = default)
        {
            if (_issued == crashAfter) throw new IOException("The process died.");
            _issued++;
            return await inner.IssueAsync(draft, ct);
        }
    }
}
