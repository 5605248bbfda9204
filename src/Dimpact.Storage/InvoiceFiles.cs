using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Dimpact.Billing.Invoicing;

namespace Dimpact.Storage;

/// <summary>A document file as stored: its blob name, content and ETag, and whether this call wrote it.</summary>
public sealed record StoredFile(string Name, byte[] Content, ETag ETag, bool Created);

/// <summary>
/// The rendered documents in the <c>invoices</c> container, <c>{year}/{number}.pdf</c> and <c>.xml</c>. A file is
/// written once and never overwritten (upload with If-None-Match: *): what was sent stays what is archived.
/// </summary>
public sealed class InvoiceFiles(BillingStorage storage)
{
    public const string Pdf = "pdf";
    public const string Xml = "xml";

    private BlobContainerClient Container => storage.Container(BillingStorage.InvoicesContainer);

    public static string NameOf(InvoiceNumber number, string extension) => $"{number.Year}/{number}.{extension}";

    /// <summary>Stores the file unless it exists; an existing file is kept and returned as stored.</summary>
    public async Task<StoredFile> StoreOnceAsync(InvoiceNumber number, string extension, byte[] content, CancellationToken cancellationToken = default)
    {
        await storage.EnsureCreatedAsync();
        var name = NameOf(number, extension);
        var options = new BlobUploadOptions
        {
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            HttpHeaders = new BlobHttpHeaders { ContentType = extension == Pdf ? "application/pdf" : "application/xml" },
        };
        try
        {
            var response = await Container.GetBlobClient(name).UploadAsync(new BinaryData(content), options, cancellationToken);
            return new StoredFile(name, content, response.Value.ETag, true);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return await FindAsync(number, extension, cancellationToken) ?? throw new InvalidOperationException($"{name} exists and does not.");
        }
    }

    public async Task<StoredFile?> FindAsync(InvoiceNumber number, string extension, CancellationToken cancellationToken = default)
    {
        await storage.EnsureCreatedAsync();
        var name = NameOf(number, extension);
        try
        {
            var download = await Container.GetBlobClient(name).DownloadContentAsync(cancellationToken);
            return new StoredFile(name, download.Value.Content.ToArray(), download.Value.Details.ETag, false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }
}
