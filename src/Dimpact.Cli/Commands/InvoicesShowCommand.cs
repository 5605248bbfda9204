using Dimpact.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Dimpact.Cli.Commands;

/// <summary>
/// dimpact invoices show NUMBER: writes out/{number}.pdf and .xml, the archived files where they exist (what was
/// sent), else freshly rendered ones; stores nothing.
/// </summary>
public sealed class InvoicesShowCommand(IAnsiConsole console) : AsyncCommand<NumberSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, NumberSettings settings, CancellationToken cancellationToken)
    {
        var number = settings.InvoiceNumber();
        var storage = settings.OpenStorage();
        var invoice = await new TableInvoiceStore(storage).FindAsync(number, cancellationToken)
            ?? throw new Billing.InvalidDataException([new Billing.DataProblem("NUMBER", null, null, $"{number} is not an issued invoice or credit note")]);
        var (pdf, xml, violations) = await settings.Delivery(storage).Archive.ShowAsync(invoice, cancellationToken);
        Directory.CreateDirectory("out");
        var pdfPath = Path.Combine("out", $"{number}.pdf");
        var xmlPath = Path.Combine("out", $"{number}.xml");
        await File.WriteAllBytesAsync(pdfPath, pdf, cancellationToken);
        await File.WriteAllBytesAsync(xmlPath, xml, cancellationToken);
        console.MarkupLineInterpolated($"{invoice.Draft.MemberName} ({invoice.Member}), {invoice.Key.PeriodLabel}: written {Path.GetFullPath(pdfPath)} and {Path.GetFullPath(xmlPath)}.");
        foreach (var violation in violations)
            console.MarkupLineInterpolated($"[yellow]e-invoice not sendable:[/] {violation}");
        return 0;
    }
}
