using System.ComponentModel;
using Dimpact.Billing;
using Dimpact.Billing.Settlement;
using Dimpact.Cli.Output;
using Dimpact.DataFiles;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Dimpact.Cli.Commands;

public sealed class SettlePreviewSettings : YearSettings
{
    [CommandOption("--population <FILE>")]
    [Description("Population figures of 1 January of the tariff year (plain code;name;population;reference_date, or a CBS CSV download).")]
    public string Population { get; init; } = "";

    public override ValidationResult Validate() =>
        Population.Length == 0 ? ValidationResult.Error("--population FILE is required") : ValidationResult.Success();
}

/// <summary>
/// dimpact settle-preview: what the Q4 settlement would be on a population file, per member and product, without
/// storing anything. Members absent from the file keep their reference population (a warning names them).
/// </summary>
public sealed class SettlePreviewCommand(IAnsiConsole console) : Command<SettlePreviewSettings>
{
    public override int Execute(CommandContext context, SettlePreviewSettings settings, CancellationToken cancellationToken)
    {
        var year = settings.LoadYear();
        if (!File.Exists(settings.Population))
            throw new Billing.InvalidInputException([new DataProblem(settings.Population, null, null, "the file does not exist")]);
        var file = PopulationFileReader.Read(settings.Population, File.ReadAllBytes(settings.Population), MemberDirectory.For(year));
        var snapshot = file.SnapshotOn(year.SettlementReferenceDate)
            ?? throw new Billing.InvalidInputException([new DataProblem(settings.Population, null, "reference_date",
                $"the file has figures for {string.Join(", ", file.ReferenceDates.Select(d => d.ToString("yyyy-MM-dd", null)))}, not for the settlement reference date {year.SettlementReferenceDate:yyyy-MM-dd} of tariff year {year.Year}")]);

        foreach (var warning in file.Warnings) Console.Error.WriteLine($"warning: {warning}");
        var absent = year.Members.Where(m => year.SettlementFigure(m.Code, snapshot.Of) is null).ToList();
        if (absent.Count > 0)
            Console.Error.WriteLine($"warning: {settings.Population}: {absent.Count} member(s) without a figure keep their reference population: {string.Join(", ", absent.Select(m => m.Code))}");

        var settlements = SettlementCalculator.Settle(year, c => year.SettlementFigure(c, snapshot.Of) ?? year.Member(c).ReferencePopulation);
        if (settings.Csv)
        {
            Formats.WriteCsv(Console.Out, "member_code,product,annual_budget,quarterly_advance,definitive,q4_amount",
                settlements.SelectMany(s => s.Lines).Select(l => Formats.CsvLine(l.Budget.Member.Value, l.Budget.Product.Value,
                    l.Budget.Budget, l.QuarterlyAdvance, l.Definitive.Definitive, l.Q4Amount)));
            return 0;
        }

        var table = new Table().Border(TableBorder.Simple)
            .Title($"Settlement preview {year.Year}: population {year.AdvanceReferenceDate:dd-MM-yyyy} → {year.SettlementReferenceDate:dd-MM-yyyy} ({Markup.Escape(Path.GetFileName(settings.Population))}, EUR excl. VAT)");
        table.AddColumns("Member", "Product");
        foreach (var h in new[] { "Population ref.", "Population settl.", "Budget", "Quarterly advance", "Definitive", "Q4 amount" })
            table.AddColumn(new TableColumn(h).RightAligned());
        foreach (var settlement in settlements)
        {
            foreach (var line in settlement.Lines)
                table.AddRow(Markup.Escape($"{settlement.Member.Name} ({settlement.Member.Code})"), Markup.Escape(year.Product(line.Budget.Product).Name),
                    Formats.Count(line.Definitive.Basis.Reference), Formats.Count(line.Definitive.Basis.Settlement),
                    Formats.Euro(line.Budget.Budget), Formats.Euro(line.QuarterlyAdvance), Formats.Euro(line.Definitive.Definitive), Formats.Euro(line.Q4Amount));
            table.AddRow("", "[bold]Q4 total[/]", "", "", "", "", "", $"[bold]{Formats.Euro(settlement.Q4Total)}[/]");
        }
        console.Write(table);
        console.MarkupLine($"Q4 total of all members: [bold]{Formats.Euro(settlements.Sum(s => s.Q4Total))}[/]; association-only members paid their year with Q1 and are not settled.");
        return 0;
    }
}
