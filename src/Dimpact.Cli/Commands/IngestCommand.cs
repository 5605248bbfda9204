using Microsoft.Extensions.DependencyInjection;
using System.ComponentModel;
using Dimpact.Billing.Settlement;
using Dimpact.Cli.Output;
using Dimpact.Billing.Populations.Ingestion;
using Dimpact.Storage;
using NodaTime;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Dimpact.Cli.Commands;

public sealed class IngestSettings : StorageSettings
{
    [CommandArgument(0, "<FILE>")]
    [Description("The population file (plain code;name;population;reference_date, or a CBS CSV download).")]
    public string File { get; init; } = "";
}

/// <summary>
/// dimpact ingest FILE: uploads the file into population-uploads under its name and runs the same ingestion (and
/// settlement when due) as the upload trigger; prints the report. Exit code 0 when accepted, 2 when rejected.
/// </summary>
public sealed class IngestCommand(IAnsiConsole console) : AsyncCommand<IngestSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, IngestSettings settings, CancellationToken cancellationToken)
    {
        if (!System.IO.File.Exists(settings.File))
            throw new Billing.InvalidInputException([new Billing.DataProblem(settings.File, null, null, "the file does not exist")]);
        using var services = settings.Services();
        var storage = services.GetRequiredService<BillingStorage>();
        var clock = services.GetRequiredService<IClock>();
        await storage.EnsureCreatedAsync();
        var name = Path.GetFileName(settings.File);
        var content = await System.IO.File.ReadAllBytesAsync(settings.File, cancellationToken);
        // Every upload is kept as uploaded: under a name of its own, never over an earlier file of the same name.
        var storedAs = PopulationUpload.UniqueBlobName(name, clock.GetCurrentInstant());
        await storage.Container(BillingStorage.UploadsContainer).GetBlobClient(storedAs).UploadAsync(new BinaryData(content), overwrite: false, cancellationToken);

        var useCase = services.GetRequiredService<IngestAndSettle>();
        var run = await useCase.RunAsync(PopulationUpload.Of(name, content), cancellationToken: cancellationToken);

        var ingestion = run.Ingestion;
        var report = ingestion.Report;
        console.MarkupLine($"{Markup.Escape(name)}: {(report.Accepted ? "[green]accepted[/]" : "[red]rejected[/]")} ({Markup.Escape(report.FormatDescription ?? "format not recognised")}); kept as {Markup.Escape(BillingStorage.UploadsContainer + "/" + storedAs)}; report {Markup.Escape(ingestion.ReportLocation)}");
        if (ingestion.Dates.Count > 0)
        {
            var dates = new Table().Border(TableBorder.Simple).AddColumns("Reference date", "Version", "Stored");
            foreach (var d in ingestion.Dates)
                dates.AddRow(d.ReferenceDate.ToString("yyyy-MM-dd", null), d.Version.ToString(Formats.Dutch),
                    (d.Created ? "new version" : "identical to the stored version") + (d.Held ? $"; HELD for approval: dimpact population approve {d.ReferenceDate:yyyy-MM-dd} --version {d.Version}" : ""));
            console.Write(dates);
        }
        var problems = report.Errors.Select(e => ("error", e)).Concat(report.Warnings.Select(w => ("warning", w))).ToList();
        if (problems.Count > 0)
        {
            var table = new Table().Border(TableBorder.Simple).AddColumns("Severity", "Line", "Field", "Reason");
            foreach (var (severity, e) in problems)
                table.AddRow(severity, e.Line?.ToString(Formats.Dutch) ?? "", Markup.Escape(e.Field ?? ""), Markup.Escape(e.Reason));
            console.Write(table);
        }
        foreach (var settlement in run.Settlements) SettleCommand.Describe(console, settlement);
        NotificationLines.Write(console, run.Notifications);
        return report.Accepted ? 0 : 2;
    }
}
