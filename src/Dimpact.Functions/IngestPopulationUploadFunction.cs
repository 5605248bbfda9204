using Dimpact.App;
using Azure.Storage.Blobs;
using Dimpact.Billing.Populations.Ingestion;
using Dimpact.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Dimpact.Functions;

/// <summary>
/// A file uploaded into population-uploads: ingest it, and settle the tariff year if that is now due.
/// </summary>
/// <remarks>
/// The trigger's source is Event Grid, not the polling blob scanner: the Flex Consumption plan supports only the
/// Event Grid source for blob triggers (infra/ subscribes BlobCreated events of the container to this function).
/// Failures: a bad file is not an exception (the report says why, the function completes); a storage error is, so
/// the host retries and after poisonBlobThreshold (host.json: 5) puts the event on webjobs-blobtrigger-poison. The
/// upload itself is never deleted or moved.
/// </remarks>
public sealed class IngestPopulationUploadFunction(IngestAndSettle ingestAndSettle, ILogger<IngestPopulationUploadFunction> logger)
{
    [Function("IngestPopulationUpload")]
    public async Task Run(
        [BlobTrigger(BillingStorage.UploadsContainer + "/{name}", Source = BlobTriggerSource.EventGrid, Connection = StorageConnection.Name)] BlobClient blob,
        string name,
        CancellationToken cancellationToken)
    {
        // The length first: a file over the limit is refused without being downloaded.
        var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
        var upload = new PopulationUpload(name, properties.Value.ContentLength,
            async ct => (await blob.DownloadContentAsync(ct)).Value.Content.ToArray());
        var run = await ingestAndSettle.RunAsync(upload, cancellationToken: cancellationToken);

        var ingestion = run.Ingestion;
        if (ingestion.Accepted)
            logger.LogInformation("Population file {Upload} accepted: {Dates}; report {Report}.", name,
                string.Join(", ", ingestion.Dates.Select(d => $"{d.ReferenceDate:yyyy-MM-dd} v{d.Version}{(d.Created ? "" : " (unchanged)")}")), ingestion.ReportLocation);
        else
            logger.LogWarning("Population file {Upload} rejected with {Errors} error(s); nothing stored; report {Report}.", name, ingestion.Report.Errors.Count, ingestion.ReportLocation);
        SettlementLog.Write(logger, run.Settlements);
    }
}
