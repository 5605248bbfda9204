using Azure.Storage.Blobs.Models;
using Dimpact.Billing.Receivables;
using Dimpact.Functions;
using Dimpact.Storage;
using Dimpact.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dimpact.Delivery.Tests;

/// <summary>
/// Finance hears of every bank statement file, by the upload trigger or `dimpact payments import`: imported (the new
/// entries, the payments matched, what waits in `payments unmatched`), imported before, or rejected (the element and
/// the reason); one mail per upload and content, over real SMTP, so a retried or concurrent import notifies once.
/// </summary>
public class FinanceHearsOfEveryStatementImport : IDisposable
{
    private readonly FinanceWorld _finance = new();

    public void Dispose() => _finance.Dispose();

    private static byte[] Statement(string id, string iban = CamtStatement.DimpactIban) => CamtStatement.Bytes(id, 0m,
        [new CamtEntry("B1", 1210m, "bijdrage 2024", Payer: "Gemeente Deventer"), new CamtEntry("B2", 5m, "kosten", Credit: false)], iban);

    private async Task TriggerAsync(ServiceProvider services, string name, byte[] content, bool byCli = false)
    {
        var blob = _finance.World.Storage.Container(BillingStorage.BankStatementsContainer).GetBlobClient(name);
        if (content.Length > 0)
            await blob.UploadAsync(new BinaryData(content), new BlobUploadOptions
            {
                Metadata = byCli ? new Dictionary<string, string> { [MasterDataUploads.RunBy] = MasterDataUploads.RunByCli } : null,
            });
        var function = ActivatorUtilities.CreateInstance<ImportBankStatementFunction>(services, NullLogger<ImportBankStatementFunction>.Instance);
        await function.Run(blob, name, CancellationToken.None);
    }

    [Fact]
    public async Task An_imported_statement_is_reported_once_with_what_waits_for_finance_however_often_the_trigger_fires()
    {
        _finance.World.StartSmtp();
        await _finance.World.Storage.EnsureCreatedAsync();
        var services = _finance.Services();
        var content = Statement("S1");
        await TriggerAsync(services, "2024-02/ing-20240201.xml", content);
        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => TriggerAsync(_finance.Services(), "2024-02/ing-20240201.xml", []))));
        await _finance.DeliverNotificationsAsync(services);

        var mail = Assert.Single(_finance.FinanceMails);
        Assert.Equal("Dimpact facturatie: bankafschrift ingelezen (ing-20240201.xml)", mail.Subject);
        var text = FinanceWorld.Text(mail);
        Assert.Contains("Het bankafschrift ing-20240201.xml is ingelezen: 2 nieuwe boeking(en).", text);
        Assert.Contains("1 betaling(en) wachten op toewijzing door u, samen € 1.210,00 (dimpact payments unmatched):", text);
        Assert.Contains("B1  01-02-2024      € 1.210,00  Gemeente Deventer  bijdrage 2024", text);
        Assert.Equal("ing-20240201.verslag.txt", Assert.Single(mail.Attachments.OfType<MimeKit.MimePart>()).FileName);
        Assert.Single(await _finance.RecordedAsync("upload"));
    }

    [Fact]
    public async Task The_same_statement_under_another_name_is_reported_as_imported_before_and_a_rejected_one_names_element_and_reason()
    {
        _finance.World.StartSmtp();
        await _finance.World.Storage.EnsureCreatedAsync();
        var services = _finance.Services();
        var import = services.GetRequiredService<ImportBankStatement>();
        var first = await import.RunAsync(new StatementUpload("ing-20240201.xml", Statement("S1")));
        var again = await import.RunAsync(new StatementUpload("ing-20240201.xml", Statement("S1")));
        var renamed = await import.RunAsync(new StatementUpload("kopie.xml", Statement("S1")));
        var other = await import.RunAsync(new StatementUpload("rabo.xml", Statement("S9", "NL02RABO0123456789")));
        Assert.Equal([true, false, true, true], new[] { first, again, renamed, other }.Select(o => o.Notification!.New));
        await _finance.DeliverNotificationsAsync(services);

        var mails = _finance.FinanceMails.ToDictionary(m => m.Subject ?? "", FinanceWorld.Text);
        Assert.Equal(3, mails.Count);
        Assert.Contains("Het bankafschrift kopie.xml was al eerder ingelezen (S1): er is niets gedaan.", mails["Dimpact facturatie: bankafschrift al ingelezen (kopie.xml)"]);
        // Where the file's payments stand, so that a first import that ended before telling finance loses nothing.
        Assert.Contains("Stand van de 1 betaling(en) uit dit afschrift: € 0,00 toegewezen, € 1.210,00 wacht op toewijzing door u (dimpact payments unmatched).",
            mails["Dimpact facturatie: bankafschrift al ingelezen (kopie.xml)"]);
        var rejected = mails["Dimpact facturatie: bankafschrift afgewezen (rabo.xml)"];
        Assert.Contains("Het bankafschrift rabo.xml is afgewezen: 1 fout(en).", rejected);
        Assert.Contains("error: Stmt/Acct/Id/IBAN: the statement is of account NL02RABO0123456789, not of Dimpact's account NL91ABNA0417164300", rejected);
    }

    [Fact]
    public async Task The_trigger_leaves_a_statement_the_cli_imported_alone()
    {
        _finance.World.StartSmtp();
        await _finance.World.Storage.EnsureCreatedAsync();
        var services = _finance.Services();
        await TriggerAsync(services, "20240201T080000Z-abc/ing.xml", Statement("S1"), byCli: true);
        Assert.Empty(await _finance.RecordedAsync("upload"));
        Assert.Empty(await services.GetRequiredService<IPaymentStore>().EntriesAsync());
    }
}
