namespace Dimpact.Documents.Parties;

/// <summary>
/// Dimpact as the issuer of every document. Name, address and KvK are fixed facts of the cooperative; the VAT
/// number, IBAN, BIC and invoice contact are configuration (BILLING.md, "Parties").
/// </summary>
public sealed record Seller(
    string Name,
    string Street,
    string PostalCode,
    string City,
    string KvkNumber,
    string VatNumber,
    string Iban,
    string? Bic,
    string InvoiceEmail)
{
    /// <summary>The country of the seller's address, ISO 3166-1 alpha-2.</summary>
    public string CountryCode => "NL";

    /// <summary>
    /// SAMPLE configuration for tests, local runs and the benchmark. The VAT number, IBAN and BIC are placeholders
    /// (the IBAN is the well-known ABN AMRO example account); production reads the real values from configuration.
    /// </summary>
    public static Seller Sample { get; } = new(
        Name: "Coöperatie Dimpact U.A.",
        Street: "Zuiderval 96",
        PostalCode: "7543 EZ",
        City: "Enschede",
        KvkNumber: "08154067",
        VatNumber: "NL000000000B01",
        Iban: "NL91ABNA0417164300",
        Bic: "ABNANL2A",
        InvoiceEmail: "facturen@dimpact.example");
}
