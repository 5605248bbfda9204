using System.Diagnostics;
using System.Globalization;
using Dimpact.Billing;
using Dimpact.Billing.Settlement;
using Dimpact.Billing.Tariffs;
using Dimpact.DataFiles;
using Dimpact.DataFiles.TariffYears;

// The settlement preview's work, step by step, for all 41 members of the 2024 plan: load and validate the
// tariff year, read a population file, compute every member's settlement. A warm-up, then a fixed number of
// rounds; prints milliseconds per round.
// Usage: dotnet run -c Release --project bench/Dimpact.Billing.Benchmarks [-- --rounds N] [-- --root REPO]

var rounds = 200;
var root = FindRoot();
for (var i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--rounds") rounds = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
    if (args[i] == "--root") root = args[i + 1];
}
var yearFolder = Path.Combine(root, "data", "tariff-years", "2024");
var sample = Path.Combine(root, "data", "samples", "population-2024-01-01.csv");
var sampleBytes = File.ReadAllBytes(sample);
var year = TariffYearFiles.Load(yearFolder);
var members = MemberDirectory.For(year);
var figures = PopulationFileReader.Read(sample, sampleBytes, members).SnapshotOn(year.SettlementReferenceDate)!;

var steps = new (string Name, Func<int> Work)[]
{
    ("load tariff year 2024", () => TariffYearFiles.Load(yearFolder).BudgetLines.Count),
    ("read population file (41 members)", () => PopulationFileReader.Read(sample, sampleBytes, members).DataRows),
    ("settle all members", () => SettlementCalculator.Settle(year, c => figures.Of(c) ?? year.Member(c).ReferencePopulation).Count),
    ("whole preview (load + read + settle)", () =>
    {
        var y = TariffYearFiles.Load(yearFolder);
        var f = PopulationFileReader.Read(sample, sampleBytes, MemberDirectory.For(y)).SnapshotOn(y.SettlementReferenceDate)!;
        return SettlementCalculator.Settle(y, c => f.Of(c) ?? y.Member(c).ReferencePopulation).Sum(s => s.Lines.Count);
    }),
};

Console.WriteLine($"{"step",-40} {"ms/round",10} {"items",6}");
foreach (var (name, work) in steps)
{
    for (var w = 0; w < 20; w++) work();
    var items = 0;
    var clock = Stopwatch.StartNew();
    for (var r = 0; r < rounds; r++) items = work();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-40} {clock.Elapsed.TotalMilliseconds / rounds,10:0.000} {items,6}"));
}

static string FindRoot()
{
    for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Dimpact.Functions.sln"))) return dir.FullName;
    throw new InvalidOperationException("Run from inside the repository, or pass --root.");
}
