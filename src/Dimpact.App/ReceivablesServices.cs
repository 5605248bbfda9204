using Dimpact.Billing;
using Dimpact.Billing.Receivables;
using Dimpact.DataFiles.Bank;
using Dimpact.Delivery;
using Dimpact.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Dimpact.App;

/// <summary>Receivables (bank statements, payment matching, allocations), part of <see cref="BillingServices.AddBilling"/>.</summary>
public static class ReceivablesServices
{
    public static IServiceCollection AddReceivables(this IServiceCollection services, IConfiguration configuration) => services
        .AddSingleton<IPaymentStore, TablePaymentStore>()
        .AddSingleton<IBankStatementReader, Camt053Reader>()
        .AddSingleton<ReadReceivables>()
        .AddSingleton<MatchPayments>()
        .AddSingleton<AllocatePayment>()
        .AddSingleton(sp => new ImportBankStatement(sp.GetRequiredService<IBankStatementReader>(), sp.GetRequiredService<IPaymentStore>(),
            sp.GetRequiredService<MatchPayments>(), sp.GetRequiredService<IClock>(), OwnAccount(configuration)));

    /// <summary>Dimpact's account, whose statements are imported: <c>Seller:Iban</c> (the sample IBAN when unset, like the invoices).</summary>
    public static Iban OwnAccount(IConfiguration configuration)
    {
        var iban = DeliveryConfiguration.Seller(configuration).Iban;
        return Iban.TryParse(iban, out var account) ? account
            : throw new InvalidSettingException("Seller__Iban", $"'{iban}' is not an IBAN (check digits included), such as NL91ABNA0417164300.");
    }
}
