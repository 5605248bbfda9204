using System.Text;
using System.Text.Json;
using Dimpact.Billing.Runs;
using Dimpact.Storage;
using Dimpact.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace Dimpact.Functions.Tests;

/// <summary>
/// The HTTP functions say who called them in the run records they write: the person App Service authentication signed in
/// (the X-MS-CLIENT-PRINCIPAL headers), else "function key".
/// </summary>
public class FunctionsRecordTheirCaller
{
    private readonly BillingStorage _storage = BillingStorage.FromConnectionString(Azurite.ConnectionString, Azurite.UniquePrefix());
    private readonly FakeClock _clock = new(Instant.FromUtc(2024, 4, 3, 5, 0));

    /// <summary>The header App Service authentication adds for a signed-in Entra ID user (base64 JSON of the token's claims).</summary>
    private static string Principal(params (string Type, string Value)[] claims) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
        {
            auth_typ = "aad",
            name_typ = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
            role_typ = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role",
            claims = claims.Select(c => new { typ = c.Type, val = c.Value }),
        })));

    private static HttpRequest Request(string query, params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString(query);
        foreach (var (name, value) in headers) context.Request.Headers[name] = value;
        return context.Request;
    }

    private T Function<T>() where T : class => ActivatorUtilities.CreateInstance<T>(FunctionClasses.Services(_storage, _clock));

    private async Task<RunRecord> TheOnlyRun(string operation) => Assert.Single(await new TableRunLog(_storage).ListAsync(operation));

    [Fact]
    public async Task A_status_call_by_a_signed_in_person_is_recorded_with_their_name_and_account()
    {
        var principal = Principal(("name", "Fenna Financiën"), ("preferred_username", "fenna@dimpact.example"), ("groups", "0f1e2d3c-0000-0000-0000-000000000001"));

        Assert.IsType<ContentResult>(await Function<StatusFunction>().Run(
            Request("?date=2024-01-15", ("X-MS-CLIENT-PRINCIPAL", principal), ("X-MS-CLIENT-PRINCIPAL-NAME", "fenna@dimpact.example")), CancellationToken.None));

        var run = await TheOnlyRun(StatusFunction.Operation);
        Assert.Equal("Fenna Financiën <fenna@dimpact.example>", run.By);
        Assert.Equal(new LocalDate(2024, 1, 15), run.RunDate);
        Assert.True(run.DryRun);
        Assert.Equal(RunOutcome.Succeeded, run.Outcome);
    }

    [Fact]
    public async Task A_preview_call_is_recorded_with_the_caller_as_a_dry_run_that_issued_nothing()
    {
        var principal = Principal(("name", "Olaf Operator"), ("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn", "olaf@dimpact.example"));

        Assert.IsType<OkObjectResult>(await Function<PreviewIssueFunction>().Run(Request("?date=2024-01-02", ("X-MS-CLIENT-PRINCIPAL", principal)), CancellationToken.None));

        var run = await TheOnlyRun(PreviewIssueFunction.Operation);
        Assert.Equal("Olaf Operator <olaf@dimpact.example>", run.By);
        Assert.True(run.DryRun);
        Assert.Equal(0, run.Issued);
        Assert.Empty(await new TableInvoiceStore(_storage).ListAsync(2024));
        Assert.Empty(await new TableRunLog(_storage).ListAsync("issue")); // a preview is not an issue run
    }

    [Fact]
    public async Task Without_the_platforms_headers_the_call_is_recorded_as_made_with_the_function_key()
    {
        await Function<StatusFunction>().Run(Request(""), CancellationToken.None);

        Assert.Equal(Caller.FunctionKey, (await TheOnlyRun(StatusFunction.Operation)).By);
    }

    [Theory]
    [InlineData("not base64 at all")]
    [InlineData("bm90IGpzb24=")] // "not json"
    [InlineData("eyJhdXRoX3R5cCI6ImFhZCJ9")] // {"auth_typ":"aad"}: no claims
    public void An_unreadable_principal_falls_back_to_the_name_header_then_the_function_key(string header)
    {
        Assert.Equal(Caller.FunctionKey, Caller.Of(Request("", ("X-MS-CLIENT-PRINCIPAL", header))));
        Assert.Equal("fenna@dimpact.example", Caller.Of(Request("", ("X-MS-CLIENT-PRINCIPAL", header), ("X-MS-CLIENT-PRINCIPAL-NAME", "fenna@dimpact.example"))));
    }

    [Fact]
    public async Task Status_calls_and_previews_neither_need_attention_nor_hide_a_failed_issue_run()
    {
        // A failed daily issue run, then many status calls and a failed preview: the status still names the failed run,
        // and only that one. Dry runs change nothing; however many there are, they take no place of a run that wrote.
        var log = new TableRunLog(_storage);
        await log.SaveAsync(new RunRecord(Guid.NewGuid(), "issue", new LocalDate(2024, 4, 2), false, _clock.GetCurrentInstant() - Duration.FromHours(2),
            _clock.GetCurrentInstant() - Duration.FromHours(2), RunOutcome.Failed, Error: "storage was unreachable"));
        for (var i = 0; i < 3; i++)
            await log.SaveAsync(new RunRecord(Guid.NewGuid(), PreviewIssueFunction.Operation, new LocalDate(2025, 1, 2), true, _clock.GetCurrentInstant() - Duration.FromMinutes(i),
                _clock.GetCurrentInstant(), RunOutcome.Failed, Error: "no tariff year 2025", By: "someone"));
        var status = Function<StatusFunction>();
        for (var i = 0; i < 3; i++) await status.Run(Request("?date=2024-04-03"), CancellationToken.None);

        var result = Assert.IsType<ContentResult>(await status.Run(Request("?date=2024-04-03"), CancellationToken.None));
        var failed = JsonDocument.Parse(result.Content!).RootElement.GetProperty("sections").EnumerateArray()
            .Single(s => s.GetProperty("title").GetString() == "Failed").GetProperty("lines").EnumerateArray()
            .Select(l => l.GetProperty("text").GetString()!).Where(t => t.StartsWith("The latest", StringComparison.Ordinal)).ToList();
        Assert.Equal(["The latest 'issue' run (2 April 2024) failed: storage was unreachable"], failed);
        Assert.Equal(4, (await log.ListAsync(StatusFunction.Operation)).Count);
    }
}
