using System.Text.Json;

namespace Dimpact.Infrastructure.Tests;

/// <summary>The function app's host.json at the repository root.</summary>
public sealed class HostJsonTests
{
    private readonly JsonElement _host =
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Bicep.RepositoryRoot, "host.json"))).RootElement;

    [Fact]
    public void Is_a_version_2_host_with_a_bounded_function_timeout()
    {
        Assert.Equal("2.0", _host.GetProperty("version").GetString());
        Assert.True(TimeSpan.Parse(_host.GetProperty("functionTimeout").GetString()!) <= TimeSpan.FromMinutes(10));
    }

    [Fact]
    public void Moves_a_delivery_to_the_poison_queue_after_five_attempts()
    {
        var queues = _host.GetProperty("extensions").GetProperty("queues");

        Assert.Equal(5, queues.GetProperty("maxDequeueCount").GetInt32());
        Assert.Equal("00:00:30", queues.GetProperty("visibilityTimeout").GetString());
        Assert.Equal("00:00:10", queues.GetProperty("maxPollingInterval").GetString());
    }

    [Fact]
    public void Delivers_eight_documents_at_once_and_fetches_more_when_half_are_done()
    {
        // As 'dimpact deliver' does (DeliverQueuedInvoices.ConcurrentDeliveries); the per-document claim keeps it safe.
        var queues = _host.GetProperty("extensions").GetProperty("queues");

        Assert.Equal(8, queues.GetProperty("batchSize").GetInt32());
        Assert.Equal(4, queues.GetProperty("newBatchThreshold").GetInt32());
    }

    [Fact]
    public void Ingests_one_population_upload_at_a_time()
    {
        var blobs = _host.GetProperty("extensions").GetProperty("blobs");

        Assert.Equal(1, blobs.GetProperty("maxDegreeOfParallelism").GetInt32());
        Assert.Equal(5, blobs.GetProperty("poisonBlobThreshold").GetInt32());
    }

    [Fact]
    public void Never_samples_away_the_requests_exceptions_and_traces_the_alerts_query()
    {
        var sampling = _host.GetProperty("logging").GetProperty("applicationInsights").GetProperty("samplingSettings");
        var excluded = sampling.GetProperty("excludedTypes").GetString()!.Split(';');

        Assert.Contains("Request", excluded);
        Assert.Contains("Exception", excluded);
        Assert.Contains("Trace", excluded);
    }

    [Theory]
    [InlineData("default", "Information")]
    [InlineData("Host.Results", "Information")]
    [InlineData("Function", "Information")]
    [InlineData("Azure.Core", "Warning")]
    public void Logs_at_the_agreed_levels(string category, string level)
    {
        Assert.Equal(level, _host.GetProperty("logging").GetProperty("logLevel").GetProperty(category).GetString());
    }
}
