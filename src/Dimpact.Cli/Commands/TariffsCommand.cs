using System.ComponentModel;
using Dimpact.Billing;
using Dimpact.Billing.Tariffs;
using Dimpact.Cli.Output;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Dimpact.Cli.Commands;

public class YearSettings : CommandSettings
{
    [CommandOption("--year <YEAR>")]
    [Description("The tariff year.")]
    public int Year { get; init; } = 2024;

    [CommandOption("--csv")]
    [Description("Write CSV to standard output instead of a table.")]
    public bool Csv { get; init; }

    [CommandOption("--data <FOLDER>")]
    [Description("The tariff-years folder (default: the one shipped with the program).")]
    public string? Data { get; init; }

    public TariffYear LoadYear() =>
        (Data is null ? TariffYearCatalog.NextToProgram() : new TariffYearCatalog(Data)).Load(Year);
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
