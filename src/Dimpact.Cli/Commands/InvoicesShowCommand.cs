using Dimpact.Billing.Invoicing;
using Dimpact.Delivery;
using Microsoft.Extensions.DependencyInjection;
using Dimpact.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Dimpact.Cli.Commands;

/// <summary>
/// dimpact invoices show NUMBER [--out FOLDER]: writes {folder}/{number}.pdf and .xml, the archived files where they exist (what was
/// sent), else freshly rendered ones; stores nothing.
/// </summary>
public sealed class ShowSettings : NumberSettings
{
    [CommandOption("--out <FOLDER>")]
    [System.ComponentModel.Description("Where to write the files (default: out).")]
    public string Out { get; init; } = "out";
}

public sealed class InvoicesShowCommand(IAnsiConsole console) : AsyncCommand<ShowSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ShowSettings settings, CancellationToken cancellationToken)
    {
        var number = settings.InvoiceNumber();
        using var services = settings.Services();
        var invoice = await services.GetRequiredService<IInvoiceStore>().FindAsync(number, cancellationToken)
            ?? throw new Billing.InvalidInputException([new Billing.DataProblem("NUMBER", null, null, $"{number} is not an issued invoice or credit note")]);
        var (pdf, xml, violations) = await services.GetRequiredService<DocumentArchive>().ShowAsync(invoice, cancellationToken);
        Directory.CreateDirectory(settings.Out);
        var pdfPath = Path.Combine(settings.Out, $"{number}.pdf");
        var xmlPath = Path.Combine(settings.Out, $"{number}.xml");
        await File.WriteAllBytesAsync(pdfPath, pdf, cancellationToken);
        await File.WriteAllBytesAsync(xmlPath, xml, cancellationToken);
        console.MarkupLineInterpolated($"{invoice.Number} ({invoice.Kind}) for {invoice.Draft.MemberName} ({invoice.Member}), {invoice.Key.PeriodLabel}, issued {invoice.IssueDate:yyyy-MM-dd}, due {invoice.DueDate:yyyy-MM-dd}");
        console.Write(Lines(invoice));
        var basis = invoice.Draft.Basis;
        console.MarkupLineInterpolated($"Made with tariff data {basis.TariffVersion}{(basis.MemberDataVersion is { } members ? $" and member data {members}" : "")}.");
        console.MarkupLineInterpolated($"Written {Path.GetFullPath(pdfPath)} and {Path.GetFullPath(xmlPath)}.");
        foreach (var violation in violations)
            console.MarkupLineInterpolated($"[yellow]e-invoice not sendable:[/] {violation}");
        return 0;
    }

    /// <summary>The document's lines and totals, as on the PDF.</summary>
    private static Table Lines(Invoice invoice)
    {
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("Product");
        table.AddColumn("Description");
        table.AddColumn(new TableColumn("Inhabitants").RightAligned());
        table.AddColumn(new TableColumn("Amount excl. VAT").RightAligned());
        foreach (var line in invoice.Lines)
            table.AddRow(Markup.Escape(line.Product.Value), Markup.Escape(line.Description), Output.Formats.Count(line.PopulationBasis), Output.Formats.Euro(line.Amount));
        table.AddRow("", "[bold]total excl. VAT[/]", "", Output.Formats.Euro(invoice.TotalExclVat));
        foreach (var vat in invoice.Draft.VatSubtotals)
            table.AddRow("", Markup.Escape($"VAT {vat.Rate:P0} on {Output.Formats.Euro(vat.Taxable)}"), "", Output.Formats.Euro(vat.Vat));
        table.AddRow("", "[bold]total incl. VAT[/]", "", Output.Formats.Euro(invoice.TotalInclVat));
        return table;
    }
}
