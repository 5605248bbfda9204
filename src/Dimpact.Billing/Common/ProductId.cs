namespace Dimpact.Billing;

/// <summary>A product of the plan (esuite, burgerzaken, …, association_contribution). Products are data of the tariff year.</summary>
public readonly record struct ProductId
{
    public string Value { get; }

    private ProductId(string value) => Value = value;

    public static ProductId Parse(string text)
    {
        var t = text.Trim();
        if (t.Length == 0 || !t.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            throw new FormatException($"'{text}' is not a product id (lower-case letters, digits and '_').");
        return new ProductId(t);
    }

    public override string ToString() => Value;
}
