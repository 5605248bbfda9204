using System.Text.Json;

namespace Dimpact.Infrastructure.Tests;

[Collection(CompiledInfrastructureCollection.Name)]
public sealed class EventGridTests(CompiledInfrastructure infra)
{
    /// <summary>The event subscription a module deployment creates, with the module's template (whose parameters say where to).</summary>
    private (ArmTemplate Template, JsonElement Subscription) Subscription(string module)
    {
        var template = infra.Main.Module(module);
        return (template, Assert.Single(template.OwnResources, r => ArmTemplate.TypeOf(r) == "Microsoft.EventGrid/systemTopics/eventSubscriptions"));
    }

    [Fact]
    public void Publishes_blob_events_of_the_storage_account_through_a_system_topic()
    {
        var (_, topic) = infra.Main.Single("Microsoft.EventGrid/systemTopics");

        Assert.Equal("Microsoft.Storage.StorageAccounts", topic.GetProperty("properties").GetProperty("topicType").GetString());
        Assert.StartsWith("[resourceId('Microsoft.Storage/storageAccounts'", topic.GetProperty("properties").GetProperty("source").GetString());
    }

    [Theory]
    [InlineData("blob-events-subscription", "population-uploads", "IngestPopulationUpload")]
    [InlineData("master-data-events-subscription", "master-data", "UploadMasterData")]
    [InlineData("bank-statement-events-subscription", "bank-statements", "ImportBankStatement")]
    public void Delivers_new_uploads_to_the_blob_extension_webhook_of_their_function(string module, string container, string function)
    {
        var (template, subscription) = Subscription(module);
        var properties = subscription.GetProperty("properties");
        var filter = properties.GetProperty("filter");
        var destination = properties.GetProperty("destination");

        Assert.Equal(["Microsoft.Storage.BlobCreated"], filter.GetProperty("includedEventTypes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("[format('/blobServices/default/containers/{0}/', parameters('containerName'))]", filter.GetProperty("subjectBeginsWith").GetString());
        Assert.Equal(container, template.Parameter("containerName").GetString());
        Assert.Equal(function, template.Parameter("functionName").GetString());
        Assert.Equal("WebHook", destination.GetProperty("endpointType").GetString());
        var url = destination.GetProperty("properties").GetProperty("endpointUrl").GetString()!;
        Assert.Contains("https://{0}/runtime/webhooks/blobs?functionName=Host.Functions.{1}&code={2}", url);
        Assert.Contains(".systemKeys.blobs_extension", url);
        // The container exists in the storage account, as the app names it.
        Assert.Contains(container, Dimpact.Storage.BillingStorage.AllContainers);
    }

    [Fact]
    public void Every_upload_container_has_its_subscription_and_no_other_container_has_one()
    {
        var subscribed = infra.Main.AllResources("Microsoft.EventGrid/systemTopics/eventSubscriptions")
            .Select(r => r.Template.Parameter("containerName").GetString()).Order().ToList();

        Assert.Equal(["bank-statements", "master-data", "population-uploads"], subscribed);
    }

    [Fact]
    public void Dead_letters_undeliverable_upload_events_to_a_container_with_the_topics_own_identity()
    {
        var (template, subscription) = Subscription("blob-events-subscription");
        var deadLetter = subscription.GetProperty("properties").GetProperty("deadLetterWithResourceIdentity");
        var destination = deadLetter.GetProperty("deadLetterDestination");
        var (_, topic) = infra.Main.Single("Microsoft.EventGrid/systemTopics");
        var topicTemplate = infra.Main.Module("blob-events-topic");
        var writer = Assert.Single(topicTemplate.OwnResources, r => ArmTemplate.TypeOf(r) == "Microsoft.Authorization/roleAssignments");
        var container = template.Parameter("deadLetterContainerName").GetString();

        Assert.Equal("SystemAssigned", deadLetter.GetProperty("identity").GetProperty("type").GetString());
        Assert.Equal("StorageBlob", destination.GetProperty("endpointType").GetString());
        Assert.StartsWith("[resourceId('Microsoft.Storage/storageAccounts'", destination.GetProperty("properties").GetProperty("resourceId").GetString());
        Assert.Equal("[parameters('deadLetterContainerName')]", destination.GetProperty("properties").GetProperty("blobContainerName").GetString());
        Assert.Equal("upload-events-deadletter", container);
        // The container exists, and the topic's system-assigned identity may write to it (and to nothing else).
        Assert.Contains(container, infra.Main.Module("storage").Variable("containerNames").EnumerateArray().Select(n => infra.Main.Module("storage").Resolve(n).GetString()));
        Assert.Equal("SystemAssigned", topic.GetProperty("identity").GetProperty("type").GetString());
        Assert.Equal(container, topicTemplate.Parameter("deadLetterContainerName").GetString());
        Assert.Contains("[resourceId('Microsoft.Storage/storageAccounts/blobServices/containers', parameters('storageAccountName'), 'default', parameters('deadLetterContainerName'))]",
            writer.GetProperty("scope").GetString());
        Assert.Contains("systemTopics", writer.GetProperty("properties").GetProperty("principalId").GetString());
        Assert.Contains(".identity.principalId", writer.GetProperty("properties").GetProperty("principalId").GetString());
    }

    [Theory]
    [InlineData("blob-events-subscription")]
    [InlineData("master-data-events-subscription")]
    [InlineData("bank-statement-events-subscription")]
    public void Creates_the_subscriptions_only_in_the_second_deployment_step(string name)
    {
        var module = infra.Main.ModuleDeployment(name);

        Assert.Equal("[parameters('deployEventGridSubscription')]", module.GetProperty("condition").GetString());
        Assert.False(infra.Main.Parameter("deployEventGridSubscription").GetBoolean());
        Assert.False(infra.EnvironmentParameters("test").GetProperty("deployEventGridSubscription").GetProperty("value").GetBoolean());
    }
}
