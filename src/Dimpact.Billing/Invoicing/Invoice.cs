using NodaTime;

namespace Dimpact.Billing.Invoicing;

/// <summary>How a settlement line was computed; shown on the Q4 document per product (BILLING.md).</summary>
public sealed record SettlementDetail(
    Money Budget,
    Population ReferencePopulation,
    LocalDate ReferenceDate,
    Population SettlementPopulation,
    LocalDate SettlementDate,
    bool CombinedPopulation,
    Money Definitive,
    Money AlreadyInvoiced);

/// <summary>
/// One product line. <see cref="Amount"/> is what the member owes for it, excluding VAT; it is negative where
/// money is returned (a credit note's lines).
/// </summary>
public sealed record InvoiceLine(
    ProductId Product,
    string Description,
    Population PopulationBasis,
    Money Amount,
    decimal VatRate,
    SettlementDetail? Settlement = null);

/// <summary>The amounts of one VAT rate: VAT is computed on the rate's total, rounded once.</summary>
public sealed record VatSubtotal(decimal Rate, Money Taxable, Money Vat);

/// <summary>
/// What an invoice was computed from, so that it can be reproduced: the tariff data's version, the population date (and
/// snapshot), and the version of the member data (membership changes, registry) applied to the plan, if any.
/// </summary>
public sealed record InvoiceBasis(string TariffVersion, LocalDate PopulationDate, string? PopulationSnapshot = null, string? MemberDataVersion = null);

/// <summary>An invoice before it has a number: what the billing rules decided a member owes.</summary>
public sealed record DraftInvoice(
    DocumentKey Key,
    CbsCode Member,
    string MemberName,
    LocalDate IssueDate,
    IReadOnlyList<InvoiceLine> Lines,
    InvoiceBasis Basis,
    InvoiceNumber? Corrects = null)
{
    /// <summary>Payment term: 30 days (BILLING.md, "VAT and invoice content").</summary>
    public const int PaymentTermDays = 30;

    /// <summary>
    /// The advance documents a Q4 settlement nets (BILLING.md, "Q4: settlement"), so that the settlement, a credit
    /// note in particular, names the documents it settles; empty on every other document.
    /// </summary>
    public IReadOnlyList<InvoiceNumber> Settles { get; init; } = [];

    public Money TotalExclVat => Lines.Sum(l => l.Amount);

    public IReadOnlyList<VatSubtotal> VatSubtotals =>
        Lines.GroupBy(l => l.VatRate)
            .OrderByDescending(g => g.Key)
            .Select(g => { var taxable = g.Sum(l => l.Amount); return new VatSubtotal(g.Key, taxable, taxable.Times(g.Key)); })
            .ToList();

    public Money Vat => VatSubtotals.Sum(v => v.Vat);

    public Money TotalInclVat => TotalExclVat + Vat;

    /// <summary>A negative total is issued as a credit note, never as a negative invoice.</summary>
    public DocumentKind Kind => TotalExclVat.IsNegative ? DocumentKind.CreditNote : DocumentKind.Invoice;

    public LocalDate DueDate => IssueDate.PlusDays(PaymentTermDays);

    public Invoice WithNumber(InvoiceNumber number)
    {
        if (number.Kind != Kind) throw new InvalidOperationException($"A {Kind} cannot take number {number}.");
        return new Invoice(number, this);
    }
}

/// <summary>An issued document: immutable once it has a number.</summary>
public sealed record Invoice(InvoiceNumber Number, DraftInvoice Draft)
{
    public DocumentKey Key => Draft.Key;
    public CbsCode Member => Draft.Member;
    public DocumentKind Kind => Number.Kind;
    public LocalDate IssueDate => Draft.IssueDate;
    public LocalDate DueDate => Draft.DueDate;
    public IReadOnlyList<InvoiceLine> Lines => Draft.Lines;
    public Money TotalExclVat => Draft.TotalExclVat;
    public Money Vat => Draft.Vat;
    public Money TotalInclVat => Draft.TotalInclVat;
}
