using Azure.Storage.Blobs.Models;
using Dimpact.Billing.MasterData;
using Dimpact.DataFiles.MasterData;
using Dimpact.DataFiles.TariffYears;
using Dimpact.Storage;
using Dimpact.TestSupport;
using NodaTime;
using NodaTime.Testing;

namespace Dimpact.Integration.Tests;

/// <summary>
/// Master data in storage (issue 13): seeded once from the shipped data, changed by uploads that are validated all or
/// nothing against everything stored, each change a new version with who and when, no upload lost to another.
/// </summary>
public class MasterDataInStorage
{
    private static readonly string Registry = File.ReadAllText(Repository.Data("members", "registry.csv"));
    private readonly BillingStorage _storage = BillingStorage.FromConnectionString(Azurite.ConnectionString, Azurite.UniquePrefix());
    private readonly FakeClock _clock = new(Instant.FromUtc(2024, 3, 1, 9, 0));

    /// <summary>A process's view of the account: its own store (own cache), reading the repository's data/ as seed.</summary>
    private TableMasterDataStore Store() =>
        new(_storage, new ShippedMasterData(Repository.Data("members"), Repository.Data("tariff-years")), _clock);

    private UploadMasterData Upload(IMasterDataStore store) =>
        new(store, new MasterDataFiles(), new BlobIngestionReports(_storage, BillingStorage.MasterDataReportsContainer), _clock);

    private static MasterDataUpload Files(string name, params (string Path, string Text)[] files) =>
        new(name, files.Select(f => new MasterDataFile(f.Path, f.Text)).ToList(), "Jan de Vries");

    private static string WithEmail(string member, string email) => string.Join('\n', Registry.ReplaceLineEndings("\n").Split('\n').Select(line =>
        line.StartsWith(member + ",", StringComparison.Ordinal) ? string.Join(',', line.Split(',').Select((f, i) => i == 5 ? email : f)) : line));

    [Fact]
    public async Task An_empty_account_is_seeded_with_the_shipped_data_as_v0001_by_seed()
    {
        var store = Store();

        var history = await store.HistoryAsync();

        Assert.Equal(["members", "membership", "tariff-year-2024"], history.Select(v => v.Set.Name));
        Assert.All(history, v => Assert.Equal((1, MasterDataVersion.SeedAuthor), (v.Number, v.By)));
        var year = await new StoredTariffYears(store, new MasterDataFiles()).FindAsync(2024);
        Assert.Equal(Repository.TariffYear2024.Version, year!.Version);
        Assert.Equal("members v0001, changes v0001", year.MemberDataVersion);
        Assert.Null(await new StoredTariffYears(store, new MasterDataFiles()).FindAsync(2025));
        // The tariff year's files are where the archive reproduces documents from.
        var archived = await new ArchivedTariffYears(new TariffYearCatalog(Repository.Data("tariff-years")), _storage).LoadVersionAsync(2024, year.Version);
        Assert.Equal(Repository.TariffYear2024.BudgetLines, archived!.BudgetLines);
    }

    [Fact]
    public async Task Five_processes_seeding_at_once_store_one_v0001_of_each_set()
    {
        var stores = Enumerable.Range(0, 5).Select(_ => Store()).ToList();

        var seen = await Task.WhenAll(stores.Select(s => s.CurrentAsync()));

        var history = await Store().HistoryAsync();
        Assert.Equal(3, history.Count);
        Assert.All(seen, pointers => Assert.Equal("members v0001, changes v0001", pointers.MemberDataVersion));
        Assert.All(history, v => Assert.Equal(1, v.Number));
    }

