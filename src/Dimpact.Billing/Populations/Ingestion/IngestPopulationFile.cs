namespace Dimpact.Billing.Populations.Ingestion;

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Populations;
using Dimpact.Billing.Tariffs;
using NodaTime;

/// <summary>An uploaded file: its name, its length (known before reading, e.g. from blob properties) and how to read it.</summary>
public sealed record PopulationUpload(string Name, long Length, Func<CancellationToken, Task<byte[]>> ReadAsync)
{
    public static PopulationUpload Of(string name, byte[] content) => new(name, content.LongLength, _ => Task.FromResult(content));

    /// <summary>
    /// Where a tool keeps an upload: a folder of its own per upload (time and a random part) holding the file under its
    /// original name, so that a second file of the same name never overwrites the first.
    /// </summary>
    public static string UniqueBlobName(string fileName, Instant now) =>
        $"{NodaTime.Text.InstantPattern.CreateWithInvariantCulture("uuuuMMdd'T'HHmmss'Z'").Format(now)}-{Guid.NewGuid().ToString("N")[..12]}/{Path.GetFileName(fileName)}";
}

/// <summary>
/// The version a reference date's figures are stored as; <c>Created</c> false when the same figures were stored before;
/// <c>Held</c> when the version waits for finance's approval (<see cref="PopulationPlausibility"/>).
/// </summary>
public sealed record IngestedDate(LocalDate ReferenceDate, int Version, bool Created, bool Held = false)
{
    public string SnapshotId => string.Create(CultureInfo.InvariantCulture, $"{ReferenceDate:yyyy-MM-dd}/v{Version}");
}

/// <summary>What ingesting an upload did: accepted (with the versions) or rejected, and where its report is.</summary>
public sealed record IngestionOutcome(string Upload, bool Accepted, IReadOnlyList<IngestedDate> Dates, string ReportLocation, PopulationReport Report)
{
    /// <summary>The report's name: the upload's name and a fingerprint of its content, the same for a retry of the same upload.</summary>
    public string ReportName { get; init; } = Upload;

    /// <summary>The report as people read it (the <c>.txt</c> next to the JSON).</summary>
    public string ReportText { get; init; } = "";
}

