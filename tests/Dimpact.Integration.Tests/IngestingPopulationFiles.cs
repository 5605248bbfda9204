using System.Text;
using System.Text.Json;
using Dimpact.Billing;
using Dimpact.Billing.Invoicing;
using Dimpact.Billing.Settlement;
using Dimpact.Billing.Tariffs;
using Dimpact.DataFiles;
using Dimpact.Billing.Populations.Ingestion;
using Dimpact.Storage;
using Dimpact.TestSupport;
using NodaTime;
using NodaTime.Testing;
using Dimpact.DataFiles.TariffYears;
using Dimpact.Billing.Populations;

namespace Dimpact.Integration.Tests;

/// <summary>
/// Ingesting an uploaded population file against Azurite (BILLING.md, "Population figures"): accepted whole or not at
/// all, a report next to it, a file identical to one ingested is a no-op, a different one is a correction.
/// </summary>
public class IngestingPopulationFiles
{
    private const string H = "code;name;population;reference_date";
    private const string Classic = "\"Perioden\";\"Regio's\";\"Bevolking/Bevolkingssamenstelling op 1 januari/Totale bevolking (aantal)\"";
    private static readonly ITariffYears Years = new TariffYearCatalog(Repository.Data("tariff-years"));
    private static readonly LocalDate January1 = new(2024, 1, 1);
    private static readonly string SamplePath = Repository.Data("samples", "population-2024-01-01.csv");

    private readonly BillingStorage _storage = BillingStorage.FromConnectionString(Azurite.ConnectionString, Azurite.UniquePrefix());
    private readonly FakeClock _clock = new(Instant.FromUtc(2024, 10, 1, 5, 0));

    private TablePopulationSnapshots Snapshots => new(_storage);
    private TableInvoiceStore Store => new(_storage);
    private IngestPopulationFile Ingest(PopulationReadOptions? options = null) => new(Years, Snapshots, new BlobIngestionReports(_storage), _clock, new PopulationFiles(options));
    private IngestAndSettle IngestAndSettle() => new(Ingest(), new SettleYear(Years, Snapshots, Store), Years, _clock);

    private static string Sample => File.ReadAllText(SamplePath);

    /// <summary>The sample with one member's figure replaced.</summary>
    private static string SampleWith(string code, Func<int, int> figure) =>
        string.Join('\n', Sample.Split('\n').Select(line =>
        {
            if (!line.StartsWith(code + ";", StringComparison.Ordinal)) return line;
            var f = line.Split(';');
            return $"{f[0]};{f[1]};{figure(int.Parse(f[2]))};{f[3]}";
        }));

    private async Task<string> ReportBlob(string location, string extension)
    {
        var name = location[(location.IndexOf('/') + 1)..];
        var blob = _storage.Container(BillingStorage.ReportsContainer).GetBlobClient(Path.ChangeExtension(name, extension));
        return (await blob.DownloadContentAsync()).Value.Content.ToString();
    }

