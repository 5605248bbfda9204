using Dimpact.Billing.Invoicing;
using Spectre.Console;

namespace Dimpact.Cli.Output;

/// <summary>The documents a run issued (or would issue), as the issue and settle commands show them.</summary>
public static class DocumentTable
{
    public static Table Of(string title, bool dryRun, IReadOnlyList<DraftInvoice> due, IReadOnlyList<Invoice> issued)
    {
        var shown = dryRun ? due.Select(d => (Number: "(dry run)", Draft: d)) : issued.Select(i => (Number: i.Number.ToString(), i.Draft));
        var table = new Table().Border(TableBorder.Simple).Title(title);
        table.AddColumns("Number", "Member", "Period", "Purpose");
        table.AddColumn(new TableColumn("Excl. VAT").RightAligned());
        table.AddColumn(new TableColumn("Incl. VAT").RightAligned());
        foreach (var (number, draft) in shown)
            table.AddRow(number, Markup.Escape($"{draft.MemberName} ({draft.Member})"), draft.Key.PeriodLabel, draft.Key.Purpose.ToString(),
                Formats.Euro(draft.TotalExclVat), Formats.Euro(draft.TotalInclVat));
        return table;
    }

    /// <summary>Runs an issuing use case under a progress bar.</summary>
    public static Task<T> WithProgressAsync<T>(IAnsiConsole console, string description, Func<IProgress<IssueProgress>, Task<T>> run) =>
        console.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(description, maxValue: 1);
                var progress = new Progress<IssueProgress>(p => { task.MaxValue = Math.Max(1, p.Total); task.Value = p.Done; });
                var result = await run(progress);
                task.Value = task.MaxValue;
                return result;
            });
}
