using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Populations;
using Dimpact.Billing.Reports;
using Dimpact.Billing.Settlement;
using Dimpact.Billing.Tariffs;
using NodaTime;
using NodaTime.Text;

namespace Dimpact.Billing.Notifications;

/// <summary>
/// What finance is told, and when: the use cases (the daily job, an upload, an approval, a delivery) report what they
/// did here, and this decides which events are news for finance, builds their text (<see cref="FinanceMessages"/>) and
/// hands them to the <see cref="IFinanceNotifier"/>, which records each event's id once. So a rerun or a concurrent
/// run that reports the same event sends nothing again.
/// </summary>
/// <remarks>
/// A run's documents are those the run created (<see cref="IssueRun.Issued"/>, <see cref="SettlementRun.Issued"/>):
/// concurrent runs each report their own, so every document is reported once, and a rerun that issues nothing sends
/// nothing. Recording happens after the billing work; a crash in between loses that run's notification, never a document.
/// </remarks>
/// After a settlement that issued documents, the year's reports (settlement and year overview, xlsx, PDF and CSV) are
/// written first (<see cref="WriteYearReports"/>), and the settlement workbook travels with finance's notification.
public sealed class FinanceNotifications(IFinanceNotifier notifier, ITariffYears years, IPopulationSnapshots snapshots, IEInvoiceCheck? eInvoices = null,
    AnnualDate? figuresExpectedBy = null, WriteYearReports? reports = null)
{
    /// <summary>The app setting of the date settlement figures are expected by; the tariff year's date, e.g. <c>12-01</c>.</summary>
    public const string FiguresExpectedBySetting = "Finance:SettlementFiguresExpectedBy";

    /// <summary>Without the setting: 1 December of the tariff year.</summary>
    public static readonly AnnualDate DefaultFiguresExpectedBy = new(12, 1);

    public AnnualDate FiguresExpectedBy { get; } = figuresExpectedBy ?? DefaultFiguresExpectedBy;

    /// <summary>
    /// <c>Finance:SettlementFiguresExpectedBy</c> as month and day: <c>12-01</c> (also <c>--12-01</c>, the form of the
    /// infrastructure's alert parameter); empty means the default, 1 December.
    /// </summary>
    public static AnnualDate ParseFiguresExpectedBy(string? text)
    {
        if (text is not { Length: > 0 }) return DefaultFiguresExpectedBy;
        var result = AnnualDatePattern.CreateWithInvariantCulture("MM-dd").Parse(text.Trim().TrimStart('-'));
        return result.Success
            ? result.Value
            : throw new InvalidSettingException("Finance__SettlementFiguresExpectedBy",
                $"'{text}' is not a month and day such as 12-01 (1 December of the tariff year, the default).");
    }

    /// <summary>An upload accepted or rejected, and the figures it stored that are held for approval (also before Q4).</summary>
    public async Task<IReadOnlyList<NotificationOutcome>> UploadAsync(UploadSummary upload, CancellationToken cancellationToken = default)
    {
        var outcomes = new List<NotificationOutcome> { await notifier.NotifyAsync(FinanceMessages.Upload(upload), cancellationToken) };
        foreach (var figures in upload.Figures.Where(f => f.Held))
            if (await snapshots.FindAsync(figures.ReferenceDate, figures.Version, cancellationToken) is { IsHeld: true } held)
                outcomes.Add(await notifier.NotifyAsync(FinanceMessages.Hold(held, MemberName(await years.FindAsync(held.ReferenceDate.Year, cancellationToken))), cancellationToken));
        return outcomes;
    }

    /// <summary>
    /// What a run did on <paramref name="today"/>: the documents it issued (with the withheld e-invoices among them), and
    /// per settlement run figures on hold or, past the expected date, figures missing.
    /// </summary>
    public async Task<IReadOnlyList<NotificationOutcome>> RunAsync(LocalDate today, IReadOnlyList<Invoice> issued, IReadOnlyList<SettlementRun> settlements,
        CancellationToken cancellationToken = default)
    {
        var written = new List<WrittenReports>();
        if (reports is not null)
            foreach (var settled in settlements.Where(s => s.Issued.Count > 0).Select(s => s.Year).Distinct())
                written.Add(await reports.RunAsync(settled, cancellationToken));
        var outcomes = new List<NotificationOutcome>();
        var tariffYears = new Dictionary<int, TariffYear?>();
        foreach (var year in settlements.Select(s => s.Year).Distinct()) tariffYears[year] = await years.FindAsync(year, cancellationToken);
        var withheld = new List<WithheldEInvoice>();
        if (eInvoices is not null)
            foreach (var invoice in issued)
                if (await eInvoices.GapsOfAsync(invoice, cancellationToken) is { Count: > 0 } gaps) withheld.Add(new WithheldEInvoice(invoice, gaps));
        foreach (var notification in Notifications(today, issued, settlements, written, tariffYears, withheld))
            outcomes.Add(await notifier.NotifyAsync(notification, cancellationToken));
        return outcomes;
    }

    /// <summary>The notifications a run's results call for, in the order they are recorded.</summary>
    public IEnumerable<FinanceNotification> Notifications(LocalDate today, IReadOnlyList<Invoice> issued, IReadOnlyList<SettlementRun> settlements,
        IReadOnlyList<WrittenReports>? written = null, IReadOnlyDictionary<int, TariffYear?>? tariffYears = null, IReadOnlyList<WithheldEInvoice>? withheld = null)
    {
        foreach (var run in settlements)
        {
            var tariffYear = tariffYears?.GetValueOrDefault(run.Year);
            if (run is { Status: SettlementStatus.OnHold, Snapshot: { IsHeld: true } held })
                yield return FinanceMessages.Hold(held, MemberName(tariffYear));
            if (run.Status == SettlementStatus.WaitingForFigures && tariffYear is { } year && today >= FiguresExpectedBy.InYear(run.Year))
                yield return FinanceMessages.Waiting(run.Year, year.SettlementReferenceDate, FiguresExpectedBy.InYear(run.Year), today, run.MissingFigures, MemberName(tariffYear));
        }
        if (issued.Count == 0) yield break;
        yield return FinanceMessages.Issued(today, issued, written ?? []);
        if (withheld is { Count: > 0 }) yield return FinanceMessages.Withheld(issued, withheld);
    }

    private static Func<CbsCode, string> MemberName(TariffYear? year) =>
        code => year is not null && year.IsMember(code) ? year.Member(code).Name : code.Value;
}
