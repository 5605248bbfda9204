using System.Text;
using Azure.Storage.Blobs.Models;
using Dimpact.Billing.Populations;

namespace Dimpact.Storage;

/// <summary>
/// Ingestion reports as blobs in the population-reports container, next to the uploads container (the reports on
/// master data uploads: in master-data-reports).
/// </summary>
public sealed class BlobIngestionReports(BillingStorage storage, string containerName = BillingStorage.ReportsContainer) : IIngestionReports
{
    public async Task<string> WriteAsync(string name, string json, string text, CancellationToken cancellationToken = default)
    {
        await storage.EnsureCreatedAsync();
        var container = storage.Container(containerName);
        // Text first: whoever sees the JSON (what tools poll for) finds the text report too.
        await Upload($"{name}.txt", text, "text/plain; charset=utf-8");
        await Upload($"{name}.json", json, "application/json");
        return $"{container.Name}/{name}.json";

        Task Upload(string blob, string content, string contentType) =>
            container.GetBlobClient(blob).UploadAsync(new BinaryData(Encoding.UTF8.GetBytes(content)),
                new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, cancellationToken);
    }
}