    [Fact]
    public async Task A_changed_email_address_becomes_the_next_version_of_the_member_data_with_who_and_when()
    {
        var store = Store();
        _clock.Advance(Duration.FromDays(1));

        var outcome = await Upload(store).RunAsync(Files("upload-1", ("registry.csv", WithEmail("GM0150", "debiteuren@deventer.example"))));

        Assert.True(outcome.Accepted);
        var set = Assert.Single(outcome.Sets);
        Assert.Equal(("members", "v0002", true, "Jan de Vries", "upload-1"), (set.Set.Name, set.Version.Name, set.Created, set.Version.By, set.Version.Source));
        Assert.Equal(_clock.GetCurrentInstant(), set.Version.At);
        var registries = new StoredMemberRegistries(Store(), new MasterDataFiles());
        Assert.Equal(["debiteuren@deventer.example"], (await registries.CurrentAsync())[Billing.CbsCode.Parse("GM0150")].InvoiceEmails);
        // A document issued before the upload was made with the registry of then.
        Assert.Equal(["facturen@deventer.example"], (await registries.OnAsync(new LocalDate(2024, 3, 1)))[Billing.CbsCode.Parse("GM0150")].InvoiceEmails);
        Assert.Equal(["facturen@deventer.example"], (await registries.OnAsync(new LocalDate(2024, 6, 1), "members v0001, changes v0001"))[Billing.CbsCode.Parse("GM0150")].InvoiceEmails);
        Assert.Equal("members v0002, changes v0001", (await new StoredTariffYears(Store(), new MasterDataFiles()).FindAsync(2024))!.MemberDataVersion);
        Assert.Contains("v0002  new version (registry.csv), by Jan de Vries", outcome.ReportText);
    }

    [Fact]
    public async Task A_bad_postcode_stores_nothing_and_the_report_names_file_line_and_field()
    {
        var store = Store();
        var bad = Registry.Replace("9400 RA", "9400RA", StringComparison.Ordinal);

        var outcome = await Upload(store).RunAsync(Files("bad-postcode", ("registry.csv", bad), ("membership-changes.csv", Billing.Membership.MembershipChanges.Header + "\n")));

        Assert.False(outcome.Accepted);
        var problem = Assert.Single(outcome.Problems);
        Assert.Equal(("registry.csv", 2, "postcode"), (problem.File, problem.Line, problem.Field));
        Assert.All(await Store().HistoryAsync(), v => Assert.Equal(1, v.Number));
        Assert.Contains("registry.csv, line 2, field 'postcode'", outcome.ReportText);
        Assert.Contains("Nothing was stored", outcome.ReportText);
        var reports = _storage.Container(BillingStorage.MasterDataReportsContainer).GetBlobsAsync(BlobTraits.None, BlobStates.None, "bad-postcode.", default);
        Assert.Equal(2, await reports.CountAsync());
    }

    [Fact]
    public async Task A_membership_change_naming_a_product_the_year_does_not_have_stores_nothing()
    {
        var changes = Billing.Membership.MembershipChanges.Header + "\n" + "GM0168,Losser,uptake,open_offline,2024-07-01,23084,,,,ALV 20 juni 2024\n";

        var outcome = await Upload(Store()).RunAsync(Files("unknown-product", ("membership-changes.csv", changes)));

        Assert.False(outcome.Accepted);
        Assert.Contains(outcome.Problems, p => (p.File, p.Line, p.Field) == ("membership-changes.csv", 2, "product"));
        Assert.All(await Store().HistoryAsync(), v => Assert.Equal(1, v.Number));
    }

    [Fact]
    public async Task A_merger_into_a_successor_missing_from_the_registry_stores_nothing()
    {
        var changes = Billing.Membership.MembershipChanges.Header + "\n" + "GM0168,Losser,merge,,2024-07-01,,,,GM9999,ALV 20 juni 2024\n";

        var outcome = await Upload(Store()).RunAsync(Files("unknown-successor", ("membership-changes.csv", changes)));

        Assert.False(outcome.Accepted);
        Assert.Contains(outcome.Problems, p => (p.File, p.Line, p.Field) == ("membership-changes.csv", 2, "successor_code"));
    }

    [Fact]
    public async Task An_upload_identical_to_the_stored_data_is_accepted_and_adds_nothing()
    {
        var outcome = await Upload(Store()).RunAsync(Files("same-again", ("registry.csv", Registry.ReplaceLineEndings("\r\n"))));

        Assert.True(outcome.Unchanged);
        Assert.Equal("v0001", Assert.Single(outcome.Sets).Version.Name);
        Assert.Equal(3, (await Store().HistoryAsync()).Count);
    }

