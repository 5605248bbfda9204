using System.Diagnostics.CodeAnalysis;

namespace Dimpact.Billing;

/// <summary>
/// A CBS municipality code such as GM0150 (Deventer): "GM" and four digits. Only in a process that switched
/// <see cref="SyntheticCodesSwitch"/> on (the benchmark, for cooperatives of more than 10,000 made-up members) are
/// the synthetic codes GM10000–GM99999 accepted too: five digits, so never a real municipality.
/// </summary>
public readonly record struct CbsCode
{
    /// <summary>The <see cref="AppContext"/> switch that admits the synthetic codes GM10000–GM99999; off unless a benchmark sets it.</summary>
    public const string SyntheticCodesSwitch = "Dimpact.Billing.SyntheticCbsCodes";

    public string Value { get; }

    private CbsCode(string value) => Value = value;

    public static CbsCode Parse(string text) =>
        TryParse(text, out var code) ? code : throw new FormatException($"'{text}' is not a CBS municipality code (GM and four digits, e.g. GM0150).");

    public static bool TryParse(string? text, [NotNullWhen(true)] out CbsCode code)
    {
        code = default;
        var t = text?.Trim().ToUpperInvariant();
        if (t is null || !t.StartsWith("GM", StringComparison.Ordinal) || !t[2..].All(char.IsAsciiDigit))
            return false;
        if (t.Length != 6 && !(t.Length == 7 && t[2] != '0' && SyntheticCodesAllowed()))
            return false;
        code = new CbsCode(t);
        return true;
    }

    private static bool SyntheticCodesAllowed() => AppContext.TryGetSwitch(SyntheticCodesSwitch, out var on) && on;

    public override string ToString() => Value;
}
