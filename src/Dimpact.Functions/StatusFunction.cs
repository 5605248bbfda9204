using Dimpact.App;
using Dimpact.Billing;
using Dimpact.Billing.Runs;
using Dimpact.Billing.Status;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using NodaTime;
using NodaTime.Text;

namespace Dimpact.Functions;

/// <summary>
/// GET /api/status?date=yyyy-MM-dd (function key, and in Azure a finance or operators sign-in): the status finance
/// sees with <c>dimpact status</c>, as the same JSON as <c>dimpact status --json</c>: what is next, what waits, what
/// failed, what is withheld, master data gaps. Each call is recorded as a dry run (it changes nothing) naming the caller.
/// </summary>
public sealed class StatusFunction(BillingStatus status, RunRecorder runs, IClock clock)
{
    public const string Operation = "status";

    [Function("Status")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "status")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!DateQuery.TryRead(request, clock, out var date, out var badRequest)) return badRequest!;

        var report = await runs.For(Caller.Of(request)).RecordAsync(Operation, date, dryRun: true,
            () => status.RunAsync(date, cancellationToken), _ => (0, 0), cancellationToken: cancellationToken);
        return new ContentResult { Content = StatusJson.Serialize(report), ContentType = "application/json; charset=utf-8", StatusCode = StatusCodes.Status200OK };
    }
}
