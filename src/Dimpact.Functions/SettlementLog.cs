using Dimpact.Billing.Settlement;
using Microsoft.Extensions.Logging;

namespace Dimpact.Functions;

/// <summary>How settlement runs are logged, the same from the timer and the upload trigger.</summary>
/// <remarks>
/// The "settlement waiting" alert (infra/modules/monitoring.bicep) reads the rendered message, not the structured
/// property: logs of the isolated worker reach Application Insights through the host, which keeps the message but
/// not the template's properties (azure-functions-host #7452). So the text around the tariff year is fixed here, and
/// an infrastructure test pins the alert's query to these constants and to a line this class writes.
/// </remarks>
public static class SettlementLog
{
    /// <summary>The word the alert searches traces for (a KQL <c>has</c> term).</summary>
    public const string WaitingForFigures = "SettlementWaitingForFigures";

    /// <summary>The text just before the tariff year in the rendered message.</summary>
    public const string BeforeTariffYear = "the settlement of tariff year ";

    /// <summary>The text just after the tariff year in the rendered message.</summary>
    public const string AfterTariffYear = " is due but population figures are missing";

    private const string WaitingTemplate =
        WaitingForFigures + ": " + BeforeTariffYear + "{TariffYear}" + AfterTariffYear + " for {MissingCount} member(s): {Missing}";

    /// <summary>The word of the log line of a settlement held for finance's approval of implausible figures.</summary>
    public const string OnHold = "SettlementOnHold";

    public static void Write(ILogger logger, IEnumerable<SettlementRun> runs)
    {
        foreach (var run in runs)
        {
            switch (run.Status)
            {
                case SettlementStatus.WaitingForFigures:
                    WriteWaiting(logger, run.Year, run.MissingFigures.Select(c => c.Value).ToList());
                    break;
                case SettlementStatus.OnHold:
                    logger.LogWarning(OnHold + ": the settlement of tariff year {TariffYear} waits for finance to approve figures {Snapshot}: {Changes}",
                        run.Year, run.Snapshot?.Id, string.Join("; ", run.Snapshot?.HoldReasons ?? []));
                    break;
                case SettlementStatus.Settled:
                    logger.LogInformation("Settlement of tariff year {TariffYear} on figures {Snapshot}: {Issued} issued, {Already} already issued, {WaitingForAdvances} member(s) waiting for an advance.",
                        run.Year, run.Snapshot?.Id, run.Issued.Count, run.AlreadyIssued, run.WaitingForAdvances.Count);
                    break;
            }
        }
    }

    /// <summary>The warning the alert catches once the figures are overdue: the settlement of the year is due, figures are missing.</summary>
    public static void WriteWaiting(ILogger logger, int tariffYear, IReadOnlyCollection<string> missingMembers) =>
        logger.LogWarning(WaitingTemplate, tariffYear, missingMembers.Count, string.Join(", ", missingMembers));
}
