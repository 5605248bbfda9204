using Azure;
using Azure.Storage.Blobs.Models;
using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Tariffs;
using Dimpact.Storage;
using Dimpact.TestSupport;
using NodaTime;
using Dimpact.DataFiles.TariffYears;

namespace Dimpact.Integration.Tests;

/// <summary>
/// A tariff year's data files are archived on first use under their version, never overwritten, so that every
/// invoice can be reproduced from the exact data it was issued with.
/// </summary>
public class ArchivingTariffYears
{
    private static readonly TariffYearCatalog Catalog = new(Repository.Data("tariff-years"));
    private static readonly string Version = Repository.TariffYear2024.Version;
    private readonly BillingStorage _storage = BillingStorage.FromConnectionString(Azurite.ConnectionString, Azurite.UniquePrefix());

    private async Task<Dictionary<string, ETag>> ArchivedBlobsAsync()
    {
        var blobs = new Dictionary<string, ETag>();
        await foreach (var blob in _storage.Container(BillingStorage.TariffYearsContainer).GetBlobsAsync(BlobTraits.None, BlobStates.None, "2024/", default))
            blobs[blob.Name] = blob.Properties.ETag!.Value;
        return blobs;
    }

    [Fact]
    public async Task First_use_archives_every_data_file_under_the_years_version()
    {
        var year = await new ArchivedTariffYears(Catalog, _storage).FindAsync(2024);

        Assert.Equal(Version, year!.Version);
        Assert.Equal(TariffYearFiles.AllFiles.Select(f => $"2024/{Version}/{f}").Order(), (await ArchivedBlobsAsync()).Keys.Order());
    }

    [Fact]
    public async Task The_archived_version_loads_with_the_same_version_and_budget_lines()
    {
        var archive = new ArchivedTariffYears(Catalog, _storage);
        await archive.FindAsync(2024);

        var loaded = await new ArchivedTariffYears(Catalog, _storage).LoadVersionAsync(2024, Version);

        Assert.Equal(Version, loaded!.Version);
        Assert.Equal(Repository.TariffYear2024.BudgetLines, loaded.BudgetLines);
        Assert.Equal(Repository.TariffYear2024.Members, loaded.Members);
        Assert.Null(await archive.LoadVersionAsync(2024, "2024-000000000000"));
    }

    [Fact]
    public async Task A_second_process_does_not_overwrite_the_archive()
    {
        await new ArchivedTariffYears(Catalog, _storage).FindAsync(2024);
        var first = await ArchivedBlobsAsync();

        await new ArchivedTariffYears(Catalog, _storage).FindAsync(2024);

        Assert.Equal(first, await ArchivedBlobsAsync()); // an overwrite, even with the same bytes, gives a new ETag
    }

    [Fact]
    public async Task Files_changed_after_the_year_was_loaded_are_refused_not_archived()
    {
        var catalog = TariffYearBuilder.From2024().Catalog();
        try
        {
            catalog.Load(2024);
            TariffYearBuilder.From2024().WithMerger("GM9999", "Elders", "GM0150", new LocalDate(2030, 1, 1)).WriteTo(Path.Combine(catalog.Root, "2024"));

            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new ArchivedTariffYears(catalog, _storage).FindAsync(2024));

            Assert.Contains("changed while they were being archived", error.Message);
            await _storage.EnsureCreatedAsync();
            Assert.Empty(await ArchivedBlobsAsync());
        }
        finally
        {
            Directory.Delete(catalog.Root, recursive: true);
        }
    }

    [Fact]
    public async Task An_issued_invoice_is_reproduced_from_the_archived_version_it_records()
    {
        var january2 = new LocalDate(2024, 1, 2);
        await new IssueDueInvoices(new ArchivedTariffYears(Catalog, _storage), new TableInvoiceStore(_storage)).RunAsync(january2);
        var deventer = (await new TableInvoiceStore(_storage).ListAsync(2024)).Single(i => i.Member.Value == "GM0150");

        var year = await new ArchivedTariffYears(Catalog, _storage).LoadVersionAsync(2024, deventer.Draft.Basis.TariffVersion);
        var redrafted = IssueDueInvoices.DueBy(year!, january2).Single(d => d.Key == deventer.Key);

        Assert.Equal(deventer.Lines, redrafted.Lines);
        Assert.Equal(deventer.TotalInclVat, redrafted.TotalInclVat);
    }
}
