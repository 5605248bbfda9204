using Dimpact.Billing;
using Dimpact.Documents.Parties;
using Dimpact.DataFiles.Members;

namespace Dimpact.Documents.Tests;

/// <summary>data/members: every member has an addressee; a bad row is reported by file, line and field.</summary>
public class MemberRegistryTests
{
    private const string Header = "cbs_code,name,street,postcode,city,invoice_emails,oin,peppol_id\n";
    private const string References = "cbs_code,year,buyer_reference\n";

    [Fact]
    public void The_shipped_registry_has_every_member_of_the_2024_tariff_year()
    {
        var registry = MemberRegistryFiles.Load(RepositoryFiles.Path("data", "members"));
        var members = File.ReadAllLines(RepositoryFiles.Path("data", "tariff-years", "2024", "members.csv"))
            .Skip(1).Where(l => l.Length > 0).Select(l => CbsCode.Parse(l.Split(',')[0])).ToList();

        Assert.Equal(41, members.Count);
        Assert.All(members, code => Assert.True(registry.Contains(code), $"{code} is not in registry.csv"));
        Assert.Equal(41, registry.Buyers.Count);
        Assert.All(registry.Buyers, b => Assert.All(b.InvoiceEmails, e => Assert.EndsWith(".example", e)));   // samples only
        Assert.Equal("PO-2024-DIMPACT-0150", registry.BuyerReference(CbsCode.Parse("GM0150"), 2024));
        Assert.Null(registry.BuyerReference(CbsCode.Parse("GM0150"), 2025));
        Assert.Equal(["facturen@rotterdam.example", "crediteuren@rotterdam.example"], registry[CbsCode.Parse("GM0599")].InvoiceEmails);
        Assert.Equal("0190", registry[CbsCode.Parse("GM0150")].Peppol!.Scheme);
    }

    [Fact]
    public void Bad_rows_are_reported_with_file_line_and_field()
    {
        var registry = Header
            + "GM0150,Deventer,Postbus 5000,7400 GC,Deventer,facturen@deventer.example,,\n"
            + "GM0599,Rotterdam,Postbus 70012,3000KP,Rotterdam,not-an-address,123,\n"
            + "GM0150,Deventer,Postbus 5000,7400 GC,Deventer,facturen@deventer.example,,0190-123\n";
        var references = References + "GM0999,2024,X\n";

        var e = Assert.Throws<InvalidInputException>(() => MemberRegistryFiles.Parse(registry, references, "data/members"));

        var found = e.Problems.Select(p => (Path.GetFileName(p.File), p.Line, p.Field)).ToList();
        Assert.Contains(("registry.csv", 3, "postcode"), found);
        Assert.Contains(("registry.csv", 3, "invoice_emails"), found);
        Assert.Contains(("registry.csv", 3, "oin"), found);
        Assert.Contains(("registry.csv", 4, "peppol_id"), found);
        Assert.Contains(("buyer-references.csv", 2, "cbs_code"), found);
        Assert.Contains("data/members/registry.csv, line 3, field 'postcode'", e.Message);
    }

    [Fact]
    public void A_member_listed_twice_is_reported()
    {
        var registry = Header
            + "GM0150,Deventer,Postbus 5000,7400 GC,Deventer,facturen@deventer.example,,\n"
            + "GM0150,Deventer,Postbus 5000,7400 GC,Deventer,facturen@deventer.example,,\n";

        var e = Assert.Throws<InvalidInputException>(() => MemberRegistryFiles.Parse(registry, References));

        var problem = Assert.Single(e.Problems);
        Assert.Equal((3, "cbs_code"), (problem.Line, problem.Field));
        Assert.Contains("already listed on line 2", problem.Message);
    }

    [Fact]
    public void A_missing_column_is_reported_on_the_header()
    {
        var e = Assert.Throws<InvalidInputException>(() => MemberRegistryFiles.Parse("cbs_code,name\nGM0150,Deventer\n", References));

        Assert.Contains(e.Problems, p => p.Line == 1 && p.Field == "invoice_emails");
    }
}
