using System.ComponentModel;
using Dimpact.Billing;
using Dimpact.Billing.Tariffs;
using Dimpact.Cli.Output;
using Spectre.Console;
using Spectre.Console.Cli;
using Dimpact.DataFiles.TariffYears;

namespace Dimpact.Cli.Commands;

/// <summary>The tariff data: <c>--data</c>, else app setting <c>TariffYears__Folder</c>, else the folder shipped with the program.</summary>
public class DataSettings : CommandSettings
{
    [CommandOption("--data <FOLDER>")]
    [Description("The tariff-years folder (default: $TariffYears__Folder, else the one shipped with the program).")]
    public string? Data { get; init; }

    /// <summary>The folder the tariff years are read from, as the shared registration reads it.</summary>
    public string? DataFolder => Data ?? (Environment.GetEnvironmentVariable("TariffYears__Folder") is { Length: > 0 } folder ? folder : null);

    public TariffYearCatalog Catalog() => DataFolder is { } folder ? new TariffYearCatalog(folder) : TariffYearCatalog.NextToProgram();

    /// <summary>The year asked for, else the newest tariff year there is data for.</summary>
    public int YearOrNewest(int? year) => year ?? Catalog().Years.DefaultIfEmpty(0).Max();
}

/// <summary>Commands that work on one tariff year's data alone (no storage): <c>tariffs</c>, <c>settle-preview</c>.</summary>
public class YearSettings : DataSettings
{
    [CommandOption("--year <YEAR>")]
    [Description("The tariff year (default: the newest tariff year with data).")]
    public int? YearOption { get; init; }

    public int Year => YearOrNewest(YearOption);

    [CommandOption("--csv")]
    [Description("Write CSV to standard output instead of a table.")]
    public bool Csv { get; init; }

    public TariffYear LoadYear() => Catalog().Load(Year);
}

/// <summary>dimpact tariffs: the annual budget per member and product, like the plan's Tabel 19.</summary>
public sealed class TariffsCommand(IAnsiConsole console) : Command<YearSettings>
{
    public override int Execute(CommandContext context, YearSettings settings, CancellationToken cancellationToken)
    {
        var year = settings.LoadYear();
        if (settings.Csv)
        {
            Formats.WriteCsv(Console.Out, "member_code,member_name,product,annual_budget",
                year.BudgetLines.Select(l => Formats.CsvLine(l.Member, year.Member(l.Member).Name, l.Product, l.Budget)));
            return 0;
        }

        var products = year.Products.Where(p => year.BudgetLines.Any(l => l.Product == p.Id)).ToList();
        var table = new Table().Border(TableBorder.Simple)
            .Title($"Tariffs {year.Year} per member (EUR excl. VAT, population {year.AdvanceReferenceDate:dd-MM-yyyy}) — tariff data {year.Version}");
        table.AddColumn("Member");
        table.AddColumn("Code");
        table.AddColumn(new TableColumn("Inhabitants").RightAligned());
        foreach (var p in products) table.AddColumn(new TableColumn(Markup.Escape(p.Name)).RightAligned());
        table.AddColumn(new TableColumn("Total").RightAligned());

        foreach (var member in year.Members)
        {
            var lines = year.LinesOf(member.Code).ToDictionary(l => l.Product);
            var via = year.BilledVia(member.Code) is { } lead ? $" (via {year.Member(lead).Name})" : "";
            table.AddRow([
                Markup.Escape(member.Name + via), member.Code.Value, Formats.Count(member.ReferencePopulation),
                .. products.Select(p => lines.TryGetValue(p.Id, out var l) ? Formats.WholeEuro(l.Budget) : "-"),
                lines.Count == 0 ? "-" : Formats.WholeEuro(year.AnnualBudget(member.Code)),
            ]);
        }
        table.AddEmptyRow();
        table.AddRow([
            "[bold]Total[/]", "", Formats.Count(year.Members.Aggregate(new Population(0), (s, m) => s + m.ReferencePopulation)),
            .. products.Select(p => Formats.WholeEuro(year.BudgetLines.Where(l => l.Product == p.Id).Sum(l => l.Budget))),
            "[bold]" + Formats.WholeEuro(year.BudgetLines.Sum(l => l.Budget)) + "[/]",
        ]);
        console.Write(table);
        return 0;
    }
}
