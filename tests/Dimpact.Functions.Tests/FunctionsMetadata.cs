using System.Reflection;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Dimpact.TestSupport;

namespace Dimpact.Functions.Tests;

/// <summary>The functions.metadata the Worker SDK generates is what the host indexes: assert the triggers in it.</summary>
public class FunctionsMetadata
{
    private static JsonElement Function(string name)
    {
        // Same configuration as this test build: .../bin/{Configuration}/net10.0/
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var path = Path.Combine(Repository.Root, "src", "Dimpact.Functions", "bin", configuration, "net10.0", "functions.metadata");
        Assert.True(File.Exists(path), $"{path} was not generated");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateArray().Single(f => f.GetProperty("name").GetString() == name).Clone();
    }

    private static JsonElement Binding(JsonElement function, string type) =>
        function.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString() == type);

    [Fact]
    public void The_daily_issue_run_is_a_timer_on_the_IssueSchedule_setting()
    {
        var timer = Binding(Function("IssueDueInvoices"), "timerTrigger");
        Assert.Equal("%IssueSchedule%", timer.GetProperty("schedule").GetString());
        Assert.Equal("Dimpact.Functions.IssueDueInvoicesFunction.Run", Function("IssueDueInvoices").GetProperty("entryPoint").GetString());
    }

    [Fact]
    public void The_issue_preview_is_an_HTTP_GET_behind_a_function_key()
    {
        var http = Binding(Function("PreviewIssue"), "httpTrigger");
        Assert.Equal("Function", http.GetProperty("authLevel").GetString());
        Assert.Equal(["get"], http.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("preview-issue", http.GetProperty("route").GetString());
    }

    [Fact]
    public void The_status_is_an_HTTP_GET_behind_a_function_key()
    {
        var http = Binding(Function("Status"), "httpTrigger");
        Assert.Equal("Function", http.GetProperty("authLevel").GetString());
        Assert.Equal(["get"], http.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("status", http.GetProperty("route").GetString());
    }

    [Fact]
    public void The_population_upload_trigger_is_a_blob_trigger_with_the_Event_Grid_source_on_population_uploads()
    {
        // Flex Consumption runs blob triggers only with the Event Grid source (no container polling).
        var trigger = Binding(Function("IngestPopulationUpload"), "blobTrigger");
        Assert.Equal("population-uploads/{name}", trigger.GetProperty("path").GetString());
        Assert.Equal("BillingStorage", trigger.GetProperty("connection").GetString());
        Assert.Equal("EventGrid", trigger.GetProperty("source").GetString());
        Assert.Equal("Dimpact.Functions.IngestPopulationUploadFunction.Run", Function("IngestPopulationUpload").GetProperty("entryPoint").GetString());
    }

    [Fact]
    public void The_master_data_upload_trigger_is_a_blob_trigger_with_the_Event_Grid_source_on_master_data()
    {
        var trigger = Binding(Function("UploadMasterData"), "blobTrigger");
        Assert.Equal("master-data/{name}", trigger.GetProperty("path").GetString());
        Assert.Equal("BillingStorage", trigger.GetProperty("connection").GetString());
        Assert.Equal("EventGrid", trigger.GetProperty("source").GetString());
        Assert.Equal("Dimpact.Functions.UploadMasterDataFunction.Run", Function("UploadMasterData").GetProperty("entryPoint").GetString());
    }

    [Fact]
    public void The_bank_statement_trigger_is_a_blob_trigger_with_the_Event_Grid_source_on_bank_statements()
    {
        var trigger = Binding(Function("ImportBankStatement"), "blobTrigger");
        Assert.Equal("bank-statements/{name}", trigger.GetProperty("path").GetString());
        Assert.Equal("BillingStorage", trigger.GetProperty("connection").GetString());
        Assert.Equal("EventGrid", trigger.GetProperty("source").GetString());
        Assert.Equal("Dimpact.Functions.ImportBankStatementFunction.Run", Function("ImportBankStatement").GetProperty("entryPoint").GetString());
    }

    /// <summary>
    /// A function whose metadata has no output binding returns Task: a value the host has nowhere to bind is dropped.
    /// </summary>
    [Fact]
    public void Functions_without_an_output_binding_return_Task()
    {
        var methods = typeof(IssueDueInvoicesFunction).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Select(m => (Method: m, Name: m.GetCustomAttribute<FunctionAttribute>()?.Name))
            .Where(f => f.Name is not null)
            .ToList();
        Assert.Equal(7, methods.Count);
        foreach (var (method, name) in methods)
        {
            var outputs = Function(name!).GetProperty("bindings").EnumerateArray().Count(b => b.GetProperty("direction").GetString() == "Out");
            if (outputs == 0) Assert.True(method.ReturnType == typeof(Task), $"{name} returns {method.ReturnType.Name} without an output binding");
        }
    }

    [Fact]
    public void The_app_ships_the_repository_host_json_and_the_tariff_years()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var output = Path.Combine(Repository.Root, "src", "Dimpact.Functions", "bin", configuration, "net10.0");
        Assert.Equal(File.ReadAllText(Path.Combine(Repository.Root, "host.json")), File.ReadAllText(Path.Combine(output, "host.json")));
        Assert.True(File.Exists(Path.Combine(output, "data", "tariff-years", "2024", "budget.csv")));
        // The seed of the master data in an empty storage account.
        Assert.True(File.Exists(Path.Combine(output, "data", "members", "registry.csv")));
        Assert.True(File.Exists(Path.Combine(output, "data", "members", "membership-changes.csv")));
    }
}
