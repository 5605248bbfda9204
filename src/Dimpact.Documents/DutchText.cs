using System.Globalization;
using Dimpact.Billing;
using Dimpact.Billing.Invoicing;
using NodaTime;

namespace Dimpact.Documents;

/// <summary>
/// How amounts, counts and dates read on a Dutch document: "€ 1.250,50", "€ -1.250,50", "102.000", "02-01-2024".
/// Money is already whole cents, so this only formats; it never rounds.
/// </summary>
public static class DutchText
{
    // Built by hand rather than taken from the nl-NL culture so that the output does not depend on the ICU data of
    // the host (the format is part of the document, and the document must be the same bytes everywhere).
    private static readonly NumberFormatInfo Numbers = new()
    {
        NumberDecimalSeparator = ",",
        NumberGroupSeparator = ".",
        NegativeSign = "-",
    };

    /// <summary>"€ 113.806,00"; a negative amount keeps the sign after the euro sign: "€ -1.250,50".</summary>
    public static string Amount(Money amount) => "€ " + amount.Euros.ToString("#,##0.00", Numbers);

    /// <summary>The same amount without the euro sign, for table columns headed "(€)".</summary>
    public static string Number(Money amount) => amount.Euros.ToString("#,##0.00", Numbers);

    public static string Count(Population population) => population.Count.ToString("#,##0", Numbers);

    public static string Date(LocalDate date) => date.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture);

    /// <summary>"21%" for a rate stored as 0.21.</summary>
    public static string Rate(decimal rate) => (rate * 100m).ToString("0.##", Numbers) + "%";

    public static string Period(DateInterval period) => $"{Date(period.Start)} t/m {Date(period.End)}";

    public static string Title(DocumentKind kind) => kind == DocumentKind.CreditNote ? "Creditnota" : "Factuur";

    /// <summary>"factuur 2024-000123" or "creditnota C2024-000002": the number's series says which.</summary>
    public static string DocumentName(InvoiceNumber number) => $"{Title(number.Kind).ToLowerInvariant()} {number}";

    /// <summary>
    /// What a document says about the documents before it, as phrases to follow "Deze factuur": "corrigeert
    /// creditnota C2024-000002", "verrekent voorschotfacturen 2024-000007, 2024-000046, 2024-000085". Empty when it
    /// refers to none. Worded once for the PDF and the e-invoice's note.
    /// </summary>
    public static IReadOnlyList<string> References(DraftInvoice draft)
    {
        var phrases = new List<string>();
        if (draft.Corrects is { } corrected) phrases.Add($"corrigeert {DocumentName(corrected)}");
        if (draft.Settles.Count > 0)
            phrases.Add($"verrekent {(draft.Settles.Count == 1 ? "voorschotfactuur" : "voorschotfacturen")} {string.Join(", ", draft.Settles)}");
        return phrases;
    }
}
