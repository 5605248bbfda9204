namespace Dimpact.Billing.Members;

/// <summary>The members as addressees, with their buyer references per tariff year (data/members/).</summary>
public sealed class MemberRegistry
{
    private readonly Dictionary<CbsCode, Buyer> _buyers;
    private readonly Dictionary<(CbsCode, int), string> _references;

    public MemberRegistry(IEnumerable<Buyer> buyers, IReadOnlyDictionary<(CbsCode Member, int Year), string> references)
    {
        _buyers = buyers.ToDictionary(b => b.Code);
        _references = references.ToDictionary(r => (r.Key.Member, r.Key.Year), r => r.Value);
    }

    public IReadOnlyCollection<Buyer> Buyers => _buyers.Values;

    public Buyer this[CbsCode member] =>
        _buyers.TryGetValue(member, out var buyer) ? buyer : throw new KeyNotFoundException($"Member {member} is not in the member registry.");

    public bool Contains(CbsCode member) => _buyers.ContainsKey(member);

    /// <summary>The reference the member gave for the year, if any.</summary>
    public string? BuyerReference(CbsCode member, int year) => _references.GetValueOrDefault((member, year));
}
