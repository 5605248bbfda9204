using System.Text.Json;

namespace Dimpact.Infrastructure.Tests;

[Collection(CompiledInfrastructureCollection.Name)]
public sealed class StorageAccountTests(CompiledInfrastructure infra)
{
    private readonly ArmTemplate _storage = infra.Main.Module("storage");

    private JsonElement Properties(string type) =>
        _storage.OwnResources.Single(r => ArmTemplate.TypeOf(r) == type).GetProperty("properties");

    [Fact]
    public void Accepts_only_Entra_ID_over_TLS_1_2_and_HTTPS_and_no_anonymous_blobs()
    {
        var account = Properties("Microsoft.Storage/storageAccounts");

        Assert.False(account.GetProperty("allowBlobPublicAccess").GetBoolean());
        Assert.False(account.GetProperty("allowSharedKeyAccess").GetBoolean());
        Assert.Equal("TLS1_2", account.GetProperty("minimumTlsVersion").GetString());
        Assert.True(account.GetProperty("supportsHttpsTrafficOnly").GetBoolean());
    }

    [Fact]
    public void Keeps_overwritten_and_deleted_invoices_recoverable_with_versioning_and_soft_delete()
    {
        var blobService = Properties("Microsoft.Storage/storageAccounts/blobServices");

        Assert.True(blobService.GetProperty("isVersioningEnabled").GetBoolean());
        Assert.True(blobService.GetProperty("deleteRetentionPolicy").GetProperty("enabled").GetBoolean());
        Assert.True(blobService.GetProperty("containerDeleteRetentionPolicy").GetProperty("enabled").GetBoolean());
        Assert.True(_storage.Resolve(blobService.GetProperty("deleteRetentionPolicy").GetProperty("days")).GetInt32() >= 30);
    }

    [Fact]
    public void Deletes_old_versions_of_the_host_blobs_and_deployment_packages_after_a_week_and_nothing_else()
    {
        var policy = _storage.OwnResources.Single(r => ArmTemplate.TypeOf(r) == "Microsoft.Storage/storageAccounts/managementPolicies");
        var rule = Assert.Single(policy.GetProperty("properties").GetProperty("policy").GetProperty("rules").EnumerateArray());
        var definition = rule.GetProperty("definition");
        var prefixes = definition.GetProperty("filters").GetProperty("prefixMatch").EnumerateArray().Select(p => p.GetString()!).ToList();
        var actions = definition.GetProperty("actions");

        Assert.True(rule.GetProperty("enabled").GetBoolean());
        Assert.Equal(["azure-webjobs-hosts/", "azure-webjobs-secrets/", "[format('{0}/', parameters('deploymentContainerName'))]"], prefixes);
        Assert.Equal("app-package", _storage.Parameter("deploymentContainerName").GetString());
        // Only previous versions: no current blob (no invoice, no package in use) is ever deleted by the rule.
        Assert.Equal(["version"], actions.EnumerateObject().Select(a => a.Name));
        Assert.Equal(7, actions.GetProperty("version").GetProperty("delete").GetProperty("daysAfterCreationGreaterThan").GetInt32());
        Assert.DoesNotContain(prefixes, p => Dimpact.Storage.BillingStorage.AllContainers.Any(c => p.StartsWith(c + "/", StringComparison.Ordinal)));
    }

    public static TheoryData<string, string[]> WhatTheAppUses => new()
    {
        { "Microsoft.Storage/storageAccounts/blobServices/containers", [.. Dimpact.Storage.BillingStorage.AllContainers, "app-package"] },
        { "Microsoft.Storage/storageAccounts/tableServices/tables", [.. Dimpact.Storage.BillingStorage.AllTables] },
        { "Microsoft.Storage/storageAccounts/queueServices/queues", [.. Dimpact.Storage.BillingStorage.AllQueues, "invoice-deliveries-poison"] },
    };

    /// <summary>Every table, container and queue the app's code names (BillingStorage) exists in Azure.</summary>
    [Theory]
    [MemberData(nameof(WhatTheAppUses))]
    public void Creates_the_containers_tables_and_queues_of_the_billing_product(string type, string[] expected)
    {
        var resource = _storage.OwnResources.Single(r => ArmTemplate.TypeOf(r) == type);
        // Bicep emits a copy loop; its name picks the loop variable's element.
        var listName = Assert.Single(ArmTemplate.VariablesIn(resource.GetProperty("name").GetString()!).Distinct());
        Assert.Contains(listName, resource.GetProperty("copy").GetProperty("count").GetString());

        var names = _storage.Variable(listName).EnumerateArray().Select(n => _storage.Resolve(n).GetString());

        Expect.ContainsAll(expected, names);
    }

    [Fact]
    public void Production_locks_the_account_and_keeps_deleted_blobs_a_year()
    {
        var production = infra.EnvironmentParameters("production");

        Assert.True(production.GetProperty("lockStorageAgainstDeletion").GetProperty("value").GetBoolean());
        Assert.Equal(365, production.GetProperty("blobSoftDeleteDays").GetProperty("value").GetInt32());
        Assert.True(production.GetProperty("keyVaultPurgeProtection").GetProperty("value").GetBoolean());
        var lockResource = _storage.OwnResources.Single(r => ArmTemplate.TypeOf(r) == "Microsoft.Authorization/locks");
        Assert.Equal("CanNotDelete", lockResource.GetProperty("properties").GetProperty("level").GetString());
    }
}
