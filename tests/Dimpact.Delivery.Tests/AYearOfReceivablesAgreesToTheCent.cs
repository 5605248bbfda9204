using System.Globalization;
using Dimpact.App;
using Dimpact.Billing;
using Dimpact.Billing.Daily;
using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Ledger;
using Dimpact.Billing.Notifications;
using Dimpact.Billing.Receivables;
using Dimpact.Functions;
using Dimpact.Storage;
using Dimpact.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using NodaTime;
using UglyToad.PdfPig;

namespace Dimpact.Delivery.Tests;

/// <summary>
/// Issue 14's acceptance, on Azurite and a real SMTP server, composed as the hosts compose it: Q1 and Q2 issued by the
/// daily job; all Q1 documents paid by one CAMT.053 statement; Q2 partly paid by a second statement continuing the
/// balance, one payment unmatched and allocated by hand, a credit note set off; the daily job then reminds what is
/// overdue (once per document and level, retried while SMTP is down, the statement of account attached). The
/// receivables, the reminders, the statements of account and the ledger export agree to the cent.
/// </summary>
public sealed class AYearOfReceivablesAgreesToTheCent : IDisposable
{
    private const string Finance = "financien@dimpact.example";
    private static readonly CbsCode Deventer = CbsCode.Parse("GM0150");

    private readonly DeliveryWorld _world = new();
    private readonly ServiceProvider _services;

