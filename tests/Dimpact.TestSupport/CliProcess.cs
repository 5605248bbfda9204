using System.Diagnostics;

namespace Dimpact.TestSupport;

public sealed record CliResult(int ExitCode, string Output, string Error);

/// <summary>Runs the built `dimpact` CLI (copied into the test's output by its project reference) as a process.</summary>
public static class CliProcess
{
    public static async Task<CliResult> RunAsync(IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "dimpact.dll"), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Repository.Root,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await output, await error);
    }

    public static Task<CliResult> RunAsync(params string[] arguments) => RunAsync(arguments, null);
}
