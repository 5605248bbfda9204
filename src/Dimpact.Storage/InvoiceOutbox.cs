using Azure;
using Azure.Data.Tables;
using Dimpact.Billing;
using Dimpact.Billing.Invoicing;

namespace Dimpact.Storage;

/// <summary>An issued document that still has to be handed to delivery.</summary>
public sealed record OutboxEntry(InvoiceNumber Number, CbsCode Member, string MemberName, ETag ETag);

/// <summary>
/// The transactional outbox of issuing: <see cref="TableInvoiceStore.IssueAsync"/> writes an <c>outbox|{number}</c>
/// row in the same entity-group transaction as the document, so an issued document is never without the record
/// that it is to be delivered. The dispatcher reads the rows of every tariff year and removes each once delivery
/// has taken it over.
/// </summary>
public sealed class InvoiceOutbox(BillingStorage storage)
{
    private const string RowPrefix = "outbox|";

    private TableClient Table => storage.Table(BillingStorage.InvoicesTable);

    internal static TableEntity Entry(Invoice invoice) => new(TableInvoiceStore.Partition(invoice.Number.Year), RowPrefix + invoice.Number)
    {
        ["Number"] = invoice.Number.ToString(),
        ["Member"] = invoice.Member.Value,
        ["MemberName"] = invoice.Draft.MemberName,
    };

    /// <summary>Every entry of every tariff year, oldest number first.</summary>
    public async Task<IReadOnlyList<OutboxEntry>> EntriesAsync(CancellationToken cancellationToken = default)
    {
        await storage.EnsureCreatedAsync();
        var filter = TableClient.CreateQueryFilter($"RowKey ge {RowPrefix} and RowKey lt {"outbox}"}");
        var entries = new List<OutboxEntry>();
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            entries.Add(new OutboxEntry(InvoiceNumber.Parse(e.GetString("Number")), CbsCode.Parse(e.GetString("Member")), e.GetString("MemberName"), e.ETag));
        return entries.OrderBy(e => e.Number.Year).ThenBy(e => e.Number.Kind).ThenBy(e => e.Number.Sequence).ToList();
    }

    /// <summary>
    /// Removes entries that delivery has taken over, in entity-group transactions per tariff year (100 rows each); a
    /// transaction that meets a row removed already (a concurrent dispatcher) is done again row by row.
    /// </summary>
    public async Task RemoveAsync(IReadOnlyList<OutboxEntry> entries, CancellationToken cancellationToken = default)
    {
        foreach (var chunk in entries.GroupBy(e => e.Number.Year).SelectMany(g => g.Chunk(TableTransaction.MaxActions)))
        {
            var transaction = new TableTransaction();
            foreach (var entry in chunk)
                transaction.Add(TableTransactionActionType.Delete, new TableEntity(TableInvoiceStore.Partition(entry.Number.Year), RowPrefix + entry.Number), ETag.All);
            try { await transaction.SubmitAsync(Table, cancellationToken); }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                foreach (var entry in chunk) await RemoveAsync(entry, cancellationToken);
            }
        }
    }

    /// <summary>Removes an entry that delivery has taken over; one removed already is fine (a concurrent dispatcher).</summary>
    public async Task RemoveAsync(OutboxEntry entry, CancellationToken cancellationToken = default)
    {
        try { await Table.DeleteEntityAsync(TableInvoiceStore.Partition(entry.Number.Year), RowPrefix + entry.Number, ETag.All, cancellationToken); }
        catch (RequestFailedException e) when (e.Status == 404) { }
    }
}
