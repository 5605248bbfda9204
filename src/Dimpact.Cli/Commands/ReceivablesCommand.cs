using System.ComponentModel;
using Dimpact.Billing;
using Dimpact.Billing.Receivables;
using Dimpact.Cli.Output;
using Dimpact.Documents.Reports;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Dimpact.Cli.Commands;

/// <summary>Options of <c>dimpact receivables</c>: the date, one member, and the output.</summary>
public class ReceivablesSettings : CsvStorageSettings
{
    [CommandOption("--as-of <DATE>")]
    [Description("The date (yyyy-MM-dd): documents issued and allocations dated up to and including it. Default: today.")]
    public string? AsOf { get; init; }

    [CommandOption("--member <CODE>")]
    [Description("Only this member's documents (CBS code, such as GM0150).")]
    public string? Member { get; init; }

    public LocalDate AsOfDate(IClock clock) => Date("--as-of", AsOf) ?? BillingCalendar.Today(clock);

    public CbsCode? MemberCode()
    {
        if (Member is null) return null;
        try { return CbsCode.Parse(Member); }
        catch (FormatException) { throw new InvalidInputException([new DataProblem("--member", null, null, $"'{Member}' is not a CBS code such as GM0150")]); }
    }

    public static LocalDate? Date(string option, string? text) =>
        text is null ? null
        : LocalDatePattern.Iso.Parse(text) is { Success: true } r ? r.Value
        : throw new InvalidInputException([new DataProblem(option, null, null, $"'{text}' is not a date in the form yyyy-MM-dd")]);
}

public sealed class ReceivablesReportSettings : ReceivablesSettings
{
    [CommandOption("--xlsx <FILE>")]
    [Description("Also write the open items and their ageing as an Excel workbook (amounts as numbers).")]
    public string? Xlsx { get; init; }

    [CommandOption("--open")]
    [Description("Only documents with an amount open (default: every document issued up to the date).")]
    public bool OpenOnly { get; init; }
}

/// <summary>
/// dimpact receivables [--as-of D] [--member CODE] [--csv | --xlsx FILE]: per document issued, due, paid (allocated),
/// open and days overdue; the ageing of the open amounts (not yet due, 0–30, 31–60, 61–90, more than 90 days), credit
/// notes to set off and credit balances. Reads, stores nothing.
/// </summary>
public sealed class ReceivablesCommand(IAnsiConsole console) : AsyncCommand<ReceivablesReportSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ReceivablesReportSettings settings, CancellationToken cancellationToken)
    {
        using var services = settings.Services();
        var asOf = settings.AsOfDate(services.GetRequiredService<IClock>());
        var member = settings.MemberCode();
        var state = await services.GetRequiredService<ReadReceivables>().RunAsync(cancellationToken);
        var report = ReceivablesReport.Of(state, asOf, member, settings.OpenOnly);
        var document = ReceivablesViews.Of(report);
        if (settings.Xlsx is { } path)
        {
            var written = ReportSettings.WriteFile(path, ReportWorkbook.Write(document));
            (settings.Csv ? Console.Error : Console.Out).WriteLine($"wrote {written}");
        }
        if (settings.Csv) Console.Out.Write(report.Csv());
        else ReportConsole.Write(console, document);
        return ExitCodes.Done;
    }
}

public sealed class StatementSettings : ReceivablesSettings
{
    [CommandArgument(0, "<CODE>")]
    [Description("The member's CBS code, such as GM0150.")]
    public string Code { get; init; } = "";

    [CommandOption("--from <DATE>")]
    [Description("List payments and set-offs from this date (default: 1 January of the as-of year).")]
    public string? From { get; init; }

    [CommandOption("--out <DIR>")]
    [Description("Where the PDF goes (default: out/).")]
    public string Out { get; init; } = "out";
}

/// <summary>dimpact receivables statement CODE [--as-of D] --out DIR: the member's statement of account (rekeningoverzicht) as PDF.</summary>
public sealed class ReceivablesStatementCommand(IAnsiConsole console) : AsyncCommand<StatementSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, StatementSettings settings, CancellationToken cancellationToken)
    {
        using var services = settings.Services();
        var asOf = settings.AsOfDate(services.GetRequiredService<IClock>());
        CbsCode member;
        try { member = CbsCode.Parse(settings.Code); }
        catch (FormatException) { throw new InvalidInputException([new DataProblem("CODE", null, null, $"'{settings.Code}' is not a CBS code such as GM0150")]); }
        var state = await services.GetRequiredService<ReadReceivables>().RunAsync(cancellationToken);
        if (state.Documents.All(d => d.Member != member))
            throw new InvalidInputException([new DataProblem("CODE", null, null, $"member {member} has no documents")]);
        var statement = StatementOfAccount.Of(state, member, asOf, ReceivablesSettings.Date("--from", settings.From));
        var path = ReportSettings.WriteFile(Path.Combine(settings.Out, statement.FileName), await services.GetRequiredService<IStatementOfAccountRenderer>().PdfAsync(statement, cancellationToken));
        console.WriteLine($"{member} on {asOf:yyyy-MM-dd}: {statement.OpenItems.Count} open item(s), open invoices {Formats.Euro(statement.OpenInvoices)}, "
                          + $"overdue {Formats.Euro(statement.Overdue)}, credit balance {Formats.Euro(statement.CreditBalance)}, total due {Formats.Euro(statement.TotalDue)}.");
        console.WriteLine($"wrote {path}");
        return ExitCodes.Done;
    }
}
