namespace Dimpact.Infrastructure.Tests;

[Collection(CompiledInfrastructureCollection.Name)]
public sealed class DeploymentOutputTests(CompiledInfrastructure infra)
{
    [Fact]
    public void Names_what_the_runbook_needs_after_deployment()
    {
        var outputs = infra.Main.Root.GetProperty("outputs").EnumerateObject().Select(o => o.Name);

        Expect.ContainsAll(
            new[]
            {
                "functionAppName", "functionAppDefaultHostName", "storageAccountName", "uploadContainerUrl",
                "keyVaultName", "appInsightsName",
            },
            outputs);
    }
}
