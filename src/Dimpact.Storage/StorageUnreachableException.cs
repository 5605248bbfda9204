using Azure;

namespace Dimpact.Storage;

/// <summary>
/// The storage account could not be reached at all (connection refused, unknown host, time-out), after the client's
/// retries. Names the endpoint as scheme, host and port only: a path or query may carry a SAS token. A
/// <see cref="RequestFailedException"/> with status 0, as the SDK's own transport failures are, so that code catching
/// those still does.
/// </summary>
public sealed class StorageUnreachableException(string endpoint, string reason, Exception innerException)
    : RequestFailedException($"storage is unreachable at {endpoint}: {reason}", innerException)
{
    public string Endpoint { get; } = endpoint;

    public string Reason { get; } = reason;
}