    public static TheoryData<string, byte[], int?, string?, string> Malformed()
    {
        static byte[] T(string text) => Encoding.UTF8.GetBytes(text);
        var data = new TheoryData<string, byte[], int?, string?, string>
        {
            // case, content, line, field, part of the reason
            { "wrong separator mix", T($"{H}\nGM0106,Assen,69500,2024-01-01\n"), 2, null, "wrong separator mix" },
            { "missing header", T("GM0106;Assen;69500;2024-01-01\n"), 1, null, "looks like data, not a header" },
            { "unknown header", T("gemeente;inwoners;datum\nAssen;69500;2024-01-01\n"), 1, null, "no recognizable header" },
            { "no separator in header", T("population figures 2024\nGM0106 69500\n"), 1, null, "no ';' or ',' separator" },
            { "missing column", T("code;name;inwoners;reference_date\nGM0106;Assen;69500;2024-01-01\n"), 1, "population", "no column 'population'" },
            { "header only", T($"{H}\r\n"), 1, null, "header but no data rows" },
            { "text for a number", T($"{H}\nGM0106;Assen;zeventigduizend;2024-01-01\n"), 2, "population", "'zeventigduizend' is not a number of inhabitants" },
            { "negative population", T($"{H}\nGM0106;Assen;-69500;2024-01-01\n"), 2, "population", "negative" },
            { "decimal population", T($"{H}\nGM0106;Assen;68979.5;2024-01-01\n"), 2, "population", "not a whole number" },
            { "thousands separator", T($"{H}\nGM0106;Assen;68.979;2024-01-01\n"), 2, "population", "ambiguous" },
            { "duplicate with another figure", T($"{H}\nGM0106;Assen;69500;2024-01-01\nGM0106;Assen;69600;2024-01-01\n"), 3, "population", "duplicate with a different figure" },
            { "date not a 1 January", T($"{H}\nGM0106;Assen;69500;2024-02-01\n"), 2, "reference_date", "2024-02-01 is not a 1 January" },
            { "Dutch date", T($"{H}\nGM0106;Assen;69500;01-01-2024\n"), 2, "reference_date", "is not a date in the form yyyy-MM-dd" },
            { "truncated line", T($"{H}\nGM0106;Assen;69500;2024-01-01\nGM0150;Deventer;103000\n"), 3, "reference_date", "truncated line" },
            { "more fields than the header", T($"{H}\nGM0106;Assen;69500;2024-01-01;x\n"), 2, null, "more than the header's 4" },
            { "not a CBS code", T($"{H}\nG106;Assen;69500;2024-01-01\n"), 2, "code", "'G106' is not a CBS municipality code" },
            { "unterminated quote", T($"{Classic}\n\"2022\";\"Assen;68979\n"), 2, null, "not closed" },
            { "StatLine year with a month", T($"{Classic}\n\"2022-01\";\"Assen\";68979\n"), 2, "Perioden", "is not a year period" },
            { "only non-members", T($"{H}\nGM0363;Amsterdam;931298;2024-01-01\n"), null, null, "no member figures" },
            { "every member figure missing", T($"{H}\nGM0106;Assen;.;2024-01-01\nGM0150;Deventer;x;2024-01-01\n"), null, null, "no member figures" },
            { "empty", [], null, null, "the file is empty" },
            { "UTF-16", [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(H)], 1, null, "UTF-16" },
            { "Windows-1252", [.. T($"{H}\nGM1900;S"), 0xFA, .. T($"dwest-Frysl\u00e2n;90000;2024-01-01\n")], 2, null, "not valid UTF-8" },
            { "binary", T($"{H}\nGM0106;Assen;69500;2024-01-01\nPK\u0003\u0004\0\0\n"), 3, null, "binary data" },
        };
        // A whole valid file spoilt by its last line: the valid rows are not stored either.
        data.Add("one bad line at the end of a good file", T(Sample.TrimEnd('\n') + "\nGM0150;Deventer;-1;2024-01-01\n"), Sample.TrimEnd('\n').Split('\n').Length + 1, "population", "negative");
        return data;
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task A_malformed_file_stores_nothing_and_its_report_names_file_line_field_and_reason(string kind, byte[] content, int? line, string? field, string reason)
    {
        var name = $"bad-{kind.Replace(' ', '-')}.csv";
        var outcome = await Ingest().RunAsync(PopulationUpload.Of(name, content));

        Assert.False(outcome.Accepted, kind);
        Assert.Empty(outcome.Dates);
        Assert.Empty(await Snapshots.ListAsync());
        var error = Assert.Single(outcome.Report.Errors, e => e.Reason.Contains(reason, StringComparison.Ordinal));
        Assert.Equal(line, error.Line);
        Assert.Equal(field, error.Field);

        using var json = JsonDocument.Parse(await ReportBlob(outcome.ReportLocation, ".json"));
        Assert.Equal("rejected", json.RootElement.GetProperty("result").GetString());
        Assert.Equal(name, json.RootElement.GetProperty("fileName").GetString());
        Assert.Contains(json.RootElement.GetProperty("errors").EnumerateArray(), e => e.GetProperty("reason").GetString()!.Contains(reason, StringComparison.Ordinal));
        var text = await ReportBlob(outcome.ReportLocation, ".txt");
        Assert.Contains($"Population file: {name}", text);
        Assert.Contains("REJECTED", text);
        Assert.Contains("Nothing was stored", text);
        var row = text.Split('\n').Single(l => l.StartsWith("error", StringComparison.Ordinal) && l.Contains(reason, StringComparison.Ordinal));
        if (line is { } n) Assert.Contains($" {n} ", row);
        if (field is not null) Assert.Contains(field, row);
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused_without_being_read()
    {
        var upload = new PopulationUpload("huge.csv", 11L * 1024 * 1024, _ => throw new InvalidOperationException("the file was read"));

        var outcome = await Ingest().RunAsync(upload);

        Assert.False(outcome.Accepted);
        Assert.Contains("more than the limit of", Assert.Single(outcome.Report.Errors).Reason);
        Assert.Equal($"{_storage.Container(BillingStorage.ReportsContainer).Name}/huge.csv.size-11534336.json", outcome.ReportLocation);
        Assert.Empty(await Snapshots.ListAsync());
    }

    [Fact]
    public async Task An_accepted_file_becomes_version_1_and_the_same_file_again_adds_nothing()
    {
        var content = Encoding.UTF8.GetBytes(Sample);
        var first = await Ingest().RunAsync(PopulationUpload.Of("population-2024-01-01.csv", content));
        var again = await Ingest().RunAsync(PopulationUpload.Of("population-2024-01-01 (2).csv", content));

        Assert.True(first.Accepted);
        Assert.Equal([new IngestedDate(January1, 1, true)], first.Dates);
        Assert.Equal([new IngestedDate(January1, 1, false)], again.Dates);
        Assert.Single(await Snapshots.ListAsync());
        using var json = JsonDocument.Parse(await ReportBlob(first.ReportLocation, ".json"));
        Assert.Equal("accepted", json.RootElement.GetProperty("result").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("snapshots")[0].GetProperty("version").GetInt32());
        Assert.Contains("identical to the stored version; nothing added", await ReportBlob(again.ReportLocation, ".txt"));
    }

    [Fact]
    public async Task A_retried_upload_rewrites_the_same_report()
    {
        var upload = PopulationUpload.Of("population-2024-01-01.csv", Encoding.UTF8.GetBytes(Sample));
        var first = await Ingest().RunAsync(upload);
        var retry = await Ingest().RunAsync(upload);

        Assert.Equal(first.ReportLocation, retry.ReportLocation);
        var blobs = new List<string>();
        await foreach (var blob in _storage.Container(BillingStorage.ReportsContainer).GetBlobsAsync()) blobs.Add(blob.Name);
        Assert.Equal(2, blobs.Count); // one .json, one .txt
    }

    [Fact]
    public async Task A_different_file_for_the_same_date_is_a_correction_missing_members_are_warned_and_large_changes_held()
    {
        await Ingest().RunAsync(PopulationUpload.Of("provisional.csv", Encoding.UTF8.GetBytes(Sample)));
        var corrected = string.Join('\n', SampleWith("GM0150", p => p * 12 / 10).Split('\n').Where(l => !l.StartsWith("GM0106;", StringComparison.Ordinal)));

        var outcome = await Ingest().RunAsync(PopulationUpload.Of("final.csv", Encoding.UTF8.GetBytes(corrected)));

        Assert.True(outcome.Accepted);
        Assert.Equal([new IngestedDate(January1, 2, true, Held: true)], outcome.Dates);
        Assert.Equal([1, 2], (await Snapshots.ListAsync()).Select(s => s.Version));
        Assert.Contains(outcome.Report.Warnings, w => w.Reason.Contains("Assen (GM0106) has no figure for 2024-01-01", StringComparison.Ordinal));
        Assert.Contains(outcome.Report.Warnings, w => w.Reason.StartsWith("HELD for approval: GM0150:", StringComparison.Ordinal) && w.Reason.Contains("above version 2024-01-01/v1", StringComparison.Ordinal));
        var text = await ReportBlob(outcome.ReportLocation, ".txt");
        Assert.Contains("HELD: nothing is issued on these figures until finance approves them: dimpact population approve 2024-01-01 --version 2", text);
    }

    [Fact]
    public async Task Figures_of_a_date_no_tariff_year_settles_on_are_compared_with_the_previous_reference_date_and_stored()
    {
        var earlier = Sample.Replace("2024-01-01", "2022-01-01", StringComparison.Ordinal);
        await Ingest().RunAsync(PopulationUpload.Of("2022.csv", Encoding.UTF8.GetBytes(earlier)));

        var later = SampleWith("GM0150", p => p / 2).Replace("2024-01-01", "2023-01-01", StringComparison.Ordinal);
        var outcome = await Ingest().RunAsync(PopulationUpload.Of("2023.csv", Encoding.UTF8.GetBytes(later)));

        Assert.True(outcome.Accepted);
        Assert.False(outcome.Dates.Single().Held);
        Assert.Contains(outcome.Report.Warnings, w => w.Reason.Contains("below version 2022-01-01/v1", StringComparison.Ordinal));
        Assert.Contains(outcome.Report.Warnings, w => w.Reason.StartsWith("there is no tariff year 2023: the figures of 2023-01-01 are stored", StringComparison.Ordinal));
    }

    private async Task IssueAdvancesAndSettle(string figures)
    {
        await new IssueDueInvoices(Years, Store).RunAsync(new LocalDate(2024, 7, 1));
        var run = await IngestAndSettle().RunAsync(PopulationUpload.Of("provisional.csv", Encoding.UTF8.GetBytes(figures)));
        Assert.Equal(SettlementStatus.Settled, Assert.Single(run.Settlements).Status);
    }

    [Fact]
    public async Task A_corrected_file_after_settlement_gives_correction_documents_only_to_members_whose_amounts_change()
    {
        await IssueAdvancesAndSettle(Sample);
        var before = await Store.ListAsync(2024);

        // Deventer grows: its e-Suite and Burgerzaken amounts change, its Kansen line does not; nobody else changes.
        _clock.AdvanceDays(30);
        var run = await IngestAndSettle().RunAsync(PopulationUpload.Of("final.csv", Encoding.UTF8.GetBytes(SampleWith("GM0150", p => p + 1_000))));

        var corrections = Assert.Single(run.Settlements).Issued;
        Assert.Equal(["GM0150"], corrections.Select(c => c.Member.Value));
        var correction = corrections[0];
        Assert.Equal(Purpose.Correction, correction.Key.Purpose);
        Assert.Equal(before.Single(d => d.Member.Value == "GM0150" && d.Key.Purpose == Purpose.Settlement).Number, correction.Draft.Corrects);
        Assert.Equal(["esuite", "burgerzaken"], correction.Lines.Select(l => l.Product.Value));
        Assert.Equal(before.Count + 1, (await Store.ListAsync(2024)).Count);
    }

    [Fact]
    public async Task Ingestion_and_settlement_run_twice_or_concurrently_create_each_version_and_document_once()
    {
        await new IssueDueInvoices(Years, Store).RunAsync(new LocalDate(2024, 7, 1));
        var content = Encoding.UTF8.GetBytes(Sample);

        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => Task.Run(() => IngestAndSettle().RunAsync(PopulationUpload.Of($"upload-{i}.csv", content)))));
        var again = await IngestAndSettle().RunAsync(PopulationUpload.Of("upload-0.csv", content));

        Assert.Single(await Snapshots.ListAsync());
        Assert.Equal(1, runs.Count(r => r.Ingestion.Dates.Single().Created));
        Assert.Equal(35, runs.Sum(r => r.Settlements.Single().Issued.Count));
        Assert.Empty(again.Settlements.Single().Issued);
        var documents = await Store.ListAsync(2024);
        Assert.Equal(39 + 35 + 35 + 35, documents.Count);
        Assert.Equal(35, documents.Count(d => d.Key.Purpose == Purpose.Settlement));
    }

    [Fact]
    public async Task A_rejected_upload_settles_nothing()
    {
        await new IssueDueInvoices(Years, Store).RunAsync(new LocalDate(2024, 7, 1));
        var run = await IngestAndSettle().RunAsync(PopulationUpload.Of("bad.csv", Encoding.UTF8.GetBytes(Sample + "GM0150;Deventer;abc;2024-01-01\n")));

        Assert.False(run.Ingestion.Accepted);
        Assert.Empty(run.Settlements);
        Assert.Equal(39 + 35 + 35, (await Store.ListAsync(2024)).Count);
    }
}
