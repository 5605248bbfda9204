using Dimpact.App;
using Dimpact.Billing;
using Dimpact.Billing.Status;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using NodaTime;
using NodaTime.Text;

namespace Dimpact.Functions;

/// <summary>
/// GET /api/status?date=yyyy-MM-dd (function key): the status finance sees with <c>dimpact status</c>, as the same
/// JSON as <c>dimpact status --json</c>: what is next, what waits, what failed, what is withheld, master data gaps.
/// </summary>
public sealed class StatusFunction(BillingStatus status, IClock clock)
{
    [Function("Status")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "status")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var text = request.Query["date"].ToString();
        LocalDate date;
        if (text.Length == 0) date = BillingCalendar.Today(clock);
        else if (LocalDatePattern.Iso.Parse(text) is { Success: true } parsed) date = parsed.Value;
        else return new BadRequestObjectResult(new { error = $"date: '{text}' is not a date in the form yyyy-MM-dd" });

        var report = await status.RunAsync(date, cancellationToken);
        return new ContentResult { Content = StatusJson.Serialize(report), ContentType = "application/json; charset=utf-8", StatusCode = StatusCodes.Status200OK };
    }
}
