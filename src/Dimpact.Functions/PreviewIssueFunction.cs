using Dimpact.Billing;
using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Runs;
using Dimpact.Billing.Tariffs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using NodaTime;
using NodaTime.Text;
using Dimpact.DataFiles.TariffYears;

namespace Dimpact.Functions;

/// <summary>
/// GET /api/preview-issue?date=yyyy-MM-dd (function key, and in Azure a finance or operators sign-in): what a run on
/// that date would issue, without writing.
/// </summary>
/// <remarks>
/// Writes no billing data: the use case is built here on the shipped tariff years (not the archive, which stores a
/// year's files on first use), so only the invoices are read. The one write is the call's run record (operation
/// <see cref="Operation"/>, a dry run, with the caller and the counts), not an issue run.
/// </remarks>
public sealed class PreviewIssueFunction(TariffYearCatalog shippedYears, IInvoiceStore invoices, RunRecorder runs, IClock clock)
{
    public const string Operation = "preview-issue";

    private readonly IssueDueInvoices _preview = new(shippedYears, invoices);

    [Function("PreviewIssue")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "preview-issue")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!DateQuery.TryRead(request, clock, out var date, out var badRequest)) return badRequest!;

        var run = await runs.For(Caller.Of(request)).RecordAsync(Operation, date, dryRun: true,
            () => _preview.RunAsync(date, dryRun: true, cancellationToken: cancellationToken),
            r => (r.Issued.Count, r.AlreadyIssued), r => r.Problem, cancellationToken); // counted as `issue --dry-run` counts
        return new OkObjectResult(new
        {
            date = LocalDatePattern.Iso.Format(date),
            alreadyIssued = run.AlreadyIssued,
            wouldIssue = run.Due.Select(d => new
            {
                member = d.Member.Value,
                memberName = d.MemberName,
                period = d.Key.PeriodLabel,
                purpose = d.Key.Purpose.ToString(),
                totalExclVat = d.TotalExclVat.ToString(),
                vat = d.Vat.ToString(),
                totalInclVat = d.TotalInclVat.ToString(),
            }),
        });
    }
}
