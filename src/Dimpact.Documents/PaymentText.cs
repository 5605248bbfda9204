using Dimpact.Billing.Invoicing;
using Dimpact.Documents.Parties;

namespace Dimpact.Documents;

/// <summary>
/// The payment instruction of a document (BILLING.md, "VAT and invoice content": IBAN, reference = invoice number),
/// worded once for the PDF and the e-mail that carries it.
/// </summary>
public static class PaymentText
{
    public static string Instruction(Invoice invoice, Seller seller) => invoice.Kind == DocumentKind.Invoice
        ? $"Gelieve {DutchText.Amount(invoice.TotalInclVat)} vóór {DutchText.Date(invoice.DueDate)} over te maken op IBAN {Iban(seller.Iban)}"
          + (seller.Bic is { Length: > 0 } bic ? $" (BIC {bic})" : "")
          + $" ten name van {seller.Name}, onder vermelding van factuurnummer {invoice.Number}."
        : $"Het bedrag van {DutchText.Amount(-invoice.TotalInclVat)} komt u toe. Wij verrekenen het met uw eerstvolgende factuur of storten het "
          + $"binnen {DraftInvoice.PaymentTermDays} dagen terug op uw rekening, onder vermelding van creditnotanummer {invoice.Number}.";

    /// <summary>"NL91 ABNA 0417 1643 00": the grouping in which people read and type an IBAN.</summary>
    public static string Iban(string iban) =>
        string.Join(' ', iban.Replace(" ", "", StringComparison.Ordinal).Chunk(4).Select(c => new string(c)));
}
