using Dimpact.Billing.Notifications;
using Spectre.Console;

namespace Dimpact.Cli.Output;

/// <summary>What a command says about the finance notifications its run recorded (those recorded before are not news).</summary>
public static class NotificationLines
{
    public static void Write(IAnsiConsole console, IEnumerable<NotificationOutcome> outcomes)
    {
        foreach (var n in outcomes.Where(n => n.New))
        {
            if (n.Status == NotificationStatus.NotSent)
                console.MarkupLine($"[yellow]Finance notification recorded, {Markup.Escape(NotificationDelivery.NoRecipients)}[/]: {Markup.Escape(n.Subject)}");
            else
                console.MarkupLine($"Finance notified ('dimpact deliver' sends it locally): {Markup.Escape(n.Subject)}");
        }
    }
}
