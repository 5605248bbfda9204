using System.Globalization;
using System.Numerics;

namespace Dimpact.Billing.Receivables;

/// <summary>An IBAN, without spaces and in capitals, its ISO 13616 check digits verified (mod 97).</summary>
public readonly record struct Iban
{
    public string Value { get; }

    private Iban(string value) => Value = value;

    public static bool TryParse(string? text, out Iban iban)
    {
        iban = default;
        var compact = (text ?? "").Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        if (compact.Length is < 15 or > 34 || !compact.All(char.IsAsciiLetterOrDigit) || !char.IsAsciiLetter(compact[0]) || !char.IsAsciiLetter(compact[1])) return false;
        var rearranged = compact[4..] + compact[..4];
        var digits = string.Concat(rearranged.Select(c => char.IsAsciiDigit(c) ? c.ToString() : (c - 'A' + 10).ToString(CultureInfo.InvariantCulture)));
        if (BigInteger.Parse(digits, CultureInfo.InvariantCulture) % 97 != 1) return false;
        iban = new Iban(compact);
        return true;
    }

    public static Iban Parse(string text) =>
        TryParse(text, out var iban) ? iban : throw new FormatException($"'{text}' is not an IBAN (such as NL91ABNA0417164300).");

    public override string ToString() => Value;
}
