using System.ComponentModel;
using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Runs;
using Dimpact.Cli.Output;
using Dimpact.Storage;
using NodaTime;
using NodaTime.Text;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Dimpact.Cli.Commands;

public sealed class IssueSettings : StorageSettings
{
    [CommandOption("--date <DATE>")]
    [Description("Issue what is due on this date (yyyy-MM-dd, Europe/Amsterdam). Default: today.")]
    public string? Date { get; init; }

    [CommandOption("--dry-run")]
    [Description("Show what would be issued; write nothing.")]
    public bool DryRun { get; init; }

    public LocalDate RunDate(IClock clock) =>
        Date is null ? Billing.BillingCalendar.Today(clock)
        : LocalDatePattern.Iso.Parse(Date) is { Success: true } r ? r.Value
        : throw new Billing.InvalidDataException([new Billing.DataProblem("--date", null, null, $"'{Date}' is not a date in the form yyyy-MM-dd")]);
}

/// <summary>dimpact issue: the same use case the daily timer function runs.</summary>
public sealed class IssueCommand(IAnsiConsole console) : AsyncCommand<IssueSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, IssueSettings settings, CancellationToken cancellationToken)
    {
        var date = settings.RunDate(SystemClock.Instance);
        var storage = settings.OpenStorage();
        var useCase = new IssueDueInvoices(new ArchivedTariffYears(settings.Catalog(), storage), new TableInvoiceStore(storage), new RunRecorder(new TableRunLog(storage), SystemClock.Instance));
        IssueRun run;
        if (settings.DryRun) run = await useCase.RunAsync(date, dryRun: true, cancellationToken: cancellationToken);
        else
            run = await console.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async ctx =>
                {
                    var task = ctx.AddTask($"Issuing {date:yyyy-MM-dd}", maxValue: 1);
                    var progress = new Progress<IssueProgress>(p => { task.MaxValue = Math.Max(1, p.Total); task.Value = p.Done; });
                    var result = await useCase.RunAsync(date, progress: progress, cancellationToken: cancellationToken);
                    task.Value = task.MaxValue;
                    return result;
                });

        var shown = settings.DryRun ? run.Due.Select(d => (Number: "(dry run)", Draft: d)) : run.Issued.Select(i => (Number: i.Number.ToString(), i.Draft));
        var table = new Table().Border(TableBorder.Simple).Title(settings.DryRun ? $"Would issue on {date:yyyy-MM-dd}" : $"Issued on {date:yyyy-MM-dd}");
        table.AddColumns("Number", "Member", "Period", "Purpose");
        table.AddColumn(new TableColumn("Excl. VAT").RightAligned());
        table.AddColumn(new TableColumn("Incl. VAT").RightAligned());
        foreach (var (number, draft) in shown)
            table.AddRow(number, Markup.Escape($"{draft.MemberName} ({draft.Member})"), draft.Key.PeriodLabel, draft.Key.Purpose.ToString(),
                Formats.Euro(draft.TotalExclVat), Formats.Euro(draft.TotalInclVat));
        console.Write(table);
        console.MarkupLine(settings.DryRun
            ? $"{run.Due.Count} document(s) would be issued; {run.AlreadyIssued} already issued."
            : $"{run.Issued.Count} document(s) issued; {run.AlreadyIssued} were issued already.");
        return 0;
    }
}
