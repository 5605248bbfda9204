using System.Diagnostics;
using System.Globalization;
using Dimpact.Documents.Parties;
using Dimpact.Documents.Pdf;
using Dimpact.Documents.Tests;
using Dimpact.Documents.Ubl;

// Times PDF and UBL generation per document: a warm-up, then a fixed number of rounds.
// Usage: dotnet run -c Release [-- --rounds N] [-- --write DIR]  (--write saves the sample PDFs and UBLs and exits)

var rounds = 200;
for (var i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--rounds") rounds = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
    if (args[i] == "--write")
    {
        Directory.CreateDirectory(args[i + 1]);
        foreach (var (name, doc) in Samples())
        {
            File.WriteAllBytes(Path.Combine(args[i + 1], name + ".pdf"), InvoicePdf.Render(doc));
            File.WriteAllBytes(Path.Combine(args[i + 1], name + ".xml"), InvoiceUbl.Write(doc));
        }
        Console.WriteLine($"wrote {Samples().Count()} documents to {args[i + 1]}");
        return;
    }
}

Console.WriteLine($"{"document",-12} {"lines",5} {"pages",5} {"PDF ms",8} {"PDF bytes",10} {"UBL ms",8} {"UBL bytes",10}");
foreach (var (name, doc) in Samples())
{
    for (var w = 0; w < 20; w++) { InvoicePdf.Render(doc); InvoiceUbl.Write(doc); }

    var pdfBytes = 0;
    var sw = Stopwatch.StartNew();
    for (var r = 0; r < rounds; r++) pdfBytes = InvoicePdf.Render(doc).Length;
    var pdfMs = sw.Elapsed.TotalMilliseconds / rounds;

    var ublBytes = 0;
    sw.Restart();
    for (var r = 0; r < rounds; r++) ublBytes = InvoiceUbl.Write(doc).Length;
    var ublMs = sw.Elapsed.TotalMilliseconds / rounds;

    var pages = CountPages(InvoicePdf.Render(doc));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name,-12} {doc.Invoice.Lines.Count,5} {pages,5} {pdfMs,8:0.00} {pdfBytes,10} {ublMs,8:0.000} {ublBytes,10}"));
}

static IEnumerable<(string Name, InvoiceDocument Document)> Samples() =>
[
    ("advance", SampleInvoices.Advance()),
    ("settlement", SampleInvoices.Settlement()),
    ("creditnote", SampleInvoices.CreditNote()),
    ("settle-big", SampleInvoices.LargeSettlement()),
    ("long", SampleInvoices.Long()),
];

// Counts "/Type /Page" objects, not "/Pages": enough for a figure in a report.
static int CountPages(byte[] pdf) =>
    System.Text.RegularExpressions.Regex.Matches(System.Text.Encoding.Latin1.GetString(pdf), @"/Type\s*/Page(?![s\w])").Count;
