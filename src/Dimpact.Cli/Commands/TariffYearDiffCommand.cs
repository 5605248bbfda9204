using System.ComponentModel;
using System.Globalization;
using Dimpact.Billing;
using Dimpact.Billing.MasterData;
using Dimpact.Billing.Tariffs;
using Dimpact.Cli.Output;
using Dimpact.DataFiles.TariffYears;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Dimpact.Cli.Commands;

public sealed class TariffYearDiffSettings : StorageSettings
{
    [CommandArgument(0, "<BEFORE>")]
    [Description("A tariff year (2024), as billing uses it, or a folder holding a tariff year's files.")]
    public string Before { get; init; } = "";

    [CommandArgument(1, "<AFTER>")]
    [Description("A tariff year (2025), or a folder holding a tariff year's files, e.g. one prepared for upload.")]
    public string After { get; init; } = "";

    [CommandOption("--csv")]
    [Description("Write CSV to standard output instead of tables: one row per budget line that differs.")]
    public bool Csv { get; init; }
}

/// <summary>
/// dimpact tariff-year diff A B: what changed from one tariff year to another (<see cref="TariffYearDiff"/>), per member
/// and product, with totals. Each side is a year as billing finds it (<see cref="ITariffYears"/>) or a folder of files,
/// so that finance can check a prepared year before it is used. Reads, stores nothing (a year used for the first
/// time is archived, as on any use). Exit 3 for a year without tariff data, 2 for a folder with a problem.
/// </summary>
public sealed class TariffYearDiffCommand(IAnsiConsole console) : AsyncCommand<TariffYearDiffSettings>
{
    public const string CsvHeader = "member_code,member_name,product,before,after,difference";

    public override async Task<int> ExecuteAsync(CommandContext context, TariffYearDiffSettings settings, CancellationToken cancellationToken)
    {
        // Storage is opened only for a year; two folders compare without it.
        ServiceProvider? services = null;
        try
        {
            async Task<TariffYear?> Load(string argument)
            {
                if (int.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out var year))
                {
                    services ??= settings.Services();
                    // The stored tariff data (the plan), not the year as billed: membership changes are member data.
                    var found = await services.GetRequiredService<StoredTariffYears>().PlanAsync(year, cancellationToken);
                    if (found is null) Console.Error.WriteLine($"error: there is no tariff year {year}: compare a year that has tariff data, or give the folder of a year's files.");
                    return found;
                }
                if (Directory.Exists(argument)) return TariffYearFiles.Load(argument);
                throw new InvalidInputException([new DataProblem(argument, null, null, "is neither a tariff year (such as 2024) nor a folder holding a tariff year's files")]);
            }

            if (await Load(settings.Before) is not { } before || await Load(settings.After) is not { } after) return ExitCodes.NoTariffYear;
            var diff = TariffYearDiff.Compare(before, after);
            if (settings.Csv) WriteCsv(diff);
            else Show(diff, settings.Before, settings.After);
            return ExitCodes.Done;
        }
        finally
        {
            if (services is not null) await services.DisposeAsync();
        }
    }

    private static void WriteCsv(TariffYearDiff diff) =>
        Formats.WriteCsv(Console.Out, CsvHeader, diff.Lines.Select(l => Formats.CsvLine(
            l.Member, l.MemberName, l.Product, (object?)l.Before?.Budget ?? "", (object?)l.After?.Budget ?? "", l.Difference)));

    private void Show(TariffYearDiff diff, string beforeName, string afterName)
    {
        console.MarkupLine($"[bold]Tariff year {Markup.Escape(Described(beforeName, diff.Before))} → {Markup.Escape(Described(afterName, diff.After))}[/]");
        if (diff.Lines.Count == 0) console.MarkupLine("No budget line differs.");
        else
        {
            var lines = new Table().Border(TableBorder.Simple).Title("Budget lines that differ (EUR excl. VAT)");
            lines.AddColumn("Member");
            lines.AddColumn("Code");
            lines.AddColumn("Product");
            lines.AddColumn("Change");
            foreach (var column in new[] { "Before", "After", "Difference" }) lines.AddColumn(new TableColumn(column).RightAligned());
            foreach (var l in diff.Lines)
                lines.AddRow(Markup.Escape(l.MemberName), l.Member.Value, Markup.Escape(ProductName(diff, l.Product)), l.Change.ToString().ToLowerInvariant(),
                    l.Before is { } b ? Formats.Euro(b.Budget) : "-", l.After is { } a ? Formats.Euro(a.Budget) : "-", Signed(l.Difference));
            console.Write(lines);
        }

        var totals = new Table().Border(TableBorder.Simple).Title("Budget per product (EUR excl. VAT)");
        totals.AddColumn("Product");
        foreach (var column in new[] { "Before", "After", "Difference" }) totals.AddColumn(new TableColumn(column).RightAligned());
        foreach (var t in diff.Totals) totals.AddRow(Markup.Escape(t.Name), Formats.Euro(t.Before), Formats.Euro(t.After), Signed(t.Difference));
        totals.AddEmptyRow();
        totals.AddRow("[bold]Total[/]", Formats.Euro(diff.TotalBefore), Formats.Euro(diff.TotalAfter), "[bold]" + Signed(diff.TotalDifference) + "[/]");
        console.Write(totals);

        if (diff.Data.Count == 0) console.MarkupLine("No other tariff data differs (settings, products, rules, members, partnerships, mergers).");
        else
        {
            var data = new Table().Border(TableBorder.Simple).Title("Other tariff data that differs");
            foreach (var column in new[] { "What", "Field", "Before", "After" }) data.AddColumn(column);
            foreach (var d in diff.Data) data.AddRow(Markup.Escape(d.Subject), Markup.Escape(d.Field), Markup.Escape(d.Before ?? "-"), Markup.Escape(d.After ?? "-"));
            console.Write(data);
        }
    }

    private static string Described(string argument, TariffYear year) =>
        argument == year.Year.ToString(CultureInfo.InvariantCulture) ? $"{year.Year} (tariff data {year.Version})" : $"{year.Year} from {argument} (tariff data {year.Version})";

    private static string ProductName(TariffYearDiff diff, ProductId product) => diff.Totals.First(t => t.Product == product).Name;

    private static string Signed(Money amount) => (amount > Money.Zero ? "+" : "") + Formats.Euro(amount);
}
