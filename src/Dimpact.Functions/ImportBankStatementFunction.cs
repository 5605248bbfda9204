using Azure.Storage.Blobs;
using Dimpact.App;
using Dimpact.Billing.Receivables;
using Dimpact.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Dimpact.Functions;

/// <summary>
/// A bank statement (CAMT.053) uploaded into bank-statements: import it and match its payments (the same use case as
/// <c>dimpact payments import</c>).
/// </summary>
/// <remarks>
/// Event Grid source, as the population upload (Flex Consumption supports no other). A rejected statement is not an
/// exception (the report names element and reason; nothing is stored); a storage error is, so the host retries, and a
/// retry of a half-done import finishes it (entries and allocations are stored once, the statement recorded last).
/// </remarks>
public sealed class ImportBankStatementFunction(ImportBankStatement import, ILogger<ImportBankStatementFunction> logger)
{
    [Function("ImportBankStatement")]
    public async Task Run(
        [BlobTrigger(BillingStorage.BankStatementsContainer + "/{name}", Source = BlobTriggerSource.EventGrid, Connection = StorageConnection.Name)] BlobClient blob,
        string name,
        CancellationToken cancellationToken)
    {
        var properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
        if (properties.Metadata.TryGetValue(MasterDataUploads.RunBy, out var runBy) && runBy == MasterDataUploads.RunByCli)
        {
            logger.LogInformation("Bank statement {Upload} was uploaded and imported by the CLI; nothing to do.", name);
            return;
        }
        // The length first: a file over the limit is refused (and finance told) without being downloaded.
        var upload = properties.ContentLength > StatementUpload.MaxBytes
            ? new StatementUpload(name, []) { Length = properties.ContentLength }
            : new StatementUpload(name, (await blob.DownloadContentAsync(cancellationToken)).Value.Content.ToArray());
        var outcome = await import.RunAsync(upload, cancellationToken);
        if (outcome.Accepted)
            logger.LogInformation("Bank statement {Upload} {Result}: {NewEntries} new entries, {Allocations} allocations, {Unmatched} payments unmatched.\n{Report}",
                name, outcome.Result, outcome.NewEntries, outcome.Matching?.Recorded.Count ?? 0, outcome.Matching?.Unmatched.Count ?? 0, outcome.ToText());
        else
            logger.LogWarning("Bank statement {Upload} rejected with {Errors} error(s); nothing stored.\n{Report}", name, outcome.Problems.Count, outcome.ToText());
    }
}
