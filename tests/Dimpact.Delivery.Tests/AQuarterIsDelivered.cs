using Dimpact.Billing.Invoicing;
using Dimpact.Delivery;
using Dimpact.Documents;
using Dimpact.Documents.Ubl;
using Dimpact.Storage;
using MimeKit;
using UglyToad.PdfPig;

namespace Dimpact.Delivery.Tests;

/// <summary>Issue 5: every issued document reaches the member's invoice addresses, one e-mail per document.</summary>
public class AQuarterIsDelivered : IDisposable
{
    private readonly DeliveryWorld _world = new();

    public void Dispose() => _world.Dispose();

    private static string PdfText(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(p => p.Text));
    }

    private static byte[] Content(MimePart part)
    {
        using var stream = new MemoryStream();
        part.Content!.DecodeTo(stream);
        return stream.ToArray();
    }

    [Fact]
    public async Task The_Q1_run_is_delivered_as_one_message_per_document_with_the_PDF_and_the_passing_UBL()
    {
        var smtp = _world.StartSmtp();
        var issued = await _world.IssueQ1Async();
        var run = await _world.Delivery.Worker.RunAsync();

        Assert.Equal(39, run.Dispatch.FromOutbox);
        Assert.Equal(39, run.Outcomes.Count(o => o.Result == DeliveryResult.Sent));
        Assert.Empty(run.Errors);
        var messages = _world.Received;
        Assert.Equal(39, messages.Count);
        Assert.Equal(39, messages.Select(m => m.MessageId).Distinct().Count());

        foreach (var invoice in issued.Issued)
        {
            var number = invoice.Number.ToString();
            var message = Assert.Single(messages, m => m.MessageId == $"{number}@{MailSettings.DefaultMessageIdDomain}");
            Assert.Equal($"Factuur {number} van Coöperatie Dimpact U.A.", message.Subject);
            var buyer = DeliveryWorld.Registry[invoice.Member];
            Assert.Equal(buyer.InvoiceEmails, message.To.Mailboxes.Select(m => m.Address));

            var attachments = message.Attachments.OfType<MimePart>().ToList();
            var pdf = Content(Assert.Single(attachments, a => a.FileName == $"{number}.pdf"));
            var text = PdfText(pdf);
            Assert.Contains(number, text);
            Assert.Contains(invoice.Draft.MemberName, text);
            foreach (var line in invoice.Lines) Assert.Contains(DutchText.Amount(line.Amount), text);
            Assert.Contains(DutchText.Amount(invoice.TotalInclVat), text);

            var rulesPass = NlciusRules.Check(InvoiceUbl.Build(await _world.Delivery.Archive.DocumentOfAsync(invoice))).Count == 0;
            Assert.Equal(rulesPass, attachments.Any(a => a.FileName == $"{number}.xml"));
            Assert.Equal(rulesPass ? 2 : 1, attachments.Count);

            var body = message.TextBody;
            Assert.Contains(buyer.Name, body);
            Assert.Contains($"Bedrag inclusief btw: {DutchText.Amount(invoice.TotalInclVat)}", body);
            Assert.Contains($"Vervaldatum: {DutchText.Date(invoice.DueDate)}", body);
            Assert.Contains("IBAN: NL91 ABNA 0417 1643 00", body);
            Assert.Contains($"Betalingskenmerk: {number}", body);
            Assert.Contains(rulesPass ? $"{number}.xml" : "De e-factuur (SI-UBL 2.0) sturen wij niet mee", body);
        }
        // The members with OIN and buyer reference in the sample registry get their e-invoice.
        var withUbl = messages.Where(m => m.Attachments.Count() == 2).Select(m => m.To.Mailboxes.First().Name).Order().ToList();
        Assert.Equal(["Deventer", "Landsmeer", "Rotterdam"], withUbl);
        Assert.Equal(2, messages.Single(m => m.To.Mailboxes.First().Name == "Rotterdam").To.Count);

        var deliveries = await _world.Delivery.Log.ListAsync();
        Assert.Equal(39, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal((DeliveryStatus.Delivered, 1), (d.Status, d.Attempts)));
        Assert.All(deliveries, d => Assert.Equal(_world.Clock.GetCurrentInstant(), d.SentAt));
        var assen = deliveries.Single(d => d.Member.Value == "GM0106");
        Assert.Contains("BR-NL-2", assen.EInvoiceWithheld);
        Assert.Null(deliveries.Single(d => d.Member.Value == "GM0150").EInvoiceWithheld);
        Assert.Equal(39, smtp.ReceivedEmailCount);
    }

    [Fact]
    public async Task The_stored_UBL_of_a_member_with_OIN_and_buyer_reference_passes_the_XSD_and_the_Dutch_rules()
    {
        _world.StartSmtp();
        await _world.IssueQ1Async();
        await _world.Delivery.Worker.RunAsync();
        var deventer = await _world.IssuedAsync("GM0150");

        var stored = await _world.Delivery.Files.FindAsync(deventer.Number, InvoiceFiles.Xml);
        Assert.NotNull(stored);
        Assert.Empty(Documents.Tests.UblSchema.Errors(stored.Content));
        Assert.Empty(NlciusRules.Check(System.Xml.Linq.XDocument.Load(new MemoryStream(stored.Content))));
        var attached = _world.Received.Single(m => m.MessageId!.StartsWith(deventer.Number.ToString(), StringComparison.Ordinal))
            .Attachments.OfType<MimePart>().Single(a => a.FileName?.EndsWith(".xml", StringComparison.Ordinal) == true);
        Assert.Equal(stored.Content, Content(attached));
    }

    [Fact]
    public async Task Without_an_SMTP_host_each_document_is_written_as_one_eml_file_to_the_pickup_folder()
    {
        using var world = new DeliveryWorld(pickup: true);
        await world.IssueQ1Async();
        var run = await world.Delivery.Worker.RunAsync();

        Assert.Equal(39, run.Outcomes.Count(o => o.Result == DeliveryResult.Sent));
        var files = Directory.GetFiles(world.PickupDirectory, "*.eml");
        Assert.Equal(39, files.Length);
        var first = MimeMessage.Load(Path.Combine(world.PickupDirectory, "2024-000001.eml"));
        Assert.Equal("Factuur 2024-000001 van Coöperatie Dimpact U.A.", first.Subject);
        Assert.Contains(first.Attachments.OfType<MimePart>(), a => a.FileName == "2024-000001.pdf");
    }
}
