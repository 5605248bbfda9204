using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Dimpact.Billing;
using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Tariffs;
using Dimpact.DataFiles.TariffYears;

namespace Dimpact.Storage;

/// <summary>
/// The shipped tariff years, each archived on first use to blob <c>tariff-years/{year}/{version}/{file}</c>
/// before anything is issued with it, so that every invoice, which records its tariff version, can be reproduced
/// from the exact data it was issued with, also after the shipped files change. Blobs are created, never
/// overwritten: the first process to archive a version wins, the others find it there.
/// </summary>
public sealed class ArchivedTariffYears(TariffYearCatalog catalog, BillingStorage storage) : ITariffYears
{
    // Only a year archived successfully is kept: a failed archive (storage unreachable) is tried again on the next use.
    private readonly ConcurrentDictionary<int, TariffYear?> _years = new();

    private BlobContainerClient Container => storage.Container(BillingStorage.TariffYearsContainer);

    public static string BlobName(int year, string version, string file) => string.Create(CultureInfo.InvariantCulture, $"{year}/{version}/{file}");

    /// <summary>The year from the catalog, once its files are in the archive.</summary>
    public async Task<TariffYear?> FindAsync(int year, CancellationToken cancellationToken = default)
    {
        if (_years.TryGetValue(year, out var known)) return known;
        var archived = await ArchiveAsync(year, cancellationToken);
        return _years.GetOrAdd(year, archived);
    }

    private async Task<TariffYear?> ArchiveAsync(int year, CancellationToken cancellationToken)
    {
        if (catalog.Find(year) is not { } loaded) return null;
        var folder = Path.Combine(catalog.Root, year.ToString(CultureInfo.InvariantCulture));
        var files = TariffYearFiles.AllFiles.ToDictionary(f => f, f => File.ReadAllText(Path.Combine(folder, f), Encoding.UTF8));
        // The files are read again to archive them: they must still be the ones the year was built from (same
        // version, a hash of the files: the year is parsed once, by the catalog).
        if (TariffYearFiles.Version(loaded.Year, files) != loaded.Version)
            throw new InvalidOperationException($"The files of tariff year {year} in {folder} changed while they were being archived; try again.");

        await Container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        foreach (var (name, text) in files)
        {
            try
            {
                await Container.GetBlobClient(BlobName(year, loaded.Version, name)).UploadAsync(BinaryData.FromString(text), new BlobUploadOptions
                {
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                    HttpHeaders = new BlobHttpHeaders { ContentType = "text/csv; charset=utf-8" },
                }, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // Archived before, by this or another process: the version is a hash of these very files.
            }
        }
        return loaded;
    }

    /// <summary>A tariff year as archived under its version, or null when that version was never archived.</summary>
    public async Task<TariffYear?> LoadVersionAsync(int year, string version, CancellationToken cancellationToken = default)
    {
        var files = new Dictionary<string, string>();
        foreach (var name in TariffYearFiles.AllFiles)
        {
            var blob = Container.GetBlobClient(BlobName(year, version, name));
            try
            {
                files[name] = (await blob.DownloadContentAsync(cancellationToken)).Value.Content.ToString();
            }
            catch (RequestFailedException e) when (e.Status == 404) { }
        }
        if (files.Count == 0) return null;
        var origin = $"{Container.Name}/{year}/{version}";
        var archived = TariffYearFiles.Parse(files, origin);
        if (archived.Version != version)
            throw new InvalidInputException([new DataProblem(origin, null, null, $"the archived files give version {archived.Version}, not {version}")]);
        return archived;
    }
}
