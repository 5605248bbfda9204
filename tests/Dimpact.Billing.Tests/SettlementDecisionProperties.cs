using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Populations;
using Dimpact.Billing.Settlement;
using Dimpact.Billing.Tariffs;
using Dimpact.TestSupport;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace Dimpact.Billing.Tests;

/// <summary>
/// The pure decision of the settlement (<see cref="SettleYear.DocumentsDue"/>), over any history (issue 9): whatever
/// documents were issued on whichever figure versions, in whatever order, the documents due bring every line to the
/// definitive amount on the newest figures; and two runs deciding on the same documents claim the same keys, so that
/// the store lets only one of them issue.
/// </summary>
public class SettlementDecisionProperties
{
    private static readonly TariffYear Year = Repository.TariffYear2024;
    private static readonly LocalDate Today = new(2024, 10, 2);
    private static readonly LocalDate January1 = new(2024, 1, 1);

    /// <summary>A version: every member's reference population, some of them changed by up to ±50 %.</summary>
    private static Gen<Dictionary<CbsCode, Population>> Figures() =>
        Gen.Choose(50, 150).ArrayOf(Year.Members.Count).Where(a => a.Length == Year.Members.Count)
            .Zip(Gen.Elements(true, false, false).ArrayOf(Year.Members.Count).Where(a => a.Length == Year.Members.Count))
            .Select(t => Year.Members.Select((m, i) => (m.Code, Population: new Population(
                t.Item2[i] ? m.ReferencePopulation.Count * t.Item1[i] / 100 : m.ReferencePopulation.Count))).ToDictionary(x => x.Code, x => x.Population));

    /// <summary>Versions 1..n, and a history: which version each earlier run decided on (stale ones included), in order.</summary>
    private static Arbitrary<(List<PopulationSnapshot> Versions, int[] History)> Histories() =>
        Figures().ListOf().Where(l => l.Count is >= 1 and <= 5)
            .SelectMany(figures => Gen.Choose(0, figures.Count - 1).ArrayOf().Where(h => h.Length <= 8)
                .Select(history => (figures.Select((f, i) => new PopulationSnapshot(January1, i + 1, $"v{i + 1}.csv", Instant.FromUtc(2024, 10, 1, 0, 0), f)).ToList(), history)))
            .ToArbitrary();

    /// <summary>Issues drafts as a store would: the next number of the document's series.</summary>
    private static void Issue(List<Invoice> issued, IEnumerable<DraftInvoice> drafts)
    {
        foreach (var draft in drafts)
        {
            Assert.DoesNotContain(issued, i => i.Key == draft.Key);
            issued.Add(draft.WithNumber(new InvoiceNumber(draft.Kind, 2024, issued.Count(i => i.Kind == draft.Kind) + 1)));
        }
    }

    private static List<Invoice> Advances()
    {
        var issued = new List<Invoice>();
        Issue(issued, IssueDueInvoices.DueBy(Year, new LocalDate(2024, 7, 1)));
        return issued;
    }

    private static bool EveryLineIsAtTheDefinitiveAmount(IReadOnlyList<Invoice> issued, PopulationSnapshot newest) =>
        Year.BillableMembers.Where(m => !Year.IsAssociationOnly(m.Code)).All(member =>
            SettlementCalculator.SettleMember(Year, member.Code, c => Year.SettlementFigure(c, newest.Of) ?? Year.Member(c).ReferencePopulation, _ => Money.Zero)
                .Lines.All(line => line.Definitive.Definitive ==
                    issued.Where(d => d.Key.Member == member.Code).SelectMany(d => d.Lines).Where(l => l.Product == line.Budget.Product).Sum(l => l.Amount)));

    [Property(MaxTest = 60)]
    public Property After_any_history_the_documents_due_bring_every_line_to_the_newest_definitive_amount() =>
        Prop.ForAll(Histories(), h =>
        {
            var issued = Advances();
            foreach (var version in h.History)
                Issue(issued, SettleYear.DocumentsDue(Year, h.Versions[version], issued, Today).Due);
            var newest = h.Versions[^1];
            Issue(issued, SettleYear.DocumentsDue(Year, newest, issued, Today).Due);

            return EveryLineIsAtTheDefinitiveAmount(issued, newest)
                && SettleYear.DocumentsDue(Year, newest, issued, Today).Due.Count == 0; // converged: a rerun issues nothing
        });

    [Property(MaxTest = 60)]
    public Property Two_runs_deciding_on_the_same_documents_claim_the_same_key_for_every_member_both_would_bill() =>
        Prop.ForAll(Histories(), Figures().ToArbitrary(), Figures().ToArbitrary(), (h, a, b) =>
        {
            var issued = Advances();
            foreach (var version in h.History)
                Issue(issued, SettleYear.DocumentsDue(Year, h.Versions[version], issued, Today).Due);
            var next = h.Versions.Count + 1;
            var first = SettleYear.DocumentsDue(Year, new PopulationSnapshot(January1, next, "a.csv", Instant.MinValue, a), issued, Today).Due;
            var second = SettleYear.DocumentsDue(Year, new PopulationSnapshot(January1, next + 1, "b.csv", Instant.MinValue, b), issued, Today).Due;
            var secondByMember = second.ToDictionary(d => d.Key.Member);
            return first.All(d => !secondByMember.TryGetValue(d.Key.Member, out var other) || other.Key == d.Key)
                && first.All(d => issued.All(i => i.Key != d.Key)); // and no key already issued
        });
}