    public AYearOfReceivablesAgreesToTheCent()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [BillingServices.TariffYearsFolder] = Repository.Data("tariff-years"),
            [LedgerAccounts.Setting] = Repository.Data("ledger", "accounts.csv"),
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = _world.SmtpPort.ToString(CultureInfo.InvariantCulture),
            ["Smtp:UseTls"] = "false",
            ["Finance:NotifyEmails"] = Finance,
        }).Build();
        _services = new ServiceCollection().AddLogging().AddBilling(configuration, _ => _world.Storage, _world.Clock).BuildServiceProvider();
    }

    private T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    private void At(LocalDate date, int hour = 6) => _world.Clock.Reset(date.At(new LocalTime(hour, 0)).InUtc().ToInstant());

    private async Task<DailyRun> DailyAsync(LocalDate date)
    {
        At(date);
        return await Get<RunDailyBilling>().RunAsync(date);
    }

    /// <summary>Sends the notifications not sent yet (reminders and finance's), as the queue function does; documents stay on the queue.</summary>
    private async Task<IReadOnlyList<NotificationSendOutcome>> DeliverNotificationsAsync()
    {
        var function = ActivatorUtilities.CreateInstance<DeliverInvoiceFunction>(_services, NullLogger<DeliverInvoiceFunction>.Instance);
        var outcomes = new List<NotificationSendOutcome>();
        foreach (var n in await Get<TableFinanceNotifications>().ListAsync())
            if (n.Status is NotificationStatus.Pending or NotificationStatus.Sending)
                outcomes.Add(await function.DeliverNotificationAsync(n.Id, 1, CancellationToken.None));
        return outcomes;
    }

    private static string Eur(Money m) => m.ToString();

    private static List<string> Sorted(IEnumerable<InvoiceNumber> numbers) => [.. numbers.Select(n => n.ToString()).Order(StringComparer.Ordinal)];

    private IReadOnlyList<MimeMessage> Reminders(int level) =>
        _world.Received.Where(m => m.Subject!.StartsWith(level == 1 ? "Herinnering:" : "Tweede herinnering:", StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task Receivables_reminders_statements_of_account_and_the_ledger_agree_to_the_cent()
    {
        // Q1: issued on 2 January, every document paid by one statement of 1 February.
        var q1 = (await DailyAsync(new LocalDate(2024, 1, 2))).Issued;
        Assert.Equal(39, q1.Count);
        var s1 = q1.Select((d, i) => new CamtEntry($"S1-{i + 1:000}", d.TotalInclVat.Euros,
            i % 3 == 0 ? $"Factuur {d.Number}" : null, StructuredReference: i % 3 == 0 ? null : d.Number.ToString().Replace("-", " ", StringComparison.Ordinal),
            EndToEndId: $"E2E-S1-{i}", Date: "2024-02-01", Payer: d.Draft.MemberName)).ToList();
        At(new LocalDate(2024, 2, 2));
        var import1 = await Get<ImportBankStatement>().RunAsync(new StatementUpload("ing-2024-02-01.xml", CamtStatement.Bytes("STMT-2024-02-01", 25_000m, s1)));
        Assert.True(import1.Accepted, import1.ToText());
        var afterQ1 = await Get<ReadReceivables>().RunAsync();
        Assert.All(q1, d => Assert.Equal(Money.Zero, afterQ1.Item(d, new LocalDate(2024, 2, 1)).Open));

        // Q2: issued on 1 April (due 1 May); a credit note for Deventer on 10 April; a second statement on 2 May.
        var q2 = (await DailyAsync(new LocalDate(2024, 4, 1))).Issued.OrderBy(d => d.Number.Sequence).ToList();
        Assert.NotEmpty(q2);
        var deventerQ2 = q2.Single(d => d.Member == Deventer);
        var others = q2.Where(d => d.Member != Deventer).ToList();
        At(new LocalDate(2024, 4, 10));
        var credit = (await Get<IInvoiceStore>().IssueAsync(new DraftInvoice(new DocumentKey(Deventer, 2024, 4, Purpose.Correction), Deventer, "Deventer",
            new LocalDate(2024, 4, 10), [new InvoiceLine(ProductId.Parse("esuite"), "e-Suite, correctie", new Population(100_000), Money.Exact(-1000m), 0.21m)],
            new InvoiceBasis("test", new LocalDate(2024, 1, 1))))).Invoice;
        Assert.Equal(DocumentKind.CreditNote, credit.Kind);

        var partly = others.Take(3).ToList();
        var fully = others.Skip(3).Take(5).ToList();
        var byHand = others[8];
        var s2 = new List<CamtEntry>();
        s2.AddRange(partly.Select((d, i) => new CamtEntry($"S2-P{i}", Money.Round(d.TotalInclVat.Euros / 2).Euros, $"deelbetaling {d.Number}", EndToEndId: $"E2E-S2-P{i}", Date: "2024-05-02")));
        s2.AddRange(fully.Select((d, i) => new CamtEntry($"S2-F{i}", d.TotalInclVat.Euros, $"FACTUUR{d.Number.ToString().Replace("-", "", StringComparison.Ordinal)}", EndToEndId: $"E2E-S2-F{i}", Date: "2024-05-02")));
        s2.Add(new CamtEntry("S2-U", byHand.TotalInclVat.Euros, "bijdrage Dimpact tweede kwartaal", EndToEndId: "E2E-S2-U", Date: "2024-05-02", Payer: byHand.Draft.MemberName));
        s2.Add(new CamtEntry("S2-K", 15m, "bankkosten", Credit: false, Date: "2024-05-02"));
        At(new LocalDate(2024, 5, 3));
        var import2 = await Get<ImportBankStatement>().RunAsync(new StatementUpload("ing-2024-05-02.xml",
            CamtStatement.Bytes("STMT-2024-05-02", CamtStatement.Closing(25_000m, s1), s2)));
        Assert.True(import2.Accepted, import2.ToText());
        Assert.Equal("S2-U", Assert.Single((await Get<ReadReceivables>().RunAsync()).Unmatched()).Entry.Reference.Value);
        At(new LocalDate(2024, 5, 6));
        var manual = await Get<AllocatePayment>().RunAsync(new BankReference("S2-U"), AllocationTarget.To(byHand.Number), null, "financien");
        Assert.True(manual.Done, manual.Refusal);

        // 15 May, 14 days after the due date: first reminders; the mail server is down at first, a retry sends them.
        var first = await DailyAsync(new LocalDate(2024, 5, 15));
        var state = await Get<ReadReceivables>().RunAsync();
        var openQ2 = q2.Where(d => state.Item(d, new LocalDate(2024, 5, 15)).Open > Money.Zero).Select(d => d.Number).ToHashSet();
        Assert.Equal(Sorted(openQ2), Sorted(first.Reminders!.Sent.Select(o => o.Reminder.Item.Number)));
        Assert.DoesNotContain(fully.Select(d => d.Number), openQ2.Contains);
        Assert.DoesNotContain(byHand.Number, openQ2);
        Assert.Contains(deventerQ2.Number, openQ2);            // the credit note covers part of it only
        Assert.All(q1, d => Assert.DoesNotContain(d.Number, openQ2));
        Assert.All(await DeliverNotificationsAsync(), o => Assert.Equal(DeliveryResult.RetryLater, o.Result));
        _world.StartSmtp();
        _world.Clock.Advance(Duration.FromMinutes(2));
        Assert.All(await DeliverNotificationsAsync(), o => Assert.Equal(DeliveryResult.Sent, o.Result));

        // A rerun of the day reminds nothing again.
        var rerun = await DailyAsync(new LocalDate(2024, 5, 15));
        Assert.Empty(rerun.Reminders!.Sent);
        Assert.Null(rerun.Reminders.Notification);
        Assert.Empty(await DeliverNotificationsAsync());

        // 29 May: second reminders, once.
        var second = await DailyAsync(new LocalDate(2024, 5, 29));
        Assert.Equal(Sorted(openQ2), Sorted(second.Reminders!.Sent.Select(o => o.Reminder.Item.Number)));
        await DeliverNotificationsAsync();
        await DailyAsync(new LocalDate(2024, 5, 30));
        await DeliverNotificationsAsync();

        var asOf = new LocalDate(2024, 5, 31);
        state = await Get<ReadReceivables>().RunAsync();
        var report = ReceivablesReport.Of(state, asOf);
        var exported = await Get<ExportLedger>().RunAsync(new LocalDate(2024, 1, 1), asOf);

        // Reminders: one mail per document and level, to the member, with its statement of account attached.
        foreach (var level in new[] { 1, 2 })
        {
            var mails = Reminders(level);
            Assert.Equal(openQ2.Count, mails.Count);
            Assert.Equal(Sorted(openQ2), Sorted(mails.Select(m => InvoiceNumber.Parse(m.Subject!.Split(' ')[level == 1 ? 2 : 3]))));
            foreach (var mail in mails)
            {
                var number = InvoiceNumber.Parse(mail.Subject!.Split(' ')[level == 1 ? 2 : 3]);
                var member = state.Document(number)!.Member;
                var attachment = Assert.Single(mail.Attachments.OfType<MimePart>());
                Assert.Equal($"rekeningoverzicht-{member}-2024-05-{(level == 1 ? 15 : 29)}.pdf", attachment.FileName);
                Assert.Contains(DeliveryWorld.Registry[member].InvoiceEmails[0], mail.To.Mailboxes.Select(a => a.Address));
                using var pdfBytes = new MemoryStream();
                await attachment.Content!.DecodeToAsync(pdfBytes);
                using var pdf = PdfDocument.Open(pdfBytes.ToArray());
                var text = string.Join(" ", pdf.GetPages().Select(p => p.Text));
                Assert.Contains("Rekeningoverzicht", text);
                Assert.Contains(number.ToString(), text);
                var statement = StatementOfAccount.Of(state, member, level == 1 ? new LocalDate(2024, 5, 15) : new LocalDate(2024, 5, 29));
                Assert.Contains(Documents.DutchText.Amount(statement.TotalDue), text);
                Assert.Contains(Documents.DutchText.Amount(statement.TotalDue), mail.TextBody);
            }
        }
        var told = _world.Received.Where(m => m.To.Mailboxes.Any(a => a.Address == Finance) && m.Subject!.Contains("betalingsherinnering", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, told.Count);   // one per run that reminded

        // The ledger: balanced per entry and in total; per member the receivable equals its open items.
        Assert.Empty(exported.UnbalancedEntries);
        Assert.Equal(exported.TotalDebit, exported.TotalCredit);
        var receivable = exported.BalancesPerMember(LedgerRole.Receivable).ToDictionary(b => b.Member, b => b.Balance);
        foreach (var member in state.Documents.Select(d => d.Member).Distinct())
        {
            var open = state.Items(asOf, member).Sum(i => i.Open);
            Assert.Equal(open, receivable.GetValueOrDefault(member, Money.Zero));
            var statement = StatementOfAccount.Of(state, member, asOf);
            Assert.Equal(open - statement.CreditBalance, statement.TotalDue);
        }
        Assert.Equal(report.OpenInvoices + report.OpenCreditNotes, receivable.Values.Sum());
        var unallocated = exported.PerAccount.Single(a => a.Account.Name.StartsWith("Te verdelen", StringComparison.Ordinal));
        Assert.Equal(unallocated.Debit, unallocated.Credit);                       // the unmatched payment was allocated by hand
        var bank = exported.PerAccount.Single(a => a.Account.Name == "Bank");
        Assert.Equal(s1.Sum(e => Money.Exact(e.Amount)) + s2.Where(e => e.Credit).Sum(e => Money.Exact(e.Amount)), bank.Debit - bank.Credit);

        // The receivables: what was issued less what was paid is open, to the cent; the credit note set off completely.
        Assert.Equal(report.Issued - report.Paid, report.Balance);
        Assert.Equal(-credit.TotalInclVat, report.CreditNotesSetOff);
        Assert.Equal(Money.Zero, state.Item(credit, asOf).Open);
        Assert.Equal(report.Overdue, report.OpenInvoices);                        // every open Q2 invoice is past its due date
        Assert.Equal(report.OpenInvoices, report.Ageing.Sum(a => a.Open));
        var csv = report.Csv().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ReceivablesReport.CsvHeader, csv[0]);
        Assert.Equal(report.Items.Count, csv.Length - 1);
        Assert.Contains($"{credit.Number},credit_note,GM0150,2024-04-10,2024-05-10,{Eur(credit.TotalInclVat)},{Eur(credit.TotalInclVat)},0.00,0", csv);

        // A re-export of the same period gives the same lines.
        Assert.Equal(exported.Csv(), (await Get<ExportLedger>().RunAsync(new LocalDate(2024, 1, 1), asOf)).Csv());
    }

    public void Dispose()
    {
        _services.Dispose();
        _world.Dispose();
    }
}
