using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Dimpact.Billing.Members;
using Dimpact.Billing.Membership;
using Dimpact.Billing.Notifications;
using Dimpact.Billing.Populations;
using Dimpact.Billing.Tariffs;
using NodaTime;

namespace Dimpact.Billing.MasterData;

/// <summary>What an upload did to one set: a new version (<c>Created</c>), or none because the files were the stored ones.</summary>
public sealed record SetOutcome(MasterDataSet Set, MasterDataVersion Version, bool Created, IReadOnlyList<string> UploadedFiles);

/// <summary>What an upload of master data came to: accepted (the sets and their versions) or rejected (the problems).</summary>
public sealed record MasterDataOutcome(string Upload, bool Accepted, IReadOnlyList<SetOutcome> Sets, IReadOnlyList<DataProblem> Problems)
{
    /// <summary>Accepted, and every set was stored as uploaded already: nothing added.</summary>
    public bool Unchanged => Accepted && Sets.All(s => !s.Created);

    /// <summary>The report's name: the upload's name and a fingerprint of its files, the same for a retry of the same upload.</summary>
    public string ReportName { get; init; } = Upload;

    public string ReportText { get; init; } = "";

    public string ReportLocation { get; init; } = "";

    public IReadOnlyList<NotificationOutcome> Notifications { get; init; } = [];
}

/// <summary>
/// "Master data in storage" (issue 13): finance uploads member data, membership changes or tariff-year files; the
/// files are merged with the current version of their set and validated all or nothing against everything already
/// stored (every tariff year, the registry, the membership changes against every year). Any problem: nothing is
/// stored. Otherwise each changed set becomes its next version, with who, when and the upload it came from; an
/// upload identical to the stored data adds nothing. Either way a report (file, line, field, reason) is written and
/// finance is notified once per upload (named after the upload and its content, so a retry notifies once).
/// </summary>
/// <remarks>
/// Two uploads at once never lose one: a version is stored with an insert that fails when its number was taken, and
/// the loser reads the new current data, validates its upload against it again and stores the next number.
/// </remarks>
public sealed class UploadMasterData(IMasterDataStore store, IMasterDataReader reader, IIngestionReports reports, IClock clock, IFinanceNotifier? notifier = null)
{
    private const int MaxAttempts = 50;

