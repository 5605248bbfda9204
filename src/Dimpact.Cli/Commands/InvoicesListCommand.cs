using Microsoft.Extensions.DependencyInjection;
using Dimpact.Billing.Invoicing;
using Dimpact.Cli.Output;
using Dimpact.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Dimpact.Cli.Commands;

/// <summary>dimpact invoices list: every document of a tariff year. Amounts are signed: a credit note's are negative.</summary>
public sealed class InvoicesListCommand(IAnsiConsole console) : AsyncCommand<YearCsvStorageSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, YearCsvStorageSettings settings, CancellationToken cancellationToken)
    {
        using var services = settings.Services();
        var invoices = await services.GetRequiredService<IInvoiceStore>().ListAsync(settings.Year, cancellationToken);
        if (settings.Csv)
        {
            Formats.WriteCsv(Console.Out, "number,kind,member_code,period,issue_date,total_excl_vat,vat,total_incl_vat",
                invoices.Select(i => Formats.CsvLine(i.Number.ToString(), Kind(i), i.Member.Value, i.Key.PeriodLabel,
                    i.IssueDate.ToString("yyyy-MM-dd", null), i.TotalExclVat, i.Vat, i.TotalInclVat)));
            return 0;
        }
        var table = new Table().Border(TableBorder.Simple).Title($"Documents of tariff year {settings.Year}");
        table.AddColumns("Number", "Kind", "Member", "Period", "Issued", "Due");
        foreach (var h in new[] { "Excl. VAT", "VAT", "Incl. VAT" }) table.AddColumn(new TableColumn(h).RightAligned());
        foreach (var i in invoices)
            table.AddRow(i.Number.ToString(), Kind(i), Markup.Escape($"{i.Draft.MemberName} ({i.Member})"), i.Key.PeriodLabel,
                i.IssueDate.ToString("dd-MM-yyyy", null), i.DueDate.ToString("dd-MM-yyyy", null),
                Formats.Euro(i.TotalExclVat), Formats.Euro(i.Vat), Formats.Euro(i.TotalInclVat));
        console.Write(table);
        console.MarkupLine($"{invoices.Count} document(s); total excl. VAT {Formats.Euro(invoices.Sum(i => i.TotalExclVat.Euros) is var t ? Billing.Money.Exact(t) : default)}.");
        return 0;
    }

    private static string Kind(Invoice invoice) => invoice.Kind == DocumentKind.CreditNote ? "credit_note" : "invoice";
}
