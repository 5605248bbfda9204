namespace Dimpact.Cli;

/// <summary>
/// What the CLI's exit code says (README, "The CLI"). Each mistake a user can make has its own code and a message
/// of one or two lines on stderr without a stack trace (<c>--verbose</c> adds it); only an unexpected failure shows
/// one. Outcomes that are not mistakes have codes of their own (3).
/// </summary>
public static class ExitCodes
{
    public const int Done = 0;

    /// <summary>A failure nobody could foresee: the stack trace is shown.</summary>
    public const int Unexpected = 1;

    /// <summary>A bad file, option or argument: the message names file, line and field.</summary>
    public const int BadInput = 2;

    /// <summary>The date's year has no tariff data: nothing of that year can be invoiced until it is added.</summary>
    public const int NoTariffYear = 3;

    /// <summary>Something waits for a person: a delivery failed for good (<c>deliver</c>), or <c>status</c> marks a line.</summary>
    public const int NeedsAttention = 4;

    /// <summary>A setting that cannot be used (DIMPACT_STORAGE, --storage, Smtp__*), or credentials storage refuses.</summary>
    public const int Configuration = 5;

    /// <summary>The storage account (or Azurite) cannot be reached: the message names the endpoint.</summary>
    public const int StorageUnreachable = 6;
}
