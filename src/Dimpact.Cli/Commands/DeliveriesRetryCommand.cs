using Dimpact.Delivery;
using Microsoft.Extensions.DependencyInjection;
using System.ComponentModel;
using Dimpact.Billing.Invoicing;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Dimpact.Cli.Commands;

public sealed class DeliveriesRetrySettings : YearStorageSettings
{
    [CommandOption("--failed")]
    [Description("Only the deliveries that were given up (not those still waiting for a retry).")]
    public bool Failed { get; init; }
}

/// <summary>
/// dimpact deliveries retry [--failed] [--year Y]: every delivery of the year that is not delivered (or only the
/// failed ones) becomes due now and is queued, for when finance knows the mail server is back. A delivered document
/// is never sent again and nothing is issued; the Functions app (or `dimpact deliver`) sends what is queued.
/// </summary>
public sealed class DeliveriesRetryCommand(IAnsiConsole console) : AsyncCommand<DeliveriesRetrySettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, DeliveriesRetrySettings settings, CancellationToken cancellationToken)
    {
        using var services = settings.Services();
        var run = await services.GetRequiredService<DispatchDeliveries>().RetryAsync(settings.Year, settings.Failed, cancellationToken);
        if (run.MadeDue.Count > 0)
        {
            var table = new Table().Border(TableBorder.Simple).Title($"Due now ({run.Year})");
            table.AddColumns("Number", "Member", "Was", "Attempts", "Last error");
            foreach (var d in run.MadeDue)
                table.AddRow(d.Number.ToString(), Markup.Escape($"{d.MemberName} ({d.Member})"), Was(d), d.Attempts.ToString(Output.Formats.Dutch), Markup.Escape(d.LastError ?? ""));
            console.Write(table);
        }
        console.MarkupLine($"{run.MadeDue.Count} delivery(ies) of {run.Year} made due now and queued; {run.Delivered} delivered already (not sent again), "
                           + $"{run.BeingSent} being sent, {run.QueuedAlready} queued already.");
        if (run.MadeDue.Count > 0) console.MarkupLine("The Functions app sends them; locally: 'dimpact deliver'.");
        return 0;
    }

    private static string Was(InvoiceDelivery d) => d.Status switch
    {
        DeliveryStatus.Failed => "[red]Failed[/]",
        DeliveryStatus.Sending => "Sending (claim expired)",
        _ when d.NextAttemptAt is { } => "waiting for a retry",
        _ => d.Status.ToString(),
    };
}
