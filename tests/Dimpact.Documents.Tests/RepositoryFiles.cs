namespace Dimpact.Documents.Tests;

/// <summary>Finds files of the repository from the test's output folder.</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Dimpact.Functions.sln"))) return dir.FullName;
        throw new InvalidOperationException("The repository root (with Dimpact.Functions.sln) is not above " + AppContext.BaseDirectory);
    }
}
