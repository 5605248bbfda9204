using System.Diagnostics;
using System.Reflection;

namespace Dimpact.Infrastructure.Tests;

/// <summary>The Bicep CLI restored from NuGet by this project's PackageDownload.</summary>
public static class Bicep
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string ExecutablePath { get; } = FindExecutable();

    /// <summary>Runs bicep with the arguments; fails on a non-zero exit or any warning or error.</summary>
    public static void Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(ExecutablePath)
        {
            WorkingDirectory = RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"Could not start {ExecutablePath}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        var output = stdout.Result + stderr.Result;
        if (process.ExitCode != 0 || output.Contains(": Warning ", StringComparison.Ordinal)
            || output.Contains(": Error ", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"bicep {string.Join(' ', arguments)} exited {process.ExitCode}:\n{output}");
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "infra", "main.bicep")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No infra/main.bicep above {AppContext.BaseDirectory}");
    }

    private static string FindExecutable()
    {
        var metadata = typeof(Bicep).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .ToDictionary(a => a.Key, a => a.Value);
        var version = metadata["BicepVersion"];
        var candidates = new List<string?> { metadata["BicepPath"] };
        foreach (var root in new[]
                 {
                     Environment.GetEnvironmentVariable("NUGET_PACKAGES"),
                     Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
                 })
        {
            if (!string.IsNullOrEmpty(root))
            {
                candidates.Add(Path.Combine(root, "azure.bicep.commandline.linux-x64", version!, "tools", "bicep"));
            }
        }

        var path = candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                "Bicep CLI not found; restore tests/Dimpact.Infrastructure.Tests. Looked at: "
                + string.Join(", ", candidates));
        if (!OperatingSystem.IsWindows() && !File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute);
        }

        return path;
    }
}
