using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Dimpact.TestSupport;

/// <summary>
/// The storage emulator the integration tests run against: the one named by DIMPACT_TEST_STORAGE (a connection
/// string; scripts/test.sh starts one), or else an Azurite this test process starts from tools/azurite on free
/// loopback ports with a temporary location, and stops when it exits.
/// </summary>
public static class Azurite
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly Lazy<string> Started = new(Start);

    public static string ConnectionString => Environment.GetEnvironmentVariable("DIMPACT_TEST_STORAGE") is { Length: > 0 } cs ? cs : Started.Value;

    /// <summary>A name prefix that isolates one test's tables, containers and queues from every other test's.</summary>
    public static string UniquePrefix() => "t" + Guid.NewGuid().ToString("N")[..10];

    public static string ConnectionStringFor(int blobPort, int queuePort, int tablePort) =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";

    private static string Start()
    {
        var executable = Path.Combine(Repository.Root, "tools", "azurite", "node_modules", ".bin", "azurite");
        if (!File.Exists(executable))
            throw new InvalidOperationException($"Azurite is not installed at {executable}: run 'npm ci' in tools/azurite (scripts/test.sh does).");
        var ports = Enumerable.Range(0, 3).Select(_ => FreePort()).ToArray();
        var location = Directory.CreateTempSubdirectory("azurite-").FullName;
        var process = Process.Start(new ProcessStartInfo(executable,
            ["--silent", "--skipApiVersionCheck", "--location", location,
             "--blobHost", "127.0.0.1", "--blobPort", ports[0].ToString(),
             "--queueHost", "127.0.0.1", "--queuePort", ports[1].ToString(),
             "--tableHost", "127.0.0.1", "--tablePort", ports[2].ToString()])
        { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { process.Kill(entireProcessTree: true); Directory.Delete(location, recursive: true); }
            catch (Exception) { /* the process is ending; nothing left to do */ }
        };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!ports.All(Listening))
        {
            if (process.HasExited) throw new InvalidOperationException($"Azurite exited: {process.StandardError.ReadToEnd()}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Azurite did not start within 60 s.");
            Thread.Sleep(100);
        }
        return ConnectionStringFor(ports[0], ports[1], ports[2]);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException) { return false; }
    }
}
