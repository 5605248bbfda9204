using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dimpact.Billing;
using Dimpact.Billing.Invoicing;
using NodaTime;
using NodaTime.Text;

namespace Dimpact.Storage;

/// <summary>
/// The stored form of an issued document: every figure it was issued with, so that it can be shown, sent and
/// reproduced without recomputing (an issued invoice is immutable). Amounts are strings of exact cents.
/// </summary>
public static class InvoiceJson
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static string Serialize(Invoice invoice) => JsonSerializer.Serialize(ToDto(invoice), Options);

    public static Invoice Deserialize(string json) =>
        FromDto(JsonSerializer.Deserialize<InvoiceDto>(json, Options) ?? throw new FormatException("Empty invoice document."));

    private static string Date(LocalDate d) => LocalDatePattern.Iso.Format(d);
    private static LocalDate Date(string s) => LocalDatePattern.Iso.Parse(s).GetValueOrThrow();
    private static string Dec(decimal d) => d.ToString(CultureInfo.InvariantCulture);
    private static decimal Dec(string s) => decimal.Parse(s, NumberStyles.Number, CultureInfo.InvariantCulture);

    private static InvoiceDto ToDto(Invoice i) => new(
        i.Number.ToString(),
        new KeyDto(i.Key.Member.Value, i.Key.Year, i.Key.Quarter, i.Key.Purpose.ToString(), i.Key.Revision),
        i.Draft.Member.Value,
        i.Draft.MemberName,
        Date(i.IssueDate),
        i.Lines.Select(l => new LineDto(
            l.Product.Value, l.Description, l.PopulationBasis.Count, l.Amount.ToString(), Dec(l.VatRate),
            l.Settlement is { } s
                ? new SettlementDto(s.Budget.ToString(), s.ReferencePopulation.Count, Date(s.ReferenceDate), s.SettlementPopulation.Count,
                    Date(s.SettlementDate), s.CombinedPopulation, s.Definitive.ToString(), s.AlreadyInvoiced.ToString())
                : null)).ToList(),
        new BasisDto(i.Draft.Basis.TariffVersion, Date(i.Draft.Basis.PopulationDate), i.Draft.Basis.PopulationSnapshot, i.Draft.Basis.MemberDataVersion),
        i.Draft.Corrects?.ToString(),
        i.Draft.Settles.Count > 0 ? i.Draft.Settles.Select(n => n.ToString()).ToList() : null);

    private static Invoice FromDto(InvoiceDto d)
    {
        var draft = new DraftInvoice(
            new DocumentKey(CbsCode.Parse(d.Key.Member), d.Key.Year, d.Key.Quarter, Enum.Parse<Purpose>(d.Key.Purpose), d.Key.Revision),
            CbsCode.Parse(d.Member),
            d.MemberName,
            Date(d.IssueDate),
            d.Lines.Select(l => new InvoiceLine(
                ProductId.Parse(l.Product), l.Description, new Population(l.Population), Money.Parse(l.Amount), Dec(l.VatRate),
                l.Settlement is { } s
                    ? new SettlementDetail(Money.Parse(s.Budget), new Population(s.ReferencePopulation), Date(s.ReferenceDate),
                        new Population(s.SettlementPopulation), Date(s.SettlementDate), s.Combined, Money.Parse(s.Definitive), Money.Parse(s.AlreadyInvoiced))
                    : null)).ToList(),
            new InvoiceBasis(d.Basis.TariffVersion, Date(d.Basis.PopulationDate), d.Basis.PopulationSnapshot, d.Basis.MemberDataVersion is { Length: > 0 } v ? v : null),
            d.Corrects is null ? null : InvoiceNumber.Parse(d.Corrects))
        {
            Settles = d.Settles?.Select(InvoiceNumber.Parse).ToList() ?? [],
        };
        return new Invoice(InvoiceNumber.Parse(d.Number), draft);
    }

    private sealed record InvoiceDto(string Number, KeyDto Key, string Member, string MemberName, string IssueDate, List<LineDto> Lines, BasisDto Basis, string? Corrects,
        // Written only on a settlement, so other documents keep their stored form; absent (older documents) is none.
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] List<string>? Settles = null);
    private sealed record KeyDto(string Member, int Year, int Quarter, string Purpose, int Revision);
    private sealed record LineDto(string Product, string Description, int Population, string Amount, string VatRate, SettlementDto? Settlement);
    private sealed record SettlementDto(string Budget, int ReferencePopulation, string ReferenceDate, int SettlementPopulation, string SettlementDate, bool Combined, string Definitive, string AlreadyInvoiced);
    private sealed record BasisDto(string TariffVersion, string PopulationDate, string? PopulationSnapshot,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? MemberDataVersion = null);
}
