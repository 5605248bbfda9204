using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NodaTime;

namespace Dimpact.Billing.Populations;

/// <summary>
/// One version of the population figures of a reference date, as ingested from one file. CBS publishes provisional
/// figures first and final ones later: a later file for the same date with other figures becomes the next version;
/// every version is kept (BILLING.md, "Population figures"). A version whose figures change implausibly much
/// (<see cref="PopulationPlausibility"/>) is <see cref="IsHeld">held</see>: nothing is issued on it until finance
/// approves it, or a newer version supersedes it.
/// </summary>
public sealed record PopulationSnapshot(
    LocalDate ReferenceDate,
    int Version,
    string Source,
    Instant IngestedAt,
    IReadOnlyDictionary<CbsCode, Population> Figures,
    IReadOnlyList<ImplausibleChange>? HoldReasons = null,
    PopulationApproval? Approval = null)
{
    /// <summary>Held: its changes need finance's approval before anything is issued on it.</summary>
    public bool IsHeld => HoldReasons is { Count: > 0 } && Approval is null;

    /// <summary>Whether it ever needed an approval (held now, or approved).</summary>
    public bool NeedsApproval => HoldReasons is { Count: > 0 };

    /// <summary>How invoices name the figures they were computed on, e.g. "2024-01-01/v2".</summary>
    public string Id => string.Create(CultureInfo.InvariantCulture, $"{ReferenceDate:yyyy-MM-dd}/v{Version}");

    /// <summary>The version named by an <see cref="Id"/> (as recorded on an invoice).</summary>
    public static int VersionOf(string id) =>
        int.Parse(id[(id.LastIndexOf("/v", StringComparison.Ordinal) + 2)..], NumberStyles.None, CultureInfo.InvariantCulture);

    public Population? Of(CbsCode member) => Figures.TryGetValue(member, out var p) ? p : null;

    /// <summary>A fingerprint of the figures alone: a file with the same figures as an existing version adds nothing.</summary>
    public string FiguresHash => HashOf(Figures);

    public static string HashOf(IReadOnlyDictionary<CbsCode, Population> figures)
    {
        var text = string.Join('\n', figures.OrderBy(f => f.Key.Value, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value.Count}"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}

public sealed record SnapshotOutcome(PopulationSnapshot Snapshot, bool Created);

/// <summary>Finance's approval of a held version: who approved it and when (recorded once, never changed).</summary>
public sealed record PopulationApproval(string ApprovedBy, Instant ApprovedAt);

/// <summary>What approving a version found: the version as approved now, and whether this call recorded the approval.</summary>
public sealed record ApprovalOutcome(PopulationSnapshot Snapshot, bool Recorded);

/// <summary>Where population snapshots are kept; every version of every reference date.</summary>
public interface IPopulationSnapshots
{
    /// <summary>The newest version for a reference date, or null when no figures of that date were ingested.</summary>
    Task<PopulationSnapshot?> LatestAsync(LocalDate referenceDate, CancellationToken cancellationToken = default);

    /// <summary>Every version of every reference date, oldest first.</summary>
    Task<IReadOnlyList<PopulationSnapshot>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores the figures as the next version of their date, atomically (concurrent adds cannot take the same
    /// version); when a version of that date already has the same figures it returns that version (<c>Created</c>
    /// false), so re-ingesting a file adds nothing.
    /// </summary>
    Task<SnapshotOutcome> AddAsync(LocalDate referenceDate, IReadOnlyDictionary<CbsCode, Population> figures, string source, Instant ingestedAt,
        IReadOnlyList<ImplausibleChange>? holdReasons = null, CancellationToken cancellationToken = default);

    /// <summary>One version of a date, or null.</summary>
    Task<PopulationSnapshot?> FindAsync(LocalDate referenceDate, int version, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records finance's approval of a version once (idempotent: approving again returns the first approval,
    /// <c>Recorded</c> false). Null when the version does not exist.
    /// </summary>
    Task<ApprovalOutcome?> ApproveAsync(LocalDate referenceDate, int version, PopulationApproval approval, CancellationToken cancellationToken = default);
}
