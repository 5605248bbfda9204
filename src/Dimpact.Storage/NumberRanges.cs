using Azure;
using Azure.Data.Tables;
using Dimpact.Billing.Invoicing;

namespace Dimpact.Storage;

/// <summary>
/// Reads the rows of many document numbers with few requests: the numbers of one year and series that lie close together
/// (a batch of queue messages mostly does) are read with one range query of the partition; scattered ones one by one.
/// </summary>
internal static class NumberRanges
{
    /// <summary>A range query reads at most this many rows per number asked for (plus a margin) before points are cheaper.</summary>
    private const int MaxRowsPerNumber = 2;

    private const int Margin = 32;

    /// <summary>The rows found, by number; a number without a row is missing.</summary>
    public static async Task<IReadOnlyDictionary<InvoiceNumber, TableEntity>> ReadAsync(
        TableClient table, IEnumerable<InvoiceNumber> numbers, Func<InvoiceNumber, string> rowKey, IEnumerable<string>? select, CancellationToken cancellationToken)
    {
        var found = new Dictionary<InvoiceNumber, TableEntity>();
        foreach (var group in numbers.Distinct().GroupBy(n => (n.Year, n.Kind)))
        {
            var sorted = group.OrderBy(n => n.Sequence).ToList();
            var partition = TableInvoiceStore.Partition(group.Key.Year);
            var span = sorted[^1].Sequence - sorted[0].Sequence + 1;
            if (sorted.Count > 1 && span <= MaxRowsPerNumber * sorted.Count + Margin)
            {
                var wanted = sorted.ToDictionary(rowKey);
                var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {rowKey(sorted[0])} and RowKey le {rowKey(sorted[^1])}");
                await foreach (var row in table.QueryAsync<TableEntity>(filter, select: select?.Append("RowKey"), cancellationToken: cancellationToken))
                    if (wanted.TryGetValue(row.RowKey, out var number)) found[number] = row;
                continue;
            }
            foreach (var number in sorted)
            {
                var row = await table.GetEntityIfExistsAsync<TableEntity>(partition, rowKey(number), select, cancellationToken);
                if (row.HasValue) found[number] = row.Value!;
            }
        }
        return found;
    }
}
