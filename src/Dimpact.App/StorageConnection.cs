using Azure.Identity;
using Dimpact.Storage;
using Microsoft.Extensions.Configuration;

namespace Dimpact.App;

/// <summary>
/// The billing data's storage account from app settings, in the same shape the Functions host uses for trigger
/// connections named "BillingStorage": a connection string (local: Azurite), or identity-based service URIs
/// (<c>BillingStorage__tableServiceUri</c>, <c>__blobServiceUri</c>, <c>__queueServiceUri</c>) in Azure.
/// </summary>
public static class StorageConnection
{
    public const string Name = "BillingStorage";

    public static BillingStorage Open(IConfiguration configuration)
    {
        if (configuration[Name] is { Length: > 0 } connectionString)
            return BillingStorage.FromConnectionString(connectionString);
        var section = configuration.GetSection(Name);
        Uri Required(string key) => section[key] is { Length: > 0 } uri
            ? new Uri(uri)
            : throw new InvalidOperationException($"App setting '{Name}' or '{Name}__{key}' is missing.");
        // The same keys the host reads for identity-based trigger connections: a user-assigned identity by client id.
        var credential = section["clientId"] is { Length: > 0 } clientId
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : (Azure.Core.TokenCredential)new DefaultAzureCredential();
        return BillingStorage.FromServiceUris(Required("tableServiceUri"), Required("blobServiceUri"), Required("queueServiceUri"), credential);
    }
}