/// <summary>
/// "Ingest a population file" (BILLING.md, "Population figures"). The size is checked before anything is read; the
/// file is read whole; on any error nothing is stored. Otherwise each reference date's figures become a snapshot
/// version: figures identical to a stored version add nothing, other figures for a stored date are a correction
/// (the next version). Either way a report (JSON and text: file, line, field, reason) is written under a name
/// derived from the upload's name and content, so that a retry rewrites the same report instead of adding one.
/// Figures that change implausibly much are stored held (<see cref="PopulationPlausibility"/>): nothing is issued on
/// them until finance approves the version.
/// </summary>
public sealed class IngestPopulationFile(ITariffYears years, IPopulationSnapshots snapshots, IIngestionReports reports, IClock clock,
    IPopulationFileReader reader, PopulationPlausibility? plausibility = null)
{
    /// <summary>The oldest year a tariff year can have (TariffYearFiles accepts years from 2000).</summary>
    private const int FirstTariffYear = 2000;

    public async Task<IngestionOutcome> RunAsync(PopulationUpload upload, CancellationToken cancellationToken = default)
    {
        if (reader.TooLarge(upload.Name, upload.Length) is { } tooLarge)
            return await ReportAsync(upload.Name, string.Create(CultureInfo.InvariantCulture, $"size-{upload.Length}"), PopulationReport.Refused(upload.Name, tooLarge), [], cancellationToken);

        var content = await upload.ReadAsync(cancellationToken);
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(content))[..16];
        var outcome = await ExamineAsync(upload.Name, content, cancellationToken);
        if (outcome.File is not { } file)
        {
            var rejected = new PopulationReport(upload.Name, outcome.Format, outcome.FormatDescription, false,
                outcome.Errors.Select(PopulationReport.Entry.From).ToList(), outcome.Warnings.Select(PopulationReport.Entry.From).ToList(), [], 0, 0);
            return await ReportAsync(upload.Name, fingerprint, rejected, [], cancellationToken);
        }

        var rules = plausibility ?? PopulationPlausibility.Default;
        var stored = await snapshots.ListAsync(cancellationToken);
        var report = PopulationReport.Of(file);
        var dates = new List<IngestedDate>();
        var changes = new List<PopulationReport.Entry>();
        foreach (var data in file.Snapshots)
        {
            var date = data.ReferenceDate;
            var figures = data.Figures.ToDictionary(f => f.Member, f => f.Population);
            var hash = PopulationSnapshot.HashOf(figures);
            var yearOfDate = await years.FindAsync(date.Year, cancellationToken);
            var settledOn = yearOfDate is { } y && y.SettlementReferenceDate == date ? y : null;
            if (date.Month == 1 && date.Day == 1 && yearOfDate is null)
                changes.Add(new PopulationReport.Entry(null, null, string.Create(CultureInfo.InvariantCulture,
                    $"there is no tariff year {date.Year}: the figures of {date:yyyy-MM-dd} are stored, but nothing is settled on them until the tariff data of {date.Year} is added")));
            var hold = rules.Check(figures, PopulationPlausibility.Basis(stored, date, hash, settledOn));
            var added = await snapshots.AddAsync(date, figures, upload.Name, clock.GetCurrentInstant(), hold, cancellationToken);
            if (added.Snapshot.IsHeld)
                changes.AddRange(added.Snapshot.HoldReasons!.Select(h => new PopulationReport.Entry(null, null,
                    $"HELD for approval: {h}; nothing is issued on the figures of {date:yyyy-MM-dd} until finance approves them (dimpact population approve)")));
            else if (Previous(stored, date, hash) is { } previous)
                changes.AddRange(PopulationReport.NotableChanges(data, previous.Figures, $"version {previous.Id}", rules.MaxChange));
            dates.Add(new IngestedDate(date, added.Snapshot.Version, added.Created, added.Snapshot.IsHeld));
        }
        return await ReportAsync(upload.Name, fingerprint, report with { Warnings = [.. report.Warnings, .. changes] }, dates, cancellationToken);
    }

    /// <summary>
    /// Reads with the members of the current tariff year (the newest up to this year), and again with those of the
    /// tariff year of the file's newest date when that is another known year: membership (and mergers) are those of
    /// the year the figures are for.
    /// </summary>
    private async Task<PopulationReadOutcome> ExamineAsync(string name, byte[] content, CancellationToken cancellationToken)
    {
        var today = BillingCalendar.Today(clock);
        TariffYear? current = null;
        for (var y = today.Year; y >= FirstTariffYear && current is null; y--) current = await years.FindAsync(y, cancellationToken);
        if (current is null) throw new InvalidOperationException($"There is no tariff year up to {today.Year} to read population files for.");
        var outcome = reader.Examine(name, content, current);
        if (outcome.File?.ReferenceDates is [.., var newest] && newest.Year != current.Year && await years.FindAsync(newest.Year, cancellationToken) is { } year)
            return reader.Examine(name, content, year);
        return outcome;
    }

    /// <summary>
    /// What the figures of a date are compared with: the newest other version of that date, else the newest figures of
    /// an earlier date. Independent of whether this upload was stored already, so a retry reports the same warnings.
    /// </summary>
    private static PopulationSnapshot? Previous(IReadOnlyList<PopulationSnapshot> stored, LocalDate date, string hash) =>
        stored.Where(s => s.ReferenceDate == date && s.FiguresHash != hash).MaxBy(s => s.Version)
        ?? stored.Where(s => s.ReferenceDate < date).MaxBy(s => (s.ReferenceDate, s.Version));

    private async Task<IngestionOutcome> ReportAsync(string upload, string fingerprint, PopulationReport report, IReadOnlyList<IngestedDate> dates, CancellationToken cancellationToken)
    {
        var json = (JsonObject)JsonNode.Parse(report.ToJson())!;
        json["upload"] = upload;
        json["uploadFingerprint"] = fingerprint;
        json["snapshots"] = new JsonArray(dates.Select(d => (JsonNode)new JsonObject
        {
            ["referenceDate"] = d.ReferenceDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["version"] = d.Version,
            ["created"] = d.Created,
            ["held"] = d.Held,
        }).ToArray());

        var text = new StringBuilder(report.ToText());
        if (dates.Count > 0)
        {
            text.Append("\nStored figures\n");
            foreach (var d in dates)
            {
                text.Append(CultureInfo.InvariantCulture, $"{d.ReferenceDate:yyyy-MM-dd}  version {d.Version}  {(d.Created ? "new version" : "identical to the stored version; nothing added")}\n");
                if (d.Held)
                    text.Append(CultureInfo.InvariantCulture,
                        $"    HELD: nothing is issued on these figures until finance approves them: dimpact population approve {d.ReferenceDate:yyyy-MM-dd} --version {d.Version}\n");
            }
        }
        else if (!report.Accepted) text.Append("\nNothing was stored: the file is accepted whole or not at all. Correct it and upload it again.\n");

        var name = $"{upload}.{fingerprint}";
        var location = await reports.WriteAsync(name, json.ToJsonString(new() { WriteIndented = true }), text.ToString(), cancellationToken);
        return new IngestionOutcome(upload, report.Accepted, dates, location, report) { ReportName = name, ReportText = text.ToString() };
    }
}
