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
        if (!DateQuery.TryRead(request, clock, out var date, out var badRequest)) return badRequest!;

        var report = await status.RunAsync(date, cancellationToken);
        return new ContentResult { Content = StatusJson.Serialize(report), ContentType = "application/json; charset=utf-8", StatusCode = StatusCodes.Status200OK };
    }
}
