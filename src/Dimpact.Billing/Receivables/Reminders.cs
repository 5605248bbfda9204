using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Notifications;
using NodaTime;

namespace Dimpact.Billing.Receivables;

/// <summary>A reminder recorded for a document: its level (1 = herinnering, 2 = tweede herinnering) and the day it was recorded.</summary>
public sealed record SentReminder(InvoiceNumber Number, int Level, LocalDate Date);

/// <summary>A reminder due: the open invoice and the level it is reminded at.</summary>
public sealed record Reminder(OpenItem Item, int Level)
{
    /// <summary>The idempotency key: one reminder per document and level, whatever reruns or concurrent runs decide.</summary>
    public string Id => IdOf(Item.Number, Level);

    public const string Kind = "reminder";

    public static string IdOf(InvoiceNumber number, int level) => string.Create(CultureInfo.InvariantCulture, $"{Kind}|{number}|{level}");

    /// <summary>The document and level an id names; null for an id of another kind.</summary>
    public static (InvoiceNumber Number, int Level)? ParseId(string id)
    {
        var parts = id.Split('|');
        if (parts is not [Kind, var number, var level] || !int.TryParse(level, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return null;
        try { return (InvoiceNumber.Parse(number), n); }
        catch (FormatException) { return null; }
    }
}

/// <summary>
/// When reminders go out (BILLING.md, "Payments and receivables"): the n-th reminder of an open invoice when it is
/// <see cref="Days"/>[n−1] days overdue (default 14 and 28: a first reminder, herinnering, and a second), each once.
/// A reminder is never sent sooner after the previous one than the schedule's gap between them, so that a job that
/// was down for a while sends the first reminder, and the second one only a gap later.
/// </summary>
public sealed record ReminderSchedule
{
    /// <summary>The app setting: days after the due date, comma separated, ascending (<c>Receivables__ReminderDays</c>).</summary>
    public const string Setting = "Receivables:ReminderDays";

    public static ReminderSchedule Default { get; } = new([14, 28]);

    public ReminderSchedule(IReadOnlyList<int> days)
    {
        if (days.Count == 0 || days.Any(d => d < 1) || days.Zip(days.Skip(1)).Any(p => p.First >= p.Second))
            throw new ArgumentException("Reminder days are one or more whole days after the due date, ascending, such as 14,28.", nameof(days));
        Days = days;
    }

    public IReadOnlyList<int> Days { get; }

    /// <summary><c>14,28</c>; empty: the default.</summary>
    public static ReminderSchedule Parse(string? text)
    {
        if (text is not { Length: > 0 }) return Default;
        var days = new List<int>();
        foreach (var part in text.Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var day)) days.Add(day);
            else throw Invalid(text);
        try { return new ReminderSchedule(days); }
        catch (ArgumentException) { throw Invalid(text); }
    }

    private static InvalidSettingException Invalid(string text) =>
        new("Receivables__ReminderDays", $"'{text}' is not a list of days after the due date, ascending and above 0, such as 14,28 (the default).");

    /// <summary>The reminder due for <paramref name="item"/> on its as-of date given the reminders sent for it, or null.</summary>
    public Reminder? Due(OpenItem item, IReadOnlyList<SentReminder> sent)
    {
        if (item.Kind != DocumentKind.Invoice || item.Open <= Money.Zero || !item.IsOverdue) return null;
        var mine = sent.Where(s => s.Number == item.Number).ToList();
        var level = mine.Count == 0 ? 1 : mine.Max(s => s.Level) + 1;
        if (level > Days.Count || item.DaysOverdue < Days[level - 1]) return null;
        if (level > 1 && mine.MaxBy(s => s.Level) is { } previous && item.AsOf < previous.Date.PlusDays(Days[level - 1] - Days[level - 2])) return null;
        return new Reminder(item, level);
    }

    /// <summary>The reminders due on <paramref name="date"/>, oldest document first.</summary>
    public IReadOnlyList<Reminder> DueOn(AccountsReceivable state, LocalDate date, IReadOnlyList<SentReminder> sent) =>
        [.. state.OpenItems(date).Select(i => Due(i, sent)).OfType<Reminder>()];
}

/// <summary>A reminder as the member receives it: to whom, what it says, the statement of account attached.</summary>
public sealed record ReminderLetter(string MemberName, IReadOnlyList<string> To, string Subject, string Body, Attachment Statement);

/// <summary>Writes a reminder (the documents adapter: Dutch text with the seller's payment details, the statement of account as PDF).</summary>
public interface IReminderLetters
{
    Task<ReminderLetter> WriteAsync(Reminder reminder, StatementOfAccount statement, CancellationToken cancellationToken = default);
}

/// <summary>One reminder a run handled: recorded now (<see cref="New"/>), found recorded before, or not sent for want of an address.</summary>
public sealed record ReminderOutcome(Reminder Reminder, string MemberName, bool New, string? NotSentBecause = null);

/// <summary>What a reminder run did on a date, and finance's notification of it.</summary>
public sealed record ReminderRun(LocalDate Date, IReadOnlyList<ReminderOutcome> Outcomes, NotificationOutcome? Notification)
{
    public IReadOnlyList<ReminderOutcome> Sent => [.. Outcomes.Where(o => o.New)];
}

/// <summary>
/// "Send the reminders due" (the daily job, after matching the payments): per open invoice overdue by a reminder's day
/// (<see cref="ReminderSchedule"/>) a reminder by e-mail to the member's invoice addresses with its statement of
/// account attached, recorded create-only under <see cref="Reminder.Id"/> and sent through the notifications' outbox,
/// queue and retries (<see cref="IFinanceNotifier"/>), so that each is sent once whatever reruns or concurrent runs do;
/// then one notification to finance listing what this run reminded. A document paid in full is never reminded.
/// </summary>
public sealed class SendReminders(ReadReceivables read, IFinanceNotifier notifier, IReminderLetters letters, ReminderSchedule schedule)
{
    public async Task<ReminderRun> RunAsync(LocalDate date, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        var state = await read.RunAsync(cancellationToken);
        var sent = (await notifier.RecordedAsync(Reminder.Kind, cancellationToken))
            .Select(r => Reminder.ParseId(r.Id) is { } id ? new SentReminder(id.Number, id.Level, BillingCalendar.DateOf(r.RecordedAt)) : null)
            .OfType<SentReminder>().ToList();
        var outcomes = new List<ReminderOutcome>();
        foreach (var reminder in schedule.DueOn(state, date, sent))
        {
            var letter = await letters.WriteAsync(reminder, StatementOfAccount.Of(state, reminder.Item.Member, date), cancellationToken);
            if (letter.To.Count == 0)
            {
                outcomes.Add(new ReminderOutcome(reminder, letter.MemberName, false, "no invoice e-mail address in the member registry"));
                continue;
            }
            if (dryRun)
            {
                outcomes.Add(new ReminderOutcome(reminder, letter.MemberName, true));
                continue;
            }
            var recorded = await notifier.NotifyAsync(new FinanceNotification(reminder.Id, letter.Subject, letter.Body, [letter.Statement]) { To = letter.To }, cancellationToken);
            outcomes.Add(new ReminderOutcome(reminder, letter.MemberName, recorded.New));
        }
        var news = outcomes.Where(o => o.New || o.NotSentBecause is not null).ToList();
        NotificationOutcome? told = null;
        if (!dryRun && news.Count > 0) told = await notifier.NotifyAsync(ReminderMessages.Reminded(date, news), cancellationToken);
        return new ReminderRun(date, outcomes, told);
    }
}

/// <summary>Finance's notification of a reminder run (Dutch, like <see cref="FinanceMessages"/>).</summary>
public static class ReminderMessages
{
    private static readonly NumberFormatInfo Dutch = new() { NumberDecimalSeparator = ",", NumberGroupSeparator = ".", NegativeSign = "-" };

