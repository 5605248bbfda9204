using Azure.Data.Tables;
using Dimpact.Billing.Invoicing;

namespace Dimpact.Storage;

/// <summary>Several invoices per entity-group transaction (docs/storage-design.md, "Several invoices per transaction").</summary>
public sealed partial class TableInvoiceStore
{
    /// <summary>Invoices per transaction: a document, key claim and outbox row each, plus the one counter update (3 × 33 + 1 = 100).</summary>
    public const int MaxBatch = (TableTransaction.MaxActions - 1) / EntitiesPerInvoice;

    public int IssueBatchSize => MaxBatch;

    /// <summary>
    /// Issues consecutive drafts of one series in one transaction each (at most <see cref="MaxBatch"/>): the counter
    /// advances once by their number, and every document and key claim is written with it, all or nothing. If the
    /// transaction fails, because another writer took the counter or a key was issued already, that batch is
    /// issued one by one through <see cref="IssueAsync"/>, which settles either case.
    /// </summary>
    public async Task<IReadOnlyList<IssueOutcome>> IssueManyAsync(IReadOnlyList<DraftInvoice> drafts, CancellationToken cancellationToken = default)
    {
        await storage.EnsureCreatedAsync();
        var outcomes = new List<IssueOutcome>(drafts.Count);
        var start = 0;
        while (start < drafts.Count)
        {
            var series = (drafts[start].Key.Year, drafts[start].Kind);
            var end = start + 1;
            while (end < drafts.Count && end - start < MaxBatch && (drafts[end].Key.Year, drafts[end].Kind) == series) end++;
            var batch = drafts.Skip(start).Take(end - start).ToList();
            // One writer id for the batch and its fallback: a batch whose reply was lost counts as created by this call.
            var writer = Guid.NewGuid();
            outcomes.AddRange(batch.Count > 1 && await TryIssueBatchAsync(batch, writer, cancellationToken) is { } issued
                ? issued
                : await IssueOneByOneAsync(batch, writer, cancellationToken));
            start = end;
        }
        return outcomes;
    }

    private async Task<IReadOnlyList<IssueOutcome>?> TryIssueBatchAsync(List<DraftInvoice> batch, Guid writer, CancellationToken cancellationToken)
    {
        var (year, kind) = (batch[0].Key.Year, batch[0].Kind);
        var (last, etag) = _counters.TryGetValue((year, kind), out var cached) ? cached : await ReadCounterAsync(year, kind, cancellationToken);
        var invoices = batch.Select((draft, i) => draft.WithNumber(new InvoiceNumber(kind, year, last + 1 + i))).ToList();
        var transaction = new TableTransaction().Add(
            etag == default ? TableTransactionActionType.Add : TableTransactionActionType.UpdateReplace,
            new TableEntity(Partition(year), CounterRow(kind)) { ["Last"] = last + batch.Count }, etag);
        foreach (var entity in invoices.SelectMany(i => EntitiesOf(i, writer)))
            transaction.Add(TableTransactionActionType.Add, entity);
        try
        {
            var responses = await transaction.SubmitAsync(Table, cancellationToken);
            if (responses[0].Headers.ETag is { } newEtag) _counters[(year, kind)] = (last + batch.Count, newEtag);
            else _counters.TryRemove((year, kind), out _);
            return invoices.Select(i => new IssueOutcome(i, true)).ToList();
        }
        catch (TableTransactionFailedException)
        {
            _counters.TryRemove((year, kind), out _);
            return null;
        }
    }

    private async Task<IReadOnlyList<IssueOutcome>> IssueOneByOneAsync(List<DraftInvoice> batch, Guid writer, CancellationToken cancellationToken)
    {
        var outcomes = new List<IssueOutcome>(batch.Count);
        foreach (var draft in batch) outcomes.Add(await IssueAsync(draft, writer, cancellationToken));
        return outcomes;
    }
}
