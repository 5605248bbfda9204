using System.Text.Json;
using System.Text.RegularExpressions;

namespace Dimpact.Infrastructure.Tests;

/// <summary>The app's identity gets exactly the data roles it needs, each on one resource.</summary>
[Collection(CompiledInfrastructureCollection.Name)]
public sealed partial class RoleAssignmentTests(CompiledInfrastructure infra)
{
    // Built-in role definition ids (Azure built-in roles reference).
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    private const string Owner = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
    private const string Contributor = "b24988ac-6180-42a0-ab88-20f7382dd24c";
    private const string UserAccessAdministrator = "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9";
    private const string StorageAccountContributor = "17d1049b-9a84-46fb-8f53-869881c3d3ab";

    /// <summary>Each assignment's role ids (a copy loop assigns every id of its variable) and scope.</summary>
    private List<(string RoleId, string Scope)> Assignments()
    {
        var result = new List<(string, string)>();
        foreach (var (template, resource) in infra.Main.AllResources("Microsoft.Authorization/roleAssignments"))
        {
            var roleExpression = resource.GetProperty("properties").GetProperty("roleDefinitionId").GetString()!;
            var text = roleExpression + string.Concat(
                ArmTemplate.VariablesIn(roleExpression).Select(v => template.Variable(v).GetRawText()));
            var scope = resource.TryGetProperty("scope", out var s) ? s.GetString()! : "<resource group>";
            result.AddRange(Guid().Matches(text).Select(m => (m.Value, scope)));
        }

        return result;
    }

    [Fact]
    public void Grants_exactly_the_five_data_roles_of_the_app_and_the_dead_letter_writer()
    {
        var roles = Assignments().Select(a => a.RoleId).Order().ToList();

        Assert.Equal(
            new[] { StorageBlobDataOwner, StorageQueueDataContributor, StorageTableDataContributor, KeyVaultSecretsUser, MonitoringMetricsPublisher, StorageBlobDataContributor }.Order(),
            roles);
    }

    [Theory]
    [InlineData(StorageBlobDataOwner, "Microsoft.Storage/storageAccounts")]
    [InlineData(StorageQueueDataContributor, "Microsoft.Storage/storageAccounts")]
    [InlineData(StorageTableDataContributor, "Microsoft.Storage/storageAccounts")]
    [InlineData(KeyVaultSecretsUser, "Microsoft.KeyVault/vaults")]
    [InlineData(MonitoringMetricsPublisher, "Microsoft.Insights/components")]
    [InlineData(StorageBlobDataContributor, "Microsoft.Storage/storageAccounts/blobServices/containers")]
    public void Scopes_each_role_to_the_one_resource_it_is_for(string roleId, string resourceType)
    {
        var (_, scope) = Assert.Single(Assignments(), a => a.RoleId == roleId);

        Assert.StartsWith($"[resourceId('{resourceType}', ", scope);
    }

    [Fact]
    public void Assigns_roles_to_managed_identities_as_service_principals()
    {
        Assert.All(
            infra.Main.AllResources("Microsoft.Authorization/roleAssignments"),
            r => Assert.Equal("ServicePrincipal", r.Resource.GetProperty("properties").GetProperty("principalType").GetString()));
    }

    [Fact]
    public void Mentions_no_broad_role_anywhere_and_deploys_only_into_the_resource_group()
    {
        foreach (var broad in new[] { Owner, Contributor, UserAccessAdministrator, StorageAccountContributor })
        {
            Assert.DoesNotContain(broad, infra.Json, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains("deploymentTemplate.json", infra.Main.Root.GetProperty("$schema").GetString());
        Assert.All(
            infra.Main.AllResources("Microsoft.Resources/deployments"),
            d =>
            {
                Assert.False(d.Resource.TryGetProperty("subscriptionId", out _));
                Assert.False(d.Resource.TryGetProperty("scope", out _));
            });
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Guid();
}
