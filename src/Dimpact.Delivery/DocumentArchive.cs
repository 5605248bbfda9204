using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Notifications;
using Dimpact.Documents.Parties;
using Dimpact.Documents.Pdf;
using Dimpact.Documents.Ubl;
using Dimpact.Storage;
using Dimpact.Billing;
using Dimpact.Billing.Members;

namespace Dimpact.Delivery;

/// <summary>The documents of one invoice: the PDF always, the UBL e-invoice only when it passes the Dutch rules.</summary>
public sealed record ArchivedInvoice(InvoiceDocument Document, byte[] Pdf, byte[]? Xml, IReadOnlyList<RuleViolation> Violations)
{
    /// <summary>Why the e-invoice is not sent, for the delivery record; null when it is.</summary>
    public string? EInvoiceWithheld => Xml is null ? "e-invoice withheld: " + string.Join("; ", Violations) : null;
}

/// <summary>
/// Renders an issued invoice (Dimpact.Documents) from the stored invoice, the member registry and the seller, and
/// archives the files once in Blob storage (<c>invoices/{year}/{number}.pdf|.xml</c>). A file that exists is kept
/// and used as stored: what was sent once is what is sent again.
/// </summary>
/// <remarks>
/// The UBL is archived only when it passes <see cref="NlciusRules"/> (BR-NL-10 wants the buyer's OIN, BR-NL-2 and
/// PEPPOL-EN16931-R003 a buyer reference, which most sample members lack). A failing e-invoice would be rejected
/// by the member's system, so it is neither sent nor archived; the delivery record and the e-mail name the rules.
/// Once finance completes the registry, a resend renders a passing UBL, which is then archived and attached. The
/// PDF keeps the content of its first archiving (amounts never change; a buyer reference added later appears in
/// the UBL only).
/// </remarks>
public sealed class DocumentArchive(InvoiceFiles files, IMemberRegistries registries, Seller seller) : IEInvoiceCheck
{
    /// <summary>With one registry that never changes (tests, the benchmark).</summary>
    public DocumentArchive(InvoiceFiles files, MemberRegistry registry, Seller seller) : this(files, new FixedMemberRegistries(registry), seller) { }

    /// <summary>The member registry: the current version for where documents go, earlier ones for what they show.</summary>
    public IMemberRegistries Registries => registries;

    /// <summary>
    /// The rules the document's UBL breaks, as <see cref="ArchiveAsync"/> will find them when it is delivered (same
    /// registry, same <see cref="NlciusRules"/>); renders nothing to storage. A member missing from the registry gets no
    /// e-invoice at all.
    /// </summary>
    public async Task<IReadOnlyList<EInvoiceGap>> GapsOfAsync(Invoice invoice, CancellationToken cancellationToken = default) =>
        !(await registries.CurrentAsync(cancellationToken)).Contains(invoice.Member)
            ? [new EInvoiceGap(EInvoiceGap.NotInRegistry, $"member {invoice.Member} is not in the member registry")]
            : NlciusRules.Check(InvoiceUbl.Build(await DocumentOfAsync(invoice, cancellationToken))).Select(v => new EInvoiceGap(v.RuleId, v.Message)).ToList();

    /// <summary>
    /// The document as rendered: the buyer's name and postal address from the registry the document was made with (the
    /// version it records, else the one current on its issue date: an address change applies from its upload on, and
    /// never rewrites an earlier document); its e-mail addresses, OIN, Peppol id and buyer reference as they are now,
    /// so that a corrected address or reference reaches the next delivery or resend.
    /// </summary>
    public async Task<InvoiceDocument> DocumentOfAsync(Invoice invoice, CancellationToken cancellationToken = default)
    {
        var current = await registries.CurrentAsync(cancellationToken);
        var onIssue = await registries.OnAsync(invoice.IssueDate, invoice.Draft.Basis.MemberDataVersion, cancellationToken);
        return new(invoice, seller, BuyerOf(invoice.Member, current, onIssue), current.BuyerReference(invoice.Member, invoice.Key.Year));
    }

    private static Buyer BuyerOf(CbsCode member, MemberRegistry current, MemberRegistry onIssue) =>
        onIssue.Contains(member) && onIssue[member] is var then ? current[member] with { Name = then.Name, Address = then.Address } : current[member];

    /// <summary>Renders without storing: the PDF, the UBL and the rules it breaks.</summary>
    public static (byte[] Pdf, byte[] Xml, IReadOnlyList<RuleViolation> Violations) Render(InvoiceDocument document)
    {
        var xml = InvoiceUbl.Write(document);
        return (InvoicePdf.Render(document), xml, NlciusRules.Check(InvoiceUbl.Build(document)));
    }

    /// <summary>The archived files where they exist, else freshly rendered ones; stores nothing (for showing).</summary>
    public async Task<(byte[] Pdf, byte[] Xml, IReadOnlyList<RuleViolation> Violations)> ShowAsync(Invoice invoice, CancellationToken cancellationToken = default)
    {
        var rendered = Render(await DocumentOfAsync(invoice, cancellationToken));
        var pdf = await files.FindAsync(invoice.Number, InvoiceFiles.Pdf, cancellationToken);
        var xml = await files.FindAsync(invoice.Number, InvoiceFiles.Xml, cancellationToken);
        return (pdf?.Content ?? rendered.Pdf, xml?.Content ?? rendered.Xml, xml is null ? rendered.Violations : []);
    }

    /// <remarks>
    /// Upload first (If-None-Match: *): a file that exists answers 409 and is then read, so a first delivery costs one
    /// request per file, not a look-up and an upload. Only a UBL that fails the rules now is looked up, since one that
    /// passed before (the registry changed since) is archived and is what was sent.
    /// </remarks>
    public async Task<ArchivedInvoice> ArchiveAsync(Invoice invoice, CancellationToken cancellationToken = default)
    {
        var document = await DocumentOfAsync(invoice, cancellationToken);
        var pdf = await files.StoreOnceAsync(invoice.Number, InvoiceFiles.Pdf, InvoicePdf.Render(document), cancellationToken);
        var violations = NlciusRules.Check(InvoiceUbl.Build(document));
        if (violations.Count > 0)
            return await files.FindAsync(invoice.Number, InvoiceFiles.Xml, cancellationToken) is { } archivedXml
                ? new ArchivedInvoice(document, pdf.Content, archivedXml.Content, [])
                : new ArchivedInvoice(document, pdf.Content, null, violations);
        var xml = await files.StoreOnceAsync(invoice.Number, InvoiceFiles.Xml, InvoiceUbl.Write(document), cancellationToken);
        return new ArchivedInvoice(document, pdf.Content, xml.Content, []);
    }
}
