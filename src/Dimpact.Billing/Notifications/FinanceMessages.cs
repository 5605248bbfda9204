using System.Globalization;
using System.Text;
using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Populations;
using NodaTime;
using NodaTime.Calendars;

namespace Dimpact.Billing.Notifications;

/// <summary>Figures an upload stored: per reference date the version, whether it is new, whether it is held.</summary>
public sealed record UploadedFigures(LocalDate ReferenceDate, int Version, bool Created, bool Held);

/// <summary>
/// An ingested upload as finance hears of it. <see cref="ReportName"/> is the name of its report (upload name and a
/// fingerprint of the content), so a retried upload of the same file is the same event.
/// </summary>
public sealed record UploadSummary(string Upload, string ReportName, bool Accepted, int Errors, int Warnings, IReadOnlyList<UploadedFigures> Figures, string ReportText);

/// <summary>A document whose e-invoice will be withheld, and the rules its UBL breaks.</summary>
public sealed record WithheldEInvoice(Invoice Invoice, IReadOnlyList<EInvoiceGap> Gaps);

/// <summary>
/// Every text finance receives, in Dutch, in one place: subject, body and attachments per event, and the event's id.
/// Plain text for a finance department: amounts as "€ 1.250,50", dates as 01-12-2024, what happened, what it means
/// and what to do; no JSON, no stack traces. Pure: the same event always gives the same notification.
/// </summary>
public static partial class FinanceMessages
{
    /// <summary>How many lines of an upload's report the body shows; the whole report is attached.</summary>
    public const int ReportLinesInBody = 60;

    private const string Subject = "Dimpact facturatie: ";
    private const string Greeting = "Beste collega,";
    private const string Closing = "(Een automatisch bericht van de facturatie; u krijgt het één keer per gebeurtenis.)";

    private static readonly NumberFormatInfo Dutch = new() { NumberDecimalSeparator = ",", NumberGroupSeparator = ".", NegativeSign = "-" };

    // ---- 1. An upload accepted or rejected ----

    public static FinanceNotification Upload(UploadSummary upload)
    {
        var file = FileName(upload.Upload);
        var text = Start();
        if (upload.Accepted)
        {
            text.AppendLine($"Het bevolkingsbestand {file} is ingelezen en goedgekeurd ({Count(upload.Warnings)} waarschuwing(en)).").AppendLine();
            if (upload.Figures.Count > 0) text.AppendLine("Opgeslagen cijfers:");
            foreach (var f in upload.Figures)
            {
                text.AppendLine($"- peildatum {Date(f.ReferenceDate)}: versie {f.Version}{(f.Created ? "" : ", gelijk aan de al opgeslagen versie (niets toegevoegd)")}");
                if (f.Held)
                    text.AppendLine("  AANGEHOUDEN: deze cijfers wijken sterk af en wachten op uw goedkeuring (zie het aparte bericht).");
            }
            if (upload.Figures.Count > 0) text.AppendLine();
        }
        else
        {
            text.AppendLine($"Het bevolkingsbestand {file} is afgewezen: {Count(upload.Errors)} fout(en), {Count(upload.Warnings)} waarschuwing(en).")
                .AppendLine("Er is niets opgeslagen: een bestand wordt helemaal of helemaal niet ingelezen. Verbeter het bestand")
                .AppendLine("(het verslag noemt per fout de regel en het veld) en upload het opnieuw.")
                .AppendLine();
        }
        var lines = upload.ReportText.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        text.AppendLine($"Het verslag van de controle (bijlage {ReportFileName(file)}):").AppendLine();
        foreach (var line in lines.Take(ReportLinesInBody)) text.AppendLine("    " + line);
        if (lines.Length > ReportLinesInBody) text.AppendLine($"    … en nog {Count(lines.Length - ReportLinesInBody)} regel(s): zie de bijlage.");
        text.AppendLine();
        return new FinanceNotification($"upload|{upload.ReportName}",
            Subject + (upload.Accepted ? $"bevolkingsbestand ingelezen ({file})" : $"bevolkingsbestand afgewezen ({file})"),
            End(text),
            [new Attachment(ReportFileName(file), "text/plain", Encoding.UTF8.GetBytes(upload.ReportText))]);
    }

