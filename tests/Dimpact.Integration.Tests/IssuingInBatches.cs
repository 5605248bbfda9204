using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Tariffs;
using Dimpact.Storage;
using Dimpact.TestSupport;
using NodaTime;

namespace Dimpact.Integration.Tests;

/// <summary>
/// Several invoices per entity-group transaction keep the guarantees of one: gap-free numbers, each key once, at
/// most 100 entities per transaction.
/// </summary>
public class IssuingInBatches
{
    private static readonly TariffYear Year = Repository.TariffYear2024;
    private static readonly LocalDate April2 = new(2024, 4, 2);
    private readonly StorageRequestCounter _requests = new();
    private readonly BillingStorage _storage;

    public IssuingInBatches() => _storage = BillingStorage.FromConnectionString(Azurite.ConnectionString, Azurite.UniquePrefix(), _requests);

    private static List<int> Sequences(IEnumerable<IssueOutcome> outcomes) => outcomes.Select(o => o.Invoice.Number.Sequence).ToList();

    [Fact]
    public async Task Seventy_four_drafts_take_three_transactions_and_get_consecutive_numbers()
    {
        var drafts = IssueDueInvoices.DueBy(Year, April2); // Q1 (39) and Q2 (35)
        var store = new TableInvoiceStore(_storage);
        await _storage.EnsureCreatedAsync();
        var before = _requests.Count;

        var outcomes = await store.IssueManyAsync(drafts);

        Assert.Equal(74, drafts.Count);
        Assert.All(outcomes, o => Assert.True(o.Created));
        Assert.Equal(Enumerable.Range(1, 74), Sequences(outcomes));
        Assert.Equal(drafts.Select(d => d.Key), outcomes.Select(o => o.Invoice.Key));
        // One counter read (nothing cached yet), then 33 + 33 + 8 invoices in three transactions.
        Assert.Equal(4, _requests.Count - before);
        var stored = await store.ListAsync(2024);
        Assert.Equal(Enumerable.Range(1, 74), stored.Select(i => i.Number.Sequence));
    }

    [Fact]
    public async Task A_batch_holding_an_issued_key_falls_back_to_one_by_one_and_issues_the_rest_without_a_gap()
    {
        var drafts = IssueDueInvoices.DueBy(Year, April2).Take(30).ToList();
        var first = await new TableInvoiceStore(_storage).IssueAsync(drafts[5]);

        var outcomes = await new TableInvoiceStore(_storage).IssueManyAsync(drafts);

        Assert.False(outcomes[5].Created);
        Assert.Equal(first.Invoice.Number, outcomes[5].Invoice.Number);
        Assert.Equal(29, outcomes.Count(o => o.Created));
        var stored = await new TableInvoiceStore(_storage).ListAsync(2024);
        Assert.Equal(Enumerable.Range(1, 30), stored.Select(i => i.Number.Sequence));
        Assert.Equal(30, stored.Select(i => i.Key).Distinct().Count());
    }

    [Fact]
    public async Task A_batch_after_another_writer_took_numbers_continues_the_series()
    {
        var drafts = IssueDueInvoices.DueBy(Year, April2);
        var mine = new TableInvoiceStore(_storage);
        await mine.IssueManyAsync(drafts.Take(10).ToList()); // caches the counter's ETag
        await new TableInvoiceStore(_storage).IssueManyAsync(drafts.Skip(10).Take(10).ToList()); // another process

        var outcomes = await mine.IssueManyAsync(drafts.Skip(20).ToList()); // stale ETag: the batch fails, then succeeds one by one

        Assert.All(outcomes, o => Assert.True(o.Created));
        Assert.Equal(Enumerable.Range(21, drafts.Count - 20), Sequences(outcomes));
    }

    [Fact]
    public void A_batch_fills_a_transaction_to_at_most_100_entities()
    {
        // A document, a key claim and an outbox row per invoice, and the counter once: 3 × 33 + 1 = 100.
        Assert.Equal(33, TableInvoiceStore.MaxBatch);
        Assert.True(3 * TableInvoiceStore.MaxBatch + 1 <= TableTransaction.MaxActions);
    }
}
