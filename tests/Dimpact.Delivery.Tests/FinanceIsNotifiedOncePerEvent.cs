using System.Text;
using Dimpact.Billing;
using Dimpact.Billing.Daily;
using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Notifications;
using Dimpact.Billing.Populations;
using Dimpact.Documents.Parties;
using Dimpact.Billing.Populations.Ingestion;
using Dimpact.Storage;
using Dimpact.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using NodaTime;
using Dimpact.Billing.Members;

namespace Dimpact.Delivery.Tests;

/// <summary>
/// Issue 12: finance hears of every event by e-mail, once, whatever reruns, retries or concurrent runs report it; the
/// mail goes to the configured addresses through the documents' queue and SMTP, in Dutch, with a deterministic
/// Message-ID; without an address nothing is sent and nothing fails.
/// </summary>
public class FinanceIsNotifiedOncePerEvent : IDisposable
{
    private static readonly LocalDate January2 = new(2024, 1, 2);
    private static readonly LocalDate October2 = new(2024, 10, 2);
    private static readonly string Sample = File.ReadAllText(Repository.Data("samples", "population-2024-01-01.csv"));

    private readonly FinanceWorld _finance = new();

    public void Dispose() => _finance.Dispose();

    private DeliveryWorld World => _finance.World;

    private void At(LocalDate date) => World.Clock.Reset(date.AtStartOfDayInZone(BillingCalendar.Zone).ToInstant() + Duration.FromHours(6));

    private static byte[] SampleWith(string code, string figure) =>
        Encoding.UTF8.GetBytes(string.Join('\n', Sample.Split('\n').Select(line =>
            line.StartsWith(code + ";", StringComparison.Ordinal) ? string.Join(';', line.Split(';') is var f ? [f[0], f[1], figure, f[3]] : []) : line)));

    [Fact]
    public async Task The_daily_job_run_twice_sends_one_run_notification_and_one_withheld_summary_through_the_queue()
    {
        World.StartSmtp();
        var services = _finance.Services();
        var daily = services.GetRequiredService<RunDailyBilling>();

        var first = await daily.RunAsync(January2);
        var second = await daily.RunAsync(January2);
        var delivered = await services.GetRequiredService<DeliverQueuedInvoices>().RunAsync();
        var again = await services.GetRequiredService<DeliverQueuedInvoices>().RunAsync();

        Assert.Equal(new[] { "run|2024-000001..2024-000039|39", "withheld|2024-000001..2024-000039|39" }, first.Notifications.Where(n => n.New).Select(n => n.Id));
        Assert.Empty(second.Notifications);
        Assert.Equal(2, delivered.Notifications.Count(n => n.Result == DeliveryResult.Sent));
        Assert.Equal(39, delivered.Outcomes.Count(o => o.Result == DeliveryResult.Sent)); // the documents share the queue
        Assert.Empty(again.Notifications);

        var mails = _finance.FinanceMails;
        Assert.Equal(2, mails.Count);
        var run = Assert.Single(mails, m => m.Subject!.Contains("39 document(en) uitgegeven op 02-01-2024", StringComparison.Ordinal));
        Assert.Equal(new[] { FinanceWorld.Finance, FinanceWorld.Controller }, run.To.Mailboxes.Select(a => a.Address));
        Assert.Equal(FinanceMail.MessageId("run|2024-000001..2024-000039|39", MailSettings.DefaultMessageIdDomain), run.MessageId);
        Assert.Equal(ContentEncoding.QuotedPrintable, Assert.IsType<TextPart>(run.Body).ContentTransferEncoding);
        var text = FinanceWorld.Text(run);
        Assert.Contains("Op 02-01-2024 zijn 39 document(en) uitgegeven:", text);
        Assert.Matches(@"facturen\s+39\s+€ [\d.]+,\d\d\s+€ [\d.]+,\d\d", text);
        Assert.Contains("Nummers: 2024-000001 t/m 2024-000039.", text);
        Assert.Contains("voorschot Q1 2024", text);
        Assert.Empty(run.Attachments); // advances: no settlement overview
        Assert.DoesNotContain("{", text);

        var withheld = Assert.Single(mails, m => m.Subject!.Contains("e-factuur achtergehouden", StringComparison.Ordinal));
        var summary = FinanceWorld.Text(withheld);
        var assen = summary.Split('\n').Single(l => l.StartsWith("- Assen (GM0106): ", StringComparison.Ordinal));
        Assert.Contains("OIN (of KvK-nummer) ontbreekt", assen);
        Assert.Contains("inkoopreferentie voor 2024 ontbreekt", assen);
        Assert.Contains("dimpact invoices resend NUMMER", summary);
        var recorded = await _finance.RecordedAsync("run");
        Assert.Equal((NotificationStatus.Sent, run.MessageId), (Assert.Single(recorded).Status, recorded[0].MessageId));
    }

