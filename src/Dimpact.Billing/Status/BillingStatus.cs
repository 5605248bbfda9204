using System.Globalization;
using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Receivables;
using Dimpact.Billing.Runs;
using Dimpact.Billing.Settlement;
using Dimpact.Billing.Tariffs;
using NodaTime;

namespace Dimpact.Billing.Status;

/// <summary>One line of the status: what it says, and whether somebody has to act on it.</summary>
public sealed record StatusLine(string Text, bool NeedsAttention = false);

/// <summary>A part of the status screen: what is next, what waits, what failed, what is withheld, master data.</summary>
public sealed record StatusSection(string Title, IReadOnlyList<StatusLine> Lines)
{
    public bool NeedsAttention => Lines.Any(l => l.NeedsAttention);
}

/// <summary>The whole status on a date: finance's one screen (<c>dimpact status</c>, the HTTP Status function).</summary>
public sealed record BillingStatusReport(LocalDate Date, IReadOnlyList<StatusSection> Sections)
{
    public bool NeedsAttention => Sections.Any(s => s.NeedsAttention);
}

/// <summary>What a member lacks in the member registry for its documents to go out complete.</summary>
public sealed record MasterDataGap(CbsCode Member, string Name, IReadOnlyList<string> Missing, bool BlocksDelivery);

/// <summary>The member registry as the status sees it (implemented where the registry lives).</summary>
public interface IMemberMasterData
{
    /// <summary>Per billable member of the year, what it lacks (invoice e-mail, OIN, buyer reference); members lacking nothing are left out.</summary>
    Task<IReadOnlyList<MasterDataGap>> GapsForAsync(TariffYear year, CancellationToken cancellationToken = default);
}

