using System.Text.Json;
using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Tariffs;
using Dimpact.Delivery;
using Dimpact.Storage;
using Dimpact.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using NodaTime.Testing;

namespace Dimpact.Functions.Tests;

/// <summary>The function classes called as the host would call them, against Azurite.</summary>
public class FunctionsIssueInvoices
{
    private readonly BillingStorage _storage = BillingStorage.FromConnectionString(Azurite.ConnectionString, Azurite.UniquePrefix());

    private IssueDueInvoices UseCase() =>
        new(new TariffYearCatalog(Repository.Data("tariff-years")), new TableInvoiceStore(_storage));

    private static FakeClock At(int year, int month, int day, int hourUtc = 5) => new(Instant.FromUtc(year, month, day, hourUtc, 0));

    [Fact]
    public async Task The_timer_issues_what_is_due_on_todays_Amsterdam_date_and_a_past_due_run_catches_up()
    {
        // 31 December 23:30 UTC is 1 January in Amsterdam.
        var function = FunctionClasses.Timer(_storage, At(2023, 12, 31, 23));
        var first = await function.Run(new TimerInfo(), CancellationToken.None);
        Assert.Equal(new LocalDate(2024, 1, 1), first.Date);
        Assert.Equal(39, first.Issued.Count);

        var late = FunctionClasses.Timer(_storage, At(2024, 7, 3));
        var caughtUp = await late.Run(new TimerInfo { IsPastDue = true }, CancellationToken.None);
        Assert.Equal(35 + 35, caughtUp.Issued.Count); // Q2 and Q3 of the product members
        Assert.Equal(39 + 70, (await new TableInvoiceStore(_storage).ListAsync(2024)).Count);

        var again = await late.Run(new TimerInfo(), CancellationToken.None);
        Assert.Empty(again.Issued);
    }

    [Fact]
    public async Task The_preview_endpoint_lists_what_a_date_would_issue_and_writes_nothing()
    {
        var function = new PreviewIssueFunction(UseCase(), At(2024, 1, 2));
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString("?date=2024-04-01");
        var result = Assert.IsType<OkObjectResult>(await function.Run(context.Request, CancellationToken.None));
        var json = JsonDocument.Parse(JsonSerializer.Serialize(result.Value)).RootElement;
        Assert.Equal("2024-04-01", json.GetProperty("date").GetString());
        Assert.Equal(39 + 35, json.GetProperty("wouldIssue").GetArrayLength());
        Assert.Empty(await new TableInvoiceStore(_storage).ListAsync(2024));
    }

    [Fact]
    public async Task The_preview_endpoint_refuses_a_bad_date_with_a_clear_message()
    {
        var function = new PreviewIssueFunction(UseCase(), At(2024, 1, 2));
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString("?date=1-4-2024");
        var result = Assert.IsType<BadRequestObjectResult>(await function.Run(context.Request, CancellationToken.None));
        var error = JsonDocument.Parse(JsonSerializer.Serialize(result.Value)).RootElement.GetProperty("error").GetString();
        Assert.Equal("date: '1-4-2024' is not a date in the form yyyy-MM-dd", error);
    }
}
