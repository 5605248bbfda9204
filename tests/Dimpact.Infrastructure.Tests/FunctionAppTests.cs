using System.Text.Json;

using Dimpact.Functions;

namespace Dimpact.Infrastructure.Tests;

[Collection(CompiledInfrastructureCollection.Name)]
public sealed class FunctionAppTests(CompiledInfrastructure infra)
{
    private readonly ArmTemplate _app = infra.Main.Module("function-app");

    private JsonElement Resource(string type) => _app.OwnResources.Single(r => ArmTemplate.TypeOf(r) == type);

    private JsonElement Config(string name) =>
        _app.OwnResources.Single(r => ArmTemplate.TypeOf(r) == "Microsoft.Web/sites/config" && r.GetProperty("name").GetString()!.Contains($"'{name}'", StringComparison.Ordinal));

    private Dictionary<string, string> AppSettings() =>
        Config("appsettings").GetProperty("properties").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetString()!);

    [Fact]
    public void Runs_on_the_Flex_Consumption_plan_on_Linux()
    {
        var plan = Resource("Microsoft.Web/serverfarms");

        Assert.Equal("FC1", plan.GetProperty("sku").GetProperty("name").GetString());
        Assert.Equal("FlexConsumption", plan.GetProperty("sku").GetProperty("tier").GetString());
        Assert.True(plan.GetProperty("properties").GetProperty("reserved").GetBoolean());
    }

    [Fact]
    public void Runs_dotnet_isolated_10_and_reads_its_package_with_the_managed_identity()
    {
        var config = Resource("Microsoft.Web/sites").GetProperty("properties").GetProperty("functionAppConfig");

        var runtime = config.GetProperty("runtime");
        Assert.Equal("dotnet-isolated", runtime.GetProperty("name").GetString());
        Assert.Equal("10.0", runtime.GetProperty("version").GetString());
        var storage = config.GetProperty("deployment").GetProperty("storage");
        Assert.Equal("blobContainer", storage.GetProperty("type").GetString());
        Assert.Equal("UserAssignedIdentity", storage.GetProperty("authentication").GetProperty("type").GetString());
    }

    [Fact]
    public void Has_a_managed_identity_and_https_only()
    {
        var site = Resource("Microsoft.Web/sites");

        Assert.Contains("UserAssigned", site.GetProperty("identity").GetProperty("type").GetString());
        Assert.True(site.GetProperty("properties").GetProperty("httpsOnly").GetBoolean());
        Assert.Equal("[parameters('identityId')]", site.GetProperty("properties").GetProperty("keyVaultReferenceIdentity").GetString());
    }

    [Fact]
    public void Connects_to_storage_by_identity_and_never_with_a_connection_string_or_key()
    {
        var settings = AppSettings();
        string[] identitySuffixes = ["accountName", "blobServiceUri", "queueServiceUri", "tableServiceUri", "credential", "clientId"];

        foreach (var connection in new[] { "AzureWebJobsStorage", "BillingStorage" })
        {
            Assert.DoesNotContain(connection, settings.Keys);
            var keys = settings.Keys.Where(k => k.StartsWith(connection + "__", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(keys);
            Assert.All(keys, k => Assert.Contains(k[(connection.Length + 2)..], identitySuffixes));
            Assert.Equal("managedidentity", settings[connection + "__credential"]);
        }

        Assert.Contains("AzureWebJobsStorage__accountName", settings.Keys);
        Assert.Contains("BillingStorage__blobServiceUri", settings.Keys);
        Assert.Contains("BillingStorage__queueServiceUri", settings.Keys);
        Assert.Contains("BillingStorage__tableServiceUri", settings.Keys);
        Assert.All(settings.Values, v => Assert.DoesNotContain("AccountKey=", v, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("AccountKey=", infra.Json, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_only_listKeys_call_reads_the_blob_extension_key_of_the_function_host()
    {
        var calls = infra.Json.Split("listKeys(").Length - 1;
        var hostKeyCalls = infra.Json.Split("listKeys(format('{0}/host/default'").Length - 1;

        // One per Event Grid subscription (population uploads, master data, bank statements), each in its own module deployment.
        Assert.Equal(3, calls);
        Assert.Equal(calls, hostKeyCalls);
    }

    [Fact]
    public void Takes_the_SMTP_password_from_a_Key_Vault_reference()
    {
        var password = AppSettings()["Smtp__Password"];

        Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri={0}secrets/smtp-password)'", password);
        var vaultUri = infra.Main.ModuleDeployment("function-app").GetProperty("properties")
            .GetProperty("parameters").GetProperty("keyVaultUri").GetProperty("value").GetString();
        Assert.Contains("'key-vault'", vaultUri);
        Assert.Contains("outputs.uri.value", vaultUri);
    }

    [Fact]
    public void Carries_the_settings_the_billing_app_reads()
    {
        var settings = AppSettings();

        Expect.ContainsAll(
            new[]
            {
                "IssueSchedule", "Smtp__Host", "Smtp__Port", "Smtp__UseTls", "Smtp__UserName", "Smtp__Password", "Smtp__From",
                "Seller__VatNumber", "Seller__Iban", "Seller__InvoiceContactEmail", "Finance__NotifyEmails",
                "APPLICATIONINSIGHTS_CONNECTION_STRING", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
            },
            settings.Keys);
        // Flex Consumption rejects these; the runtime comes from functionAppConfig.
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", settings.Keys);
        Assert.DoesNotContain("FUNCTIONS_EXTENSION_VERSION", settings.Keys);
        Assert.Equal("0 0 5 * * *", infra.Main.Parameter("issueSchedule").GetString());
    }

    [Fact]
    public void Finance_is_reminded_of_missing_figures_from_the_date_the_alert_uses()
    {
        // One date for the settlement alert and the finance notification (Finance:SettlementFiguresExpectedBy, which
        // reads the alert's --MM-DD form too).
        Assert.Equal("[parameters('settlementFiguresExpectedBy')]", AppSettings()["Finance__SettlementFiguresExpectedBy"]);
        Assert.Equal("--12-15", _app.Parameter("settlementFiguresExpectedBy").GetString());
        Assert.Equal("--12-15", infra.Main.Module("monitoring").Parameter("settlementFiguresExpectedBy").GetString());
    }

    [Fact]
    public void Sets_no_ftpsState_which_Flex_Consumption_does_not_support()
    {
        var siteConfig = Resource("Microsoft.Web/sites").GetProperty("properties").GetProperty("siteConfig");

        Assert.False(siteConfig.TryGetProperty("ftpsState", out _));
        Assert.DoesNotContain("ftpsState", infra.Json, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Allows_no_basic_auth_publishing()
    {
        var policies = _app.OwnResources
            .Where(r => ArmTemplate.TypeOf(r) == "Microsoft.Web/sites/basicPublishingCredentialsPolicies")
            .ToList();

        Assert.Equal(2, policies.Count);
        Assert.All(policies, p => Assert.False(p.GetProperty("properties").GetProperty("allow").GetBoolean()));
    }

    [Fact]
    public void A_person_calling_the_API_needs_an_Entra_ID_token_of_a_finance_or_operators_member()
    {
        var auth = Config("authsettingsV2");
        var properties = auth.GetProperty("properties");
        var validation = properties.GetProperty("globalValidation");
        var aad = properties.GetProperty("identityProviders").GetProperty("azureActiveDirectory");

        // Only with an app registration (a test deployment without one keeps the function key alone).
        Assert.Equal("[not(empty(parameters('apiClientId')))]", auth.GetProperty("condition").GetString());
        Assert.Equal("", infra.Main.Root.GetProperty("parameters").GetProperty("apiClientId").GetProperty("defaultValue").GetString());
        Assert.True(properties.GetProperty("platform").GetProperty("enabled").GetBoolean());
        Assert.True(validation.GetProperty("requireAuthentication").GetBoolean());
        Assert.Equal("Return401", validation.GetProperty("unauthenticatedClientAction").GetString());
        Assert.True(aad.GetProperty("enabled").GetBoolean());
        Assert.Equal("[parameters('apiClientId')]", aad.GetProperty("registration").GetProperty("clientId").GetString());
        Assert.Contains("environment().authentication.loginEndpoint", aad.GetProperty("registration").GetProperty("openIdIssuer").GetString());
        Assert.Contains("[format('api://{0}', parameters('apiClientId'))]",
            aad.GetProperty("validation").GetProperty("allowedAudiences").EnumerateArray().Select(a => a.GetString()));

        // Restricted to the two groups: the members of finance's and the operators' group, whichever are given.
        var groups = aad.GetProperty("validation").GetProperty("defaultAuthorizationPolicy").GetProperty("allowedPrincipals").GetProperty("groups");
        Assert.Equal("[parameters('apiAllowedGroupIds')]", groups.GetString());
        var passed = _app.InputExpression("apiAllowedGroupIds")!;
        Assert.Contains("parameters('financeGroupId')", passed);
        Assert.Contains("parameters('operatorsGroupId')", passed);
        Assert.Contains("not(empty(", passed);
    }

    [Fact]
    public void The_Event_Grid_webhook_stays_outside_authentication_behind_its_system_key()
    {
        // Event Grid sends no Entra ID token: behind authentication every upload event would get 401.
        var excluded = Config("authsettingsV2").GetProperty("properties").GetProperty("globalValidation").GetProperty("excludedPaths");

        Assert.Equal(["/runtime/webhooks/blobs"], excluded.EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public void Every_HTTP_function_keeps_its_function_key_behind_authentication()
    {
        var triggers = typeof(StatusFunction).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .SelectMany(m => m.GetParameters())
            .Select(p => p.GetCustomAttributes(typeof(Microsoft.Azure.Functions.Worker.HttpTriggerAttribute), false).Cast<Microsoft.Azure.Functions.Worker.HttpTriggerAttribute>().SingleOrDefault())
            .OfType<Microsoft.Azure.Functions.Worker.HttpTriggerAttribute>()
            .ToList();

        Assert.NotEmpty(triggers);
        Assert.All(triggers, t => Assert.Equal(Microsoft.Azure.Functions.Worker.AuthorizationLevel.Function, t.AuthLevel));
    }
}