    [Fact]
    public async Task Three_concurrent_daily_runs_report_every_document_in_exactly_one_notification_and_each_notification_once()
    {
        World.StartSmtp();
        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => _finance.Services().GetRequiredService<RunDailyBilling>().RunAsync(January2)));
        var services = _finance.Services();
        var rerun = await services.GetRequiredService<RunDailyBilling>().RunAsync(January2);
        await _finance.DeliverNotificationsAsync(services);
        await _finance.DeliverNotificationsAsync(services); // duplicate messages send nothing

        var reported = runs.SelectMany(r => r.Notifications).Where(n => n.New && n.Id.StartsWith("run|", StringComparison.Ordinal)).ToList();
        Assert.Equal(39, reported.Sum(n => int.Parse(n.Id.Split('|')[2], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(runs.Sum(r => r.Issued.Count), reported.Sum(n => int.Parse(n.Id.Split('|')[2], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Empty(rerun.Notifications);
        var recorded = await _finance.RecordedAsync("run");
        Assert.Equal(reported.Select(n => n.Id).Order(), recorded.Select(n => n.Id).Order());
        var mails = _finance.FinanceMails.Where(m => m.Subject!.Contains("uitgegeven", StringComparison.Ordinal)).ToList();
        Assert.Equal(recorded.Count, mails.Count);
        Assert.Equal(mails.Count, mails.Select(m => m.MessageId).Distinct().Count());
        // Every number in exactly one mail.
        var numbers = mails.SelectMany(m => Numbers(FinanceWorld.Text(m))).ToList();
        Assert.Equal(Enumerable.Range(1, 39).Select(i => new InvoiceNumber(DocumentKind.Invoice, 2024, i)), numbers.OrderBy(n => n.Sequence).ToList());
    }

    /// <summary>The numbers a run notification lists ("Nummers: 2024-000001 t/m 2024-000010; 2024-000012.").</summary>
    private static IEnumerable<InvoiceNumber> Numbers(string text)
    {
        var line = text.Split('\n').Single(l => l.StartsWith("Nummers: ", StringComparison.Ordinal))["Nummers: ".Length..].TrimEnd('.');
        foreach (var range in line.Split("; "))
        {
            var ends = range.Split(" t/m ").Select(InvoiceNumber.Parse).ToList();
            for (var n = ends[0]; n.Sequence <= ends[^1].Sequence; n = n.Next()) yield return n;
        }
    }

    [Fact]
    public async Task The_same_upload_ingested_again_notifies_once_and_its_settlement_once_with_the_overview_attached()
    {
        World.StartSmtp();
        At(October2);
        var services = _finance.Services();
        await services.GetRequiredService<RunDailyBilling>().RunAsync(October2); // Q1–Q3; the settlement waits (not overdue yet)
        var upload = services.GetRequiredService<IngestAndSettle>();

        var first = await upload.RunAsync(PopulationUpload.Of("bevolking/population-2024-01-01.csv", Encoding.UTF8.GetBytes(Sample)));
        var retried = await _finance.Services().GetRequiredService<IngestAndSettle>().RunAsync(PopulationUpload.Of("bevolking/population-2024-01-01.csv", Encoding.UTF8.GetBytes(Sample)));
        await _finance.DeliverNotificationsAsync(services);

        Assert.Equal(35, first.Settlements.Single().Issued.Count);
        var news = first.Notifications.Where(n => n.New).Select(n => n.Id).ToList();
        Assert.Equal("upload|" + first.Ingestion.ReportName, news[0]);
        Assert.Matches(@"^run\|C?2024-\d{6}\.\.C?2024-\d{6}\|35$", news[1]);
        Assert.DoesNotContain(retried.Notifications, n => n.New);
        Assert.Single(await _finance.RecordedAsync("upload"));

        var ingested = Assert.Single(_finance.FinanceMails, m => m.Subject == "Dimpact facturatie: bevolkingsbestand ingelezen (population-2024-01-01.csv)");
        var text = FinanceWorld.Text(ingested);
        Assert.Contains("Het bevolkingsbestand population-2024-01-01.csv is ingelezen en goedgekeurd", text);
        Assert.Contains("- peildatum 01-01-2024: versie 1", text);
        Assert.Contains("    Result:          ACCEPTED", text);
        var report = Assert.IsAssignableFrom<MimePart>(Assert.Single(ingested.Attachments));
        Assert.Equal(("population-2024-01-01.verslag.txt", ContentEncoding.Base64), (report.FileName, report.ContentTransferEncoding));
        Assert.Equal(first.Ingestion.ReportText, Content(report));

        var settled = Assert.Single(_finance.FinanceMails, m => m.Subject!.Contains("(afrekening)", StringComparison.Ordinal));
        Assert.Contains("Dit was de afrekening over 2024", FinanceWorld.Text(settled));
        var attachments = settled.Attachments.Cast<MimePart>().ToList();
        Assert.Equal(["afrekening-2024.csv", "settlement-2024.xlsx"], attachments.Select(a => a.FileName));
        var overview = attachments[0];
        // The year's settlement workbook, as written to the reports container after the settlement: a real xlsx (a zip).
        using (var workbook = new MemoryStream())
        {
            attachments[1].Content!.DecodeTo(workbook);
            Assert.Equal("PK"u8.ToArray(), workbook.ToArray()[..2]);
        }
        var csv = Content(overview).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(FinanceMessages.SettlementOverviewHeader, csv[0]);
        var issuedLines = first.Settlements.Single().Issued.Sum(i => i.Lines.Count);
        Assert.Equal(issuedLines, csv.Length - 1);
        Assert.Contains(csv, l => l.StartsWith("GM0150,Deventer,", StringComparison.Ordinal));
    }

    private static string Content(MimePart part)
    {
        using var stream = new MemoryStream();
        part.Content!.DecodeTo(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public async Task A_rejected_upload_says_so_in_Dutch_with_the_report_in_the_body_and_attached()
    {
        World.StartSmtp();
        var services = _finance.Services();
        var run = await services.GetRequiredService<IngestAndSettle>().RunAsync(PopulationUpload.Of("typo.csv", SampleWith("GM0150", "0")));
        await _finance.DeliverNotificationsAsync(services);

        Assert.False(run.Ingestion.Accepted);
        var mail = Assert.Single(_finance.FinanceMails);
        Assert.Equal("Dimpact facturatie: bevolkingsbestand afgewezen (typo.csv)", mail.Subject);
        var text = FinanceWorld.Text(mail);
        Assert.Contains("is afgewezen: 1 fout(en)", text);
        Assert.Contains("Er is niets opgeslagen", text);
        Assert.Contains("error", text);
        Assert.Equal("typo.verslag.txt", Assert.Single(mail.Attachments).ContentDisposition!.FileName);
    }

    [Fact]
    public async Task Figures_on_hold_are_reported_once_with_the_approve_command_and_the_approved_settlement_once()
    {
        World.StartSmtp();
        At(October2);
        var services = _finance.Services();
        var daily = services.GetRequiredService<RunDailyBilling>();
        await daily.RunAsync(October2);

        var held = await services.GetRequiredService<IngestAndSettle>().RunAsync(PopulationUpload.Of("tenfold.csv", SampleWith("GM0150", "1020000")));
        var nextDay = await daily.RunAsync(October2.PlusDays(1)); // the settlement is still on hold: nothing new
        var approved = await services.GetRequiredService<ApprovePopulationFigures>().RunAsync(new LocalDate(2024, 1, 1), 1, "j.jansen");
        var approvedAgain = await services.GetRequiredService<ApprovePopulationFigures>().RunAsync(new LocalDate(2024, 1, 1), 1, "j.jansen");
        await _finance.DeliverNotificationsAsync(services);

        Assert.Contains(held.Notifications, n => n is { Id: "hold|2024-01-01|v1", New: true });
        Assert.DoesNotContain(nextDay.Notifications, n => n.New);
        Assert.Matches(@"^run\|C?2024-\d{6}\.\.C?2024-\d{6}\|35$", approved.Notifications.First(n => n.New).Id);
        Assert.Empty(approvedAgain.Notifications);

        var hold = Assert.Single(_finance.FinanceMails, m => m.Subject!.Contains("wachten op goedkeuring", StringComparison.Ordinal));
        Assert.Equal("Dimpact facturatie: bevolkingscijfers 01-01-2024 versie 1 wachten op goedkeuring", hold.Subject);
        var text = FinanceWorld.Text(hold);
        Assert.Matches(@"Deventer \(GM0150\)\s+101\.446\s+1\.020\.000\s+\+905,5%", text);
        Assert.Contains("    dimpact population approve 2024-01-01 --version 1 --by \"uw naam\"", text);
        Assert.Single(_finance.FinanceMails, m => m.Subject!.Contains("(afrekening)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_settlement_waiting_for_figures_after_the_expected_date_is_reported_at_most_once_a_week()
    {
        World.StartSmtp();
        var services = _finance.Services(figuresExpectedBy: "11-15");
        var daily = services.GetRequiredService<RunDailyBilling>();

        async Task<IReadOnlyList<string>> WaitingOn(LocalDate date)
        {
            At(date);
            return (await daily.RunAsync(date)).Notifications.Where(n => n.New && n.Id.StartsWith("waiting|", StringComparison.Ordinal)).Select(n => n.Id).ToList();
        }

        Assert.Empty(await WaitingOn(new LocalDate(2024, 11, 14))); // before 15 November
        Assert.Equal(new[] { "waiting|2024|2024-W46" }, await WaitingOn(new LocalDate(2024, 11, 15)));
        Assert.Empty(await WaitingOn(new LocalDate(2024, 11, 17))); // the same ISO week
        Assert.Equal(new[] { "waiting|2024|2024-W47" }, await WaitingOn(new LocalDate(2024, 11, 18)));
        Assert.Equal(new[] { "waiting|2024|2025-W02" }, await WaitingOn(new LocalDate(2025, 1, 6))); // last year's settlement, next year
        await _finance.DeliverNotificationsAsync(services);

        var mails = _finance.FinanceMails.Where(m => m.Subject!.Contains("wacht op bevolkingscijfers", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, mails.Count);
        var text = FinanceWorld.Text(mails[0]);
        Assert.Contains("De afrekening over 2024 wacht op de bevolkingscijfers van peildatum 01-01-2024.", text);
        Assert.Contains("verwacht vóór 15-11-2024", text);
        Assert.Contains("- Deventer (GM0150)", text);
    }

    [Fact]
    public async Task A_delivery_given_up_is_reported_to_finance_once_even_when_its_message_comes_again()
    {
        var withoutAddress = DeliveryWorld.Registry.Buyers.Select(b => b.Code.Value == "GM0106" ? b with { InvoiceEmails = [] } : b);
        using var world = new DeliveryWorld(registry: new MemberRegistry(withoutAddress, new Dictionary<(CbsCode, int), string>()),
            financeRecipients: FinanceWorld.Finance + "," + FinanceWorld.Controller);
        world.StartSmtp();
        await world.IssueQ1Async();
        var run = await world.Delivery.Worker.RunAsync();
        var assen = Assert.Single(run.FailedForGood).Number;
        await world.Function().DeliverAsync(DeliveryWorld.Message(assen, 2), CancellationToken.None); // a duplicate message
        await world.Delivery.Worker.RunAsync();

        var failed = world.Received.Where(m => m.To.Mailboxes.Any(a => a.Address == FinanceWorld.Finance)).ToList();
        var mail = Assert.Single(failed);
        Assert.Equal($"Dimpact facturatie: factuur {assen} aan Assen niet verstuurd", mail.Subject);
        var text = FinanceWorld.Text(mail);
        Assert.Contains($"Factuur {assen} voor gemeente Assen (GM0106) is niet verstuurd", text);
        Assert.Contains("Reden: member GM0106 has no invoice e-mail address", text);
        Assert.Contains("    dimpact deliveries retry --failed --year 2024", text);
        var recorded = Assert.Single(await world.Delivery.Notifications.ListAsync(), n => n.Id.StartsWith("failed|", StringComparison.Ordinal));
        Assert.StartsWith($"failed|{assen}|2024-01-02T05:00:00Z", recorded.Id);
    }

    [Fact]
    public async Task Without_a_finance_address_notifications_are_recorded_as_not_sent_and_nothing_fails()
    {
        World.StartSmtp();
        var services = _finance.Services(notifyEmails: null);
        var run = await services.GetRequiredService<RunDailyBilling>().RunAsync(January2);
        var delivered = await services.GetRequiredService<DeliverQueuedInvoices>().RunAsync();

        Assert.Equal(new[] { NotificationStatus.NotSent, NotificationStatus.NotSent }, run.Notifications.Select(n => n.Status));
        Assert.Empty(delivered.Notifications); // nothing was queued
        Assert.Equal(39, World.Received.Count);
        Assert.Empty(_finance.FinanceMails);
        Assert.All(await new TableFinanceNotifications(World.Storage).ListAsync(),
            n => Assert.Equal((NotificationStatus.NotSent, NotificationDelivery.NoRecipients), (n.Status, n.LastError)));
    }

    [Fact]
    public async Task A_notification_sent_while_the_mail_server_is_down_is_retried_with_the_same_message_id()
    {
        var services = _finance.Services();
        await services.GetRequiredService<RunDailyBilling>().RunAsync(January2);
        var down = await _finance.DeliverNotificationsAsync(services);
        Assert.All(down, o => Assert.Equal(DeliveryResult.RetryLater, o.Result));

        World.StartSmtp();
        World.Clock.Advance(Duration.FromMinutes(2));
        var up = await _finance.DeliverNotificationsAsync(services);

        Assert.All(up, o => Assert.Equal(DeliveryResult.Sent, o.Result));
        Assert.Equal(2, _finance.FinanceMails.Count);
        Assert.All(await _finance.RecordedAsync("run"), n => Assert.Equal(2, n.Attempts));
    }

    [Fact]
    public async Task A_notification_recorded_by_a_run_that_crashed_before_queueing_it_is_queued_by_the_next_dispatch()
    {
        World.StartSmtp();
        var services = _finance.Services();
        var notification = new FinanceNotification("run|2024-000001..2024-000001|1", "Dimpact facturatie: test", "Beste collega,\n", []);
        await services.GetRequiredService<TableFinanceNotifications>().AddIfMissingAsync(notification,
            NotificationDelivery.Recorded(notification, World.Clock.GetCurrentInstant(), hasRecipients: true)); // no message: the crash

        Assert.Equal(0, (await services.GetRequiredService<DispatchDeliveries>().RunAsync()).Notifications); // not overdue yet
        World.Clock.Advance(Duration.FromMinutes(16));
        var run = await services.GetRequiredService<DeliverQueuedInvoices>().RunAsync();

        Assert.Equal(1, run.Dispatch.Notifications);
        Assert.Equal(DeliveryResult.Sent, Assert.Single(run.Notifications).Result);
        Assert.Equal(FinanceMail.MessageId(notification.Id, MailSettings.DefaultMessageIdDomain), Assert.Single(_finance.FinanceMails).MessageId);
    }
}
