using System.Text;
using Dimpact.Billing;
using Dimpact.Billing.Receivables;
using Dimpact.DataFiles.Bank;

namespace Dimpact.DataFiles.Tests;

/// <summary>
/// A statement is imported whole or not at all: each defect of the ING sample (a wrong account, currency, balance; a
/// missing or malformed element; no CAMT.053 at all) gives a problem that names the element and the reason.
/// </summary>
public class MalformedStatementsAreRejected
{
    private static readonly Iban Dimpact = Iban.Parse("NL91ABNA0417164300");
    private static readonly string Ing = Encoding.UTF8.GetString(BankStatementsAreRead.Sample("ing-camt053-001-02.xml"));

    /// <summary>What the reader or, on what it read, the import rules find wrong.</summary>
    private static IReadOnlyList<DataProblem> Problems(string xml)
    {
        var outcome = new Camt053Reader().Read("statement.xml", Encoding.UTF8.GetBytes(xml));
        return outcome.Read ? [.. outcome.Statements.SelectMany(s => s.Problems("statement.xml", Dimpact))] : outcome.Problems;
    }

    private static string Replace(string what, string with, int occurrence = 1)
    {
        var at = -1;
        for (var i = 0; i < occurrence; i++) at = Ing.IndexOf(what, at + 1, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{what}' is not in the sample");
        return Ing[..at] + with + Ing[(at + what.Length)..];
    }

    public static TheoryData<string, string, string, string> Defects() => new()
    {
        // case, the file, the element named, part of the reason
        { "another account", Replace("<IBAN>NL91ABNA0417164300</IBAN>", "<IBAN>NL39RABO0300065264</IBAN>"), "Stmt/Acct/Id/IBAN", "not of Dimpact's account NL91ABNA0417164300" },
        { "another currency", Replace("<Ccy>EUR</Ccy>", "<Ccy>USD</Ccy>"), "Stmt/Bal[OPBD]/Amt/@Ccy", "the balance is in EUR, the account in USD" },
        { "all in another currency", Ing.Replace("EUR", "USD", StringComparison.Ordinal), "Stmt/Acct/Ccy", "the account's currency is USD, not EUR" },
        { "an entry in another currency", Replace("<Amt Ccy=\"EUR\">15.75</Amt>", "<Amt Ccy=\"GBP\">15.75</Amt>"), "Stmt/Ntry[3]/Amt/@Ccy", "the entry is in GBP" },
        { "balances do not add up", Replace("<Amt Ccy=\"EUR\">34219.75</Amt>", "<Amt Ccy=\"EUR\">34219.76</Amt>"), "Stmt/Bal[CLBD]/Amt", "does not equal the opening balance 25000.00 + credits 9235.50 − debits 15.75 = 34219.75" },
        { "a debit booked as a credit", Replace("<CdtDbtInd>DBIT</CdtDbtInd>", "<CdtDbtInd>CRDT</CdtDbtInd>"), "Stmt/Bal[CLBD]/Amt", "credits 9251.25" },
        { "no closing balance", Replace("<Cd>CLBD</Cd>", "<Cd>CLAV</Cd>"), "Stmt/Bal[CLBD]", "no CLBD balance" },
        { "no opening balance", Replace("<Cd>OPBD</Cd>", "<Cd>ITBD</Cd>"), "Stmt/Bal[OPBD]", "no OPBD or PRCD balance" },
        { "no statement id", Replace("<Id>20240201-0417164300-001</Id>", ""), "Stmt/Id", "missing" },
        { "no account", Replace("<IBAN>NL91ABNA0417164300</IBAN>", "<Othr><Id>0417164300</Id></Othr>"), "Stmt/Acct/Id/IBAN", "missing" },
        { "an amount with a comma", Replace("<Amt Ccy=\"EUR\">3025.50</Amt>", "<Amt Ccy=\"EUR\">3025,50</Amt>"), "Stmt/Ntry[2]/Amt", "'3025,50' is not an amount" },
        { "fractions of a cent", Replace("<Amt Ccy=\"EUR\">15.75</Amt>", "<Amt Ccy=\"EUR\">15.755</Amt>"), "Stmt/Ntry[3]/Amt", "not a whole number of cents" },
        { "no direction", Replace("<CdtDbtInd>DBIT</CdtDbtInd>", ""), "Stmt/Ntry[3]/CdtDbtInd", "missing: CRDT or DBIT" },
        { "an unknown direction", Replace("<CdtDbtInd>DBIT</CdtDbtInd>", "<CdtDbtInd>DEBIT</CdtDbtInd>"), "Stmt/Ntry[3]/CdtDbtInd", "'DEBIT' is neither CRDT nor DBIT" },
        { "no booking date", Replace("<BookgDt>\n          <Dt>2024-02-01</Dt>\n        </BookgDt>", "", 3), "Stmt/Ntry[3]/BookgDt", "missing: the date" },
        { "a Dutch date", Replace("<Dt>2024-02-01</Dt>", "<Dt>01-02-2024</Dt>", 2), "Stmt/Ntry[1]/BookgDt/Dt", "'01-02-2024' is not a date" },
        { "no status", Replace("<Sts>BOOK</Sts>", ""), "Stmt/Ntry[1]/Sts", "missing" },
        { "a reversal flag that is no boolean", Replace("<Sts>BOOK</Sts>", "<RvslInd>yes</RvslInd><Sts>BOOK</Sts>"), "Stmt/Ntry[1]/RvslInd", "'yes' is neither true nor false" },
        { "a batch that does not add up", Replace("<Amt Ccy=\"EUR\">3000.00</Amt>", "<Amt Ccy=\"EUR\">2999.00</Amt>"), "Stmt/Ntry[4]/NtryDtls", "the 2 transactions add up to 4999.00, the entry is 5000.00" },
        { "a batch transaction without amount", Replace("<AmtDtls>\n              <TxAmt>\n                <Amt Ccy=\"EUR\">2000.00</Amt>\n              </TxAmt>\n            </AmtDtls>", ""), "Stmt/Ntry[4]/NtryDtls/TxDtls[1]/Amt", "a transaction of a batch needs its own amount" },
        { "an entry reference twice", Replace("ING20240201-0002", "ING20240201-0001"), "Stmt/Ntry/AcctSvcrRef", "the entry reference ING20240201-0001 occurs 2 times" },
        { "not well-formed", Replace("</Stmt>", "</Stmnt>"), "XML", "not well-formed XML" },
        { "another message (camt.052)", Ing.Replace("camt.053.001.02", "camt.052.001.02", StringComparison.Ordinal), "Document", "not a CAMT.053 statement" },
        { "no namespace", Ing.Replace(" xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"", "", StringComparison.Ordinal), "Document", "not a CAMT.053 statement" },
        { "no statement", Ing[..Ing.IndexOf("<Stmt>", StringComparison.Ordinal)] + "</BkToCstmrStmt></Document>", "BkToCstmrStmt/Stmt", "missing" },
        { "a DTD", "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY e \"x\">]>" + Ing[(Ing.IndexOf("<Document", StringComparison.Ordinal))..], "XML", "DTD" },
    };

    [Theory]
    [MemberData(nameof(Defects))]
    public void A_defect_is_named_by_its_element_and_reason(string @case, string xml, string element, string reason)
    {
        var problems = Problems(xml);
        Assert.True(problems.Any(p => p.Field == element && p.Message.Contains(reason, StringComparison.Ordinal)),
            $"{@case}: expected {element}: …{reason}…, got:\n{string.Join("\n", problems)}");
    }

    public static TheoryData<string, byte[], string, string> WrongFiles() => new()
    {
        // what a tired clerk uploads, the element named, part of the reason
        { "a zero-byte file", [], "file", "the file is empty (0 bytes)" },
        { "a PDF", Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"), "file", "the file is a PDF, not a CAMT.053 bank statement (XML)" },
        { "an MT940 export", Encoding.ASCII.GetBytes(":20:STARTUMSE\r\n:25:NL91ABNA0417164300\r\n:28C:00001/001\r\n"), "file", "the file is an MT940 statement" },
        { "an MT940 with a header block", Encoding.ASCII.GetBytes("{1:F01ABNANL2AXXXX0000000000}{4:\r\n:20:X\r\n-}"), "file", "MT940" },
        { "an xlsx", [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00], "file", "zip archive or an Excel workbook" },
        { "a CSV", Encoding.UTF8.GetBytes("datum;bedrag;omschrijving\n2024-02-01;1210,00;2024-000001\n"), "file", "not XML" },
        { "a DTD with an entity bomb", Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>" + Ing[Ing.IndexOf("<Document", StringComparison.Ordinal)..]),
            "XML", "the file has a DTD (<!DOCTYPE …>), which a bank statement never has" },
        { "UTF-16 declared as UTF-8", Encoding.Unicode.GetBytes(Ing), "XML", "not well-formed XML" },
        { "a camt.054 notification", Encoding.UTF8.GetBytes(Ing.Replace("camt.053.001.02", "camt.054.001.02", StringComparison.Ordinal)), "Document", "not a CAMT.053 statement" },
    };

    /// <summary>Found by uploading them: the parser's text ("Data at the root level is invalid", "set the DtdProcessing property") told a clerk nothing.</summary>
    [Theory]
    [MemberData(nameof(WrongFiles))]
    public void A_file_that_is_no_statement_says_what_it_is(string @case, byte[] content, string element, string reason)
    {
        var outcome = new Camt053Reader().Read("upload", content);
        Assert.False(outcome.Read, @case);
        Assert.True(outcome.Problems.Any(p => p.Field == element && p.Message.Contains(reason, StringComparison.Ordinal)),
            $"{@case}: expected {element}: …{reason}…, got:\n{string.Join("\n", outcome.Problems)}");
        Assert.DoesNotContain(outcome.Problems, p => p.Message.Contains("DtdProcessing", StringComparison.Ordinal));
    }

    [Fact]
    public void A_statement_in_utf16_with_its_declaration_is_read()
    {
        var xml = Ing.Replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"", StringComparison.OrdinalIgnoreCase);
        Assert.True(new Camt053Reader().Read("utf16.xml", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(xml)]).Read);
    }

    [Fact]
    public void A_problem_of_the_file_names_its_line()
    {
        var problems = Problems(Replace("<Amt Ccy=\"EUR\">3025.50</Amt>", "<Amt Ccy=\"EUR\">3025,50</Amt>"));
        var line = Ing.Split('\n').ToList().FindIndex(l => l.Contains("3025.50", StringComparison.Ordinal)) + 1;
        Assert.Equal(line, Assert.Single(problems).Line);
    }

    [Fact]
    public void A_file_with_any_problem_gives_no_statement_at_all()
    {
        var outcome = new Camt053Reader().Read("statement.xml", Encoding.UTF8.GetBytes(Replace("<Amt Ccy=\"EUR\">15.75</Amt>", "<Amt Ccy=\"EUR\">15.755</Amt>")));
        Assert.Empty(outcome.Statements);
    }
}
