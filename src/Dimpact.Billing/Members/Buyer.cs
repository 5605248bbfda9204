using Dimpact.Billing;

namespace Dimpact.Billing.Members;

/// <summary>A Dutch postal address as printed on a document and sent in the UBL.</summary>
public sealed record PostalAddress(string Street, string PostalCode, string City, string CountryCode = "NL");

/// <summary>
/// A Peppol participant id: the ISO 6523 scheme (0190 = OIN, 0106 = KvK) and the identifier within it,
/// written "0190:00000001001234567000".
/// </summary>
public sealed record PeppolId(string Scheme, string Identifier)
{
    public override string ToString() => $"{Scheme}:{Identifier}";

    public static bool TryParse(string text, out PeppolId? id)
    {
        id = null;
        var parts = text.Trim().Split(':');
        if (parts is not [var scheme, var identifier] || scheme.Length != 4 || !scheme.All(char.IsAsciiDigit) || identifier.Length == 0)
            return false;
        id = new PeppolId(scheme, identifier);
        return true;
    }
}

/// <summary>A member as the addressee of its documents (BILLING.md, "Parties": name, address, e-mail, OIN, Peppol).</summary>
public sealed record Buyer(
    CbsCode Code,
    string Name,
    PostalAddress Address,
    IReadOnlyList<string> InvoiceEmails,
    string? Oin = null,
    PeppolId? Peppol = null);
