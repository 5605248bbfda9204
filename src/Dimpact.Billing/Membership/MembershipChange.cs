using NodaTime;

namespace Dimpact.Billing.Membership;

/// <summary>What a membership change does (BILLING.md, "Membership over time").</summary>
public enum ChangeKind
{
    /// <summary>A municipality becomes a member from the effective date; it pays an entry fee once.</summary>
    Join,

    /// <summary>A member takes up a product the budget does not include, from the effective date.</summary>
    Uptake,

    /// <summary>A member leaves (no product) or stops a product, from the effective date: the year stays due, nothing after.</summary>
    Leave,

    /// <summary>A member merges into its successor from the effective date: the successor receives its documents.</summary>
    Merge,
}

/// <summary>
/// One row of membership-changes.csv: a dated fact with its source (the meeting's decision). <c>Line</c> is the row's
/// line in the file it came from, so that a problem with it names file, line and field.
/// </summary>
public sealed record MembershipChange(
    CbsCode Member,
    string MemberName,
    ChangeKind Kind,
    ProductId? Product,
    LocalDate EffectiveDate,
    Population? Population,
    Money? EntryFee,
    Money? SupplierAmount,
    CbsCode? Successor,
    string Decision)
{
    public int Line { get; init; }

    /// <summary>The tariff year the change takes effect in.</summary>
    public int Year => EffectiveDate.Year;

    /// <summary>The quarter it takes effect in (1–4).</summary>
    public int Quarter => (EffectiveDate.Month - 1) / 3 + 1;
}

/// <summary>
/// The membership changes as stored (one version of membership-changes.csv). <c>Version</c> names the version of the
/// member data they belong to; documents record it. <c>File</c> is the name problems are reported against.
/// </summary>
public sealed record MembershipChanges(string Version, IReadOnlyList<MembershipChange> Changes, string File = MembershipChanges.FileName)
{
    public const string FileName = "membership-changes.csv";

    /// <summary>The exact header of membership-changes.csv.</summary>
    public const string Header = "member_code,member_name,change,product,effective_date,population,entry_fee,supplier_amount,successor_code,decision";

    public static readonly MembershipChanges None = new("", []);
}
