using Dimpact.App;
using Dimpact.Storage;
using Dimpact.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dimpact.Functions.Tests;

/// <summary>The services Program.cs registers can build every function class the host will ask for.</summary>
public class ProgramWiring
{
    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddLogging()
            .AddBilling(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

    [Theory]
    [InlineData(typeof(IssueDueInvoicesFunction))]
    [InlineData(typeof(PreviewIssueFunction))]
    [InlineData(typeof(IngestPopulationUploadFunction))]
    [InlineData(typeof(UploadMasterDataFunction))]
    [InlineData(typeof(ImportBankStatementFunction))]
    [InlineData(typeof(DeliverInvoiceFunction))]
    [InlineData(typeof(StatusFunction))]
    public void Every_function_class_resolves_from_the_apps_services(Type function)
    {
        using var services = Build(new() { ["BillingStorage"] = Azurite.ConnectionString });
        Assert.NotNull(ActivatorUtilities.CreateInstance(services, function));
    }

    [Fact]
    public void In_Azure_the_storage_connection_is_identity_based_from_the_service_uris()
    {
        using var services = Build(new()
        {
            ["BillingStorage:tableServiceUri"] = "https://account.table.core.windows.net/",
            ["BillingStorage:blobServiceUri"] = "https://account.blob.core.windows.net/",
            ["BillingStorage:queueServiceUri"] = "https://account.queue.core.windows.net/",
            ["BillingStorage:credential"] = "managedidentity",
            ["BillingStorage:clientId"] = "00000000-0000-0000-0000-000000000001",
        });
        var storage = services.GetRequiredService<BillingStorage>();
        Assert.Equal("https://account.table.core.windows.net/", storage.Tables.Uri.ToString());
        Assert.Equal("account", storage.Blobs.AccountName);
    }

    [Fact]
    public void A_missing_storage_setting_names_the_setting()
    {
        using var services = Build(new());
        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<BillingStorage>());
        Assert.Contains("BillingStorage", error.Message);
    }
}
