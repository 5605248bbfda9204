using System.ComponentModel;
using Dimpact.Billing;
using Dimpact.Billing.Invoicing;
using Dimpact.Billing.MasterData;
using Dimpact.Billing.Members;
using Dimpact.Billing.Membership;
using Dimpact.Billing.Tariffs;
using Dimpact.Cli.Output;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Dimpact.Cli.Commands;

public class MembersSettings : CsvStorageSettings
{
    [CommandOption("--as-of <DATE>")]
    [Description("The date the member data is shown as of (yyyy-MM-dd; default: today): the registry version current then, the membership of that date's tariff year.")]
    public string? AsOf { get; init; }

    public LocalDate AsOfDate(IClock clock) =>
        AsOf is null ? BillingCalendar.Today(clock)
        : LocalDatePattern.Iso.Parse(AsOf) is { Success: true } parsed ? parsed.Value
        : throw new InvalidInputException([new DataProblem("--as-of", null, null, $"'{AsOf}' is not a date in the form yyyy-MM-dd")]);
}

public sealed class MembersShowSettings : MembersSettings
{
    [CommandArgument(0, "<CODE>")]
    [Description("The member's CBS code, e.g. GM0150.")]
    public string Code { get; init; } = "";
}

/// <summary>What <c>members list</c> and <c>members show</c> read: the registry version of a date and the effective tariff year of its year.</summary>
internal static class MemberDataAsOf
{
    public static async Task<(LocalDate Date, MasterDataVersion? Version, MemberRegistry Registry, TariffYear? Year)> ReadAsync(
        ServiceProvider services, MembersSettings settings, CancellationToken cancellationToken)
    {
        var date = settings.AsOfDate(services.GetRequiredService<IClock>());
        var (version, registry) = await services.GetRequiredService<StoredMemberRegistries>().VersionOnAsync(date, cancellationToken: cancellationToken);
        var year = await services.GetRequiredService<ITariffYears>().FindAsync(date.Year, cancellationToken);
        return (date, version, registry, year);
    }

    public static string Emails(Buyer buyer) => string.Join(" | ", buyer.InvoiceEmails);
}

/// <summary>dimpact members list [--as-of D] [--csv]: every member in the registry as of a date.</summary>
public sealed class MembersListCommand(IAnsiConsole console) : AsyncCommand<MembersSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, MembersSettings settings, CancellationToken cancellationToken)
    {
        using var services = settings.Services();
        var (date, version, registry, year) = await MemberDataAsOf.ReadAsync(services, settings, cancellationToken);
        var buyers = registry.Buyers.OrderBy(b => b.Code.Value, StringComparer.Ordinal).ToList();
        if (settings.Csv)
        {
            Formats.WriteCsv(Console.Out, "cbs_code,name,street,postcode,city,invoice_emails,oin,peppol_id,buyer_reference,member_in_tariff_year",
                buyers.Select(b => Formats.CsvLine(b.Code.Value, b.Name, b.Address.Street, b.Address.PostalCode, b.Address.City, MemberDataAsOf.Emails(b),
                    b.Oin ?? "", b.Peppol?.ToString() ?? "", registry.BuyerReference(b.Code, date.Year) ?? "", year?.IsMember(b.Code) == true ? "yes" : "no")));
            return ExitCodes.Done;
        }
        var table = new Table().Border(TableBorder.Simple).Title(Markup.Escape($"Members as of {date:yyyy-MM-dd} (registry {version?.Name ?? "none"})"))
            .AddColumns("Code", "Name", "Address", "Invoice e-mail", "OIN", $"Buyer reference {date.Year}");
        foreach (var b in buyers)
            table.AddRow(b.Code.Value, Markup.Escape(b.Name), Markup.Escape($"{b.Address.Street}, {b.Address.PostalCode} {b.Address.City}"),
                Markup.Escape(MemberDataAsOf.Emails(b)), Markup.Escape(b.Oin ?? ""), Markup.Escape(registry.BuyerReference(b.Code, date.Year) ?? ""));
        console.Write(table);
        console.MarkupLine(Markup.Escape($"{buyers.Count} member(s) in the registry; member data {year?.MemberDataVersion ?? version?.Name ?? "none"}."));
        return ExitCodes.Done;
    }
}