    /// <summary>"bevolking-2024.csv" → "bevolking-2024.verslag.txt".</summary>
    private static string ReportFileName(string file) => Path.GetFileNameWithoutExtension(file) + ".verslag.txt";

    private static string FileName(string upload) => upload.Split('/', '\\')[^1];

    // ---- 2. Figures on hold ----

    public static FinanceNotification Hold(PopulationSnapshot snapshot, Func<CbsCode, string> memberName)
    {
        var date = Date(snapshot.ReferenceDate);
        var changes = snapshot.HoldReasons ?? [];
        var text = Start()
            .AppendLine($"De bevolkingscijfers van peildatum {date}, versie {snapshot.Version} (bestand {FileName(snapshot.Source)}, ingelezen")
            .AppendLine($"{DateTime(snapshot.IngestedAt)}), wijken bij {Count(changes.Count)} gemeente(n) sterk af van de vorige cijfers. Daarom zijn ze")
            .AppendLine("aangehouden: er wordt niets op gefactureerd tot u ze goedkeurt.")
            .AppendLine()
            .AppendLine($"{"Gemeente",-32} {"vorige",10} {"nieuwe",10} {"verschil",9}");
        foreach (var c in changes)
            text.AppendLine($"{Member(c.Member, memberName),-32} {Count(c.Before.Count),10} {Count(c.After.Count),10} {Percentage(c.Change),9}");
        text.AppendLine()
            .AppendLine("Kloppen de cijfers, keur ze dan goed; de afrekening wordt daarna meteen gemaakt:")
            .AppendLine()
            .AppendLine($"    dimpact population approve {Iso(snapshot.ReferenceDate)} --version {snapshot.Version} --by \"uw naam\"")
            .AppendLine()
            .AppendLine("Kloppen ze niet, upload dan een verbeterd bestand: dat vervangt deze versie.")
            .AppendLine();
        return new FinanceNotification(string.Create(CultureInfo.InvariantCulture, $"hold|{Iso(snapshot.ReferenceDate)}|v{snapshot.Version}"),
            Subject + $"bevolkingscijfers {date} versie {snapshot.Version} wachten op goedkeuring", End(text), []);
    }

    // ---- 3. A run that issued documents ----

    /// <summary>
    /// The identity of a set of issued documents: first and last number and the count. Numbers are never issued twice,
    /// so two runs that issued anything never share a first number; a run that issued nothing has no set and sends nothing.
    /// </summary>
    public static string DocumentSetKey(IEnumerable<Invoice> issued)
    {
        var numbers = InNumberOrder(issued).Select(i => i.Number).ToList();
        return string.Create(CultureInfo.InvariantCulture, $"{numbers[0]}..{numbers[^1]}|{numbers.Count}");
    }

