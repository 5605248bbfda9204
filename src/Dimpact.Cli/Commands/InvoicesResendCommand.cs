using Dimpact.Delivery;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Dimpact.Cli.Commands;

/// <summary>dimpact invoices resend NUMBER: sends the same document again (never a new invoice); `dimpact deliver` or the host sends it.</summary>
public sealed class InvoicesResendCommand(IAnsiConsole console) : AsyncCommand<NumberSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, NumberSettings settings, CancellationToken cancellationToken)
    {
        using var services = settings.Services();
        var delivery = await services.GetRequiredService<DispatchDeliveries>().ResendAsync(settings.InvoiceNumber(), cancellationToken);
        console.MarkupLineInterpolated($"{delivery.Number} ({delivery.MemberName}) is queued for delivery again (resend {delivery.Resends}).");
        return 0;
    }
}
