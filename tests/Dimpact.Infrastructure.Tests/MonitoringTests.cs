namespace Dimpact.Infrastructure.Tests;

[Collection(CompiledInfrastructureCollection.Name)]
public sealed class MonitoringTests(CompiledInfrastructure infra)
{
    private readonly ArmTemplate _monitoring = infra.Main.Module("monitoring");

    [Fact]
    public void Application_Insights_is_workspace_based_and_accepts_only_Entra_ID_telemetry()
    {
        var (_, component) = infra.Main.Single("Microsoft.Insights/components");
        var properties = component.GetProperty("properties");

        Assert.StartsWith("[resourceId('Microsoft.OperationalInsights/workspaces'", properties.GetProperty("WorkspaceResourceId").GetString());
        Assert.True(properties.GetProperty("DisableLocalAuth").GetBoolean());
    }

    [Theory]
    [InlineData("failed-function-run", "success == false", "exceptions")]
    [InlineData("poison-message", "MaxDequeueCount", "Moving message to queue")]
    [InlineData("settlement-waiting-for-figures", "SettlementWaitingForFigures", "make_datetime(tariffYear, {0}, {1})")]
    public void Alerts_on_failures_poison_messages_and_a_late_settlement(string name, string queryPart, string otherQueryPart)
    {
        var alert = Assert.Single(_monitoring.Variable("alerts").EnumerateArray(), a => a.GetProperty("name").GetString() == name);
        var query = alert.GetProperty("query").GetString()!;
        // A query built from a variable resolves through it.
        var queryText = query + string.Concat(ArmTemplate.VariablesIn(query).Select(v => _monitoring.Variable(v).GetString()));

        Assert.Contains(queryPart, queryText);
        Assert.Contains(otherQueryPart, queryText);
    }

    [Fact]
    public void Every_alert_rule_mails_the_operations_action_group()
    {
        var (_, rules) = infra.Main.Single("Microsoft.Insights/scheduledQueryRules");
        var (_, group) = infra.Main.Single("Microsoft.Insights/actionGroups");

        Assert.Equal("[length(variables('alerts'))]", rules.GetProperty("copy").GetProperty("count").GetString());
        Assert.Equal(3, _monitoring.Variable("alerts").GetArrayLength());
        Assert.StartsWith("[resourceId('Microsoft.Insights/actionGroups'",
            Assert.Single(rules.GetProperty("properties").GetProperty("actions").GetProperty("actionGroups").EnumerateArray()).GetString());
        var receiver = Assert.Single(group.GetProperty("properties").GetProperty("emailReceivers").EnumerateArray());
        Assert.Equal("[parameters('alertEmail')]", receiver.GetProperty("emailAddress").GetString());
    }

    [Fact]
    public void The_settlement_alert_date_is_the_configured_month_and_day()
    {
        Assert.Equal("--12-15", infra.Main.Parameter("settlementFiguresExpectedBy").GetString());
        Assert.Equal("[int(substring(parameters('settlementFiguresExpectedBy'), 2, 2))]", _monitoring.Variable("expectedMonth").GetString());
        Assert.Equal("[int(substring(parameters('settlementFiguresExpectedBy'), 5, 2))]", _monitoring.Variable("expectedDay").GetString());
    }
}
