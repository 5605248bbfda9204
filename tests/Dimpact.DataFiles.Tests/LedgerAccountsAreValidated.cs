using Dimpact.Billing;
using Dimpact.Billing.Ledger;
using Dimpact.DataFiles.Ledger;

namespace Dimpact.DataFiles.Tests;

/// <summary>The ledger's chart of accounts (data/ledger/accounts.csv): every problem with file, line and field; the sample covers the tariff year.</summary>
public class LedgerAccountsAreValidated
{
    [Fact]
    public void The_sample_has_an_account_for_every_role_product_and_vat_rate_of_2024()
    {
        var accounts = LedgerAccountFiles.Load(Path.Combine(AppContext.BaseDirectory, "ledger", "accounts.csv"));
        Assert.All(LedgerAccounts.SingleRoles, role => Assert.NotEmpty(accounts.Account(role).Code));
        foreach (var product in TestFiles.Year2024.Products)
        {
            Assert.NotEmpty(accounts.Revenue(product.Id).Code);
            Assert.NotEmpty(accounts.Vat(product.VatRate).Code);
        }
    }

    [Fact]
    public void Every_problem_is_named_with_file_line_and_field()
    {
        var problems = Assert.Throws<InvalidInputException>(() => LedgerAccountFiles.Parse("accounts.csv",
            "role,key,account,name\nreceivable,,1300,Debiteuren\nreceivable,,1301,Nog eens\nbank,GM0150,1100,Bank\nrevenue,,8000,Omzet\nvat,21%,1510,Btw\nkas,,1000,Kas\nrevenue,esuite,,Omzet\n")).Problems;
        Assert.Equal(
        [
            "accounts.csv, line 3, field 'role': this account is already given on line 2",
            "accounts.csv, line 4, field 'key': a bank account has no key (one account for all members)",
            "accounts.csv, line 5, field 'key': a revenue account names its product, such as esuite",
            "accounts.csv, line 6, field 'key': '21%' is not a VAT rate as a fraction, such as 0.21",
            "accounts.csv, line 7, field 'role': 'kas' is not a role: use one of receivable, bank, unallocated, received_in_advance, revenue, vat",
            "accounts.csv, line 8, field 'account': is empty",
            "accounts.csv, field 'role': there is no 'bank' account",
            "accounts.csv, field 'role': there is no 'unallocated' account",
            "accounts.csv, field 'role': there is no 'received_in_advance' account",
        ], problems.Select(p => p.ToString()));
    }
}
