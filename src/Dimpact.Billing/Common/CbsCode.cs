using System.Diagnostics.CodeAnalysis;

namespace Dimpact.Billing;

/// <summary>A CBS municipality code such as GM0150 (Deventer): "GM" and four digits.</summary>
public readonly record struct CbsCode
{
    public string Value { get; }

    private CbsCode(string value) => Value = value;

    public static CbsCode Parse(string text) =>
        TryParse(text, out var code) ? code : throw new FormatException($"'{text}' is not a CBS municipality code (GM and four digits, e.g. GM0150).");

    public static bool TryParse(string? text, [NotNullWhen(true)] out CbsCode code)
    {
        code = default;
        var t = text?.Trim().ToUpperInvariant();
        if (t is not { Length: 6 } || !t.StartsWith("GM", StringComparison.Ordinal) || !t[2..].All(char.IsAsciiDigit))
            return false;
        code = new CbsCode(t);
        return true;
    }

    public override string ToString() => Value;
}
