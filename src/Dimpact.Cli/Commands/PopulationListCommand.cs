using Dimpact.Billing.Populations;
using Microsoft.Extensions.DependencyInjection;
using Dimpact.Cli.Output;
using Dimpact.Storage;
using NodaTime.Text;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Dimpact.Cli.Commands;

/// <summary>dimpact population list: every stored version of every reference date's figures, oldest first.</summary>
public sealed class PopulationListCommand(IAnsiConsole console) : AsyncCommand<CsvStorageSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, CsvStorageSettings settings, CancellationToken cancellationToken)
    {
        using var services = settings.Services();
        var snapshots = await services.GetRequiredService<IPopulationSnapshots>().ListAsync(cancellationToken);
        if (settings.Csv)
        {
            Formats.WriteCsv(Console.Out, "reference_date,version,source,members,ingested_at,status,approved_by,approved_at",
                snapshots.Select(s => Formats.CsvLine(LocalDatePattern.Iso.Format(s.ReferenceDate), s.Version, s.Source, s.Figures.Count,
                    InstantPattern.ExtendedIso.Format(s.IngestedAt), Status(s), s.Approval?.ApprovedBy ?? "",
                    s.Approval is { } a ? InstantPattern.ExtendedIso.Format(a.ApprovedAt) : "")));
            return 0;
        }
        var table = new Table().Border(TableBorder.Simple).Title("Population figures")
            .AddColumns("Reference date", "Version", "Source", "Members", "Ingested at (UTC)", "Status");
        foreach (var s in snapshots)
            table.AddRow(LocalDatePattern.Iso.Format(s.ReferenceDate), s.Version.ToString(Formats.Dutch), Markup.Escape(s.Source),
                Formats.Count(s.Figures.Count), InstantPattern.General.Format(s.IngestedAt),
                Markup.Escape(s.Approval is { } a ? $"approved by {a.ApprovedBy} {InstantPattern.General.Format(a.ApprovedAt)}" : Status(s)));
        console.Write(table);
        console.MarkupLine($"{snapshots.Count} version(s) of {snapshots.Select(s => s.ReferenceDate).Distinct().Count()} reference date(s).");
        foreach (var held in snapshots.Where(s => s.IsHeld))
            console.MarkupLine(Markup.Escape($"{held.Id} is held ({string.Join("; ", held.HoldReasons!)}): dimpact population approve {held.ReferenceDate:yyyy-MM-dd} --version {held.Version}"));
        return 0;
    }

    /// <summary>accepted, held (awaiting approval) or approved.</summary>
    private static string Status(Billing.Populations.PopulationSnapshot s) => s.Approval is not null ? "approved" : s.IsHeld ? "held" : "accepted";
}
