namespace Dimpact.Infrastructure.Tests;

[Collection(CompiledInfrastructureCollection.Name)]
public sealed class KeyVaultTests(CompiledInfrastructure infra)
{
    [Fact]
    public void Authorizes_by_Azure_RBAC_with_soft_delete_and_purge_protection_as_a_parameter()
    {
        var (template, vault) = infra.Main.Single("Microsoft.KeyVault/vaults");
        var properties = vault.GetProperty("properties");

        Assert.True(properties.GetProperty("enableRbacAuthorization").GetBoolean());
        Assert.True(properties.GetProperty("enableSoftDelete").GetBoolean());
        Assert.Contains("parameters('enablePurgeProtection')", properties.GetProperty("enablePurgeProtection").GetString());
        Assert.Equal("Enabled", template.Resolve(properties.GetProperty("publicNetworkAccess")).GetString());
        Assert.False(properties.TryGetProperty("accessPolicies", out _));
    }
}
