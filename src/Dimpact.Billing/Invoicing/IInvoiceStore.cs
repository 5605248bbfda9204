namespace Dimpact.Billing.Invoicing;

/// <summary>
/// Where issued documents live. <see cref="IssueAsync"/> assigns the next number of the document's series in the
/// same atomic write that stores it and claims its <see cref="DocumentKey"/>: a key is issued at most once, and a
/// number is neither skipped nor reused, whatever runs concurrently or crashes.
/// </summary>
public interface IInvoiceStore
{
    /// <summary>Every document of a tariff year, in number order per series.</summary>
    Task<IReadOnlyList<Invoice>> ListAsync(int year, CancellationToken cancellationToken = default);

    /// <summary>The tariff years that have documents, ascending (receivables span years).</summary>
    Task<IReadOnlyList<int>> YearsAsync(CancellationToken cancellationToken = default);

    /// <summary>The keys of every document of a tariff year (what an issue run must not draft again); a store may read only the keys.</summary>
    async Task<IReadOnlySet<DocumentKey>> IssuedKeysAsync(int year, CancellationToken cancellationToken = default) =>
        (await ListAsync(year, cancellationToken)).Select(i => i.Key).ToHashSet();

    Task<Invoice?> FindAsync(InvoiceNumber number, CancellationToken cancellationToken = default);

    /// <summary>The documents of many numbers (a batch of queue messages); a number without a document is missing. A store may read them together.</summary>
    async Task<IReadOnlyDictionary<InvoiceNumber, Invoice>> FindAsync(IReadOnlyCollection<InvoiceNumber> numbers, CancellationToken cancellationToken = default)
    {
        var found = new Dictionary<InvoiceNumber, Invoice>();
        foreach (var number in numbers.Distinct())
            if (await FindAsync(number, cancellationToken) is { } invoice) found[number] = invoice;
        return found;
    }

    /// <summary>Issues the draft, or returns the document already issued under its key (<c>Created</c> false).</summary>
    Task<IssueOutcome> IssueAsync(DraftInvoice draft, CancellationToken cancellationToken = default);

    /// <summary>How many drafts the store can issue in one atomic write: what <see cref="IssueManyAsync"/> is best given.</summary>
    int IssueBatchSize => 1;

    /// <summary>
    /// Issues the drafts in order, with the guarantees of <see cref="IssueAsync"/> for each; a store may write
    /// several in one atomic write. One outcome per draft, in the drafts' order.
    /// </summary>
    async Task<IReadOnlyList<IssueOutcome>> IssueManyAsync(IReadOnlyList<DraftInvoice> drafts, CancellationToken cancellationToken = default)
    {
        var outcomes = new List<IssueOutcome>(drafts.Count);
        foreach (var draft in drafts) outcomes.Add(await IssueAsync(draft, cancellationToken));
        return outcomes;
    }
}

public sealed record IssueOutcome(Invoice Invoice, bool Created);

/// <summary>
/// The tariff years the product knows, as they apply now: the stored tariff data of the year (seeded from the shipped
/// files) with the membership changes of the member data applied. Loading may read storage, so it is asynchronous.
/// </summary>
public interface ITariffYears
{
    Task<Tariffs.TariffYear?> FindAsync(int year, CancellationToken cancellationToken = default);
}