    public static FinanceNotification Issued(LocalDate runDate, IReadOnlyList<Invoice> issued, IReadOnlyList<Reports.WrittenReports>? reports = null)
    {
        var documents = InNumberOrder(issued);
        var settled = documents.Where(IsSettlement).ToList();
        var text = Start()
            .AppendLine($"Op {Date(runDate)} zijn {Count(documents.Count)} document(en) uitgegeven:")
            .AppendLine()
            .AppendLine($"{"",-14} {"aantal",6} {"excl. btw",18} {"incl. btw",18}");
        foreach (var kind in documents.GroupBy(d => d.Kind).OrderBy(g => g.Key))
            text.AppendLine($"{(kind.Key == DocumentKind.CreditNote ? "creditnota's" : "facturen"),-14} {Count(kind.Count()),6} {Amount(kind.Sum(d => d.TotalExclVat)),18} {Amount(kind.Sum(d => d.TotalInclVat)),18}");
        text.AppendLine($"{"totaal",-14} {Count(documents.Count),6} {Amount(documents.Sum(d => d.TotalExclVat)),18} {Amount(documents.Sum(d => d.TotalInclVat)),18}")
            .AppendLine()
            .AppendLine("Waarvoor: " + string.Join("; ", documents.GroupBy(d => What(d.Key)).Select(g => $"{g.Key} ({Count(g.Count())})")) + ".")
            .AppendLine("Nummers: " + string.Join("; ", Ranges(documents.Select(d => d.Number))) + ".")
            .AppendLine()
            .AppendLine("De documenten gaan per e-mail naar de gemeenten (PDF, en de e-factuur waar die aan de regels voldoet).")
            .AppendLine("Een overzicht per document: dimpact invoices list --year " + string.Join(", ", documents.Select(d => d.Number.Year).Distinct()) + ".");
        var attachments = new List<Attachment>();
        foreach (var year in settled.GroupBy(d => d.Key.Year))
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"afrekening-{year.Key}.csv");
            attachments.Add(new Attachment(name, "text/csv", Encoding.UTF8.GetBytes(SettlementOverviewCsv(year))));
            text.AppendLine()
                .AppendLine($"Dit was de afrekening over {year.Key}: {Count(year.Count())} afrekening(en) en correctie(s). Bijgevoegd: {name}, per gemeente")
                .AppendLine("en product de inwoners op de peildata, het budget, de voorschotten, het definitieve bedrag en het bedrag van dit document.");
            if (reports?.FirstOrDefault(r => r.Settlement.Year == year.Key) is { } report)
            {
                var workbook = report.SettlementXlsx;
                attachments.Add(new Attachment(workbook.FileName, workbook.ContentType, workbook.Content));
                text.AppendLine($"Het afrekeningsoverzicht over het hele jaar staat in {workbook.FileName} (Excel: per gemeente en product, met totalen);")
                    .AppendLine($"het staat ook in de opslag onder reports/{workbook.Name}.");
            }
        }
        text.AppendLine();
        var kinds = settled.Count > 0 ? "afrekening" : "voorschotten";
        return new FinanceNotification("run|" + DocumentSetKey(documents),
            Subject + $"{Count(documents.Count)} document(en) uitgegeven op {Date(runDate)} ({kinds})", End(text), attachments);
    }

    /// <summary>The header of the settlement overview; amounts with a '.' decimal point, as numbers.</summary>
    public const string SettlementOverviewHeader =
        "member_code,member_name,number,product,reference_population,settlement_population,budget,advances,definitive,amount";

    /// <summary>Per settlement or correction document and product: populations, budget, advances, definitive and this document's amount.</summary>
    public static string SettlementOverviewCsv(IEnumerable<Invoice> documents)
    {
        var csv = new StringBuilder(SettlementOverviewHeader).Append("\r\n");
        foreach (var d in InNumberOrder(documents).Where(IsSettlement))
        foreach (var line in d.Lines)
        {
            var s = line.Settlement;
            csv.AppendJoin(',', Cell(d.Member.Value), Cell(d.Draft.MemberName), Cell(d.Number.ToString()), Cell(line.Product.Value),
                    s?.ReferencePopulation.Count.ToString(CultureInfo.InvariantCulture) ?? "", s?.SettlementPopulation.Count.ToString(CultureInfo.InvariantCulture) ?? "",
                    s?.Budget.ToString() ?? "", s?.AlreadyInvoiced.ToString() ?? "", s?.Definitive.ToString() ?? "", line.Amount.ToString())
                .Append("\r\n");
        }
        return csv.ToString();
    }

    // ---- 4. The settlement waiting for figures ----

    /// <summary>At most one a week per tariff year: the id names the ISO week of <paramref name="today"/>.</summary>
    public static FinanceNotification Waiting(int tariffYear, LocalDate referenceDate, LocalDate expectedBy, LocalDate today,
        IReadOnlyList<CbsCode> missing, Func<CbsCode, string> memberName)
    {
        var week = string.Create(CultureInfo.InvariantCulture,
            $"{WeekYearRules.Iso.GetWeekYear(today)}-W{WeekYearRules.Iso.GetWeekOfWeekYear(today):00}");
        var text = Start()
            .AppendLine($"De afrekening over {tariffYear} wacht op de bevolkingscijfers van peildatum {Date(referenceDate)}. Die werden")
            .AppendLine($"verwacht vóór {Date(expectedBy)}. Voor deze {Count(missing.Count)} gemeente(n) ontbreken ze nog:")
            .AppendLine();
        foreach (var code in missing) text.AppendLine("- " + Member(code, memberName));
        text.AppendLine()
            .AppendLine("Upload de CBS-cijfers in de container population-uploads (of: dimpact ingest BESTAND). Zodra de cijfers van")
            .AppendLine("alle gemeenten er zijn, wordt de afrekening vanzelf gemaakt en krijgt u daarvan bericht.")
            .AppendLine("Zolang de cijfers ontbreken, krijgt u dit bericht hooguit één keer per week.")
            .AppendLine();
        return new FinanceNotification($"waiting|{tariffYear}|{week}",
            Subject + $"afrekening {tariffYear} wacht op bevolkingscijfers van {Count(missing.Count)} gemeente(n)", End(text), []);
    }

    // ---- 5. A delivery that failed for good ----

    /// <summary>
    /// The id names the document and its first failure (stored with the give-up), so a duplicate queue message for the
    /// failed delivery finds the same event; after a retry or resend a new give-up is a new event.
    /// </summary>
    public static FinanceNotification DeliveryFailed(InvoiceDelivery failed)
    {
        var document = DocumentName(failed.Number);
        var when = failed.FirstFailedAt is { } first ? InstantText(first) : string.Create(CultureInfo.InvariantCulture, $"r{failed.Resends}");
        var text = Start()
            .AppendLine($"{Capital(document)} voor gemeente {failed.MemberName} ({failed.Member}) is niet verstuurd: na {Count(failed.Attempts)} poging(en)")
            .AppendLine("is het versturen opgegeven.")
            .AppendLine()
            .AppendLine($"Reden: {failed.LastError}")
            .AppendLine()
            .AppendLine("Los de oorzaak op (bijvoorbeeld het e-mailadres van de gemeente: upload een verbeterd registry.csv met")
            .AppendLine("dimpact master-data upload; of de mailserver) en verstuur het document daarna opnieuw:")
            .AppendLine()
            .AppendLine($"    dimpact deliveries retry --failed --year {failed.Number.Year}")
            .AppendLine()
            .AppendLine("Het document zelf blijft geldig; er wordt geen nieuw document gemaakt.")
            .AppendLine();
        return new FinanceNotification($"failed|{failed.Number}|{when}",
            Subject + $"{document} aan {failed.MemberName} niet verstuurd", End(text), []);
    }

    // ---- 6. E-invoices withheld ----

    /// <summary>
    /// One summary per run that issued documents whose e-invoice will be withheld; the id names the same document set
    /// as the run's notification.
    /// </summary>
    public static FinanceNotification Withheld(IReadOnlyList<Invoice> issued, IReadOnlyList<WithheldEInvoice> withheld)
    {
        var byMember = withheld.GroupBy(w => (w.Invoice.Member, w.Invoice.Draft.MemberName)).OrderBy(g => g.Key.Member.Value).ToList();
        var text = Start()
            .AppendLine($"Bij {Count(withheld.Count)} van de {Count(issued.Count)} zojuist uitgegeven document(en) gaat de e-factuur (SI-UBL 2.0) niet mee,")
            .AppendLine("omdat die niet aan de Nederlandse regels (NLCIUS) voldoet: het systeem van de gemeente zou hem weigeren.")
            .AppendLine("De gemeente krijgt de PDF wel. Dit ontbreekt per gemeente:")
            .AppendLine();
        foreach (var member in byMember)
        {
            var lacks = member.SelectMany(w => w.Gaps.Select(g => Lacks(g, w.Invoice.Key.Year))).Distinct().ToList();
            text.AppendLine($"- {member.Key.MemberName} ({member.Key.Member}): {string.Join("; ", lacks)}")
                .AppendLine($"  {string.Join(", ", member.Select(w => DocumentName(w.Invoice.Number)))}");
        }
        text.AppendLine()
            .AppendLine("Vul de gegevens aan in registry.csv (oin) en buyer-references.csv (inkoopreferentie per jaar) en upload ze (dimpact")
            .AppendLine("master-data upload); verstuur de documenten daarna opnieuw met: dimpact invoices resend NUMMER. Dan gaat de e-factuur mee.")
            .AppendLine();
        return new FinanceNotification("withheld|" + DocumentSetKey(issued),
            Subject + $"e-factuur achtergehouden bij {Count(withheld.Count)} document(en) van {Count(byMember.Count)} gemeente(n)", End(text), []);
    }

    /// <summary>What a member lacks, in words, for a rule its UBL breaks (NlciusRules ids).</summary>
    private static string Lacks(EInvoiceGap gap, int year) => gap.RuleId switch
    {
        "BR-NL-10" => "OIN (of KvK-nummer) ontbreekt",
        "BR-NL-2" or "PEPPOL-EN16931-R003" => $"inkoopreferentie voor {year} ontbreekt",
        "BR-NL-4" => "adres onvolledig (straat, postcode of plaats)",
        EInvoiceGap.NotInRegistry => "staat niet in het ledenregister (registry.csv)",
        _ => $"regel {gap.RuleId} niet voldaan ({gap.Message})",
    };

    // ---- Shared wording ----

    private static StringBuilder Start() => new StringBuilder().AppendLine(Greeting).AppendLine();

    private static string End(StringBuilder text) =>
        text.AppendLine("Met vriendelijke groet,").AppendLine().AppendLine("De facturatie van Dimpact").AppendLine().AppendLine(Closing).ToString();

    private static List<Invoice> InNumberOrder(IEnumerable<Invoice> documents) =>
        documents.OrderBy(d => d.Number.Year).ThenBy(d => d.Number.Kind).ThenBy(d => d.Number.Sequence).ToList();

    private static bool IsSettlement(Invoice d) => d.Key.Purpose is Purpose.Settlement or Purpose.Correction;

    private static string What(DocumentKey key) => key.Purpose switch
    {
        Purpose.Advance => $"voorschot Q{key.Quarter} {key.Year}",
        Purpose.AnnualContribution => $"verenigingsbijdrage {key.Year}",
        Purpose.Settlement => $"afrekening {key.Year}",
        _ => $"correctie afrekening {key.Year}",
    };

    /// <summary>"2024-000001 t/m 2024-000039": consecutive numbers of a series as one range.</summary>
    private static IEnumerable<string> Ranges(IEnumerable<InvoiceNumber> numbers)
    {
        var list = numbers.ToList();
        for (var i = 0; i < list.Count;)
        {
            var j = i;
            while (j + 1 < list.Count && list[j + 1].Kind == list[i].Kind && list[j + 1].Year == list[i].Year && list[j + 1].Sequence == list[j].Sequence + 1) j++;
            yield return i == j ? list[i].ToString() : $"{list[i]} t/m {list[j]}";
            i = j + 1;
        }
    }

    private static string DocumentName(InvoiceNumber number) => (number.Kind == DocumentKind.CreditNote ? "creditnota " : "factuur ") + number;

    private static string Capital(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    private static string Member(CbsCode code, Func<CbsCode, string> memberName) => $"{memberName(code)} ({code})";

    private static string Amount(Money amount) => "€ " + amount.Euros.ToString("#,##0.00", Dutch);

    private static string Count(long count) => count.ToString("#,##0", Dutch);

    private static string Percentage(decimal change) => (change > 0 ? "+" : "") + (change * 100m).ToString("0.0", Dutch) + "%";

    private static string Date(LocalDate date) => date.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture);

    private static string Iso(LocalDate date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string DateTime(Instant instant) => instant.InZone(BillingCalendar.Zone).ToString("dd-MM-yyyy HH:mm", CultureInfo.InvariantCulture);

    private static string InstantText(Instant instant) => NodaTime.Text.InstantPattern.General.Format(instant);

    /// <summary>A CSV text cell: quoted when needed, and never read as a formula (OWASP CSV injection).</summary>
    private static string Cell(string text)
    {
        if (text.Length > 0 && "=+-@\t\r".Contains(text[0], StringComparison.Ordinal)) text = "'" + text;
        return text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
