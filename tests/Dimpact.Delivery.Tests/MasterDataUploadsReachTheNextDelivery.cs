using System.Text;
using Azure.Storage.Blobs.Models;
using Dimpact.Billing.Invoicing;
using Dimpact.Billing.MasterData;
using Dimpact.Functions;
using Dimpact.Storage;
using Dimpact.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using NodaTime;
using UglyToad.PdfPig;

namespace Dimpact.Delivery.Tests;

/// <summary>
/// Issue 13: "changing a member's e-mail address by upload takes effect for the next delivery without a deploy; a bad
/// upload changes nothing and says why". The app as the hosts compose it, the upload through the blob trigger, real
/// SMTP. A document shows the postal address valid when it was made; it goes to the addresses valid now.
/// </summary>
public sealed class MasterDataUploadsReachTheNextDelivery : IDisposable
{
    private const string OldStreet = "Postbus 5000";
    private const string NewStreet = "Postbus 9999";
    private readonly FinanceWorld _finance = new();
    private DeliveryWorld World => _finance.World;

    private static string Registry(string email, string street) => File.ReadAllText(Repository.Data("members", "registry.csv"))
        .Replace("GM0150,Deventer,Postbus 5000,7400 GC,Deventer,facturen@deventer.example", $"GM0150,Deventer,{street},7400 GC,Deventer,{email}", StringComparison.Ordinal);

    /// <summary>Finance uploads a file into master-data; Event Grid hands it to the function.</summary>
    private async Task UploadAsync(ServiceProvider services, string name, string text)
    {
        var blob = World.Storage.Container(BillingStorage.MasterDataUploadsContainer).GetBlobClient(name);
        await World.Storage.EnsureCreatedAsync();
        await blob.UploadAsync(new BinaryData(Encoding.UTF8.GetBytes(text)), new BlobUploadOptions { Metadata = new Dictionary<string, string> { ["uploadedby"] = "Anna" } });
        var function = ActivatorUtilities.CreateInstance<UploadMasterDataFunction>(services, NullLogger<UploadMasterDataFunction>.Instance);
        await function.Run(blob, name, CancellationToken.None);
    }

    private MimeMessage DeventerMail(InvoiceNumber number) =>
        Assert.Single(World.Received, m => m.MessageId == $"{number}@{MailSettings.DefaultMessageIdDomain}");

    private static string PdfText(MimeMessage message)
    {
        var part = message.Attachments.OfType<MimePart>().Single(a => a.FileName!.EndsWith(".pdf", StringComparison.Ordinal));
        using var stream = new MemoryStream();
        part.Content!.DecodeTo(stream);
        using var document = PdfDocument.Open(stream.ToArray());
        return string.Join("\n", document.GetPages().Select(p => p.Text));
    }

    [Fact]
    public async Task A_changed_email_address_receives_the_next_delivery_and_each_document_shows_the_address_of_when_it_was_made()
    {
        World.StartSmtp();
        var services = _finance.Services();
        var q1 = await services.GetRequiredService<IssueDueInvoices>().RunAsync(DeliveryWorld.January2);
        var deventerQ1 = q1.Issued.Single(i => i.Member.Value == "GM0150");
        Assert.Equal("members v0001, changes v0001", deventerQ1.Draft.Basis.MemberDataVersion);

        // Before Q1 is sent, finance moves Deventer's invoices to another mailbox and P.O. box; no restart, no deploy.
        World.Clock.Advance(Duration.FromHours(1));
        await UploadAsync(services, "registry.csv", Registry("debiteuren@deventer.example", NewStreet));
        await services.GetRequiredService<Dimpact.Delivery.DeliverQueuedInvoices>().RunAsync();

        var q1Mail = DeventerMail(deventerQ1.Number);
        Assert.Equal(["debiteuren@deventer.example"], q1Mail.To.Mailboxes.Select(m => m.Address));
        Assert.Contains(OldStreet, PdfText(q1Mail)); // made with members v0001
        var stored = Assert.Single(_finance.FinanceMails, m => m.Subject!.Contains("stamgegevens opgeslagen", StringComparison.Ordinal));
        Assert.Contains("nieuwe versie v0002", FinanceWorld.Text(stored));

        World.Clock.Reset(Instant.FromUtc(2024, 4, 1, 5, 0));
        var q2 = await services.GetRequiredService<IssueDueInvoices>().RunAsync(new LocalDate(2024, 4, 1));
        await services.GetRequiredService<Dimpact.Delivery.DeliverQueuedInvoices>().RunAsync();

        var deventerQ2 = q2.Issued.Single(i => i.Member.Value == "GM0150");
        Assert.Equal("members v0002, changes v0001", deventerQ2.Draft.Basis.MemberDataVersion);
        var q2Mail = DeventerMail(deventerQ2.Number);
        Assert.Equal(["debiteuren@deventer.example"], q2Mail.To.Mailboxes.Select(m => m.Address));
        Assert.Contains(NewStreet, PdfText(q2Mail));
    }

    [Fact]
    public async Task A_bad_upload_changes_nothing_and_finance_is_told_which_file_line_and_field()
    {
        World.StartSmtp();
        var services = _finance.Services();

        await UploadAsync(services, "registry.csv", Registry("debiteuren(at)deventer.example", OldStreet));
        await _finance.DeliverNotificationsAsync(services);

        var history = await services.GetRequiredService<IMasterDataStore>().HistoryAsync();
        Assert.All(history, v => Assert.Equal(1, v.Number));
        var mail = Assert.Single(_finance.FinanceMails);
        Assert.Contains("stamgegevens afgewezen (registry.csv)", mail.Subject);
        Assert.Contains("registry.csv, line 8, field 'invoice_emails'", FinanceWorld.Text(mail));
        Assert.Contains("Er is niets opgeslagen", FinanceWorld.Text(mail));
    }

    [Fact]
    public async Task The_trigger_leaves_the_files_the_CLI_uploads_and_processes_itself()
    {
        var services = _finance.Services();
        var (folder, _) = await MasterDataUploads.KeepAsync(World.Storage, [("/tmp/x/registry.csv", System.Text.Encoding.UTF8.GetBytes(Registry("cli@deventer.example", OldStreet)))], "Piet",
            World.Clock.GetCurrentInstant());
        var blob = World.Storage.Container(BillingStorage.MasterDataUploadsContainer).GetBlobClient($"{folder}/registry.csv");

        await ActivatorUtilities.CreateInstance<UploadMasterDataFunction>(services, NullLogger<UploadMasterDataFunction>.Instance)
            .Run(blob, $"{folder}/registry.csv", CancellationToken.None);

        Assert.All(await services.GetRequiredService<IMasterDataStore>().HistoryAsync(), v => Assert.Equal(1, v.Number));
        Assert.Empty(await _finance.RecordedAsync("upload"));
    }

    public void Dispose() => _finance.Dispose();
}
