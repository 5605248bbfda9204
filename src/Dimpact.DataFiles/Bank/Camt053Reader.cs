using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Dimpact.Billing;
using Dimpact.Billing.Receivables;
using NodaTime;
using NodaTime.Text;

namespace Dimpact.DataFiles.Bank;

/// <summary>
/// Reads ISO 20022 bank-to-customer statements, CAMT.053 (<c>camt.053.001.02</c>, as ING, Rabobank and ABN AMRO deliver
/// them, and <c>camt.053.001.08</c>), with an XML parser: every <c>Stmt</c> of the file with its account, currency,
/// opening (<c>OPBD</c>, or <c>PRCD</c>) and closing (<c>CLBD</c>) booked balance and its booked entries (<c>Sts</c>
/// <c>BOOK</c>; pending entries are not on the balance and are left out). A batch entry with several <c>TxDtls</c>
/// becomes one entry per transaction, which must add up to the batch. Every problem is reported with its element and
/// line; a file with any problem gives no statement.
/// </summary>
public sealed class Camt053Reader : IBankStatementReader
{
    public const string Version02 = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02";
    public const string Version08 = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08";

    public const int MaxBytes = StatementUpload.MaxBytes;

    public StatementReadOutcome Read(string name, byte[] content)
    {
        if (content.Length > MaxBytes)
            return StatementReadOutcome.Rejected([new(name, null, null, $"the file has {content.Length} bytes, more than the {MaxBytes} a statement file may have")]);
        if (NotXml(content) is { } what)
            return StatementReadOutcome.Rejected([new(name, null, "file", $"{what}, not a CAMT.053 bank statement (XML): download the statement from the bank as CAMT.053 (camt.053.001.02 or .001.08) and import that file")]);
        XDocument document;
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
            using var reader = XmlReader.Create(new MemoryStream(content), settings);
            document = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException e) when (e.Message.Contains("DTD", StringComparison.Ordinal))
        {
            // The parser's own text advises a developer's setting; a clerk needs the reason.
            return StatementReadOutcome.Rejected([new(name, e.LineNumber > 0 ? e.LineNumber : null, "XML",
                "the file has a DTD (<!DOCTYPE …>), which a bank statement never has; it is not read (a DTD can declare entities that expand without end or read other files)")]);
        }
        catch (XmlException e)
        {
            return StatementReadOutcome.Rejected([new(name, e.LineNumber > 0 ? e.LineNumber : null, "XML", $"not well-formed XML: {e.Message}")]);
        }
        catch (ArgumentException e)
        {
            // An encoding declaration the reader does not support (e.g. encoding="EBCDIC").
            return StatementReadOutcome.Rejected([new(name, null, "XML", $"the file's encoding cannot be read: {e.Message}")]);
        }
        var file = new FileReading(name);
        var statements = file.Statements(document);
        return file.Problems.Count > 0 ? StatementReadOutcome.Rejected(file.Problems) : StatementReadOutcome.Of(statements);
    }

    /// <summary>
    /// What a file that cannot be XML is, from its first bytes (a tired clerk's upload): empty, a PDF, an MT940 text
    /// export, a spreadsheet or zip; null when it may be XML (then the parser decides). XML starts with '&lt;', after a
    /// byte order mark and white space.
    /// </summary>
    private static string? NotXml(byte[] content)
    {
        if (content.Length == 0) return "the file is empty (0 bytes)";
        var start = content.AsSpan();
        if (start.StartsWith("%PDF"u8)) return "the file is a PDF";
        if (start.StartsWith("PK\u0003\u0004"u8)) return "the file is a zip archive or an Excel workbook";
        if (start.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0])) return "the file is an old Excel or Word document";
        // Only single-byte text is judged here; UTF-16 (BOM or a zero byte) goes to the parser.
        if (start.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || start.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || (start.Length > 1 && (start[0] == 0 || start[1] == 0))) return null;
        if (start.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) start = start[3..];
        var text = System.Text.Encoding.Latin1.GetString(start[..Math.Min(start.Length, 256)]).TrimStart();
        if (text.Length == 0) return "the file holds only white space";
        if (text[0] == '<') return null;
        if (text.StartsWith(":20:", StringComparison.Ordinal) || text.StartsWith("{1:", StringComparison.Ordinal) || text.Contains("\n:25:", StringComparison.Ordinal))
            return "the file is an MT940 statement (SWIFT text)";
        return "the file is not XML (it does not start with '<')";
    }

    /// <summary>One file being read: its namespace, and the problems found so far.</summary>
    private sealed class FileReading(string name)
    {
        public List<DataProblem> Problems { get; } = [];
        private XNamespace _ns = XNamespace.None;
        private string _format = "";

        public List<BankStatement> Statements(XDocument document)
        {
            var root = document.Root!;
            if (root.Name.LocalName != "Document" || (root.Name.NamespaceName != Version02 && root.Name.NamespaceName != Version08))
            {
                Problem(root, "Document", $"the root element is {{{root.Name.NamespaceName}}}{root.Name.LocalName}, not a Document of {Version02} or {Version08}: not a CAMT.053 statement");
                return [];
            }
            _ns = root.Name.Namespace;
            _format = root.Name.NamespaceName[(root.Name.NamespaceName.LastIndexOf(':') + 1)..];
            if (root.Element(_ns + "BkToCstmrStmt") is not { } message)
            {
                Problem(root, "BkToCstmrStmt", "missing: the file holds no bank-to-customer statement");
                return [];
            }
            var elements = message.Elements(_ns + "Stmt").ToList();
            if (elements.Count == 0) Problem(message, "BkToCstmrStmt/Stmt", "missing: the file holds no statement");
            return [.. elements.Select(Statement).OfType<BankStatement>()];
        }

        private BankStatement? Statement(XElement stmt)
        {
            var before = Problems.Count;
            var id = Text(stmt, "Stmt/Id", "Id");
            var iban = Text(stmt, "Stmt/Acct/Id/IBAN", "Acct", "Id", "IBAN");
            var acct = stmt.Element(_ns + "Acct");
            var opening = Balance(stmt, "OPBD", "PRCD");
            var closing = Balance(stmt, "CLBD");
            var currency = acct?.Element(_ns + "Ccy")?.Value.Trim() is { Length: > 0 } ccy ? ccy : opening?.Currency ?? closing?.Currency ?? "";
            foreach (var (balance, type) in new[] { (opening, "OPBD"), (closing, "CLBD") })
                if (balance is { } b && b.Currency != currency)
                    Problem(b.Element, $"Stmt/Bal[{type}]/Amt/@Ccy", $"the balance is in {b.Currency}, the account in {currency}");
            var entries = new List<BankEntry>();
            var position = 0;
            foreach (var ntry in stmt.Elements(_ns + "Ntry"))
                entries.AddRange(Entry(ntry, ++position, id ?? "", currency));
            if (Problems.Count > before || id is null || iban is null || opening is null || closing is null) return null;
            return new BankStatement(id, iban, currency, opening.Date, opening.Amount, closing.Date, closing.Amount, entries, _format);
        }

        private sealed record Bal(XElement Element, Money Amount, string Currency, LocalDate Date);

        private Bal? Balance(XElement stmt, params string[] codes)
        {
            var found = stmt.Elements(_ns + "Bal").FirstOrDefault(b => codes.Contains(b.Element(_ns + "Tp")?.Element(_ns + "CdOrPrtry")?.Element(_ns + "Cd")?.Value.Trim()));
            var path = $"Stmt/Bal[{codes[0]}]";
            if (found is null)
            {
                Problem(stmt, path, $"missing: the statement has no {string.Join(" or ", codes)} balance");
                return null;
            }
            var amount = Amount(found, path);
            var sign = Sign(found, path);
            var date = Date(found.Element(_ns + "Dt"), $"{path}/Dt", found);
            return amount is { } a && sign is { } s && date is { } d ? new Bal(found, s == EntryDirection.Credit ? a.Money : -a.Money, a.Currency, d) : null;
        }

        private IEnumerable<BankEntry> Entry(XElement ntry, int position, string statementId, string currency)
        {
            var path = $"Stmt/Ntry[{position}]";
            var status = ntry.Element(_ns + "Sts") is { } sts ? (sts.Element(_ns + "Cd")?.Value ?? sts.Value).Trim() : null;
            if (status is null) { Problem(ntry, path + "/Sts", "missing: the entry's status (BOOK)"); return []; }
            if (status != "BOOK") return [];
            var amount = Amount(ntry, path);
            var direction = Sign(ntry, path);
            var reversal = ntry.Element(_ns + "RvslInd") is { } rvsl && Boolean(rvsl, path + "/RvslInd");
            var booked = Date(ntry.Element(_ns + "BookgDt"), path + "/BookgDt", ntry);
            var valued = ntry.Element(_ns + "ValDt") is { } valDt ? Date(valDt, path + "/ValDt", ntry) : booked;
            if (amount is { } a && a.Currency != currency) Problem(ntry, path + "/Amt/@Ccy", $"the entry is in {a.Currency}, the account in {currency}");
            var entryRef = Clean(ntry.Element(_ns + "AcctSvcrRef")?.Value) ?? Clean(ntry.Element(_ns + "NtryRef")?.Value)
                ?? string.Create(CultureInfo.InvariantCulture, $"{statementId}/{position}");
            var details = ntry.Elements(_ns + "NtryDtls").SelectMany(d => d.Elements(_ns + "TxDtls")).ToList();
            if (amount is null || direction is null || booked is null || valued is null) return [];

            var entryText = Clean(ntry.Element(_ns + "AddtlNtryInf")?.Value);
            BankEntry Make(string reference, Money money, XElement? tx) => new(
                Reference(reference, ntry, path), statementId, booked.Value, valued.Value, money, direction.Value, reversal,
                Party(tx, direction.Value, reversal, "Nm"), Party(tx, direction.Value, reversal, "IBAN"),
                tx is null ? (entryText is null ? [] : [entryText]) : Remittance(tx, entryText),
                Clean(tx?.Element(_ns + "Refs")?.Element(_ns + "EndToEndId")?.Value));

            if (details.Count <= 1) return [Make(entryRef, amount.Value.Money, details.FirstOrDefault())];

            // A batch: one entry per transaction, each with its own amount, together the batch's.
            var split = new List<BankEntry>();
            var index = 0;
            foreach (var tx in details)
            {
                index++;
                var txPath = $"{path}/NtryDtls/TxDtls[{index}]";
                var txAmount = TxAmount(tx, txPath);
                if (txAmount is null) continue;
                if (txAmount.Value.Currency != currency) Problem(tx, txPath + "/Amt/@Ccy", $"the transaction is in {txAmount.Value.Currency}, the account in {currency}");
                var txRef = Clean(tx.Element(_ns + "Refs")?.Element(_ns + "AcctSvcrRef")?.Value);
                var reference = txRef is not null && txRef != entryRef ? txRef : string.Create(CultureInfo.InvariantCulture, $"{entryRef}/{index}");
                split.Add(Make(reference, txAmount.Value.Money, tx));
            }
            var sum = split.Sum(e => e.Amount);
            if (split.Count == details.Count && sum != amount.Value.Money)
                Problem(ntry, path + "/NtryDtls", $"the {details.Count} transactions add up to {sum}, the entry is {amount.Value.Money}");
            return split;
        }

        private (Money Money, string Currency)? TxAmount(XElement tx, string path)
        {
            // .001.08 puts Amt directly in TxDtls; both put the booked amount in AmtDtls/TxAmt (InstdAmt: as instructed).
            var amt = tx.Element(_ns + "Amt") ?? tx.Element(_ns + "AmtDtls")?.Element(_ns + "TxAmt")?.Element(_ns + "Amt")
                ?? tx.Element(_ns + "AmtDtls")?.Element(_ns + "InstdAmt")?.Element(_ns + "Amt");
            if (amt is null) { Problem(tx, path + "/Amt", "missing: a transaction of a batch needs its own amount"); return null; }
            return ParseAmount(amt, path + "/Amt");
        }

        /// <summary>
        /// Who paid (a credit, or the reversal of one) or was paid (a debit): <c>RltdPties/Dbtr</c> or <c>Cdtr</c> (.001.08:
        /// the name under <c>Pty</c>).
        /// </summary>
        private string? Party(XElement? tx, EntryDirection direction, bool reversal, string what)
        {
            var parties = tx?.Element(_ns + "RltdPties");
            if (parties is null) return null;
            var role = (direction == EntryDirection.Credit) != reversal ? "Dbtr" : "Cdtr";
            if (what == "IBAN") return Clean(parties.Element(_ns + role + "Acct")?.Element(_ns + "Id")?.Element(_ns + "IBAN")?.Value);
            var party = parties.Element(_ns + role);
            return Clean((party?.Element(_ns + "Pty") ?? party)?.Element(_ns + "Nm")?.Value);
        }

        /// <summary>The remittance texts: every <c>Ustrd</c> line and every structured <c>CdtrRefInf/Ref</c>, else the entry's additional information.</summary>
        private List<string> Remittance(XElement tx, string? entryText)
        {
            var rmtInf = tx.Element(_ns + "RmtInf");
            var texts = new List<string>();
            if (rmtInf is not null)
            {
                texts.AddRange(rmtInf.Elements(_ns + "Ustrd").Select(u => Clean(u.Value)).OfType<string>());
                texts.AddRange(rmtInf.Elements(_ns + "Strd").Select(s => Clean(s.Element(_ns + "CdtrRefInf")?.Element(_ns + "Ref")?.Value)).OfType<string>());
            }
            if (Clean(tx.Element(_ns + "AddtlTxInf")?.Value) is { } txText) texts.Add(txText);
            if (texts.Count == 0 && entryText is not null) texts.Add(entryText);
            return texts;
        }

        private BankReference Reference(string text, XElement at, string path)
        {
            try { return new BankReference(text); }
            catch (ArgumentException e) { Problem(at, path + "/AcctSvcrRef", e.Message); return new BankReference("invalid"); }
        }

        private (Money Money, string Currency)? Amount(XElement parent, string path)
        {
            if (parent.Element(_ns + "Amt") is not { } amt) { Problem(parent, path + "/Amt", "missing: the amount"); return null; }
            return ParseAmount(amt, path + "/Amt");
        }

        private (Money Money, string Currency)? ParseAmount(XElement amt, string path)
        {
            var currency = amt.Attribute("Ccy")?.Value.Trim();
            if (currency is not { Length: 3 }) { Problem(amt, path + "/@Ccy", "missing: the amount's currency"); return null; }
            if (!decimal.TryParse(amt.Value.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                Problem(amt, path, $"'{amt.Value.Trim()}' is not an amount such as 1250.50 (a positive number with a decimal point)");
                return null;
            }
            if (Math.Round(value, 2) != value) { Problem(amt, path, $"{amt.Value.Trim()} is not a whole number of cents"); return null; }
            return (Money.Exact(value), currency);
        }

        private EntryDirection? Sign(XElement parent, string path)
        {
            switch (parent.Element(_ns + "CdtDbtInd")?.Value.Trim())
            {
                case "CRDT": return EntryDirection.Credit;
                case "DBIT": return EntryDirection.Debit;
                case null: Problem(parent, path + "/CdtDbtInd", "missing: CRDT or DBIT"); return null;
                case var other: Problem(parent.Element(_ns + "CdtDbtInd")!, path + "/CdtDbtInd", $"'{other}' is neither CRDT nor DBIT"); return null;
            }
        }

        private bool Boolean(XElement element, string path)
        {
            switch (element.Value.Trim())
            {
                case "true" or "1": return true;
                case "false" or "0": return false;
                default: Problem(element, path, $"'{element.Value.Trim()}' is neither true nor false"); return false;
            }
        }

        /// <summary>A date element's <c>Dt</c>, or the date of its <c>DtTm</c> as written (the bank's local date).</summary>
        private LocalDate? Date(XElement? element, string path, XElement parent)
        {
            if (element is null) { Problem(parent, path, "missing: the date"); return null; }
            var text = (element.Element(_ns + "Dt") ?? element.Element(_ns + "DtTm"))?.Value.Trim();
            if (text is null) { Problem(element, path + "/Dt", "missing: Dt or DtTm"); return null; }
            var result = LocalDatePattern.Iso.Parse(text.Length >= 10 ? text[..10] : text);
            if (result.Success) return result.Value;
            Problem(element, path + "/Dt", $"'{text}' is not a date such as 2024-02-01");
            return null;
        }

        private string? Text(XElement parent, string path, params string[] names)
        {
            var element = parent;
            foreach (var n in names)
            {
                element = element.Element(_ns + n)!;
                if (element is null) break;
            }
            if (Clean(element?.Value) is { } text) return text;
            Problem(parent, path, "missing");
            return null;
        }

        private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

        private void Problem(XObject at, string element, string reason) =>
            Problems.Add(new DataProblem(name, ((IXmlLineInfo)at).HasLineInfo() ? ((IXmlLineInfo)at).LineNumber : null, element, reason));
    }
}
