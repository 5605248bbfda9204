using Dimpact.Billing.Members;

namespace Dimpact.Documents.Parties;

/// <summary>
/// Everything a document shows beyond the invoice itself: who issues it, who receives it, and the buyer's reference
/// for the invoice's tariff year when the member issued one.
/// </summary>
public sealed record InvoiceDocument(Billing.Invoicing.Invoice Invoice, Seller Seller, Buyer Buyer, string? BuyerReference);
