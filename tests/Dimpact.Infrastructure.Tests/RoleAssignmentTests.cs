using System.Text.Json;
using System.Text.RegularExpressions;

namespace Dimpact.Infrastructure.Tests;

/// <summary>
/// The app's identity gets exactly the data roles it needs, each on one resource; people (finance, operators) get theirs
/// by group, on single containers, tables and queues, never on the account.
/// </summary>
[Collection(CompiledInfrastructureCollection.Name)]
public sealed partial class RoleAssignmentTests(CompiledInfrastructure infra)
{
    // Built-in role definition ids (Azure built-in roles reference).
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string StorageBlobDataReader = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1";
    private const string StorageTableDataReader = "76199698-9eea-4c19-bc75-cec21354c6b6";
    private const string StorageQueueDataReader = "19e7f393-937e-4f77-808e-94535e297925";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    private const string Owner = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
    private const string Contributor = "b24988ac-6180-42a0-ab88-20f7382dd24c";
    private const string UserAccessAdministrator = "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9";
    private const string StorageAccountContributor = "17d1049b-9a84-46fb-8f53-869881c3d3ab";

    /// <summary>One role assignment resource (a copy loop is one resource) as compiled.</summary>
    private sealed record Assignment(ArmTemplate Template, JsonElement Resource, IReadOnlyList<string> RoleIds, string Scope)
    {
        public JsonElement Properties => Resource.GetProperty("properties");
        public string PrincipalType => Properties.GetProperty("principalType").GetString()!;
        public string PrincipalId => Properties.GetProperty("principalId").GetString()!;
        public string Name => Resource.GetProperty("name").GetString()!;
        public string? Condition => Resource.TryGetProperty("condition", out var c) ? c.GetString() : null;
        public bool IsForPeople => PrincipalType == "Group";

        /// <summary>The containers, tables or queues a loop's scope runs over.</summary>
        public IReadOnlyList<string> ScopeNames => Template.CopyNames(Scope);
    }

    /// <summary>Each assignment's role ids (a copy loop assigns every id of its variable) and scope.</summary>
    private List<Assignment> Assignments()
    {
        var result = new List<Assignment>();
        foreach (var (template, resource) in infra.Main.AllResources("Microsoft.Authorization/roleAssignments"))
        {
            var roleExpression = resource.GetProperty("properties").GetProperty("roleDefinitionId").GetString()!;
            var text = roleExpression + string.Concat(
                ArmTemplate.VariablesIn(roleExpression).Select(v => template.Variable(v).GetRawText()));
            var scope = resource.TryGetProperty("scope", out var s) ? s.GetString()! : "<resource group>";
            result.Add(new Assignment(template, resource, Guid().Matches(text).Select(m => m.Value).ToList(), scope));
        }

        return result;
    }

    private List<(string RoleId, string Scope)> AppAssignments() =>
        Assignments().Where(a => !a.IsForPeople).SelectMany(a => a.RoleIds.Select(r => (r, a.Scope))).ToList();

    private List<Assignment> PeopleAssignments() => Assignments().Where(a => a.IsForPeople).ToList();

    /// <summary>Per group parameter and role: the names of the containers, tables or queues it is granted on.</summary>
    private Dictionary<(string Group, string Role), List<string>> PeopleGrants() =>
        PeopleAssignments()
            .GroupBy(a => (a.PrincipalId, Assert.Single(a.RoleIds)))
            .ToDictionary(g => g.Key, g => g.SelectMany(a => a.ScopeNames).Order(StringComparer.Ordinal).ToList());

    private const string Finance = "[parameters('financeGroupId')]";
    private const string Operators = "[parameters('operatorsGroupId')]";

    [Fact]
    public void Grants_exactly_the_five_data_roles_of_the_app_and_the_dead_letter_writer()
    {
        var roles = AppAssignments().Select(a => a.RoleId).Order().ToList();

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
        var (_, scope) = Assert.Single(AppAssignments(), a => a.RoleId == roleId);

        Assert.StartsWith($"[resourceId('{resourceType}', ", scope);
    }

    [Fact]
    public void Assigns_roles_to_managed_identities_as_service_principals_and_to_people_only_by_group()
    {
        Assert.All(Assignments(), a => Assert.Contains(a.PrincipalType, new[] { "ServicePrincipal", "Group" }));
        Assert.All(PeopleAssignments(), a => Assert.Contains(a.PrincipalId, new[] { Finance, Operators }));
        Assert.All(Assignments().Where(a => !a.IsForPeople), a => Assert.DoesNotContain("GroupId", a.PrincipalId));
    }

