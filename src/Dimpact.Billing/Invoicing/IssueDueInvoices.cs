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
        ? $"no tariff year {year}: there is no tariff data for {year}, so nothing of {year} can be invoiced; upload the tariff data of {year} (dimpact master-data upload data/tariff-years/{year}/*.csv)"
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

    /// <summary>
    /// The documents the calendar asks for by date D, whether issued already or not, in issuing order. Per quarter a member
    /// gets an advance for its product lines and, in the quarter its association contribution starts (Q1 for the plan's
    /// association-only members, the joining quarter for a joiner without products), that contribution whole.
    /// A line that starts during the year (an uptake) is billed from its start quarter: its advance on the quarter's
    /// document is T / 4 for every quarter from its start up to this one, less what earlier documents already charged
    /// for it, so that a quarter invoiced before the uptake was recorded is caught up on the next document. A joining
    /// member's entry fee is on its first document. <paramref name="issued"/>: the year's issued documents (needed only
    /// when the year has lines that start during it or joiners; without them nothing counts as charged before).
    /// </summary>
    public static IReadOnlyList<DraftInvoice> DueBy(TariffYear year, LocalDate date, IReadOnlyList<Invoice>? issued = null)
    {
        var due = new List<DraftInvoice>();
        var issuedByMember = (issued ?? []).ToLookup(i => i.Key.Member);
        var charged = new Dictionary<(CbsCode, ProductId), Money>();
        foreach (var line in (issued ?? []).SelectMany(i => i.Lines.Select(l => (i.Key.Member, l.Product, l.Amount))))
            charged[(line.Member, line.Product)] = charged.GetValueOrDefault((line.Member, line.Product)) + line.Amount;
        var entryFeePending = year.MemberData.Joiners.Keys.Where(c => !charged.ContainsKey((c, TariffYear.EntryFeeProduct))).ToHashSet();

        for (var q = 1; q <= 4; q++)
        {
            var quarter = new Quarter(year.Year, q);
            if (!quarter.HasStartedOn(date)) break;
            if (q > AdvanceQuartersPerYear && !year.BudgetLines.Any(l => l.StartQuarter == q)) break; // Q4 is the settlement's
            foreach (var member in year.BillableMembers)
            {
                var contribution = year.AssociationLinesOf(member.Code).Where(l => l.StartQuarter == q).ToList();
                if (contribution.Count > 0)
                    due.Add(Draft(year, member, new DocumentKey(member.Code, year.Year, q, Purpose.AnnualContribution), date,
                        contribution.Select(l => (l, l.Budget)).ToList(), entryFeePending, charged, issuedByMember[member.Code]));

                var advances = new List<(BudgetLine Line, Money Amount)>();
                foreach (var line in year.ProductLinesOf(member.Code).Where(l => l.StartQuarter <= q && q <= AdvanceQuartersPerYear))
                {
                    var amount = line.Start is null
                        ? TariffYear.QuarterlyAdvance(line)
                        : TariffYear.AdvancesDueThrough(line, q) - charged.GetValueOrDefault((member.Code, line.Product));
                    if (amount > Money.Zero) advances.Add((line, amount));
                }
                if (advances.Count > 0)
                    due.Add(Draft(year, member, new DocumentKey(member.Code, year.Year, q, Purpose.Advance), date, advances, entryFeePending, charged,
                        issuedByMember[member.Code]));
            }
        }
        return due;
    }

    private static DraftInvoice Draft(TariffYear year, Member member, DocumentKey key, LocalDate issueDate, IReadOnlyList<(BudgetLine Line, Money Amount)> billed,
        HashSet<CbsCode> entryFeePending, Dictionary<(CbsCode, ProductId), Money> charged, IEnumerable<Invoice> issuedForMember)
    {
        var wholeYear = key.Purpose == Purpose.AnnualContribution;
        var lines = billed.Select(b =>
        {
            var (l, amount) = b;
            var product = year.Product(l.Product);
            var basis = l.Start?.Population ?? year.PopulationBasisOf(l).Aggregate(new Population(0), (s, c) => s + year.Member(c).ReferencePopulation);
            var description = wholeYear
                ? $"{product.Name} {year.Year}" + (l.Start is { } s ? $" vanaf {s.EffectiveDate:dd-MM-yyyy}" : "")
                : $"{product.Name}, voorschot Q{key.Quarter} {year.Year}" + (l.Start is { } start && amount != TariffYear.QuarterlyAdvance(l)
                    ? $" (incl. eerdere kwartalen vanaf {start.EffectiveDate:dd-MM-yyyy})" : "");
            return new InvoiceLine(l.Product, description, basis, amount, product.VatRate);
        }).ToList();
        // The documents of a key issued already are never re-drafted with another amount: only what is not issued counts
        // towards what later documents of this run charge.
        var isIssued = issuedForMember.Any(i => i.Key == key);
        if (year.JoiningOf(member.Code) is { } joining && entryFeePending.Contains(member.Code) && !isIssued)
        {
            var fee = year.Product(TariffYear.EntryFeeProduct);
            lines.Insert(0, new InvoiceLine(fee.Id, $"Entreegeld lidmaatschap vanaf {joining.EffectiveDate:dd-MM-yyyy}", member.ReferencePopulation, joining.EntryFee, fee.VatRate));
            entryFeePending.Remove(member.Code);
        }
        if (!isIssued)
            foreach (var line in lines)
                charged[(member.Code, line.Product)] = charged.GetValueOrDefault((member.Code, line.Product)) + line.Amount;
        var recipient = year.RecipientOn(member.Code, issueDate);
        return new DraftInvoice(key, recipient.Code, recipient.Name, issueDate, lines,
            new InvoiceBasis(year.Version, year.AdvanceReferenceDate, MemberDataVersion: year.MemberDataVersion is { Length: > 0 } v ? v : null));
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

        // A year with lines that start during it needs what was charged already (catch-up, entry fee); else the keys suffice.
        var needsDocuments = year.MemberData.Joiners.Count > 0 || year.BudgetLines.Any(l => l.Start is not null);
        var issuedDocuments = needsDocuments ? await store.ListAsync(year.Year, cancellationToken) : null;
        var issuedKeys = issuedDocuments?.Select(i => i.Key).ToHashSet() ?? await store.IssuedKeysAsync(year.Year, cancellationToken);
        var due = DueBy(year, date, issuedDocuments);
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
