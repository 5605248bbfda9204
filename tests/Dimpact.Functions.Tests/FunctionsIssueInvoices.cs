using Dimpact.App;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Tariffs;
using Dimpact.Delivery;
using Dimpact.Storage;
using Dimpact.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using NodaTime.Testing;

namespace Dimpact.Functions.Tests;

/// <summary>The function classes called as the host would call them, against Azurite.</summary>
public class FunctionsIssueInvoices
{
    private readonly BillingStorage _storage = BillingStorage.FromConnectionString(Azurite.ConnectionString, Azurite.UniquePrefix());

    private PreviewIssueFunction Preview(IClock clock) =>
        ActivatorUtilities.CreateInstance<PreviewIssueFunction>(FunctionClasses.Services(_storage, clock));

    private static FakeClock At(int year, int month, int day, int hourUtc = 5) => new(Instant.FromUtc(year, month, day, hourUtc, 0));

    [Fact]
    public async Task The_timer_issues_what_is_due_on_todays_Amsterdam_date_and_a_past_due_run_catches_up()
    {
        // 31 December 23:30 UTC is 1 January in Amsterdam.
        var store = new TableInvoiceStore(_storage);
        var function = FunctionClasses.Timer(_storage, At(2023, 12, 31, 23));
        await function.Run(new TimerInfo(), CancellationToken.None);
        var first = await store.ListAsync(2024);
        Assert.Equal(39, first.Count);
        Assert.All(first, i => Assert.Equal(new LocalDate(2024, 1, 1), i.IssueDate));

        var late = FunctionClasses.Timer(_storage, At(2024, 7, 3));
        await late.Run(new TimerInfo { IsPastDue = true }, CancellationToken.None);
        Assert.Equal(39 + 35 + 35, (await store.ListAsync(2024)).Count); // Q2 and Q3 of the product members

        await late.Run(new TimerInfo(), CancellationToken.None);
        Assert.Equal(39 + 70, (await store.ListAsync(2024)).Count);
    }

    [Fact]
    public async Task A_failed_run_throws_out_of_the_function_so_the_host_records_a_failed_request()
    {
        // The failed-run alert (infra/modules/monitoring.bicep) reads requests with success == false: the host writes
        // one when the function throws, so a failure must not be swallowed. Storage nobody listens on, no retries.
        var port = Azurite.FreePort();
        var unreachable = BillingStorage.FromConnectionString(Azurite.ConnectionStringFor(port, port, port), configure: o => o.Retry.MaxRetries = 0);
        var function = FunctionClasses.Timer(unreachable, At(2024, 1, 2));

        await Assert.ThrowsAnyAsync<RequestFailedException>(() => function.Run(new TimerInfo(), CancellationToken.None));
    }

    [Fact]
    public async Task The_preview_endpoint_lists_what_a_date_would_issue_and_writes_nothing()
    {
        var function = Preview(At(2024, 1, 2));
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString("?date=2024-04-01");
        var result = Assert.IsType<OkObjectResult>(await function.Run(context.Request, CancellationToken.None));
        var json = JsonDocument.Parse(JsonSerializer.Serialize(result.Value)).RootElement;
        Assert.Equal("2024-04-01", json.GetProperty("date").GetString());
        Assert.Equal(39 + 35, json.GetProperty("wouldIssue").GetArrayLength());
        Assert.Empty(await new TableInvoiceStore(_storage).ListAsync(2024));
    }

    [Fact]
    public async Task The_preview_endpoint_as_the_app_composes_it_writes_only_its_run_record_and_archives_nothing()
    {
        using var services = new ServiceCollection().AddLogging()
            .AddBilling(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["BillingStorage"] = Azurite.ConnectionString }).Build())
            .AddSingleton(_storage) // the app's services on this test's prefixed names
            .BuildServiceProvider();
        await _storage.EnsureCreatedAsync();
        var before = await Contents();

        var function = ActivatorUtilities.CreateInstance<PreviewIssueFunction>(services);
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString("?date=2024-01-02");
        var result = Assert.IsType<OkObjectResult>(await function.Run(context.Request, CancellationToken.None));

        Assert.Equal(39, JsonDocument.Parse(JsonSerializer.Serialize(result.Value)).RootElement.GetProperty("wouldIssue").GetArrayLength());
        var after = await Contents();
        Assert.Equal(1, after["table " + BillingStorage.RunsTable]); // who asked, when, a dry run
        after["table " + BillingStorage.RunsTable] = 0;
        Assert.Equal(before, after);
        Assert.All(before.Values, count => Assert.Equal(0, count));
    }

    /// <summary>How many entities each billing table and how many blobs each billing container holds.</summary>
    private async Task<Dictionary<string, int>> Contents()
    {
        var contents = new Dictionary<string, int>();
        foreach (var table in BillingStorage.AllTables)
            contents["table " + table] = await _storage.Table(table).QueryAsync<TableEntity>().CountAsync();
        foreach (var container in BillingStorage.AllContainers)
            contents["container " + container] = await _storage.Container(container).GetBlobsAsync(new GetBlobsOptions { States = BlobStates.All }).CountAsync();
        return contents;
    }

    [Fact]
    public async Task The_preview_endpoint_refuses_a_bad_date_with_a_clear_message()
    {
        var function = Preview(At(2024, 1, 2));
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString("?date=1-4-2024");
        var result = Assert.IsType<BadRequestObjectResult>(await function.Run(context.Request, CancellationToken.None));
        var error = JsonDocument.Parse(JsonSerializer.Serialize(result.Value)).RootElement.GetProperty("error").GetString();
        Assert.Equal("date: '1-4-2024' is not a date in the form yyyy-MM-dd", error);
    }
}
