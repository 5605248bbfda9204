using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NodaTime;

namespace Dimpact.Billing.MasterData;

/// <summary>
/// One version of a master data set: its number (v0001, v0002, …), who stored it and when, the upload it came from
/// (<c>seed</c> for the data shipped with the program), the fingerprint of its files and their names. The files of a
/// version never change; a change is a new version.
/// </summary>
public sealed record MasterDataVersion(MasterDataSet Set, int Number, string By, Instant At, string Source, string Hash, IReadOnlyList<string> Files)
{
    /// <summary>Who stores the data shipped with the program into an empty account.</summary>
    public const string SeedAuthor = "seed";

    /// <summary>Where the store keeps the version's files (e.g. <c>tariff-years/2024/2024-3f2a…/</c>); set by the store.</summary>
    public string Location { get; init; } = "";

    /// <summary><c>v0003</c>.</summary>
    public string Name => NameOf(Number);

    public static string NameOf(int number) => string.Create(CultureInfo.InvariantCulture, $"v{number:0000}");

    /// <summary>
    /// The fingerprint of a set's files: SHA-256 of their names and texts (line ends as LF, so the same data saved on
    /// Windows is the same version), the first 16 hex digits. Equal fingerprints: nothing changed.
    /// </summary>
    public static string HashOf(IReadOnlyDictionary<string, string> files)
    {
        var text = string.Concat(files.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Key + "\n" + Normalized(f.Value) + "\n\0"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }

    private static string Normalized(string text) => text.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal);
}

/// <summary>A stored version with its files (name → text).</summary>
public sealed record StoredMasterData(MasterDataVersion Version, IReadOnlyDictionary<string, string> Files);

/// <summary>
/// The current version of every set, as one consistent read: what the tariff years and the member registry are built
/// from. <see cref="MemberDataVersion"/> names the member data versions a document is made with.
/// </summary>
public sealed record MasterDataPointers(IReadOnlyDictionary<MasterDataSet, MasterDataVersion> Current)
{
    public MasterDataVersion? Members => Current.GetValueOrDefault(MasterDataSet.Members);
    public MasterDataVersion? Membership => Current.GetValueOrDefault(MasterDataSet.Membership);
    public MasterDataVersion? TariffYear(int year) => Current.GetValueOrDefault(MasterDataSet.TariffYear(year));

    /// <summary>"members v0003, changes v0002" (a part is left out while its set has no version).</summary>
    public string MemberDataVersion => string.Join(", ",
        new[] { Members is { } m ? "members " + m.Name : null, Membership is { } c ? "changes " + c.Name : null }.OfType<string>());
}