    /// <summary>The id names the run's date and what it reminded, so a rerun that reminds nothing new sends nothing.</summary>
    public static FinanceNotification Reminded(LocalDate date, IReadOnlyList<ReminderOutcome> outcomes)
    {
        var ids = string.Join(",", outcomes.Select(o => o.Reminder.Id).Order(StringComparer.Ordinal));
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ids)))[..16];
        var sent = outcomes.Where(o => o.NotSentBecause is null).ToList();
        var text = new StringBuilder()
            .AppendLine("Beste collega,").AppendLine()
            .AppendLine($"Op {Date(date)} zijn {sent.Count} betalingsherinnering(en) verstuurd, elk met het rekeningoverzicht van de gemeente:")
            .AppendLine()
            .AppendLine($"{"Gemeente",-30} {"document",-12} {"herinnering",-12} {"open",14} {"dagen",6}");
        foreach (var o in sent)
            text.AppendLine($"{$"{o.MemberName} ({o.Reminder.Item.Member})",-30} {o.Reminder.Item.Number,-12} {LevelName(o.Reminder.Level),-12} {Amount(o.Reminder.Item.Open),14} {o.Reminder.Item.DaysOverdue,6}");
        text.AppendLine($"{"totaal",-56} {Amount(sent.Sum(o => o.Reminder.Item.Open)),14}");
        var unsent = outcomes.Where(o => o.NotSentBecause is not null).ToList();
        if (unsent.Count > 0)
        {
            text.AppendLine().AppendLine("Niet verstuurd (vul het e-mailadres aan in data/members/registry.csv; de herinnering gaat dan bij de volgende run):");
            foreach (var o in unsent) text.AppendLine($"- {o.MemberName} ({o.Reminder.Item.Member}), {o.Reminder.Item.Number}: {o.NotSentBecause}");
        }
        text.AppendLine()
            .AppendLine("Een overzicht van alle openstaande posten: dimpact receivables --as-of " + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ".")
            .AppendLine("Een volledig betaald document krijgt geen herinnering; elke herinnering gaat één keer per document.")
            .AppendLine().AppendLine("Met vriendelijke groet,").AppendLine().AppendLine("De facturatie van Dimpact").AppendLine()
            .AppendLine("(Een automatisch bericht van de facturatie; u krijgt het één keer per gebeurtenis.)");
        return new FinanceNotification(string.Create(CultureInfo.InvariantCulture, $"reminded|{date:yyyy-MM-dd}|{outcomes.Count}|{hash}"),
            $"Dimpact facturatie: {sent.Count} betalingsherinnering(en) verstuurd op {Date(date)}", text.ToString(), []);
    }

    public static string LevelName(int level) => level switch { 1 => "eerste", 2 => "tweede", _ => $"{level}e" };

    private static string Amount(Money amount) => "€ " + amount.Euros.ToString("#,##0.00", Dutch);

    private static string Date(LocalDate date) => date.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture);
}
