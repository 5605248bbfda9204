namespace Dimpact.PopulationFiles.Ingestion;

using Dimpact.Billing;
using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Settlement;
using NodaTime;

/// <summary>What an upload led to: the ingestion, and a settlement run per tariff year whose settlement date it holds.</summary>
public sealed record UploadRun(IngestionOutcome Ingestion, IReadOnlyList<SettlementRun> Settlements);

/// <summary>
/// An upload of population figures, end to end (BILLING.md, "Q4: settlement": "If the figures arrive later, ingesting
/// them triggers the settlement; if they arrive earlier, they wait for Q4"): ingest the file, then run the settlement
/// of every tariff year whose settlement reference date the file holds. The settlement is the same idempotent run the
/// daily timer makes, so it also runs when the figures were stored before (a retried upload finishes the job).
/// </summary>
public sealed class IngestAndSettle(IngestPopulationFile ingest, SettleYear settle, ITariffYears years, IClock clock)
{
    public async Task<UploadRun> RunAsync(PopulationUpload upload, IProgress<IssueProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var ingestion = await ingest.RunAsync(upload, cancellationToken);
        var settlements = new List<SettlementRun>();
        if (!ingestion.Accepted) return new UploadRun(ingestion, settlements);

        var today = BillingCalendar.Today(clock);
        foreach (var date in ingestion.Dates.Select(d => d.ReferenceDate).Distinct())
            if (years.Find(date.Year) is { } year && year.SettlementReferenceDate == date)
                settlements.Add(await settle.RunAsync(year.Year, today, progress: progress, cancellationToken: cancellationToken));
        return new UploadRun(ingestion, settlements);
    }
}
