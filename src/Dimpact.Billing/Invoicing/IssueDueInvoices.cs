using Dimpact.Billing.Runs;
using Dimpact.Billing.Tariffs;
using NodaTime;

namespace Dimpact.Billing.Invoicing;

public sealed record IssueProgress(int Done, int Total, Invoice? Last);

/// <summary>
/// What a run on a date did: the documents it issued, and those it found issued already. <c>MissingTariffYear</c>:
/// the date's year has no tariff data, so nothing could be invoiced (a problem to fix, never a quiet empty run).
/// </summary>
public sealed record IssueRun(LocalDate Date, bool DryRun, IReadOnlyList<DraftInvoice> Due, IReadOnlyList<Invoice> Issued, int AlreadyIssued,
    int? MissingTariffYear = null)
{
    /// <summary>What is wrong with the run, in words for the run record, the log and the CLI; null when nothing is.</summary>
    public string? Problem => MissingTariffYear is { } year
        ? $"no tariff year {year}: there is no tariff data for {year}, so nothing of {year} can be invoiced; add data/tariff-years/{year} and deploy"
        : null;
}

/// <summary>
/// "Issue what is due on date D" (BILLING.md, "The billing calendar"): for the tariff year of D, every billable
/// member gets its Q1, Q2 and Q3 advance invoice once the quarter has started; an association-only member gets one
/// invoice for the whole year with Q1 and nothing after; members billed via another member get nothing. What is
/// due is computed from what is stored, so a missed run is caught up by the next one, and a rerun adds nothing.
/// With a <see cref="RunRecorder"/>, every run is recorded (operation <see cref="Operation"/>).
/// </summary>
public sealed class IssueDueInvoices(ITariffYears years, IInvoiceStore store, RunRecorder? runs = null)
{
    public const string Operation = "issue";

    public const int AdvanceQuartersPerYear = 3;

    /// <summary>The documents the calendar asks for by date D, whether issued already or not, in issuing order.</summary>
    public static IReadOnlyList<DraftInvoice> DueBy(TariffYear year, LocalDate date)
    {
        var due = new List<DraftInvoice>();
        for (var q = 1; q <= AdvanceQuartersPerYear; q++)
        {
            var quarter = new Quarter(year.Year, q);
            if (!quarter.HasStartedOn(date)) break;
            foreach (var member in year.BillableMembers)
            {
                var associationOnly = year.IsAssociationOnly(member.Code);
                if (associationOnly && q > 1) continue;
                var key = new DocumentKey(member.Code, year.Year, q, associationOnly ? Purpose.AnnualContribution : Purpose.Advance);
                due.Add(Draft(year, member, key, date, associationOnly));
            }
        }
        return due;
    }

    private static DraftInvoice Draft(TariffYear year, Member member, DocumentKey key, LocalDate issueDate, bool wholeYear)
    {
        var lines = year.LinesOf(member.Code).Select(l =>
        {
            var product = year.Product(l.Product);
            var basis = year.PopulationBasisOf(l).Aggregate(new Population(0), (s, c) => s + year.Member(c).ReferencePopulation);
            var description = wholeYear
                ? $"{product.Name} {year.Year}"
                : $"{product.Name}, voorschot Q{key.Quarter} {year.Year}";
            return new InvoiceLine(l.Product, description, basis, wholeYear ? l.Budget : TariffYear.QuarterlyAdvance(l), product.VatRate);
        }).ToList();
        var recipient = year.RecipientOn(member.Code, issueDate);
        return new DraftInvoice(key, recipient.Code, recipient.Name, issueDate, lines, new InvoiceBasis(year.Version, year.AdvanceReferenceDate));
    }

    /// <summary>Issues every due document not yet issued. With <paramref name="dryRun"/> nothing is written.</summary>
    public Task<IssueRun> RunAsync(LocalDate date, bool dryRun = false, IProgress<IssueProgress>? progress = null, CancellationToken cancellationToken = default) =>
        runs is null
            ? IssueAsync(date, dryRun, progress, cancellationToken)
            : runs.RecordAsync(Operation, date, dryRun, () => IssueAsync(date, dryRun, progress, cancellationToken),
                r => (r.Issued.Count, r.AlreadyIssued), r => r.Problem, cancellationToken);

    private async Task<IssueRun> IssueAsync(LocalDate date, bool dryRun, IProgress<IssueProgress>? progress, CancellationToken cancellationToken)
    {
        if (await years.FindAsync(date.Year, cancellationToken) is not { } year)
            return new IssueRun(date, dryRun, [], [], 0, MissingTariffYear: date.Year);

        var issuedKeys = await store.IssuedKeysAsync(year.Year, cancellationToken);
        var due = DueBy(year, date);
        var toIssue = due.Where(d => !issuedKeys.Contains(d.Key)).ToList();
        if (dryRun) return new IssueRun(date, true, toIssue, [], due.Count - toIssue.Count);

        var issued = new List<Invoice>();
        var already = due.Count - toIssue.Count;
        foreach (var chunk in toIssue.Chunk(Math.Max(1, store.IssueBatchSize)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var outcomes = await store.IssueManyAsync(chunk, cancellationToken);
            foreach (var outcome in outcomes)
            {
                if (outcome.Created) issued.Add(outcome.Invoice);
                else already++; // a concurrent run issued it first
            }
            progress?.Report(new IssueProgress(issued.Count + already - (due.Count - toIssue.Count), toIssue.Count, outcomes[^1].Invoice));
        }
        return new IssueRun(date, false, toIssue, issued, already);
    }
}
