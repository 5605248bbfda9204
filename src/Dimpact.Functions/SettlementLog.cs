using Dimpact.Billing.Settlement;
using Microsoft.Extensions.Logging;

namespace Dimpact.Functions;

/// <summary>How settlement runs are logged, the same from the timer and the upload trigger.</summary>
public static class SettlementLog
{
    /// <summary>The word the Azure Monitor alert searches for in traces (infra/modules/monitoring.bicep), with property TariffYear.</summary>
    public const string WaitingForFigures = "SettlementWaitingForFigures";

    /// <summary>The word of the log line of a settlement held for finance's approval of implausible figures.</summary>
    public const string OnHold = "SettlementOnHold";

    public static void Write(ILogger logger, IEnumerable<SettlementRun> runs)
    {
        foreach (var run in runs)
        {
            switch (run.Status)
            {
                case SettlementStatus.WaitingForFigures:
                    logger.LogWarning(WaitingForFigures + ": the settlement of tariff year {TariffYear} is due but population figures are missing for {MissingCount} member(s): {Missing}",
                        run.Year, run.MissingFigures.Count, string.Join(", ", run.MissingFigures));
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
}
