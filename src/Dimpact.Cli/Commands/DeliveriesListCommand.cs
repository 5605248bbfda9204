using Microsoft.Extensions.DependencyInjection;
using System.ComponentModel;
using Dimpact.Billing;
using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Notifications;
using Dimpact.Cli.Output;
using Dimpact.Storage;
using NodaTime;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Dimpact.Cli.Commands;

public sealed class DeliveriesListSettings : CsvStorageSettings
{
    [CommandOption("--failed")]
    [Description("Only the deliveries that were given up (to fix and resend).")]
    public bool Failed { get; init; }
}

/// <summary>dimpact deliveries list: where the sending of every document stands.</summary>
public sealed class DeliveriesListCommand(IAnsiConsole console) : AsyncCommand<DeliveriesListSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, DeliveriesListSettings settings, CancellationToken cancellationToken)
    {
        using var services = settings.Services();
        var deliveries = await services.GetRequiredService<TableDeliveryLog>().ListAsync(settings.Failed ? DeliveryStatus.Failed : null, cancellationToken);
        if (settings.Csv)
        {
            Formats.WriteCsv(Console.Out, "number,member_code,member_name,status,attempts,last_error,sent_at,recipients,message_id,e_invoice_withheld",
                deliveries.Select(d => Formats.CsvLine(d.Number.ToString(), d.Member.Value, d.MemberName, d.Status.ToString(), d.Attempts,
                    d.LastError ?? "", d.SentAt?.ToString() ?? "", string.Join(' ', d.RecipientList), d.MessageId ?? "", d.EInvoiceWithheld ?? "")));
            return 0;
        }
        var table = new Table().Border(TableBorder.Simple).Title(settings.Failed ? "Failed deliveries" : "Deliveries");
        table.AddColumns("Number", "Member", "Status", "Attempts", "Last error", "Next attempt (Amsterdam)", "Sent at (Amsterdam)");
        foreach (var d in deliveries)
            table.AddRow(d.Number.ToString(), Markup.Escape($"{d.MemberName} ({d.Member})"), Status(d.Status), d.Attempts.ToString(Formats.Dutch),
                Markup.Escape(d.LastError ?? ""), Amsterdam(d.Status == DeliveryStatus.Pending ? d.NextAttemptAt : null), Amsterdam(d.SentAt));
        console.Write(table);
        console.MarkupLine(string.Join(", ", deliveries.GroupBy(d => d.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}"))
                           is { Length: > 0 } summary ? summary + "." : "No deliveries.");
        await WriteNotificationsAsync(services.GetRequiredService<TableFinanceNotifications>(), settings.Failed, cancellationToken);
        return 0;
    }

    /// <summary>The finance notifications (Finance__NotifyEmails), with the same columns; not part of the CSV, which lists documents.</summary>
    private async Task WriteNotificationsAsync(TableFinanceNotifications store, bool onlyFailed, CancellationToken cancellationToken)
    {
        var notifications = await store.ListAsync(onlyFailed ? NotificationStatus.Failed : null, cancellationToken);
        if (notifications.Count == 0) return;
        var table = new Table().Border(TableBorder.Simple).Title("Finance notifications");
        table.AddColumns("Subject", "Status", "Attempts", "Last error", "Next attempt (Amsterdam)", "Sent at (Amsterdam)");
        foreach (var n in notifications)
            table.AddRow(Markup.Escape(n.Subject), n.Status == NotificationStatus.Sent ? "[green]Sent[/]" : n.Status == NotificationStatus.Failed ? "[red]Failed[/]" : n.Status.ToString(),
                n.Attempts.ToString(Formats.Dutch), Markup.Escape(n.LastError ?? ""), Amsterdam(n.Status == NotificationStatus.Pending ? n.NextAttemptAt : null), Amsterdam(n.SentAt));
        console.Write(table);
    }

    private static string Amsterdam(Instant? at) => at is { } t ? t.InZone(BillingCalendar.Zone).ToString("dd-MM-yyyy HH:mm", null) : "";

    private static string Status(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Delivered => "[green]Delivered[/]",
        DeliveryStatus.Failed => "[red]Failed[/]",
        _ => status.ToString(),
    };
}
