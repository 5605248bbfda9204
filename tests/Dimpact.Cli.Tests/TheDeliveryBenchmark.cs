using Dimpact.TestSupport;

namespace Dimpact.Cli.Tests;

/// <summary>
/// `dimpact bench deliver` delivers every document it issued, once, and prints documents/s and storage requests per
/// document for dispatch and send. Its figures are printed, never asserted.
/// </summary>
public class TheDeliveryBenchmark
{
    [Fact]
    public async Task The_delivery_bench_delivers_every_issued_document_and_prints_its_figures()
    {
        var result = await CliProcess.RunAsync("bench", "deliver", "--members", "20", "--csv", "--storage", Azurite.ConnectionString);

        Assert.Equal(0, result.ExitCode);
        var metrics = result.Output.TrimEnd('\n').Split('\n').Skip(1).Select(l => l.Split(',')).ToDictionary(f => f[0], f => f[1]);
        Assert.Equal("20", metrics["documents"]);
        Assert.All(["deliver_documents_per_second", "deliver_storage_requests_per_document", "dispatch_documents_per_second",
            "dispatch_storage_requests_per_document", "send_documents_per_second", "send_storage_requests_per_document"], m => Assert.Contains(m, metrics.Keys));
    }
}
