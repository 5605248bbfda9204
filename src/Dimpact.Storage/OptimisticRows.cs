using Azure;
using Azure.Data.Tables;
using NodaTime;

namespace Dimpact.Storage;

/// <summary>What the tables of state changed on ETags (deliveries, notifications) share.</summary>
internal static class OptimisticRows
{
    /// <summary>Replaces the row if it is still the one read; its new ETag, or null when another writer changed it first.</summary>
    public static async Task<ETag?> TryReplaceAsync(TableClient table, ITableEntity row, ETag etag, CancellationToken cancellationToken)
    {
        try
        {
            var response = await table.UpdateEntityAsync(row, etag, TableUpdateMode.Replace, cancellationToken);
            return response.Headers.ETag ?? default;
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return null;
        }
    }

    public static Instant? At(DateTimeOffset? value) => value is { } v ? Instant.FromDateTimeOffset(v) : null;
}