/// <summary>
/// dimpact members show CODE [--as-of D]: one member as of a date: name, address, e-mails, OIN, buyer references, and
/// its membership in that date's tariff year (joined, products taken up, left, merged into).
/// </summary>
public sealed class MembersShowCommand(IAnsiConsole console) : AsyncCommand<MembersShowSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, MembersShowSettings settings, CancellationToken cancellationToken)
    {
        var code = CbsCode.TryParse(settings.Code.Trim().ToUpperInvariant(), out var parsed) ? parsed
            : throw new InvalidInputException([new DataProblem("CODE", null, null, $"'{settings.Code}' is not a CBS municipality code such as GM0150")]);
        using var services = settings.Services();
        var (date, version, registry, year) = await MemberDataAsOf.ReadAsync(services, settings, cancellationToken);
        if (!registry.Contains(code) && year?.IsMember(code) != true)
            throw new InvalidInputException([new DataProblem("CODE", null, null, $"{code} is neither in the member registry ({version?.Name ?? "none"}) nor a member in tariff year {date.Year} (see 'dimpact members list')")]);

        var lines = new List<(string, string)>();
        if (registry.Contains(code))
        {
            var b = registry[code];
            lines.Add(("Name", b.Name));
            lines.Add(("Address", $"{b.Address.Street}, {b.Address.PostalCode} {b.Address.City}"));
            lines.Add(("Invoice e-mail", b.InvoiceEmails.Count > 0 ? MemberDataAsOf.Emails(b) : "(none: documents cannot be sent)"));
            lines.Add(("OIN", b.Oin ?? "(none)"));
            lines.Add(("Peppol id", b.Peppol?.ToString() ?? "(none)"));
            var references = Enumerable.Range(date.Year - 1, 3).Select(y => (y, registry.BuyerReference(code, y))).Where(r => r.Item2 is not null).ToList();
            lines.Add(("Buyer references", references.Count > 0 ? string.Join("; ", references.Select(r => $"{r.y}: {r.Item2}")) : "(none)"));
        }
        else lines.Add(("Registry", $"not in the member registry {version?.Name}"));
        lines.Add(("Registry version", version is null ? "none" : $"{version.Name}, by {version.By} at {InstantPattern.General.Format(version.At)} ({version.Source})"));
        if (year is null) lines.Add(("Membership", $"no tariff year {date.Year}"));
        else foreach (var line in Membership(year, code, date)) lines.Add(line);

        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        foreach (var (label, value) in lines) grid.AddRow(Markup.Escape(label), Markup.Escape(value));
        console.Write(new Panel(grid).Header(Markup.Escape($"{code} as of {date:yyyy-MM-dd}")));
        return ExitCodes.Done;
    }

    /// <summary>The membership facts of the member in the effective tariff year (plan plus the membership changes).</summary>
    private static IEnumerable<(string, string)> Membership(TariffYear year, CbsCode code, LocalDate date)
    {
        yield return ("Tariff year", $"{year.Year} (tariff data {year.Version}, member data {year.MemberDataVersion})");
        yield return ("Member in " + year.Year, year.IsMember(code) ? "yes" : "no");
        if (year.JoiningOf(code) is { } joining)
            yield return ("Joined", $"{joining.EffectiveDate:yyyy-MM-dd}, entry fee € {Formats.Euro(joining.EntryFee)} ({joining.Decision})");
        foreach (var line in year.LinesOf(code).Where(l => l.Start is not null))
            yield return ("Taken up", $"{line.Product} from {line.Start!.EffectiveDate:yyyy-MM-dd}, annual tariff € {Formats.Euro(line.Start.AnnualTariff)} ({line.Start.Decision})");
        foreach (var leave in year.MemberData.Changes.Where(c => c.Member == code && c.Kind == ChangeKind.Leave && c.Year <= date.Year))
            yield return ("Left", $"{(leave.Product is { } p ? p.ToString() : "membership")} from {leave.EffectiveDate:yyyy-MM-dd} ({leave.Decision})");
        foreach (var merger in year.Mergers.Where(m => m.Predecessors.Contains(code)))
            yield return ("Merged into", $"{merger.SuccessorName} ({merger.Successor}) from {merger.EffectiveDate:yyyy-MM-dd}");
        if (year.IsMember(code))
            yield return ("Products " + year.Year, string.Join(", ", year.LinesOf(code).Select(l => $"{l.Product} € {Formats.Euro(l.Budget)}")));
    }
}
