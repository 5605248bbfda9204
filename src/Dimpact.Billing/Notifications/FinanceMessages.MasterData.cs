using System.Text;
using Dimpact.Billing.MasterData;

namespace Dimpact.Billing.Notifications;

public static partial class FinanceMessages
{
    // ---- 7. Master data uploaded (member registry, membership changes, tariff years) ----

    /// <summary>
    /// A master data upload accepted (which sets got which version) or rejected (the problems); the report in the body
    /// and attached. Named after the report (upload name and content fingerprint), so a retried upload notifies once.
    /// </summary>
    public static FinanceNotification MasterData(MasterDataOutcome outcome, string by)
    {
        var upload = FileName(outcome.Upload);
        var text = Start();
        if (!outcome.Accepted)
            text.AppendLine($"De upload van stamgegevens {upload} (door {by}) is afgewezen: {Count(outcome.Problems.Count)} fout(en).")
                .AppendLine("Er is niets opgeslagen: een upload wordt helemaal of helemaal niet verwerkt. Verbeter de bestanden")
                .AppendLine("(het verslag noemt per fout het bestand, de regel en het veld) en upload ze opnieuw.");
        else if (outcome.Unchanged)
            text.AppendLine($"De upload van stamgegevens {upload} (door {by}) is gelijk aan de opgeslagen gegevens: er is niets veranderd.");
        else
        {
            text.AppendLine($"De upload van stamgegevens {upload} (door {by}) is goedgekeurd en opgeslagen:").AppendLine();
            foreach (var set in outcome.Sets)
                text.AppendLine($"- {SetName(set.Set)}: {(set.Created ? $"nieuwe versie {set.Version.Name}" : $"ongewijzigd (versie {set.Version.Name})")}");
            text.AppendLine().AppendLine("De nieuwe gegevens gelden vanaf nu: de volgende verzending gebruikt ze. Alle versies: dimpact master-data history.");
        }
        text.AppendLine();
        var lines = outcome.ReportText.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        var report = $"stamgegevens-{outcome.ReportName.Split('.')[^1]}.verslag.txt";
        text.AppendLine($"Het verslag van de controle (bijlage {report}):").AppendLine();
        foreach (var line in lines.Take(ReportLinesInBody)) text.AppendLine("    " + line);
        if (lines.Length > ReportLinesInBody) text.AppendLine($"    … en nog {Count(lines.Length - ReportLinesInBody)} regel(s): zie de bijlage.");
        text.AppendLine();
        return new FinanceNotification($"upload|master-data/{outcome.ReportName}",
            Subject + (!outcome.Accepted ? $"stamgegevens afgewezen ({upload})" : outcome.Unchanged ? $"stamgegevens ongewijzigd ({upload})" : $"stamgegevens opgeslagen ({upload})"),
            End(text),
            [new Attachment(report, "text/plain", Encoding.UTF8.GetBytes(outcome.ReportText))]);
    }

    private static string SetName(MasterDataSet set) =>
        set == MasterDataSet.Members ? "ledenregister (adressen, e-mail, OIN, inkoopreferenties)"
        : set == MasterDataSet.Membership ? "lidmaatschapswijzigingen"
        : $"tariefjaar {set.Year}";
}