    [Fact]
    public void Finance_writes_only_its_upload_containers_and_reads_the_reports_and_the_issued_documents()
    {
        var grants = PeopleGrants();

        Assert.Equal(["bank-statements", "master-data", "population-uploads"], grants[(Finance, StorageBlobDataContributor)]);
        Assert.Equal(["invoices", "master-data-reports", "population-reports", "reports"], grants[(Finance, StorageBlobDataReader)]);
        Assert.Equal(2, grants.Keys.Count(k => k.Group == Finance));
        // The names are those the app uses (BillingStorage).
        Expect.ContainsAll(grants[(Finance, StorageBlobDataContributor)],
            [Dimpact.Storage.BillingStorage.UploadsContainer, Dimpact.Storage.BillingStorage.MasterDataUploadsContainer, Dimpact.Storage.BillingStorage.BankStatementsContainer]);
        Expect.ContainsAll(grants[(Finance, StorageBlobDataReader)],
            [Dimpact.Storage.BillingStorage.InvoicesContainer, Dimpact.Storage.BillingStorage.BillingReportsContainer, Dimpact.Storage.BillingStorage.ReportsContainer,
             Dimpact.Storage.BillingStorage.MasterDataReportsContainer]);
    }

    [Fact]
    public void Operators_read_every_table_and_queue_and_nothing_else()
    {
        var grants = PeopleGrants();

        Assert.Equal(Dimpact.Storage.BillingStorage.AllTables.Order(StringComparer.Ordinal), grants[(Operators, StorageTableDataReader)]);
        Assert.Equal([.. Dimpact.Storage.BillingStorage.AllQueues, "invoice-deliveries-poison"], grants[(Operators, StorageQueueDataReader)]);
        Assert.Equal(2, grants.Keys.Count(k => k.Group == Operators));
    }

    [Fact]
    public void No_group_holds_a_data_role_on_the_account_only_on_single_containers_tables_and_queues()
    {
        string[] narrow =
        [
            "[resourceId('Microsoft.Storage/storageAccounts/blobServices/containers', ",
            "[resourceId('Microsoft.Storage/storageAccounts/tableServices/tables', ",
            "[resourceId('Microsoft.Storage/storageAccounts/queueServices/queues', ",
        ];

        Assert.NotEmpty(PeopleAssignments());
        Assert.All(PeopleAssignments(), a =>
        {
            Assert.Contains(narrow, prefix => a.Scope.StartsWith(prefix, StringComparison.Ordinal));
            Assert.Single(a.RoleIds);
            Assert.NotEmpty(a.ScopeNames);
        });
    }

    [Fact]
    public void Only_the_apps_identity_can_write_the_invoices_table_and_the_document_archive()
    {
        // Every role that writes data and is not the app's: finance's uploads and Event Grid's dead letters, each on its
        // own container. The app's account-wide roles are the only ones that reach the invoices table and container.
        string[] writers = [StorageBlobDataOwner, StorageBlobDataContributor, StorageQueueDataContributor, StorageTableDataContributor];
        var app = infra.Main.Module("storage-roles");
        foreach (var assignment in Assignments().Where(a => a.RoleIds.Any(writers.Contains)))
        {
            if (assignment.Template.Text == app.Text) continue;
            Assert.StartsWith("[resourceId('Microsoft.Storage/storageAccounts/blobServices/containers', ", assignment.Scope);
            var containers = assignment.Scope.Contains("copyIndex()", StringComparison.Ordinal)
                ? assignment.ScopeNames
                : [assignment.Template.Parameter("deadLetterContainerName").GetString()!];
            Assert.DoesNotContain(Dimpact.Storage.BillingStorage.InvoicesContainer, containers);
            Assert.DoesNotContain(Dimpact.Storage.BillingStorage.TariffYearsContainer, containers);
        }

        Assert.All(PeopleAssignments().Where(a => a.RoleIds.Contains(StorageBlobDataContributor)),
            a => Assert.Equal(["bank-statements", "master-data", "population-uploads"], a.ScopeNames.Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void Without_a_group_id_no_assignment_for_that_group_is_made()
    {
        var main = infra.Main.Root.GetProperty("parameters");
        var people = infra.Main.Module("people-roles");

        foreach (var group in new[] { "financeGroupId", "operatorsGroupId" })
        {
            // Optional in main.bicep (a test deployment works without them), and passed through as is.
            Assert.Equal("", main.GetProperty(group).GetProperty("defaultValue").GetString());
            Assert.Equal($"\"[parameters('{group}')]\"", people.InputExpression(group));
        }

        Assert.All(PeopleAssignments(), a => Assert.Equal($"[not(empty({a.PrincipalId[1..^1]}))]", a.Condition));
    }

    [Fact]
    public void Names_every_assignment_after_its_scope_principal_and_role_so_a_rerun_changes_nothing()
    {
        Assert.All(PeopleAssignments(), a =>
        {
            Assert.StartsWith("[guid(resourceId(", a.Name);
            Assert.Contains(a.PrincipalId[1..^1], a.Name);
            Assert.Contains(ArmTemplate.VariablesIn(a.Properties.GetProperty("roleDefinitionId").GetString()!).Single(), a.Name);
        });
        Assert.All(Assignments(), a => Assert.StartsWith("[guid(", a.Name));
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
