namespace Dimpact.Billing.Populations.Ingestion;


using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Notifications;
using Dimpact.Billing.Settlement;
using NodaTime;

/// <summary>What an upload led to: the ingestion, and a settlement run per tariff year whose settlement date it holds.</summary>
public sealed record UploadRun(IngestionOutcome Ingestion, IReadOnlyList<SettlementRun> Settlements)
{
    /// <summary>The finance notifications of the upload: accepted or rejected, figures held, documents the settlement issued.</summary>
    public IReadOnlyList<NotificationOutcome> Notifications { get; init; } = [];
}

/// <summary>
/// An upload of population figures, end to end (BILLING.md, "Q4: settlement": "If the figures arrive later, ingesting
/// them triggers the settlement; if they arrive earlier, they wait for Q4"): ingest the file, then run the settlement
/// of every tariff year whose settlement reference date the file holds. The settlement is the same idempotent run the
/// daily timer makes, so it also runs when the figures were stored before (a retried upload finishes the job). Finance
/// hears of the upload (its report in the body and attached), of held figures and of what the settlement issued; the
/// upload's notification is named after its report, so a retried upload of the same file notifies once.
/// </summary>
public sealed class IngestAndSettle(IngestPopulationFile ingest, SettleYear settle, ITariffYears years, IClock clock, FinanceNotifications? notifications = null)
{
    public async Task<UploadRun> RunAsync(PopulationUpload upload, IProgress<IssueProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var ingestion = await ingest.RunAsync(upload, cancellationToken);
        var settlements = new List<SettlementRun>();
        var today = BillingCalendar.Today(clock);
        if (ingestion.Accepted)
            foreach (var date in ingestion.Dates.Select(d => d.ReferenceDate).Distinct())
                if (await years.FindAsync(date.Year, cancellationToken) is { } year && year.SettlementReferenceDate == date)
                    settlements.Add(await settle.RunAsync(year.Year, today, progress: progress, cancellationToken: cancellationToken));
        var run = new UploadRun(ingestion, settlements);
        if (notifications is null) return run;
        var summary = new UploadSummary(ingestion.Upload, ingestion.ReportName, ingestion.Accepted, ingestion.Report.Errors.Count, ingestion.Report.Warnings.Count,
            ingestion.Dates.Select(d => new UploadedFigures(d.ReferenceDate, d.Version, d.Created, d.Held)).ToList(), ingestion.ReportText);
        return run with
        {
            Notifications =
            [
                .. await notifications.UploadAsync(summary, cancellationToken),
                .. await notifications.RunAsync(today, [.. settlements.SelectMany(s => s.Issued)], settlements, cancellationToken),
            ],
        };
    }
}
