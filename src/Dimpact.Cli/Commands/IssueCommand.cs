using Microsoft.Extensions.DependencyInjection;
using System.ComponentModel;
using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Runs;
using Dimpact.Cli.Output;
using Dimpact.Delivery;
using Dimpact.Storage;
using NodaTime;
using NodaTime.Text;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Dimpact.Cli.Commands;

public class IssueSettings : StorageSettings
{
    [CommandOption("--date <DATE>")]
    [Description("The run date (yyyy-MM-dd, Europe/Amsterdam): what is due on it is issued or settled. Default: today.")]
    public string? Date { get; init; }

    [CommandOption("--dry-run")]
    [Description("Show what would be issued or settled; write nothing.")]
    public bool DryRun { get; init; }

    public LocalDate RunDate(IClock clock) =>
        Date is null ? Billing.BillingCalendar.Today(clock)
        : LocalDatePattern.Iso.Parse(Date) is { Success: true } r ? r.Value
        : throw new Billing.InvalidInputException([new Billing.DataProblem("--date", null, null, $"'{Date}' is not a date in the form yyyy-MM-dd")]);
}

/// <summary>dimpact issue: the same use case the daily timer function runs.</summary>
public sealed class IssueCommand(IAnsiConsole console) : AsyncCommand<IssueSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, IssueSettings settings, CancellationToken cancellationToken)
    {
        using var services = settings.Services();
        var date = settings.RunDate(services.GetRequiredService<IClock>());
        var useCase = services.GetRequiredService<IssueDueInvoices>();
        var run = settings.DryRun
            ? await useCase.RunAsync(date, dryRun: true, cancellationToken: cancellationToken)
            : await DocumentTable.WithProgressAsync(console, $"Issuing {date:yyyy-MM-dd}", progress => useCase.RunAsync(date, progress: progress, cancellationToken: cancellationToken));
        console.Write(DocumentTable.Of(settings.DryRun ? $"Would issue on {date:yyyy-MM-dd}" : $"Issued on {date:yyyy-MM-dd}", settings.DryRun, run.Due, run.Issued));
        console.MarkupLine(settings.DryRun
            ? $"{run.Due.Count} document(s) would be issued; {run.AlreadyIssued} already issued."
            : $"{run.Issued.Count} document(s) issued; {run.AlreadyIssued} were issued already.");
        if (run.Problem is { } problem) Console.Error.WriteLine($"warning: {problem}");
        if (settings.DryRun) return run.MissingTariffYear is null ? 0 : ExitCodes.NoTariffYear;
        // As the timer does: hand what was issued to delivery (`dimpact deliver` sends it locally).
        var dispatch = await services.GetRequiredService<IDispatchDeliveries>().RunAsync(cancellationToken);
        console.MarkupLine($"{dispatch.Enqueued} document(s) queued for delivery.");
        return run.MissingTariffYear is null ? 0 : ExitCodes.NoTariffYear;
    }
}
