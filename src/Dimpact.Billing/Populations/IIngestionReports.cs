namespace Dimpact.Billing.Populations;

/// <summary>
/// Where the report on an uploaded population file is kept, next to the upload (BILLING.md: "a report (line, field,
/// reason) is written next to it"): one JSON document for tools and one text for people, under one name.
/// </summary>
public interface IIngestionReports
{
    /// <summary>
    /// Writes both documents as <c>{name}.json</c> and <c>{name}.txt</c>, replacing earlier ones of the same name (a
    /// retried ingestion writes the same report again); returns where the JSON report is.
    /// </summary>
    Task<string> WriteAsync(string name, string json, string text, CancellationToken cancellationToken = default);
}
