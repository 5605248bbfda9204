using Dimpact.Billing;
using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Ledger;
using Dimpact.Billing.Receivables;

namespace Dimpact.Documents.Reports;

/// <summary>The receivables' views for finance (the open items with their ageing; the ledger export), drawn like the other reports.</summary>
public static class ReceivablesViews
{
    public static string BucketName(AgeingBucket bucket) => bucket switch
    {
        AgeingBucket.NotYetDue => "Nog niet vervallen",
        AgeingBucket.Days0To30 => "0–30 dagen",
        AgeingBucket.Days31To60 => "31–60 dagen",
        AgeingBucket.Days61To90 => "61–90 dagen",
        _ => "> 90 dagen",
    };

    public static ReportDocument Of(ReceivablesReport report)
    {
        var items = new ReportTable("Posten", $"Documenten per {DutchText.Date(report.AsOf)}",
            [
                new("Nummer", 11, false), new("Soort", 9, false), new("Gemeente", 8, false), new("Datum", 9, false), new("Vervaldatum", 9, false),
                new("Incl. btw (€)", 12), new("Betaald/verrekend (€)", 12), new("Open (€)", 12), new("Dagen over", 7),
            ],
            [
                .. report.Items.Select(i => new ReportRow(
                [
                    new ReportCell.Text(i.Number.ToString()), new ReportCell.Text(DutchText.Title(i.Kind)), new ReportCell.Text(i.Member.Value),
                    new ReportCell.Text(DutchText.Date(i.IssueDate)), new ReportCell.Text(i.Kind == DocumentKind.Invoice ? DutchText.Date(i.DueDate) : ""),
                    new ReportCell.Amount(i.TotalInclVat), new ReportCell.Amount(i.Allocated), new ReportCell.Amount(i.Open), new ReportCell.Count(i.DaysOverdue),
                ])),
                new ReportRow(
                [
                    new ReportCell.Text("Totaal"), ReportCell.Empty, ReportCell.Empty, ReportCell.Empty, ReportCell.Empty,
                    new ReportCell.Amount(report.Issued), new ReportCell.Amount(report.Items.Sum(i => i.Allocated)), new ReportCell.Amount(report.Items.Sum(i => i.Open)), ReportCell.Empty,
                ], IsTotal: true),
            ]);
        var ageing = new ReportTable("Ouderdom", $"Ouderdom van de open facturen per {DutchText.Date(report.AsOf)}",
            [new("Dagen na vervaldatum", 20, false), new("Documenten", 10), new("Open (€)", 14)],
            [
                .. report.Ageing.Select(a => new ReportRow([new ReportCell.Text(BucketName(a.Bucket)), new ReportCell.Count(a.Documents), new ReportCell.Amount(a.Open)])),
                new ReportRow([new ReportCell.Text("Open facturen"), new ReportCell.Count(report.Ageing.Sum(a => a.Documents)), new ReportCell.Amount(report.OpenInvoices)], IsTotal: true),
                new ReportRow([new ReportCell.Text("Nog te verrekenen creditnota's"), ReportCell.Empty, new ReportCell.Amount(report.OpenCreditNotes)]),
                new ReportRow([new ReportCell.Text("Tegoeden van gemeenten"), ReportCell.Empty, new ReportCell.Amount(-report.CreditBalance)]),
                new ReportRow([new ReportCell.Text("Saldo te ontvangen"), ReportCell.Empty, new ReportCell.Amount(report.Balance)], IsTotal: true),
            ]);
        return new ReportDocument($"Openstaande posten per {DutchText.Date(report.AsOf)}" + (report.Member is { } m ? $" ({m})" : ""),
        [
            "Per document: het bedrag incl. btw, wat betalingen en creditnota's ervan voldeden, wat open staat en hoeveel dagen na de vervaldatum (30 dagen na de factuurdatum). "
            + "Bedragen van een creditnota zijn negatief. Alleen toewijzingen tot en met de datum tellen mee.",
            $"Betaald {DutchText.Amount(report.Paid)}, verrekend met creditnota's {DutchText.Amount(report.CreditNotesSetOff)}, open {DutchText.Amount(report.OpenInvoices)}, waarvan vervallen {DutchText.Amount(report.Overdue)}.",
        ], [items, ageing]);
    }

    public static ReportDocument Of(LedgerExport export)
    {
        var accounts = new ReportTable("Rekeningen", $"Journaal {DutchText.Date(export.From)} t/m {DutchText.Date(export.To)} per rekening",
            [new("Rekening", 8, false), new("Naam", 24, false), new("Debet (€)", 14), new("Credit (€)", 14)],
            [
                .. export.PerAccount.Select(a => new ReportRow([new ReportCell.Text(a.Account.Code), new ReportCell.Text(a.Account.Name), new ReportCell.Amount(a.Debit), new ReportCell.Amount(a.Credit)])),
                new ReportRow([new ReportCell.Text("Totaal"), ReportCell.Empty, new ReportCell.Amount(export.TotalDebit), new ReportCell.Amount(export.TotalCredit)], IsTotal: true),
            ]);
        return new ReportDocument($"Journaal {DutchText.Date(export.From)} t/m {DutchText.Date(export.To)}",
        [
            $"{export.Entries} boeking(en), {export.Lines.Count} regel(s); " + (export.IsBalanced ? "elke boeking is in balans (debet = credit)." : $"NIET in balans: {string.Join(", ", export.UnbalancedEntries)}."),
            "De regels zelf: dimpact ledger export --csv.",
        ], [accounts]);
    }
}
