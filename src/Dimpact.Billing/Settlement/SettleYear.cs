using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Populations;
using Dimpact.Billing.Tariffs;
using NodaTime;

namespace Dimpact.Billing.Settlement;

public enum SettlementStatus
{
    /// <summary>Q4 of the tariff year has not started.</summary>
    NotDue,

    /// <summary>Figures of 1 January are missing for members with a population-dependent product.</summary>
    WaitingForFigures,

    /// <summary>The newest figures of 1 January are held: they change implausibly much and wait for finance's approval.</summary>
    OnHold,

    /// <summary>The settlement and any correction the newest figures call for are issued.</summary>
    Settled,
}

/// <summary>What a settlement run found and did.</summary>
public sealed record SettlementRun(
    int Year,
    SettlementStatus Status,
    PopulationSnapshot? Snapshot,
    IReadOnlyList<CbsCode> MissingFigures,
    IReadOnlyList<CbsCode> WaitingForAdvances,
    IReadOnlyList<DraftInvoice> Due,
    IReadOnlyList<Invoice> Issued,
    int AlreadyIssued);

/// <summary>
/// "Settle year Y" (BILLING.md, "Q4: settlement" and "Corrections"). Once Q4 has started and 1 January figures are
/// present for every member with a population-dependent product, each product member gets one Q4 document: per
/// product the definitive amount on the settlement population minus the advances actually invoiced, a credit note
/// when the total is negative. When newer figures for the same date arrive after a member was settled, it gets a
/// correction document for the difference, referencing its Q4 document; members whose amounts do not change get
/// nothing. Every document has a deterministic key, so the run is idempotent and safe to run concurrently, from
/// the timer, the blob trigger or the CLI alike.
/// </summary>
public sealed class SettleYear(ITariffYears years, IPopulationSnapshots snapshots, IInvoiceStore store)
{
    public const int SettlementQuarter = 4;

    public static bool IsDue(int year, LocalDate today) => new Quarter(year, SettlementQuarter).HasStartedOn(today);

    /// <summary>
    /// How often a run re-reads and recomputes after finding a document it meant to issue issued already by another run
    /// (which may have computed it on other figures), or newer figures stored while it ran. Each round either converges
    /// or sees another run's progress.
    /// </summary>
    public const int MaxRounds = 20;

