using Dimpact.Billing;
using Azure.Storage.Blobs.Models;
using Dimpact.Billing.MasterData;
using NodaTime;
using NodaTime.Text;

namespace Dimpact.Storage;

/// <summary>
/// The master-data container, where finance's uploads are kept as uploaded (never overwritten). A blob's metadata can
/// say who uploaded it (<see cref="UploadedBy"/>); blobs the CLI uploads carry <see cref="RunBy"/> = <c>cli</c>: the
/// CLI runs their upload itself, as one upload of all its files, so the blob trigger leaves them alone (it would see
/// them one by one, e.g. a new tariff year's files each without the other six).
/// </summary>
public static class MasterDataUploads
{
    public const string UploadedBy = "uploadedby";
    public const string RunBy = "runby";
    public const string RunByCli = "cli";

    /// <summary>
    /// Keeps the files under a folder of their own, <c>{time}-{id}/</c>, each under its name, or under
    /// <c>tariff-years/{year}/{name}</c> when its path says which tariff year it is of; returns the folder and the files
    /// with their paths in it (which the upload's classification reads).
    /// </summary>
    public static async Task<(string Folder, IReadOnlyList<MasterDataFile> Files)> KeepAsync(BillingStorage storage, IReadOnlyList<(string LocalPath, byte[] Content)> files,
        string by, Instant now, CancellationToken cancellationToken = default)
    {
        await storage.EnsureCreatedAsync();
        var folder = $"{InstantPattern.CreateWithInvariantCulture("uuuuMMdd'T'HHmmss'Z'").Format(now)}-{Guid.NewGuid().ToString("N")[..12]}";
        var container = storage.Container(BillingStorage.MasterDataUploadsContainer);
        var kept = new List<MasterDataFile>();
        foreach (var (localPath, content) in files)
        {
            var name = Path.GetFileName(localPath);
            var path = MasterDataUpload.YearInPath(localPath.Replace('\\', '/')) is { } year ? $"tariff-years/{year}/{name}" : name;
            await container.GetBlobClient($"{folder}/{path}").UploadAsync(new BinaryData(content), new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = Azure.ETag.All },
                HttpHeaders = new BlobHttpHeaders { ContentType = "text/csv; charset=utf-8" },
                Metadata = new Dictionary<string, string> { [UploadedBy] = Ascii(by), [RunBy] = RunByCli },
            }, cancellationToken);
            kept.Add(Read(path, content));
        }
        return (folder, kept);
    }

    /// <summary>An uploaded file's text; bytes that are no CSV text (a workbook, a PDF, UTF-16) make it unreadable, with why.</summary>
    public static MasterDataFile Read(string path, byte[] content)
    {
        try { return new MasterDataFile(path, DataFiles.UploadedText.Decode(path.Split('/')[^1], content)); }
        catch (InvalidInputException e) { return new MasterDataFile(path, "", e.Problems[0]); }
    }

    /// <summary>Blob metadata values are ASCII: other characters become '?'.</summary>
    private static string Ascii(string text) => new(text.Select(c => c is >= ' ' and <= '~' ? c : '?').ToArray());
}
