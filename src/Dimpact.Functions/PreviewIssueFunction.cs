using Dimpact.Billing;
using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Tariffs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using NodaTime;
using NodaTime.Text;
using Dimpact.DataFiles.TariffYears;

namespace Dimpact.Functions;

/// <summary>
/// GET /api/preview-issue?date=yyyy-MM-dd (function key): what a run on that date would issue, without writing.
/// </summary>
/// <remarks>
/// Writes nothing at all: the use case is built here on the shipped tariff years (not the archive, which stores a
/// year's files on first use) and without a run recorder (a preview is not a run), so only the invoices are read.
/// </remarks>
public sealed class PreviewIssueFunction(TariffYearCatalog shippedYears, IInvoiceStore invoices, IClock clock)
{
    private readonly IssueDueInvoices _preview = new(shippedYears, invoices);

    [Function("PreviewIssue")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "preview-issue")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!DateQuery.TryRead(request, clock, out var date, out var badRequest)) return badRequest!;

        var run = await _preview.RunAsync(date, dryRun: true, cancellationToken: cancellationToken);
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