    public async Task<SettlementRun> RunAsync(int year, LocalDate today, bool dryRun = false, IProgress<IssueProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (await years.FindAsync(year, cancellationToken) is not { } tariffYear || !IsDue(year, today))
            return new SettlementRun(year, SettlementStatus.NotDue, null, [], [], [], [], 0);

        var created = new List<Invoice>();
        var already = 0;
        var allDue = new List<DraftInvoice>();
        for (var round = 1; round <= MaxRounds; round++)
        {
            var snapshot = await snapshots.LatestAsync(tariffYear.SettlementReferenceDate, cancellationToken);
            var missing = tariffYear.MembersNeedingSettlementFigures().Where(c => snapshot is null || tariffYear.SettlementFigure(c, snapshot.Of) is null).OrderBy(c => c.Value).ToList();
            if (snapshot is { IsHeld: true })
                return new SettlementRun(year, SettlementStatus.OnHold, snapshot, missing, [], allDue, created, already);
            if (snapshot is null || missing.Count > 0)
                return new SettlementRun(year, SettlementStatus.WaitingForFigures, snapshot, missing, [], allDue, created, already);

            // Computed against what is actually issued now; a document's key claims that state (see DocumentsDue).
            var issued = await store.ListAsync(year, cancellationToken);
            var (due, waiting) = DocumentsDue(tariffYear, snapshot, issued, today);
            if (dryRun) return new SettlementRun(year, SettlementStatus.Settled, snapshot, [], waiting, due, [], 0);

            var contended = false;
            foreach (var draft in due)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var outcome = await store.IssueAsync(draft, cancellationToken);
                if (outcome.Created) created.Add(outcome.Invoice);
                else { already++; contended = true; }
                progress?.Report(new IssueProgress(created.Count + already, allDue.Count + due.Count, outcome.Invoice));
            }
            allDue.AddRange(due);
            // Done when no other run issued a key first (perhaps on other figures or another state) and no newer figures
            // were stored meanwhile: their own run may have looked before this run's documents existed. Else read again.
            if (!contended && (await snapshots.LatestAsync(tariffYear.SettlementReferenceDate, cancellationToken))?.Version == snapshot.Version)
                return new SettlementRun(year, SettlementStatus.Settled, snapshot, [], waiting, allDue, created, already);
        }
        throw new InvalidOperationException($"The settlement of {year} did not converge in {MaxRounds} rounds: other runs keep issuing for the same members. Run it again.");
    }

    /// <summary>
    /// The Q4 and correction documents the figures call for, given what is issued; and the members that cannot be
    /// settled yet because an advance is missing (the daily run issues advances before it settles).
    /// </summary>
    /// <remarks>
    /// Every document is computed against all documents issued for the member and product, so it brings each line
    /// to the definitive amount on <paramref name="snapshot"/>. Its key names the state it was computed on: the Q4
    /// document, or the member's n-th correction, n = corrections issued + 1. Two runs computing on the same state
    /// (whatever figures each has) produce the same key, and the store issues a key once: one of them wins, the other
    /// re-reads and computes against the winner's document. So corrections never both net against the same base.
    /// </remarks>
    public static (IReadOnlyList<DraftInvoice> Due, IReadOnlyList<CbsCode> WaitingForAdvances) DocumentsDue(
        TariffYear year, PopulationSnapshot snapshot, IReadOnlyList<Invoice> issued, LocalDate today)
    {
        var due = new List<DraftInvoice>();
        var waiting = new List<CbsCode>();
        var byMember = issued.ToLookup(i => i.Key.Member); // the member whose lines they are, whoever received them (mergers)
        // The advances the calendar asks for (with late uptakes caught up): the settlement waits until they are issued.
        var issuedKeys = issued.Select(i => i.Key).ToHashSet();
        var advancesDue = IssueDueInvoices.DueBy(year, new Quarter(year.Year, SettlementQuarter).FirstDay, issued)
            .Where(d => !issuedKeys.Contains(d.Key)).Select(d => d.Key.Member).ToHashSet();
        // Every member with product lines, and every member whose documents charge what the year no longer holds (a
        // change withdrawn by a later upload: an uptake, a join), so that its documents are brought back to the year.
        var members = year.BillableMembers.Where(m => year.HasProducts(m.Code)).Select(m => m.Code).ToList();
        var known = members.ToHashSet();
        members.AddRange(byMember.Select(g => g.Key).Where(c => !known.Contains(c) && Withdrawn(year, c, byMember[c]).Count > 0).OrderBy(c => c.Value, StringComparer.Ordinal));
        foreach (var code in members)
        {
            var documents = byMember[code].ToList();
            var settlement = documents.FirstOrDefault(d => d.Key.Purpose == Purpose.Settlement);
            if (settlement is null)
            {
                if (advancesDue.Contains(code)) { waiting.Add(code); continue; }
                var draft = Draft(year, code, snapshot, documents, today, new DocumentKey(code, year.Year, SettlementQuarter, Purpose.Settlement), null);
                if (known.Contains(code) || draft.Lines.Any(l => l.Amount != Money.Zero)) due.Add(draft);
                continue;
            }
            // Settled already: only newer figures than the last used, or other member data (e.g. an uptake recorded after
            // the settlement), can call for a correction.
            var settled = documents.Where(d => d.Key.Purpose is Purpose.Settlement or Purpose.Correction && d.Draft.Basis.PopulationSnapshot is not null).ToList();
            var lastUsed = settled.Max(d => PopulationSnapshot.VersionOf(d.Draft.Basis.PopulationSnapshot!));
            // Only the membership changes can change amounts: an address or e-mail upload calls for no correction.
            var changesUsed = MemberData.AmountsPart(settled.MaxBy(d => d.Key.Revision)!.Draft.Basis.MemberDataVersion);
            if (snapshot.Version <= lastUsed && changesUsed == MemberData.AmountsPart(year.MemberDataVersion)) continue;
            var revision = documents.Count(d => d.Key.Purpose == Purpose.Correction) + 1;
            var correction = Draft(year, code, snapshot, documents, today,
                new DocumentKey(code, year.Year, SettlementQuarter, Purpose.Correction, revision), settlement.Number);
            if (correction.Lines.Any(l => l.Amount != Money.Zero)) due.Add(correction with { Lines = correction.Lines.Where(l => l.Amount != Money.Zero).ToList() });
        }
        return (due, waiting);
    }

    /// <summary>
    /// What a member's documents charge that the year no longer holds: per product the amount invoiced where the year has
    /// no line of that product for the member (an uptake withdrawn, a join withdrawn, with its entry fee and contribution).
    /// The year's own lines are settled by the rule; an association contribution the year holds is never refunded.
    /// </summary>
    /// <param name="includeSettled">Also products already brought back to 0 (for reports).</param>
    public static IReadOnlyList<(ProductId Product, Money Invoiced, decimal VatRate)> Withdrawn(TariffYear year, CbsCode member, IEnumerable<Invoice> documents,
        bool includeSettled = false)
    {
        var held = year.IsMember(member) ? year.LinesOf(member).Select(l => l.Product).ToHashSet() : [];
        if (year.JoiningOf(member) is not null) held.Add(TariffYear.EntryFeeProduct);
        return documents.SelectMany(d => d.Lines).Where(l => !held.Contains(l.Product)).GroupBy(l => l.Product)
            .Select(g => (g.Key, g.Sum(l => l.Amount), g.Last().VatRate))
            .Where(x => includeSettled || x.Item2 != Money.Zero)
            .OrderBy(x => x.Key.Value, StringComparer.Ordinal)
            .ToList();
    }

    private static DraftInvoice Draft(TariffYear year, CbsCode member, PopulationSnapshot snapshot, IReadOnlyList<Invoice> documents,
        LocalDate today, DocumentKey key, InvoiceNumber? corrects)
    {
        var invoicedPerProduct = documents.SelectMany(d => d.Lines).GroupBy(l => l.Product).ToDictionary(g => g.Key, g => g.Sum(l => l.Amount));
        var what = key.Purpose == Purpose.Correction ? "correctie afrekening" : "afrekening";
        var lines = !year.IsMember(member) ? [] : SettlementCalculator.SettleMember(year, member, c => year.SettlementFigure(c, snapshot.Of) ?? year.Member(c).ReferencePopulation,
                line => invoicedPerProduct.GetValueOrDefault(line.Product, Money.Zero))
            .Lines.Select(l =>
            {
                var product = year.Product(l.Budget.Product);
                var basis = l.Definitive.Basis;
                return new InvoiceLine(l.Budget.Product, $"{product.Name}, {what} {year.Year}", basis.Settlement, l.Q4Amount, product.VatRate,
                    new SettlementDetail(l.Budget.Budget, basis.Reference, basis.ReferenceDate, basis.Settlement, basis.SettlementDate,
                        basis.Combined, l.Definitive.Definitive, l.AdvancesInvoiced));
            })
            .ToList();
        // A member that joins in Q4 with products has the settlement as its first document: the entry fee goes on it.
        if (year.JoiningOf(member) is { } joining && !invoicedPerProduct.ContainsKey(TariffYear.EntryFeeProduct))
        {
            var fee = year.Product(TariffYear.EntryFeeProduct);
            lines.Insert(0, new InvoiceLine(fee.Id, $"Entreegeld lidmaatschap vanaf {joining.EffectiveDate:dd-MM-yyyy}", year.Member(member).ReferencePopulation, joining.EntryFee, fee.VatRate));
        }
        // What the year no longer holds is credited in full, at the VAT rate it was invoiced at.
        var last = documents.OrderBy(d => d.IssueDate).LastOrDefault();
        foreach (var (product, invoiced, vat) in Withdrawn(year, member, documents))
        {
            var name = year.Products.FirstOrDefault(p => p.Id == product)?.Name ?? product.Value;
            var basis = documents.SelectMany(d => d.Lines).Last(l => l.Product == product).PopulationBasis;
            lines.Add(new InvoiceLine(product, $"{name}, vervallen volgens ledenmutaties: {what} {year.Year}", basis, -invoiced, vat));
        }
        var recipient = year.IsMember(member) ? year.RecipientOn(member, today) : (last!.Member, last.Draft.MemberName);
        return new DraftInvoice(key, recipient.Item1, recipient.Item2, today, lines,
            new InvoiceBasis(year.Version, year.SettlementReferenceDate, snapshot.Id, year.MemberDataVersion is { Length: > 0 } v ? v : null), corrects)
        {
            Settles = key.Purpose == Purpose.Settlement
                ? documents.Where(d => d.Key.Purpose == Purpose.Advance).OrderBy(d => d.Key.Quarter).Select(d => d.Number).ToList()
                : [],
        };
    }
}