/// <summary>
/// "Where do we stand?" on a date, from what is stored, writing nothing: when the next advances and the settlement are
/// due, what the settlement waits for (figures, approval, advances, a tariff year), which deliveries and runs failed,
/// which e-invoices were withheld and why, and which master data members lack. A line that needs somebody to act says
/// what to do. A withheld e-invoice (the PDF went out) is information; a member without an invoice address, whose
/// documents cannot be sent at all, needs attention.
/// </summary>
/// <remarks>With receivables: what is paid, open and overdue on the date, credit balances, and the payments that wait
/// for finance to allocate them (those need attention).</remarks>
public sealed class BillingStatus(ITariffYears years, IInvoiceStore invoices, SettleYear settle, IDeliveryLog deliveries, IRunLog runs,
    IMemberMasterData masterData, IClock clock, ReadReceivables? receivables = null)
{
    /// <summary>A run still "running" after this long was ended by a crash or a shutdown.</summary>
    public static readonly Duration RunningTooLong = Duration.FromHours(1);

    public async Task<BillingStatusReport> RunAsync(LocalDate date, CancellationToken cancellationToken = default)
    {
        var next = new List<StatusLine>();
        var waiting = new List<StatusLine>();
        var failed = new List<StatusLine>();
        var withheld = new List<StatusLine>();
        var master = new List<StatusLine>();
        var year = await years.FindAsync(date.Year, cancellationToken);

        if (year is null)
            waiting.Add(new($"No tariff year {date.Year}: nothing of {date.Year} can be invoiced. Upload its files: dimpact master-data upload tariff-years/{date.Year}/*.csv.", true));
        else
        {
            var documents = await invoices.ListAsync(year.Year, cancellationToken);
            next.AddRange(Advances(year, documents, date));
            // The next plan is adopted in the autumn: from Q4 it is worth a line, in December it needs attention.
            if (date >= new LocalDate(year.Year, 10, 1) && await years.FindAsync(year.Year + 1, cancellationToken) is null)
                waiting.Add(new($"No tariff year {year.Year + 1} yet: upload its files (dimpact master-data upload tariff-years/{year.Year + 1}/*.csv) before 1 January {year.Year + 1}.",
                    NeedsAttention: date.Month == 12));
            foreach (var line in MasterData(await masterData.GapsForAsync(year, cancellationToken))) master.Add(line);
        }

        foreach (var y in new[] { date.Year - 1, date.Year })
        {
            if (await years.FindAsync(y, cancellationToken) is null) continue;
            var run = await settle.RunAsync(y, date, dryRun: true, cancellationToken: cancellationToken);
            var (nextLine, waitLines) = Settlement(y, run, date);
            if (nextLine is not null) next.Add(nextLine);
            waiting.AddRange(waitLines);
            var yearDeliveries = await deliveries.ListAsync(y, cancellationToken);
            failed.AddRange(FailedDeliveries(yearDeliveries));
            withheld.AddRange(Withheld(yearDeliveries));
        }
        failed.AddRange(FailedRuns(await runs.ListAsync(max: 50, cancellationToken: cancellationToken, dryRuns: false)));

        var sections = new List<StatusSection>
        {
            new("Next", next.Count > 0 ? next : [new("Nothing is scheduled.")]),
            new("Waiting", waiting.Count > 0 ? waiting : [new("Nothing waits.")]),
            new("Failed", failed.Count > 0 ? failed : [new("No failed deliveries or runs.")]),
            new("E-invoices withheld", withheld.Count > 0 ? withheld : [new("No e-invoice was withheld.")]),
            new("Master data", master.Count > 0 ? master : [new("Every member has an invoice e-mail address, an OIN and a buyer reference.")]),
        };
        if (receivables is not null) sections.Add(new("Receivables", Receivables(await receivables.RunAsync(cancellationToken), date)));
        return new BillingStatusReport(date, sections);
    }

    /// <summary>Paid, open and overdue on the date (<see cref="ReceivablesReport"/>), credit balances, and the payments finance must allocate.</summary>
    public static IReadOnlyList<StatusLine> Receivables(AccountsReceivable state, LocalDate date)
    {
        var report = ReceivablesReport.Of(state, date);
        var open = report.Items.Where(i => i.Kind == DocumentKind.Invoice && i.Open > Money.Zero).ToList();
        var overdue = open.Where(i => i.IsOverdue).ToList();
        var lines = new List<StatusLine>
        {
            new($"Paid: {report.Paid} of {report.Items.Where(i => i.Kind == DocumentKind.Invoice).Sum(i => i.TotalInclVat)} invoiced (incl. VAT); credit notes set off: {report.CreditNotesSetOff}."),
            new($"Open: {report.OpenInvoices} in {open.Count} invoice(s); overdue: {report.Overdue} in {overdue.Count} ("
                + string.Join(", ", report.Ageing.Where(a => a.Bucket != AgeingBucket.NotYetDue && a.Documents > 0).Select(a => $"{BucketText(a.Bucket)}: {a.Open}"))
                + (overdue.Count == 0 ? "none" : "") + "). Per document: 'dimpact receivables --open'."),
        };
        if (report.OpenCreditNotes != Money.Zero) lines.Add(new($"Credit notes still to set off or refund: {-report.OpenCreditNotes}."));
        if (report.CreditBalances.Count > 0)
            lines.Add(new($"Credit balances (paid too much): {report.CreditBalance} of {report.CreditBalances.Count} member(s): {string.Join(", ", report.CreditBalances.Select(b => $"{b.Member} {b.Amount}"))}."));
        var unmatched = state.Unmatched().Where(p => p.Entry.BookingDate <= date).ToList();
        if (unmatched.Count > 0)
            lines.Add(new($"{unmatched.Count} payment(s) of {unmatched.Sum(p => p.Unallocated)} could not be matched: see 'dimpact payments unmatched', then 'dimpact payments allocate ENTRY NUMBER'.", true));
        return lines;
    }

    private static string BucketText(AgeingBucket bucket) => bucket switch
    {
        AgeingBucket.Days0To30 => "0-30 days",
        AgeingBucket.Days31To60 => "31-60 days",
        AgeingBucket.Days61To90 => "61-90 days",
        _ => "over 90 days",
    };

    private static IEnumerable<StatusLine> Advances(TariffYear year, IReadOnlyList<Invoice> documents, LocalDate date)
    {
        var issued = documents.Select(d => d.Key).ToHashSet();
        for (var q = 1; q <= IssueDueInvoices.AdvanceQuartersPerYear; q++)
        {
            var quarter = new Quarter(year.Year, q);
            var due = IssueDueInvoices.DueBy(year, quarter.Period.Start, documents).Where(d => d.Key.Quarter == q).ToList();
            var done = due.Count(d => issued.Contains(d.Key));
            if (!quarter.HasStartedOn(date))
            {
                yield return new StatusLine($"Q{q} {year.Year} advances: {due.Count} document(s) on {Date(quarter.Period.Start)} (the daily run issues them).");
                yield break;
            }
            if (done < due.Count)
                yield return new StatusLine($"Q{q} {year.Year} advances: {due.Count - done} of {due.Count} not issued yet although the quarter started on {Date(quarter.Period.Start)}: run 'dimpact daily'.", true);
        }
    }

    private static (StatusLine? Next, IReadOnlyList<StatusLine> Waiting) Settlement(int year, SettlementRun run, LocalDate date)
    {
        var q4 = new Quarter(year, SettleYear.SettlementQuarter).Period.Start;
        return run.Status switch
        {
            SettlementStatus.NotDue => (new StatusLine($"Settlement {year}: from {Date(q4)}, on the population figures of 1 January {year}."), []),
            SettlementStatus.WaitingForFigures => (null, [new StatusLine(
                $"Settlement {year} waits for population figures of 1 January {year} for {run.MissingFigures.Count} member(s): {string.Join(", ", run.MissingFigures)}. Upload them to population-uploads (or 'dimpact ingest FILE').", true)]),
            SettlementStatus.OnHold => (null, [new StatusLine(
                $"Settlement {year} is on hold: figures {run.Snapshot!.Id} change more than the margin ({string.Join("; ", run.Snapshot.HoldReasons ?? [])}). Check them, then 'dimpact population approve {run.Snapshot.ReferenceDate:yyyy-MM-dd} --version {run.Snapshot.Version}', or upload corrected figures.", true)]),
            _ when run.Due.Count > 0 => (null, [new StatusLine(
                $"Settlement {year}: {run.Due.Count} document(s) due on figures {run.Snapshot?.Id} and not issued yet: run 'dimpact daily' (or 'dimpact settle --year {year}').", true)]),
            _ when run.WaitingForAdvances.Count > 0 => (null, [new StatusLine(
                $"Settlement {year} waits for advances of {run.WaitingForAdvances.Count} member(s): {string.Join(", ", run.WaitingForAdvances)}: run 'dimpact daily'.", true)]),
            _ => (new StatusLine($"Settlement {year}: settled on figures {run.Snapshot?.Id}; newer figures of 1 January {year} give corrections."), []),
        };
    }

    private static IEnumerable<StatusLine> FailedDeliveries(IReadOnlyList<InvoiceDelivery> deliveries)
    {
        foreach (var d in deliveries.Where(d => d.Status == DeliveryStatus.Failed).OrderBy(d => d.Number.ToString(), StringComparer.Ordinal))
            yield return new StatusLine($"Delivery of {d.Number} to {d.MemberName} ({d.Member}) failed for good: {d.LastError}. Once fixed: 'dimpact deliveries retry --failed --year {d.Number.Year}'.", true);
    }

    private static IEnumerable<StatusLine> Withheld(IReadOnlyList<InvoiceDelivery> deliveries) =>
        deliveries.Where(d => d.EInvoiceWithheld is not null)
            .GroupBy(d => (d.Member, d.MemberName))
            .OrderBy(g => g.Key.Member.Value, StringComparer.Ordinal)
            .Select(g => new StatusLine(
                $"{g.Key.MemberName} ({g.Key.Member}): {g.Count()} document(s) sent as PDF only ({g.Last().EInvoiceWithheld}). Complete the member registry, then 'dimpact invoices resend NUMBER'."));

    private IEnumerable<StatusLine> FailedRuns(IReadOnlyList<RunRecord> records)
    {
        var now = clock.GetCurrentInstant();
        foreach (var latest in records.GroupBy(r => r.Operation).Select(g => g.MaxBy(r => r.Started)!))
        {
            if (latest.Outcome == RunOutcome.Failed)
                yield return new StatusLine($"The latest '{latest.Operation}' run ({Date(latest.RunDate)}) failed: {latest.Error}", true);
            else if (latest.Outcome == RunOutcome.Running && now - latest.Started > RunningTooLong)
                yield return new StatusLine($"The latest '{latest.Operation}' run ({Date(latest.RunDate)}) never finished (a crash or a shutdown): run 'dimpact daily --date {latest.RunDate:yyyy-MM-dd}' again.", true);
        }
    }

    private static IEnumerable<StatusLine> MasterData(IReadOnlyList<MasterDataGap> gaps) =>
        gaps.OrderBy(g => g.Member.Value, StringComparer.Ordinal)
            .Select(g => new StatusLine($"{g.Name} ({g.Member}) lacks {string.Join(", ", g.Missing)}{(g.BlocksDelivery ? ": its documents cannot be sent" : ": its e-invoices are withheld, the PDF is sent")} (data/members).",
                NeedsAttention: g.BlocksDelivery));

    private static string Date(LocalDate date) => date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
}
