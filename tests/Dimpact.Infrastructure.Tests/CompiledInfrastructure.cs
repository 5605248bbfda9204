using System.Text.Json;

namespace Dimpact.Infrastructure.Tests;

/// <summary>infra/main.bicep compiled once per test run by the restored Bicep CLI.</summary>
public sealed class CompiledInfrastructure : IDisposable
{
    private readonly string _directory =
        Directory.CreateTempSubdirectory("dimpact-infra-tests-").FullName;

    public CompiledInfrastructure()
    {
        var output = Path.Combine(_directory, "main.json");
        Bicep.Run("build", Path.Combine("infra", "main.bicep"), "--outfile", output);
        Json = File.ReadAllText(output);
        Main = new ArmTemplate(JsonDocument.Parse(Json).RootElement);
    }

    public string Json { get; }

    public ArmTemplate Main { get; }

    /// <summary>Compiles an environment's .bicepparam file to its parameter values.</summary>
    public JsonElement EnvironmentParameters(string environment)
    {
        var output = Path.Combine(_directory, $"{environment}.parameters.json");
        Bicep.Run("build-params", Path.Combine("infra", "environments", $"{environment}.bicepparam"), "--outfile", output);
        return JsonDocument.Parse(File.ReadAllText(output)).RootElement.GetProperty("parameters");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}

[CollectionDefinition(Name)]
public sealed class CompiledInfrastructureCollection : ICollectionFixture<CompiledInfrastructure>
{
    public const string Name = "compiled infrastructure";
}
