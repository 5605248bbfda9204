using System.Text;
using Dimpact.Billing.Receivables;

namespace Dimpact.Billing.Notifications;

public static partial class FinanceMessages
{
    // ---- 8. A bank statement imported, imported before, or rejected ----

    /// <summary>
    /// A bank statement file imported (its new entries, the payments matched, what waits for finance), imported before
    /// (nothing done) or rejected (the problems: element and reason); the report in the body and attached. Named after
    /// the upload and its content's fingerprint, so a retried upload of the same file notifies once.
    /// </summary>
    public static FinanceNotification BankStatement(StatementImport import)
    {
        var file = FileName(import.Upload);
        var text = Start();
        switch (import.Result)
        {
            case StatementImportResult.Rejected:
                text.AppendLine($"Het bankafschrift {file} is afgewezen: {Count(import.Problems.Count)} fout(en).")
                    .AppendLine("Er is niets opgeslagen: een afschrift wordt helemaal of helemaal niet ingelezen. Het verslag noemt per fout")
                    .AppendLine("het element en de reden. Download het afschrift opnieuw als CAMT.053 van de rekening van Dimpact (of pas de")
                    .AppendLine("instelling Seller__Iban aan) en lees het opnieuw in.");
                break;
            case StatementImportResult.AlreadyImported:
                text.AppendLine($"Het bankafschrift {file} was al eerder ingelezen ({string.Join(", ", import.Statements.Select(s => s.Statement.Id))}): er is niets gedaan.");
                // Where the file's payments stand now, so that nothing is lost when the first import ended before telling finance.
                var references = import.Statements.SelectMany(s => s.Statement.Entries).Select(e => e.Reference).ToHashSet();
                if (import.Matching?.State.Payments().Where(p => references.Contains(p.Entry.Reference) && !p.IsReversed).ToList() is { Count: > 0 } payments)
                    text.AppendLine($"Stand van de {Count(payments.Count)} betaling(en) uit dit afschrift: {Amount(payments.Sum(p => p.Allocated))} toegewezen, "
                        + $"{Amount(payments.Sum(p => p.Unallocated))} wacht op toewijzing door u (dimpact payments unmatched).");
                break;
            default:
            {
                var recorded = import.Matching?.Recorded ?? [];
                var matched = recorded.Where(a => a.Kind == AllocationKind.Matched && a.Entry is not null).ToList();
                text.AppendLine($"Het bankafschrift {file} is ingelezen: {Count(import.NewEntries)} nieuwe boeking(en).")
                    .AppendLine($"- {Count(matched.Select(a => a.Entry).Distinct().Count())} betaling(en) toegewezen aan de documenten die ze noemen: {Amount(matched.Sum(a => a.Amount))}"
                        + (matched.Any(a => a.ToCreditBalance) ? $", waarvan {Amount(matched.Where(a => a.ToCreditBalance).Sum(a => a.Amount))} als tegoed van de gemeente" : ""));
                if (recorded.Count(a => a.Kind == AllocationKind.CreditNoteSetOff) is > 0 and var setOffs)
                    text.AppendLine($"- {Count(setOffs)} creditnota('s) verrekend met openstaande facturen");
                if (recorded.Where(a => a.Kind == AllocationKind.Refund).ToList() is { Count: > 0 } refunds)
                    text.AppendLine($"- {Count(refunds.Select(a => a.CreditNote).Distinct().Count())} creditnota('s) terugbetaald: {Amount(refunds.Sum(a => a.Amount))}");
                if (recorded.Count(a => a.Kind == AllocationKind.Reversal) is > 0 and var reversals)
                    text.AppendLine($"- {Count(reversals)} toewijzing(en) ongedaan gemaakt: de bank heeft de betaling teruggeboekt");
                var waiting = import.Matching?.Unmatched ?? [];
                text.AppendLine();
                if (waiting.Count == 0) text.AppendLine("Er wachten geen betalingen op toewijzing.");
                else
                {
                    text.AppendLine($"{Count(waiting.Count)} betaling(en) wachten op toewijzing door u, samen {Amount(waiting.Sum(p => p.Unallocated))} (dimpact payments unmatched):").AppendLine();
                    foreach (var p in waiting.Take(ReportLinesInBody))
                        text.AppendLine($"    {p.Entry.Reference}  {Date(p.Entry.BookingDate)}  {Amount(p.Unallocated),14}  {p.Entry.CounterpartyName}  {p.Entry.RemittanceText}");
                    if (waiting.Count > ReportLinesInBody) text.AppendLine($"    … en nog {Count(waiting.Count - ReportLinesInBody)}: dimpact payments unmatched.");
                    text.AppendLine().AppendLine("Wijs ze toe met: dimpact payments allocate BOEKING FACTUURNUMMER [--amount BEDRAG] (of een CBS-code voor het tegoed).");
                }
                break;
            }
        }
        text.AppendLine();
        var report = ReportFileName(file);
        var lines = import.ToText().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        text.AppendLine($"Het verslag (bijlage {report}):").AppendLine();
        foreach (var line in lines.Take(ReportLinesInBody)) text.AppendLine("    " + line);
        if (lines.Length > ReportLinesInBody) text.AppendLine($"    … en nog {Count(lines.Length - ReportLinesInBody)} regel(s): zie de bijlage.");
        text.AppendLine();
        return new FinanceNotification($"upload|bank-statements/{import.ReportName}",
            Subject + import.Result switch
            {
                StatementImportResult.Rejected => $"bankafschrift afgewezen ({file})",
                StatementImportResult.AlreadyImported => $"bankafschrift al ingelezen ({file})",
                _ => $"bankafschrift ingelezen ({file})",
            },
            End(text),
            [new Attachment(report, "text/plain", Encoding.UTF8.GetBytes(import.ToText()))]);
    }
}
