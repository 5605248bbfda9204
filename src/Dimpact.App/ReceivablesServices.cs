using Dimpact.Billing;
using Dimpact.Billing.Ledger;
using Dimpact.Billing.Members;
using Dimpact.Billing.Notifications;
using Dimpact.Billing.Receivables;
using Dimpact.DataFiles.Ledger;
using Dimpact.DataFiles.Bank;
using Dimpact.Delivery;
using Dimpact.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Dimpact.App;

/// <summary>
/// Receivables (bank statements, payment matching, allocations; reminders with statements of account, the ledger
/// export), part of <see cref="BillingServices.AddBilling"/>. Settings: <c>Receivables:ReminderDays</c> (default 14,28),
/// <c>Ledger:AccountsFile</c> (default data/ledger/accounts.csv shipped with the program).
/// </summary>
public static class ReceivablesServices
{
    public static IServiceCollection AddReceivables(this IServiceCollection services, IConfiguration configuration) => services
        .AddSingleton<IPaymentStore, TablePaymentStore>()
        .AddSingleton<IBankStatementReader, Camt053Reader>()
        .AddSingleton<ReadReceivables>()
        .AddSingleton<MatchPayments>()
        .AddSingleton<AllocatePayment>()
        .AddSingleton<UndoAllocation>()
        .AddSingleton(sp => new ImportBankStatement(sp.GetRequiredService<IBankStatementReader>(), sp.GetRequiredService<IPaymentStore>(),
            sp.GetRequiredService<MatchPayments>(), sp.GetRequiredService<IClock>(), OwnAccount(configuration), sp.GetRequiredService<IFinanceNotifier>()))
        .AddSingleton(sp => new ReminderLetters(sp.GetRequiredService<IMemberRegistries>(), DeliveryConfiguration.Seller(configuration)))
        .AddSingleton<IReminderLetters>(sp => sp.GetRequiredService<ReminderLetters>())
        .AddSingleton<IStatementOfAccountRenderer>(sp => sp.GetRequiredService<ReminderLetters>())
        .AddSingleton(_ => ReminderSchedule.Parse(configuration[ReminderSchedule.Setting]))
        .AddSingleton(sp => new SendReminders(sp.GetRequiredService<ReadReceivables>(), sp.GetRequiredService<IFinanceNotifier>(),
            sp.GetRequiredService<IReminderLetters>(), sp.GetRequiredService<ReminderSchedule>()))
        .AddSingleton(sp => new ExportLedger(sp.GetRequiredService<ReadReceivables>(),
            () => LedgerAccountFiles.Load(configuration[LedgerAccounts.Setting] is { Length: > 0 } file ? file : LedgerAccountFiles.NextToProgram)));

    /// <summary>Dimpact's account, whose statements are imported: <c>Seller:Iban</c> (the sample IBAN when unset, like the invoices).</summary>
    public static Iban OwnAccount(IConfiguration configuration)
    {
        var iban = DeliveryConfiguration.Seller(configuration).Iban;
        return Iban.TryParse(iban, out var account) ? account
            : throw new InvalidSettingException("Seller__Iban", $"'{iban}' is not an IBAN (check digits included), such as NL91ABNA0417164300.");
    }
}
