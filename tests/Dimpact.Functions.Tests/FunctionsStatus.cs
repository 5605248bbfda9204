using System.Text.Json;
using Dimpact.Storage;
using Dimpact.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace Dimpact.Functions.Tests;

/// <summary>The HTTP Status function serves the status finance sees with `dimpact status`, as JSON.</summary>
public class FunctionsStatus
{
    private readonly BillingStorage _storage = BillingStorage.FromConnectionString(Azurite.ConnectionString, Azurite.UniquePrefix());
    private readonly FakeClock _clock = new(Instant.FromUtc(2024, 4, 3, 5, 0));

    private async Task<JsonElement> Get(string query)
    {
        var function = ActivatorUtilities.CreateInstance<StatusFunction>(FunctionClasses.Services(_storage, _clock));
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString(query);
        var result = Assert.IsType<ContentResult>(await function.Run(context.Request, CancellationToken.None));
        Assert.Equal(200, result.StatusCode);
        Assert.StartsWith("application/json", result.ContentType);
        return JsonDocument.Parse(result.Content!).RootElement;
    }

    [Fact]
    public async Task The_status_says_what_needs_attention_as_JSON()
    {
        await FunctionClasses.Timer(_storage, new FakeClock(Instant.FromUtc(2024, 1, 2, 5, 0))).Run(new Microsoft.Azure.Functions.Worker.TimerInfo(), CancellationToken.None);

        var late = await Get(""); // 3 April: Q2 started and not issued
        Assert.Equal("2024-04-03", late.GetProperty("date").GetString());
        Assert.True(late.GetProperty("needsAttention").GetBoolean());
        var next = late.GetProperty("sections").EnumerateArray().Single(s => s.GetProperty("title").GetString() == "Next");
        Assert.Contains(next.GetProperty("lines").EnumerateArray(), l => l.GetProperty("text").GetString()!.StartsWith("Q2 2024 advances: 35 of 35 not issued yet", StringComparison.Ordinal));

        var january = await Get("?date=2024-01-15");
        Assert.False(january.GetProperty("needsAttention").GetBoolean());
    }

    [Fact]
    public async Task A_date_that_is_no_date_is_a_bad_request()
    {
        var function = ActivatorUtilities.CreateInstance<StatusFunction>(FunctionClasses.Services(_storage, _clock));
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString("?date=15-01-2024");
        Assert.IsType<BadRequestObjectResult>(await function.Run(context.Request, CancellationToken.None));
    }
}
