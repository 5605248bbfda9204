using Microsoft.Extensions.DependencyInjection;
using System.ComponentModel;
using Dimpact.Billing;
using Dimpact.Billing.Populations;
using Dimpact.Billing.Settlement;
using Dimpact.Cli.Output;
using Dimpact.Storage;
using NodaTime;
using NodaTime.Text;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Dimpact.Cli.Commands;

public sealed class PopulationApproveSettings : StorageSettings
{
    [CommandArgument(0, "<DATE>")]
    [Description("The reference date of the figures (yyyy-MM-dd), e.g. 2024-01-01.")]
    public string ReferenceDate { get; init; } = "";

    [CommandOption("--version <N>")]
    [Description("The version to approve (see 'dimpact population list').")]
    public int? Version { get; init; }

    [CommandOption("--by <NAME>")]
    [Description("Who approves (recorded with the approval). Default: the user running the command.")]
    public string? By { get; init; }
}

/// <summary>
/// dimpact population approve DATE --version N: finance approves figures that were held because they changed more than
/// the plausibility margin; recorded once with who and when, then the settlement runs as after an upload.
/// </summary>
public sealed class PopulationApproveCommand(IAnsiConsole console) : AsyncCommand<PopulationApproveSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, PopulationApproveSettings settings, CancellationToken cancellationToken)
    {
        var date = LocalDatePattern.Iso.Parse(settings.ReferenceDate) is { Success: true } parsed ? parsed.Value
            : throw new InvalidInputException([new DataProblem("DATE", null, null, $"'{settings.ReferenceDate}' is not a date in the form yyyy-MM-dd")]);
        var version = settings.Version is { } v && v > 0 ? v
            : throw new InvalidInputException([new DataProblem("--version", null, null, "give the version to approve, e.g. --version 2 (see 'dimpact population list')")]);
        var by = string.IsNullOrWhiteSpace(settings.By) ? Environment.UserName : settings.By.Trim();

        using var services = settings.Services();
        var useCase = services.GetRequiredService<ApprovePopulationFigures>();
        var run = await DocumentTable.WithProgressAsync(console, $"Approving {date:yyyy-MM-dd} v{version}",
            progress => useCase.RunAsync(date, version, by, progress, cancellationToken));

        if (run.Snapshot is not { } snapshot)
            throw new InvalidInputException([new DataProblem("--version", null, null, $"there is no version {version} of the figures of {date:yyyy-MM-dd} (see 'dimpact population list')")]);
        var approval = snapshot.Approval;
        console.MarkupLine(Markup.Escape(
            !snapshot.NeedsApproval ? $"Figures {snapshot.Id} were not held; there is nothing to approve."
            : run.Recorded ? $"Figures {snapshot.Id} approved by {approval!.ApprovedBy} at {InstantPattern.General.Format(approval.ApprovedAt)}."
            : $"Figures {snapshot.Id} were approved already, by {approval!.ApprovedBy} at {InstantPattern.General.Format(approval.ApprovedAt)}; nothing changed."));
        if (run.Superseded)
            console.MarkupLine(Markup.Escape($"Note: version {run.Newest!.Version} is newer; the settlement uses that version{(run.Newest.IsHeld ? ", which is held too" : "")}."));
        foreach (var settlement in run.Settlements) SettleCommand.Describe(console, settlement);
        NotificationLines.Write(console, run.Notifications);
        return 0;
    }
}
