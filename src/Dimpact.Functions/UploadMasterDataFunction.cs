using System.Text;
using Azure.Storage.Blobs;
using Dimpact.App;
using Dimpact.Billing.MasterData;
using Dimpact.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Dimpact.Functions;

/// <summary>
/// A file uploaded into master-data (registry.csv, buyer-references.csv, membership-changes.csv, or
/// <c>tariff-years/{year}/{file}</c>): validate it with everything stored and, if it is right, store it as the next
/// version of its set; finance gets the report either way.
/// </summary>
/// <remarks>
/// Event Grid source, as <see cref="IngestPopulationUploadFunction"/>. A bad file is not an exception (the report says
/// why); a storage error is, so the host retries. The uploader is the blob's <c>uploadedby</c> metadata, else
/// "finance upload". Blobs the CLI uploaded (metadata <c>runby=cli</c>) were handled by the CLI as one upload.
/// </remarks>
public sealed class UploadMasterDataFunction(UploadMasterData uploadMasterData, ILogger<UploadMasterDataFunction> logger)
{
    /// <summary>Master data files are kilobytes; a larger blob is not master data and is not read.</summary>
    public const long MaxBytes = 16 * 1024 * 1024;

    [Function("UploadMasterData")]
    public async Task Run(
        [BlobTrigger(BillingStorage.MasterDataUploadsContainer + "/{name}", Source = BlobTriggerSource.EventGrid, Connection = StorageConnection.Name)] BlobClient blob,
        string name,
        CancellationToken cancellationToken)
    {
        var properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
        if (properties.Metadata.TryGetValue(MasterDataUploads.RunBy, out var runBy) && runBy == MasterDataUploads.RunByCli)
        {
            logger.LogInformation("Master data file {Upload} was uploaded and processed by the CLI; nothing to do.", name);
            return;
        }
        if (properties.ContentLength > MaxBytes)
        {
            logger.LogWarning("Master data file {Upload} is {Bytes} bytes, more than master data can be; not read.", name, properties.ContentLength);
            return;
        }
        var by = properties.Metadata.TryGetValue(MasterDataUploads.UploadedBy, out var uploader) && uploader.Length > 0 ? uploader : MasterDataUpload.FinanceUpload;
        var file = MasterDataUploads.Read(name, (await blob.DownloadContentAsync(cancellationToken)).Value.Content.ToArray());
        var outcome = await uploadMasterData.RunAsync(new MasterDataUpload(name, [file], by), cancellationToken);

        if (outcome.Accepted)
            logger.LogInformation("Master data file {Upload} accepted: {Sets}; report {Report}.", name,
                string.Join(", ", outcome.Sets.Select(s => $"{s.Set} {s.Version.Name}{(s.Created ? "" : " (unchanged)")}")), outcome.ReportLocation);
        else
            logger.LogWarning("Master data file {Upload} rejected with {Errors} error(s); nothing stored; report {Report}.", name, outcome.Problems.Count, outcome.ReportLocation);
    }
}
