using System.Globalization;

namespace Dimpact.Billing.Invoicing;

public enum DocumentKind
{
    Invoice,
    CreditNote,
}

/// <summary>
/// A number of one gap-free series per document kind per tariff year: 2024-000001 for invoices, C2024-000001
/// for credit notes (BILLING.md, "Numbering").
/// </summary>
public readonly record struct InvoiceNumber
{
    public DocumentKind Kind { get; }
    public int Year { get; }
    public int Sequence { get; }

    public InvoiceNumber(DocumentKind kind, int year, int sequence)
    {
        if (sequence is < 1 or > 999_999) throw new ArgumentOutOfRangeException(nameof(sequence), sequence, "A sequence runs from 1 to 999999.");
        Kind = kind;
        Year = year;
        Sequence = sequence;
    }

    public static InvoiceNumber First(DocumentKind kind, int year) => new(kind, year, 1);

    public InvoiceNumber Next() => new(Kind, Year, Sequence + 1);

    public static string SeriesPrefix(DocumentKind kind) => kind == DocumentKind.CreditNote ? "C" : "";

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{SeriesPrefix(Kind)}{Year}-{Sequence:000000}");

    public static InvoiceNumber Parse(string text)
    {
        var t = text.Trim();
        var kind = t.StartsWith('C') ? DocumentKind.CreditNote : DocumentKind.Invoice;
        var body = kind == DocumentKind.CreditNote ? t[1..] : t;
        var parts = body.Split('-');
        if (parts is [var y, var s] && y.Length == 4 && s.Length == 6
            && int.TryParse(y, NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var seq) && seq > 0)
            return new InvoiceNumber(kind, year, seq);
        throw new FormatException($"'{text}' is not an invoice number such as 2024-000001 or C2024-000001.");
    }
}
