using Dimpact.Functions;
using Microsoft.Extensions.Logging;

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

    /// <summary>
    /// The settlement alert's query, run (as far as its message filters go) on the very line the app writes: it finds
    /// the term, parses the tariff year from the rendered message, and does not rely on structured properties, which
    /// the isolated worker's logs do not carry into Application Insights (azure-functions-host #7452).
    /// </summary>
    [Fact]
    public void The_settlement_alert_reads_the_tariff_year_from_the_warning_the_app_writes()
    {
        var logger = new RenderingLogger();
        SettlementLog.WriteWaiting(logger, 2024, ["GM0150", "GM0153"]);
        var line = Assert.Single(logger.Lines);
        var query = _monitoring.Variable("settlementWaitingQuery").GetString()!;

        Assert.Equal([SettlementLog.WaitingForFigures], Kql.HasTerms(query));
        Assert.True(Kql.Has(line, SettlementLog.WaitingForFigures), line);
        Assert.Contains($"\"{SettlementLog.BeforeTariffYear}\" tariffYear:int \"{SettlementLog.AfterTariffYear}\"", query);
        Assert.Equal("2024", Kql.Parse(query, line)?["tariffYear"]);
        Assert.DoesNotContain("customDimensions", query);
    }

    [Fact]
    public void The_failed_run_alert_reads_the_failed_requests_and_exceptions_the_host_records()
    {
        // A function that throws (a failed run does: Functions tests) is a request with success == false and an
        // exception in Application Insights; both are written by the host, whatever the worker's logging.
        var query = _monitoring.Variable("failedRunQuery").GetString()!;

        Assert.Matches(@"requests\s*\|\s*where success == false", query);
        Assert.Matches(@"\(exceptions\s*\|", query);
    }

    [Fact]
    public void The_failed_run_alert_catches_the_error_a_daily_run_without_tariff_data_writes()
    {
        var query = _monitoring.Variable("failedRunQuery").GetString()!;
        var logger = new RenderingLogger();
        var run = new Dimpact.Billing.Invoicing.IssueRun(new NodaTime.LocalDate(2025, 1, 2), false, [], [], 0, MissingTariffYear: 2025);
        IssueDueInvoicesFunction.LogProblem(logger, run);

        var line = Assert.Single(logger.Lines);
        Assert.Contains("severityLevel >= 3", query);
        Assert.All(Kql.HasTerms(query), term => Assert.True(Kql.Has(line, term), $"'{term}' is not in: {line}"));
        Assert.Contains(IssueDueInvoicesFunction.NoTariffYear, Kql.HasTerms(query));
        Assert.Equal(LogLevel.Error, logger.Levels.Single());
    }

    /// <summary>Keeps each log line as rendered, which is the message Application Insights receives from the host.</summary>
    private sealed class RenderingLogger : ILogger
    {
        public List<string> Lines { get; } = [];
        public List<LogLevel> Levels { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            Lines.Add(formatter(state, exception));
            Levels.Add(logLevel);
        }
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
