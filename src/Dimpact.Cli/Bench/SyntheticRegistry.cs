using System.Globalization;
using Dimpact.Billing;
using Dimpact.Documents.Parties;
using Dimpact.Billing.Members;

namespace Dimpact.Cli.Bench;

/// <summary>
/// The member registry of a <see cref="SyntheticCooperative"/>, in memory: every member GM0000, GM0001, … with an
/// address, an invoice e-mail, an OIN and a buyer reference for the year, so that delivery archives and attaches both
/// the PDF and the UBL (what a complete registry costs, the case to measure).
/// </summary>
public static class SyntheticRegistry
{
    public static MemberRegistry For(int members, int year)
    {
        var buyers = Enumerable.Range(0, members).Select(i =>
        {
            var code = CbsCode.Parse(string.Create(CultureInfo.InvariantCulture, $"GM{i:0000}"));
            return new Buyer(code, $"Gemeente {code}", new PostalAddress($"Postbus {i + 1}", "1000 AA", "Amsterdam"),
                [$"facturen@{code.Value.ToLowerInvariant()}.example"], Oin: string.Create(CultureInfo.InvariantCulture, $"0000000100{i:0000000000}"));
        }).ToList();
        return new MemberRegistry(buyers, buyers.ToDictionary(b => (b.Code, year), b => $"PO-{year}-{b.Code}"));
    }
}
