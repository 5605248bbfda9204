using Dimpact.Billing.Invoicing;

namespace Dimpact.Billing.Notifications;

/// <summary>A Dutch e-invoice rule (NLCIUS) an issued document's UBL breaks, by the rule's id and text.</summary>
public sealed record EInvoiceGap(string RuleId, string Message)
{
    /// <summary>The "rule" of a member missing from the member registry: no e-invoice (nor e-mail) can be made for it.</summary>
    public const string NotInRegistry = "registry";
}

/// <summary>
/// Whether a document's e-invoice will be withheld at delivery: implemented by the document adapter with the same
/// check the archive applies before it attaches a UBL (DocumentArchive, NlciusRules), on the same member registry.
/// </summary>
public interface IEInvoiceCheck
{
    /// <summary>The rules the document's UBL breaks; empty when the e-invoice goes with it (on the current member registry).</summary>
    Task<IReadOnlyList<EInvoiceGap>> GapsOfAsync(Invoice invoice, CancellationToken cancellationToken = default);
}
