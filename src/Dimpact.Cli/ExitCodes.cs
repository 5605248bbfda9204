namespace Dimpact.Cli;

/// <summary>The CLI's exit codes (README, "The CLI"): scripts and schedulers act on them.</summary>
public static class ExitCodes
{
    public const int Done = 0;
    public const int Unexpected = 1;

    /// <summary>Bad input: the message names the file, line and field.</summary>
    public const int BadInput = 2;

    /// <summary>The date's year has no tariff data: nothing of that year can be invoiced until it is added.</summary>
    public const int NoTariffYear = 3;
}
