using System.ComponentModel;
using System.Text;
using Dimpact.Billing;
using Dimpact.Billing.MasterData;
using Dimpact.Cli.Output;
using Dimpact.Storage;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Dimpact.Cli.Commands;

public sealed class MasterDataUploadSettings : StorageSettings
{
    [CommandArgument(0, "<FILE>")]
    [Description("One or more master data files: registry.csv, buyer-references.csv, membership-changes.csv, or a tariff year's files (from a folder …/tariff-years/YEAR/, or with the year's tariff-year.csv).")]
    public string[] Files { get; init; } = [];

    [CommandOption("--by <NAME>")]
    [Description("Who uploads (recorded with the new versions). Default: the user running the command.")]
    public string? By { get; init; }
}

/// <summary>
/// dimpact master-data upload FILE…: keeps the files in master-data under a folder of their own, then runs the same
/// upload as the blob trigger, for all files at once: validated all or nothing with everything stored, each changed set
/// a new version. Prints the report; exit 0 when accepted (or unchanged), 2 when rejected.
/// </summary>
public sealed class MasterDataUploadCommand(IAnsiConsole console) : AsyncCommand<MasterDataUploadSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, MasterDataUploadSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Files.Length == 0) throw new InvalidInputException([new DataProblem("FILE", null, null, "give one or more master data files")]);
        foreach (var missing in settings.Files.Where(f => !File.Exists(f)))
            throw new InvalidInputException([new DataProblem(missing, null, null, "the file does not exist")]);
        var by = string.IsNullOrWhiteSpace(settings.By) ? Environment.UserName : settings.By.Trim();
        using var services = settings.Services();
        var storage = services.GetRequiredService<BillingStorage>();
        var clock = services.GetRequiredService<IClock>();
        var files = new List<(string, byte[])>();
        foreach (var file in settings.Files) files.Add((Path.GetFullPath(file), await File.ReadAllBytesAsync(file, cancellationToken)));
        // Kept as uploaded, under a folder of their own; the trigger leaves these blobs to this command (MasterDataUploads).
        var (folder, kept) = await MasterDataUploads.KeepAsync(storage, files, by, clock.GetCurrentInstant(), cancellationToken);

        var outcome = await services.GetRequiredService<UploadMasterData>().RunAsync(new MasterDataUpload(folder, kept, by), cancellationToken);

        console.MarkupLine($"{Markup.Escape(string.Join(", ", kept.Select(f => f.Path)))}: "
            + (!outcome.Accepted ? "[red]rejected[/]" : outcome.Unchanged ? "[green]accepted[/], unchanged" : "[green]accepted[/]")
            + $"; kept as {Markup.Escape($"{BillingStorage.MasterDataUploadsContainer}/{folder}/")}; report {Markup.Escape(outcome.ReportLocation)}");
        if (outcome.Sets.Count > 0)
        {
            var table = new Table().Border(TableBorder.Simple).AddColumns("Set", "Version", "Stored");
            foreach (var s in outcome.Sets)
                table.AddRow(Markup.Escape(s.Set.Name), s.Version.Name,
                    Markup.Escape(s.Created ? $"new version ({string.Join(", ", s.UploadedFiles)}) by {s.Version.By}" : "identical to the stored version; nothing added"));
            console.Write(table);
        }
        if (outcome.Problems.Count > 0)
        {
            var table = new Table().Border(TableBorder.Simple).AddColumns("File", "Line", "Field", "Reason");
            foreach (var p in outcome.Problems)
                table.AddRow(Markup.Escape(p.File), p.Line?.ToString(Formats.Dutch) ?? "", Markup.Escape(p.Field ?? ""), Markup.Escape(p.Message));
            console.Write(table);
            console.MarkupLine("Nothing was stored: an upload is accepted whole or not at all. Correct the files and upload them again.");
        }
        NotificationLines.Write(console, outcome.Notifications);
        return outcome.Accepted ? ExitCodes.Done : ExitCodes.BadInput;
    }
}

/// <summary>dimpact master-data history: every version of every master data set, with who, when, the upload and the files.</summary>
public sealed class MasterDataHistoryCommand(IAnsiConsole console) : AsyncCommand<CsvStorageSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, CsvStorageSettings settings, CancellationToken cancellationToken)
    {
        using var services = settings.Services();
        var store = services.GetRequiredService<IMasterDataStore>();
        var history = await store.HistoryAsync(cancellationToken);
        var current = await store.CurrentAsync(cancellationToken);
        if (settings.Csv)
        {
            Formats.WriteCsv(Console.Out, "set,version,by,at,source,files,hash,current",
                history.Select(v => Formats.CsvLine(v.Set.Name, v.Name, v.By, InstantPattern.ExtendedIso.Format(v.At), v.Source, string.Join(" ", v.Files), v.Hash,
                    current.Current.GetValueOrDefault(v.Set)?.Number == v.Number ? "yes" : "no")));
            return ExitCodes.Done;
        }
        var table = new Table().Border(TableBorder.Simple).Title("Master data versions")
            .AddColumns("Set", "Version", "By", "At (UTC)", "Source", "Files");
        foreach (var v in history)
            table.AddRow(Markup.Escape(v.Set.Name), v.Name + (current.Current.GetValueOrDefault(v.Set)?.Number == v.Number ? " (current)" : ""), Markup.Escape(v.By),
                InstantPattern.General.Format(v.At), Markup.Escape(v.Source), Markup.Escape(string.Join(", ", v.Files)));
        console.Write(table);
        console.MarkupLine(Markup.Escape($"{history.Count} version(s) of {history.Select(v => v.Set).Distinct().Count()} set(s); current member data: {current.MemberDataVersion}."));
        return ExitCodes.Done;
    }
}