    public async Task<MasterDataOutcome> RunAsync(MasterDataUpload upload, CancellationToken cancellationToken = default)
    {
        var (uploaded, classifyProblems) = upload.Classify();
        if (upload.Files.Count == 0)
            classifyProblems = [new DataProblem(upload.Name, null, null, "the upload holds no files")];
        if (upload.Files.Select(f => f.Unreadable).OfType<DataProblem>().ToList() is { Count: > 0 } unreadable)
            classifyProblems = unreadable;
        if (classifyProblems.Count > 0) return await FinishAsync(upload, new MasterDataOutcome(upload.Name, false, [], classifyProblems), cancellationToken);

        var ours = new Dictionary<MasterDataSet, MasterDataVersion>();
        var files = new Dictionary<string, IReadOnlyDictionary<string, string>>();
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var current = await store.CurrentAsync(cancellationToken);
            var merged = new Dictionary<MasterDataSet, IReadOnlyDictionary<string, string>>();
            foreach (var (set, version) in current.Current)
            {
                var key = set.Name + "|" + version.Hash;
                merged[set] = files.TryGetValue(key, out var known) ? known : files[key] = await store.FilesAsync(version, cancellationToken);
            }
            foreach (var (set, newFiles) in uploaded)
            {
                var combined = merged.TryGetValue(set, out var stored) ? new Dictionary<string, string>(stored) : [];
                foreach (var (name, file) in newFiles) combined[name] = file.Text;
                merged[set] = combined;
            }

            var problems = Validate(merged, uploaded, current);
            if (problems.Count > 0) return await FinishAsync(upload, new MasterDataOutcome(upload.Name, false, [], problems), cancellationToken);

            var outcomes = new List<SetOutcome>();
            var conflict = false;
            foreach (var set in InStoringOrder(uploaded.Keys))
            {
                var hash = MasterDataVersion.HashOf(merged[set]);
                var names = uploaded[set].Keys.Order(StringComparer.Ordinal).ToList();
                if (current.Current.GetValueOrDefault(set) is { } existing && existing.Hash == hash)
                {
                    outcomes.Add(new SetOutcome(set, existing, ours.TryGetValue(set, out var mine) && mine.Number == existing.Number, names));
                    continue;
                }
                var version = new MasterDataVersion(set, (current.Current.GetValueOrDefault(set)?.Number ?? 0) + 1, upload.By, clock.GetCurrentInstant(),
                    upload.Name, hash, merged[set].Keys.Order(StringComparer.Ordinal).ToList());
                if (!await store.TryAddAsync(version, merged[set], cancellationToken))
                {
                    conflict = true; // another upload took the number: read its data, validate against it, try again
                    break;
                }
                ours[set] = version;
                outcomes.Add(new SetOutcome(set, version, true, names));
            }
            if (!conflict) return await FinishAsync(upload, new MasterDataOutcome(upload.Name, true, outcomes, []), cancellationToken);
            await Task.Delay(Random.Shared.Next(0, Math.Min(200, attempt * 20)), cancellationToken);
        }
        throw new InvalidOperationException($"Could not store the master data of {upload.Name} after {MaxAttempts} attempts (other uploads kept taking the next version).");
    }

    /// <summary>The registry first (merge successors must be in it), then the tariff years, then the changes that depend on both.</summary>
    private static IEnumerable<MasterDataSet> InStoringOrder(IEnumerable<MasterDataSet> sets) =>
        sets.OrderBy(s => s == MasterDataSet.Members ? 0 : s == MasterDataSet.Membership ? 2 : 1).ThenBy(s => s.Year);

    /// <summary>Every problem of the data as it would be after the upload: all stored sets with the uploaded files in place.</summary>
    private List<DataProblem> Validate(Dictionary<MasterDataSet, IReadOnlyDictionary<string, string>> merged,
        IReadOnlyDictionary<MasterDataSet, IReadOnlyDictionary<string, MasterDataFile>> uploaded, MasterDataPointers current)
    {
        var problems = new List<DataProblem>();
        // A set that is not stored yet (a new tariff year) must come whole: there is nothing to merge the rest from.
        foreach (var set in uploaded.Keys.Where(s => current.Current.GetValueOrDefault(s) is null))
            if (set.Files.Where(f => !merged[set].ContainsKey(f)).ToList() is { Count: > 0 } missing)
                problems.Add(new DataProblem(Origin(set) is { Length: > 0 } o ? o : set.Name, null, null,
                    $"{set} is not stored yet, so all its files must come in one upload; missing: {string.Join(", ", missing)}"));
        if (problems.Count > 0) return problems;

        var plans = new List<TariffYear>();
        foreach (var (set, files) in merged.Where(s => s.Key.Year is not null).OrderBy(s => s.Key.Year))
        {
            try
            {
                var plan = reader.TariffYear(files, Origin(set));
                if (plan.Year != set.Year)
                    problems.Add(new DataProblem($"{Origin(set)}/{MasterDataSet.TariffYearFiles[0]}", null, "year", $"the file says {plan.Year}, but it was uploaded as tariff year {set.Year}"));
                else plans.Add(plan);
            }
            catch (InvalidInputException e) { problems.AddRange(e.Problems); }
        }

        MemberRegistry? registry = null;
        if (merged.TryGetValue(MasterDataSet.Members, out var memberFiles))
            try { registry = reader.Registry(memberFiles, ""); }
            catch (InvalidInputException e) { problems.AddRange(e.Problems); }

        if (merged.TryGetValue(MasterDataSet.Membership, out var membershipFiles) && membershipFiles.TryGetValue(MasterDataSet.MembershipFile, out var text))
        {
            try
            {
                var changes = reader.Changes(text, MasterDataSet.MembershipFile, "");
                Func<CbsCode, string?> nameOf = code => registry is not null && registry.Contains(code) ? registry[code].Name : null;
                problems.AddRange(MembershipRules.Check(plans, changes, nameOf));
                if (registry is not null)
                    foreach (var merge in changes.Changes.Where(c => c.Kind == ChangeKind.Merge && c.Successor is { } s && !registry.Contains(s)))
                        problems.Add(new DataProblem(changes.File, merge.Line, "successor_code",
                            $"{merge.Successor} is not in {MasterDataSet.RegistryFile}: add the successor to the member registry first (or in the same upload)"));
            }
            catch (InvalidInputException e) { problems.AddRange(e.Problems); }
        }
        return problems.Distinct().ToList();
    }

    /// <summary>Where a set's files are named from in problems: <c>tariff-years/2025</c>; the member files by their names alone.</summary>
    private static string Origin(MasterDataSet set) => set.Year is { } year ? string.Create(CultureInfo.InvariantCulture, $"tariff-years/{year}") : "";

    private async Task<MasterDataOutcome> FinishAsync(MasterDataUpload upload, MasterDataOutcome outcome, CancellationToken cancellationToken)
    {
        var name = $"{upload.Name}.{upload.Fingerprint}";
        var text = ReportText(upload, outcome);
        var location = await reports.WriteAsync(name, ReportJson(upload, outcome), text, cancellationToken);
        outcome = outcome with { ReportName = name, ReportText = text, ReportLocation = location };
        if (notifier is null) return outcome;
        return outcome with { Notifications = [await notifier.NotifyAsync(FinanceMessages.MasterData(outcome, upload.By), cancellationToken)] };
    }

    public static string ReportText(MasterDataUpload upload, MasterDataOutcome outcome)
    {
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Master data upload {upload.Name} by {upload.By}: ")
            .Append(!outcome.Accepted ? "REJECTED" : outcome.Unchanged ? "accepted, unchanged" : "accepted")
            .Append('\n').Append('\n').Append("Files\n");
        foreach (var file in upload.Files) text.Append(CultureInfo.InvariantCulture, $"  {file.Path}\n");
        if (outcome.Accepted)
        {
            text.Append("\nStored master data\n");
            foreach (var set in outcome.Sets)
                text.Append(CultureInfo.InvariantCulture, $"  {set.Set,-16} {set.Version.Name}  ")
                    .Append(set.Created ? $"new version ({string.Join(", ", set.UploadedFiles)}), by {set.Version.By}" : $"identical to the stored version (by {set.Version.By}); nothing added")
                    .Append('\n');
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"\nErrors ({outcome.Problems.Count})\n");
            foreach (var p in outcome.Problems) text.Append("  ").Append(p.ToString()).Append('\n');
            text.Append("\nNothing was stored: an upload is accepted whole or not at all. Correct the files and upload them again.\n");
        }
        return text.ToString();
    }

    private static string ReportJson(MasterDataUpload upload, MasterDataOutcome outcome) => new JsonObject
    {
        ["upload"] = upload.Name,
        ["uploadFingerprint"] = upload.Fingerprint,
        ["by"] = upload.By,
        ["accepted"] = outcome.Accepted,
        ["unchanged"] = outcome.Unchanged,
        ["files"] = new JsonArray(upload.Files.Select(f => (JsonNode)JsonValue.Create(f.Path)).ToArray()),
        ["sets"] = new JsonArray(outcome.Sets.Select(s => (JsonNode)new JsonObject
        {
            ["set"] = s.Set.Name,
            ["version"] = s.Version.Name,
            ["created"] = s.Created,
            ["hash"] = s.Version.Hash,
        }).ToArray()),
        ["errors"] = new JsonArray(outcome.Problems.Select(p => (JsonNode)new JsonObject
        {
            ["file"] = p.File,
            ["line"] = p.Line,
            ["field"] = p.Field,
            ["reason"] = p.Message,
        }).ToArray()),
    }.ToJsonString(new() { WriteIndented = true });
}
