using System.Globalization;
using System.Text;
using Dimpact.Billing;
using Dimpact.Billing.Tariffs;
using Dimpact.DataFiles.TariffYears;

namespace Dimpact.Cli.Bench;

/// <summary>
/// A made-up cooperative of N members as a real tariff year: the 2024 products, rules and plan totals, and N
/// members GM0000, GM0001, … written as the product's own data files and loaded through
/// <see cref="TariffYearFiles.Load"/>, so the benchmark issues what production would. CBS codes have four digits;
/// members beyond the 10,000th get the synthetic codes GM10000–GM99999, which <see cref="CbsCode"/> accepts only
/// in a process that switched them on (<see cref="CbsCode.SyntheticCodesSwitch"/>): writing such a cooperative
/// does so. Every tenth member takes no product (association-only, one annual invoice); the others take e-Suite
/// and Burgerzaken, like most real members.
/// </summary>
public static class SyntheticCooperative
{
    public const int MaxMembers = 100_000;

    private static readonly string[] CopiedFiles = [TariffYearFiles.Settings, TariffYearFiles.ProductsFile, TariffYearFiles.RulesFile];

    /// <summary>Writes {folder}/{year} from the real year's folder and returns the catalog root.</summary>
    public static string Write(string realYearFolder, string root, int members)
    {
        if (members is < 1 or > MaxMembers)
            throw new ArgumentOutOfRangeException(nameof(members), members, $"Codes GM0000–GM99999 allow 1 to {MaxMembers} members.");
        if (members > 10_000) AppContext.SetSwitch(CbsCode.SyntheticCodesSwitch, true);
        var year = TariffYearFiles.Load(realYearFolder);
        var folder = Directory.CreateDirectory(Path.Combine(root, year.Year.ToString(CultureInfo.InvariantCulture))).FullName;
        foreach (var file in CopiedFiles) File.Copy(Path.Combine(realYearFolder, file), Path.Combine(folder, file), overwrite: true);

        var memberCsv = new StringBuilder("cbs_code,name,name_in_plan,reference_population\n");
        var budgetCsv = new StringBuilder("cbs_code,product,supplier_costs,product_hours,association_costs,budget\n");
        for (var i = 0; i < members; i++)
        {
            var code = string.Create(CultureInfo.InvariantCulture, $"GM{i:0000}"); // GM10000 and up beyond 10,000
            var population = 5_000 + (int)((i * 7_919L) % 200_000);
            memberCsv.Append(CultureInfo.InvariantCulture, $"{code},Gemeente {code},Gemeente {code},{population}\n");
            if (i % 10 == 9)
            {
                budgetCsv.Append(CultureInfo.InvariantCulture, $"{code},association_contribution,0,0,0,6480\n");
                continue;
            }
            foreach (var (product, perInhabitant) in new[] { ("esuite", 2m), ("burgerzaken", 1.38m) })
            {
                // The plan's split: supplier costs, product hours (h_p) and association costs (a) add up to the tariff.
                var supplier = Math.Round(population * perInhabitant);
                var hours = Math.Round(supplier * year.Product(Billing.ProductId.Parse(product)).HoursRatio);
                var association = Math.Round((supplier + hours) * year.AssociationRate);
                budgetCsv.Append(CultureInfo.InvariantCulture, $"{code},{product},{supplier},{hours},{association},{supplier + hours + association}\n");
            }
        }
        File.WriteAllText(Path.Combine(folder, TariffYearFiles.MembersFile), memberCsv.ToString());
        File.WriteAllText(Path.Combine(folder, TariffYearFiles.BudgetFile), budgetCsv.ToString());
        File.WriteAllText(Path.Combine(folder, TariffYearFiles.PartnershipsFile), "partnership,lead_code,partner_code,products\n");
        File.WriteAllText(Path.Combine(folder, TariffYearFiles.MergersFile), "successor_code,successor_name,predecessor_code,effective_date\n");
        return root;
    }
}