    [Fact]
    public async Task Uploads_at_once_from_several_processes_are_all_stored_none_lost()
    {
        var members = new[] { "GM0106", "GM0150", "GM0168", "GM1681" };
        var uploads = members.Select(m => Upload(Store()).RunAsync(Files($"upload-{m}", ("registry.csv", WithEmail(m, $"nieuw-{m.ToLowerInvariant()}@example.nl")))));

        var outcomes = await Task.WhenAll(uploads);

        Assert.All(outcomes, o => Assert.True(o.Accepted && !o.Unchanged));
        var versions = (await Store().HistoryAsync()).Where(v => v.Set == MasterDataSet.Members).ToList();
        Assert.Equal([1, 2, 3, 4, 5], versions.Select(v => v.Number));
        Assert.Equal(members.Select(m => $"upload-{m}").Order(), versions.Skip(1).Select(v => v.Source).Order());
        Assert.Equal(5, versions.Select(v => v.Hash).Distinct().Count());
    }

    [Fact]
    public async Task One_file_of_a_stored_tariff_year_replaces_that_file_and_the_earlier_version_stays_reproducible()
    {
        var store = Store();
        var settings = File.ReadAllText(Path.Combine(Repository.TariffYearFolder(2024), TariffYearFiles.Settings))
            .Replace("plan,Bedrijfsplan 2024", "plan,Bedrijfsplan 2024 (gewijzigd)", StringComparison.Ordinal);

        var outcome = await Upload(store).RunAsync(Files("tariff-years/2024/tariff-year.csv", ("tariff-years/2024/tariff-year.csv", settings)));

        Assert.True(outcome.Accepted);
        Assert.Equal(("tariff-year-2024", "v0002"), (outcome.Sets[0].Set.Name, outcome.Sets[0].Version.Name));
        var year = await new StoredTariffYears(store, new MasterDataFiles()).FindAsync(2024);
        Assert.NotEqual(Repository.TariffYear2024.Version, year!.Version);
        Assert.Equal(Repository.TariffYear2024.BudgetLines, year.BudgetLines);
        var archive = new ArchivedTariffYears(new TariffYearCatalog(Repository.Data("tariff-years")), _storage);
        Assert.NotNull(await archive.LoadVersionAsync(2024, Repository.TariffYear2024.Version));
        Assert.NotNull(await archive.LoadVersionAsync(2024, year.Version));
    }

    [Fact]
    public async Task A_new_tariff_year_is_refused_unless_all_its_files_come_in_one_upload()
    {
        var folder = Repository.TariffYearFolder(2024);
        string Text(string file) => File.ReadAllText(Path.Combine(folder, file)).Replace("2024", "2025", StringComparison.Ordinal);

        var outcome = await Upload(Store()).RunAsync(Files("half-2025",
            ("tariff-years/2025/tariff-year.csv", Text(TariffYearFiles.Settings)), ("tariff-years/2025/products.csv", Text(TariffYearFiles.ProductsFile))));

        Assert.False(outcome.Accepted);
        var problem = Assert.Single(outcome.Problems);
        Assert.Equal("tariff-years/2025", problem.File);
        Assert.Contains("missing: population-rules.csv, members.csv, budget.csv, partnerships.csv, mergers.csv", problem.Message);
        Assert.Null(await new StoredTariffYears(Store(), new MasterDataFiles()).FindAsync(2025));
    }

    [Fact]
    public async Task A_tariff_year_file_whose_year_cannot_be_told_is_refused_with_how_to_name_it()
    {
        var outcome = await Upload(Store()).RunAsync(Files("budget", ("budget.csv", File.ReadAllText(Path.Combine(Repository.TariffYearFolder(2024), TariffYearFiles.BudgetFile)))));

        Assert.False(outcome.Accepted);
        Assert.Contains("the tariff year of this file cannot be determined: upload it as tariff-years/YEAR/budget.csv", Assert.Single(outcome.Problems).Message);
    }
}
