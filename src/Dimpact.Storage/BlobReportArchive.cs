using Azure.Storage.Blobs.Models;
using Dimpact.Billing.Reports;

namespace Dimpact.Storage;

/// <summary>
/// Finance's reports in the <c>reports</c> container, <c>{year}/settlement-{year}.xlsx</c> etc. A report is written
/// again after each settlement and replaces the file (blob versioning keeps the earlier writing in Azure).
/// </summary>
public sealed class BlobReportArchive(BillingStorage storage) : IReportArchive
{
    public async Task SaveAsync(ReportFile file, CancellationToken cancellationToken = default)
    {
        await storage.EnsureCreatedAsync();
        await storage.Container(BillingStorage.BillingReportsContainer).GetBlobClient(file.Name).UploadAsync(new BinaryData(file.Content),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = file.ContentType } }, cancellationToken);
    }

    /// <summary>A stored report, or null.</summary>
    public async Task<byte[]?> FindAsync(string name, CancellationToken cancellationToken = default)
    {
        await storage.EnsureCreatedAsync();
        var blob = storage.Container(BillingStorage.BillingReportsContainer).GetBlobClient(name);
        if (!(await blob.ExistsAsync(cancellationToken)).Value) return null;
        return (await blob.DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
    }
}
