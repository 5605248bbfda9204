using Dimpact.Billing.Status;
using Dimpact.Billing.Tariffs;
using Dimpact.Documents.Parties;
using Dimpact.Billing.Members;

namespace Dimpact.Delivery;

/// <summary>
/// What the current member registry lacks per billable member: an invoice e-mail address (its documents cannot
/// be sent), an OIN or a buyer reference for the year (NLCIUS BR-NL-10 and BR-NL-2: its e-invoices are withheld).
/// </summary>
public sealed class RegistryMasterData(IMemberRegistries registries) : IMemberMasterData
{
    public async Task<IReadOnlyList<MasterDataGap>> GapsForAsync(TariffYear year, CancellationToken cancellationToken = default)
    {
        var registry = await registries.CurrentAsync(cancellationToken);
        var gaps = new List<MasterDataGap>();
        foreach (var member in year.BillableMembers)
        {
            var recipient = year.RecipientOn(member.Code, new NodaTime.LocalDate(year.Year, 12, 31)).Code;
            if (!registry.Contains(recipient))
            {
                gaps.Add(new MasterDataGap(member.Code, member.Name, ["an entry in the member registry"], BlocksDelivery: true));
                continue;
            }
            var buyer = registry[recipient];
            var missing = new List<string>();
            if (buyer.InvoiceEmails.Count == 0) missing.Add("an invoice e-mail address");
            if (string.IsNullOrWhiteSpace(buyer.Oin)) missing.Add("an OIN");
            if (registry.BuyerReference(recipient, year.Year) is null) missing.Add($"a buyer reference for {year.Year}");
            if (missing.Count > 0) gaps.Add(new MasterDataGap(member.Code, member.Name, missing, BlocksDelivery: buyer.InvoiceEmails.Count == 0));
        }
        return gaps;
    }
}
