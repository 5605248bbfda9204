using NodaTime;

namespace Dimpact.Billing.Members;

/// <summary>
/// The member registry as it changes over time (finance uploads new versions): the current one for where documents
/// go now (e-mail addresses, OIN, buyer references), and the one current on a date for what a document shows
/// (the postal address valid on its issue date).
/// </summary>
public interface IMemberRegistries
{
    /// <summary>The registry as it is now: read again on every call, so an upload takes effect for the next delivery.</summary>
    Task<MemberRegistry> CurrentAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The registry a document issued on <paramref name="date"/> was made with: the version its member data version names
    /// (<c>members v0003, changes v0002</c>, recorded on the document), else the one current on the date (the newest
    /// version stored on or before it; else the first).
    /// </summary>
    Task<MemberRegistry> OnAsync(LocalDate date, string? memberDataVersion = null, CancellationToken cancellationToken = default);
}

/// <summary>One registry that never changes: the tests' and the benchmark's registry.</summary>
public sealed class FixedMemberRegistries(MemberRegistry registry) : IMemberRegistries
{
    public MemberRegistry Registry => registry;

    public Task<MemberRegistry> CurrentAsync(CancellationToken cancellationToken = default) => Task.FromResult(registry);

    public Task<MemberRegistry> OnAsync(LocalDate date, string? memberDataVersion = null, CancellationToken cancellationToken = default) => Task.FromResult(registry);
}
