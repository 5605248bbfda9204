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
        console.MarkupLineInterpolated($"{invoice.Draft.MemberName} ({invoice.Member}), {invoice.Key.PeriodLabel}: written {Path.GetFullPath(pdfPath)} and {Path.GetFullPath(xmlPath)}.");
        foreach (var violation in violations)
            console.MarkupLineInterpolated($"[yellow]e-invoice not sendable:[/] {violation}");
        return 0;
    }
}
