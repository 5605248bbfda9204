using System.Globalization;
using System.Security;
using System.Text;

namespace Dimpact.TestSupport;

/// <summary>One entry of a test statement: a credit (a payment) unless <see cref="Credit"/> is false.</summary>
public sealed record CamtEntry(string Reference, decimal Amount, string? Remittance = null, bool Credit = true, bool Reversal = false,
    string? StructuredReference = null, string? EndToEndId = null, string Date = "2024-02-01", string Payer = "Gemeente");

/// <summary>
/// Writes CAMT.053 statements for tests (camt.053.001.02 or .001.08), with the closing balance computed from the opening
/// balance and the entries, for Dimpact's sample account unless told otherwise.
/// </summary>
public static class CamtStatement
{
    public const string DimpactIban = "NL91ABNA0417164300";

    public static decimal Closing(decimal opening, IEnumerable<CamtEntry> entries) =>
        opening + entries.Sum(e => e.Credit ? e.Amount : -e.Amount);

    public static byte[] Bytes(string id, decimal opening, IEnumerable<CamtEntry> entries, string iban = DimpactIban, string version = "02") =>
        Encoding.UTF8.GetBytes(Xml(id, opening, entries, iban, version));

    public static string Xml(string id, decimal opening, IEnumerable<CamtEntry> entries, string iban = DimpactIban, string version = "02")
    {
        var list = entries.ToList();
        static string A(decimal d) => Math.Abs(d).ToString("0.00", CultureInfo.InvariantCulture);
        static string S(decimal d) => d < 0 ? "DBIT" : "CRDT";
        static string X(string s) => SecurityElement.Escape(s);
        var closing = Closing(opening, list);
        var lastDate = list.Count > 0 ? list.Max(e => e.Date)! : "2024-02-01";
        var x = new StringBuilder();
        x.Append(CultureInfo.InvariantCulture, $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.{version}">
              <BkToCstmrStmt>
                <GrpHdr><MsgId>{X(id)}</MsgId><CreDtTm>2024-02-02T06:00:00</CreDtTm></GrpHdr>
                <Stmt>
                  <Id>{X(id)}</Id>
                  <Acct><Id><IBAN>{iban}</IBAN></Id><Ccy>EUR</Ccy></Acct>
                  <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">{A(opening)}</Amt><CdtDbtInd>{S(opening)}</CdtDbtInd><Dt><Dt>2024-01-01</Dt></Dt></Bal>
                  <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">{A(closing)}</Amt><CdtDbtInd>{S(closing)}</CdtDbtInd><Dt><Dt>{lastDate}</Dt></Dt></Bal>

            """);
        foreach (var e in list)
        {
            var status = version == "08" ? "<Sts><Cd>BOOK</Cd></Sts>" : "<Sts>BOOK</Sts>";
            var role = e.Credit != e.Reversal ? "Dbtr" : "Cdtr";
            var party = version == "08" ? $"<{role}><Pty><Nm>{X(e.Payer)}</Nm></Pty></{role}>" : $"<{role}><Nm>{X(e.Payer)}</Nm></{role}>";
            var remittance = (e.Remittance is null ? "" : $"<Ustrd>{X(e.Remittance)}</Ustrd>")
                + (e.StructuredReference is null ? "" : $"<Strd><CdtrRefInf><Ref>{X(e.StructuredReference)}</Ref></CdtrRefInf></Strd>");
            x.Append(CultureInfo.InvariantCulture, $"""
                      <Ntry>
                        <Amt Ccy="EUR">{A(e.Amount)}</Amt><CdtDbtInd>{(e.Credit ? "CRDT" : "DBIT")}</CdtDbtInd>{(e.Reversal ? "<RvslInd>true</RvslInd>" : "")}{status}
                        <BookgDt><Dt>{e.Date}</Dt></BookgDt><ValDt><Dt>{e.Date}</Dt></ValDt>
                        <AcctSvcrRef>{X(e.Reference)}</AcctSvcrRef>
                        <NtryDtls><TxDtls>
                          <Refs><EndToEndId>{X(e.EndToEndId ?? "NOTPROVIDED")}</EndToEndId></Refs>
                          <RltdPties>{party}</RltdPties>
                          <RmtInf>{remittance}</RmtInf>
                        </TxDtls></NtryDtls>
                      </Ntry>

                """);
        }
        x.Append("""
                </Stmt>
              </BkToCstmrStmt>
            </Document>
            """);
        return x.ToString();
    }
}
