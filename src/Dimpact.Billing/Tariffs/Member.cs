namespace Dimpact.Billing.Tariffs;

/// <summary>A member municipality as the tariff year knows it.</summary>
public sealed record Member(CbsCode Code, string Name, string NameInPlan, Population ReferencePopulation);

/// <summary>
/// Members that take products together through a lead member, which is billed for all of them; for the
/// shared products the lead's bracket population is the partnership's sum (e.g. RID de Liemers: Duiven
/// with Westervoort and Zevenaar, Bedrijfsplan 2024 Tabel 16 footnote 9).
/// </summary>
public sealed record Partnership(string Name, CbsCode Lead, IReadOnlyList<CbsCode> Partners, IReadOnlyList<ProductId> Products);

/// <summary>A municipal merger: the successor takes over the predecessors' membership and billing (statutes art. 4.5).</summary>
public sealed record Merger(CbsCode Successor, string SuccessorName, IReadOnlyList<CbsCode> Predecessors, NodaTime.LocalDate EffectiveDate);
