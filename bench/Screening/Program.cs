using System.Diagnostics;
using System.Globalization;
using Cordon.Screening.Lists;
using Cordon.Screening.Matching;
using CsvHelper;
using CsvHelper.Configuration;

// Screening benchmark: quality on the development set and speed, in-process.
// Usage: dotnet run -c Release --project bench/Screening [-- quality|speed|million|hardnames|hardnames-generate|all|intake|bulk] [--verbose]
var mode = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
var verbose = args.Contains("--verbose");
var root = FindRoot();
string Data(params string[] parts) => Path.Combine([root, "data", .. parts]);
if (mode == "bulk")
{
    // A million-entry list into the store (not part of "all": it writes a database).
    await BulkListBench.RunAsync(args);
    return 0;
}
if (mode == "intake")
{
    // Screening in the flow on a real store (not part of "all": it writes a database).
    await IntakeBench.RunAsync(root, args);
    return 0;
}

Console.WriteLine($"Cordon screening benchmark: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, .NET {Environment.Version}");

var un = UnXmlParser.Read(Data("watchlists", "un", "consolidated.xml")).ToList();
var ofac = OfacCsvParser.Read(Data("watchlists", "ofac-sdn")).ToList();
IndexedEntity Indexed(string list, ListEntry e) => new(Guid.NewGuid(), list, 1, MatchBands.DefaultBlock, MatchBands.DefaultReview, e);

if (mode == "hardnames-generate")
{
    // Rewrites dev-set/hard-names.csv from the seed tables and the lists (deterministic).
    var set = HardNamesSet.Generate(root, un, ofac);
    HardNamesSet.Write(Path.Combine(HardNamesSet.Folder(root), "hard-names.csv"), set);
    Console.WriteLine($"{set.Count} pairs written");
    foreach (var g in set.GroupBy(p => p.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
    {
        Console.WriteLine($"  {g.Key}: {g.Count(p => p.Match)} matches, {g.Count(p => !p.Match)} non-matches");
    }
    return 0;
}
if (mode == "explain")
{
    // How one query scores against one listed name: explain "<query>" "<listed name>" [person|company|organisation|vessel].
    var rest = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).Skip(1).ToList();
    HardNamesBench.Explain(un, ofac, rest[0], rest[1], rest.ElementAtOrDefault(2) ?? "person");
    return 0;
}
if (mode is "hardnames" or "all")
{
    HardNamesBench.Run(root, un, ofac, verbose);
}
if (mode == "hardnames-thresholds")
{
    var both = ScreeningIndex.Build(ofac.Select(e => Indexed("OFAC SDN", e)).Concat(un.Select(e => Indexed("UN", e))));
    HardNamesThresholds.Run(root, un, ofac, both, ReadCsv(Data("screening-dev", "negatives-us.csv")).Select(r => Query(r, 10)).ToList());
    return 0;
}
if (mode is "quality" or "all")
{
    Quality();
}
if (mode is "speed" or "all")
{
    Speed();
}
if (mode is "million" or "all")
{
    Million();
}
return 0;

void Quality()
{
    var unIndex = ScreeningIndex.Build(un.Select(e => Indexed("UN", e)));
    // The UN entry a query stands for: the entry whose name (or alias) is the clean query's name.
    var byName = new Dictionary<string, HashSet<string>>();
    foreach (var e in un)
    {
        foreach (var n in e.AllNames())
        {
            var key = string.Join(' ', NameText.Tokens(n.Name));
            if (!byName.TryGetValue(key, out var set))
            {
                byName[key] = set = [];
            }
            set.Add(e.SourceId);
        }
    }
    var clean = ReadCsv(Data("screening-dev", "un-queries-clean.csv"));
    var typos = ReadCsv(Data("screening-dev", "un-queries-with-typos.csv"));
    int found = 0, mappable = 0, foundInTop1 = 0;
    var expectedScores = new List<double>();
    var misses = new List<string>();
    for (var i = 0; i < typos.Count; i++)
    {
        var expected = byName.GetValueOrDefault(string.Join(' ', NameText.Tokens(clean[i]["full_name"])));
        if (expected is null)
        {
            misses.Add($"  (no entry in this edition) {clean[i]["full_name"]}");
            continue;
        }
        mappable++;
        var hits = unIndex.Search(Query(typos[i], 3));
        expectedScores.Add(hits.Where(h => expected.Contains(h.SourceId)).Select(h => h.Score).DefaultIfEmpty(0).Max());
        if (hits.Any(h => expected.Contains(h.SourceId) && h.Band != MatchBand.None))
        {
            found++;
            if (expected.Contains(hits[0].SourceId))
            {
                foundInTop1++;
            }
        }
        else
        {
            var top = hits.FirstOrDefault();
            misses.Add($"  {typos[i]["full_name"]} [{typos[i]["date_of_birth"]} {typos[i]["nationality"]}] -> {(top is null ? "no hit" : $"{top.SourceId} {top.MatchedName} {top.Score:0.000} {top.Band}")}; expected {string.Join(",", expected)}");
        }
    }
    Console.WriteLine();
    Console.WriteLine($"Quality, UN list loaded ({unIndex.EntityCount} entities, {unIndex.NameCount} names):");
    Console.WriteLine($"  typo queries with their UN entry in the top 3 at review or above: {found}/{typos.Count} = {100.0 * found / typos.Count:0.00}% (target >= 97%); of the {mappable} whose entry is in this edition: {100.0 * found / mappable:0.00}%; ranked first: {foundInTop1}");
    if (verbose)
    {
        misses.ForEach(Console.WriteLine);
    }
    // The same queries without typos, as a floor: these should all be found.
    var cleanFound = 0;
    for (var i = 0; i < clean.Count; i++)
    {
        var expected = byName.GetValueOrDefault(string.Join(' ', NameText.Tokens(clean[i]["full_name"])));
        if (expected is not null && unIndex.Search(Query(clean[i], 3)).Any(h => expected.Contains(h.SourceId) && h.Band != MatchBand.None))
        {
            cleanFound++;
        }
    }
    Console.WriteLine($"  clean queries (no typos) with their UN entry in the top 3 at review or above: {cleanFound}/{clean.Count} = {100.0 * cleanFound / clean.Count:0.00}%");

    var both = ScreeningIndex.Build(ofac.Select(e => Indexed("OFAC SDN", e)).Concat(un.Select(e => Indexed("UN", e))));
    var negatives = ReadCsv(Data("screening-dev", "negatives-us.csv"));
    var raised = 0;
    var negativeScores = new List<double>();
    var offenders = new List<string>();
    foreach (var row in negatives)
    {
        var hits = both.Search(Query(row, 10));
        negativeScores.Add(hits.Select(h => h.Score).DefaultIfEmpty(0).Max());
        var flagged = hits.FirstOrDefault(h => h.Band != MatchBand.None);
        if (flagged is not null)
        {
            raised++;
            if (offenders.Count < 60)
            {
                offenders.Add($"  {row["full_name"]} [{row["date_of_birth"]} {row["nationality"]}] -> {flagged.List} {flagged.MatchedName} {flagged.Score:0.000} {flagged.Band}");
            }
        }
    }
    Console.WriteLine($"Quality, OFAC + UN loaded ({both.EntityCount} entities, {both.NameCount} names):");
    Console.WriteLine($"  negatives raising a review-band hit or above: {raised}/{negatives.Count} = {100.0 * raised / negatives.Count:0.00}% (target <= 1%)");
    if (verbose)
    {
        offenders.ForEach(Console.WriteLine);
        // How the review threshold trades the two off (the shipped default is MatchBands.DefaultReview).
        Console.WriteLine("  review threshold: typo recall in top 3 / negatives raised");
        foreach (var t in new[] { 0.66, 0.68, 0.70, 0.72, 0.74, 0.76, 0.78, 0.80, 0.82 })
        {
            Console.WriteLine($"    {t:0.00}: {100.0 * expectedScores.Count(s => s >= t) / typos.Count:0.00}% / {100.0 * negativeScores.Count(s => s >= t) / negatives.Count:0.00}%");
        }
    }
}

void Speed()
{
    var sw = Stopwatch.StartNew();
    var index = ScreeningIndex.Build(ofac.Select(e => Indexed("OFAC SDN", e)).Concat(un.Select(e => Indexed("UN", e))));
    var build = sw.Elapsed;
    var queries = ReadCsv(Data("screening-dev", "un-queries-with-typos.csv")).Select(r => Query(r, 10))
        .Concat(ReadCsv(Data("screening-dev", "negatives-us.csv")).Take(5000).Select(r => Query(r, 10))).ToList();
    var (p50, p99, mean) = Time(index, queries);
    Console.WriteLine();
    Console.WriteLine($"Speed, OFAC + UN ({index.EntityCount} entities, {index.NameCount} names, built in {build.TotalMilliseconds:0} ms), {queries.Count} queries, one thread:");
    Console.WriteLine($"  p50 {p50:0.000} ms, p99 {p99:0.000} ms, mean {mean:0.000} ms (targets p50 < 1 ms, p99 < 5 ms)");
}

void Million()
{
    var negatives = ReadCsv(Data("screening-dev", "negatives-us.csv"));
    var firsts = negatives.Select(r => r["first_name"]).Where(s => s.Length > 0).Distinct().ToArray();
    var lasts = negatives.Select(r => r["last_name"]).Where(s => s.Length > 0).Distinct().ToArray();
    var listTokens = ofac.Concat(un).SelectMany(e => e.Name.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries)).Where(t => t.Length > 2).Distinct().ToArray();
    var random = new Random(20261122);
    const int size = 1_000_000;
    // Real lists of a million names have a long tail of rare surnames: a third of the surnames here are
    // made of syllables, which gives a vocabulary of a few hundred thousand tokens.
    string[] syllables = ["ka", "ro", "min", "vel", "sha", "dor", "ta", "li", "ber", "mu", "zan", "ko", "ri", "ha", "nov", "ste", "gu", "pe", "lan", "is", "od", "ye", "cha", "fa"];
    string Syllabic()
    {
        var n = 2 + random.Next(3);
        var parts = new string[n];
        for (var k = 0; k < n; k++)
        {
            parts[k] = syllables[random.Next(syllables.Length)];
        }
        var word = string.Concat(parts);
        return char.ToUpperInvariant(word[0]) + word[1..];
    }
    var generated = new List<IndexedEntity>(size);
    for (var i = 0; i < size; i++)
    {
        // Names drawn from real first and last names and list tokens, with a middle name one time in three.
        var first = random.Next(4) == 0 ? listTokens[random.Next(listTokens.Length)] : firsts[random.Next(firsts.Length)];
        var last = random.Next(3) == 0 ? Syllabic() : random.Next(4) == 0 ? listTokens[random.Next(listTokens.Length)] : lasts[random.Next(lasts.Length)];
        var name = random.Next(3) == 0 ? $"{first} {firsts[random.Next(firsts.Length)]} {last}" : $"{first} {last}";
        var entry = new ListEntry
        {
            SourceId = $"G{i}", Type = EntityType.Person, Name = name,
            BirthDates = [new PartialDate(1940 + random.Next(60), 1 + random.Next(12), 1 + random.Next(28))],
        };
        generated.Add(Indexed("GENERATED", entry));
    }
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
    var before = GC.GetTotalMemory(true);
    var sw = Stopwatch.StartNew();
    var index = ScreeningIndex.Build(generated);
    var build = sw.Elapsed;
    var peakDuringBuild = Process.GetCurrentProcess().PeakWorkingSet64;
    var after = GC.GetTotalMemory(true);
    Console.WriteLine();
    Console.WriteLine($"Speed, generated list of {size:N0} names ({index.NameCount:N0} names, {index.TokenCount:N0} distinct tokens):");
    Console.WriteLine($"  index build {build.TotalSeconds:0.0} s (target < 60 s); index size on the managed heap {(after - before) / (1 << 20):N0} MiB; process peak working set {peakDuringBuild / (1 << 20):N0} MiB (target < 2 GB)");

    // Queries: generated names with a typo, and negatives.
    var queries = new List<ScreeningQuery>();
    for (var i = 0; i < 1000; i++)
    {
        var e = generated[random.Next(size)].Entry;
        queries.Add(new ScreeningQuery(Typo(e.Name, random), e.BirthDates[0]));
    }
    queries.AddRange(negatives.Skip(10_000).Take(1000).Select(r => Query(r, 10)));
    var (p50, p99, mean) = Time(index, queries);
    Console.WriteLine($"  {queries.Count} queries: p50 {p50:0.000} ms, p99 {p99:0.000} ms, mean {mean:0.000} ms (target p99 < 10 ms)");

    index.PrepareBruteForce();
    var brute = queries.Take(20).ToList();
    sw.Restart();
    foreach (var q in brute)
    {
        index.BruteForceJaroWinkler(q.Name);
    }
    var bruteMean = sw.Elapsed.TotalMilliseconds / brute.Count;
    Console.WriteLine($"  brute-force Jaro-Winkler scan over all {index.NameCount:N0} names: {bruteMean:0.0} ms per query; the index is {bruteMean / mean:0} times faster (mean against mean)");
}

static string Typo(string name, Random random)
{
    var chars = name.ToCharArray().ToList();
    var at = 1 + random.Next(Math.Max(1, chars.Count - 2));
    switch (random.Next(3))
    {
        case 0:
            chars.RemoveAt(at);
            break;
        case 1:
            chars.Insert(at, chars[at]);
            break;
        default:
            if (at + 1 < chars.Count)
            {
                (chars[at], chars[at + 1]) = (chars[at + 1], chars[at]);
            }
            break;
    }
    return new string(chars.ToArray());
}

static (double P50, double P99, double Mean) Time(ScreeningIndex index, List<ScreeningQuery> queries)
{
    var (p50, p99, mean, cpu50, cpu99) = TimeBoth(index, queries);
    Console.WriteLine($"  (on-CPU time of the searching thread, which other processes on the machine cannot inflate: p50 {cpu50:0.000} ms, p99 {cpu99:0.000} ms)");
    return (p50, p99, mean);
}

static (double P50, double P99, double Mean, double Cpu50, double Cpu99) TimeBoth(ScreeningIndex index, List<ScreeningQuery> queries)
{
    // Warm up: every code path jitted and tiered up before timing.
    foreach (var q in queries.Take(2000))
    {
        index.Search(q);
    }
    var gcBefore = GC.CollectionCount(0) + GC.CollectionCount(1) * 1000 + GC.CollectionCount(2) * 1000000;
    var pauseBefore = GC.GetTotalPauseDuration();
    var times = new double[queries.Count];
    var cpu = new double[queries.Count];
    var sw = new Stopwatch();
    for (var i = 0; i < queries.Count; i++)
    {
        var cpuStart = ThreadCpu.Milliseconds();
        sw.Restart();
        index.Search(queries[i]);
        times[i] = sw.Elapsed.TotalMilliseconds;
        cpu[i] = ThreadCpu.Milliseconds() - cpuStart;
    }
    Array.Sort(cpu);
    if (Environment.GetEnvironmentVariable("BENCH_SLOWEST") is not null)
    {
        Console.WriteLine($"    gc counts (gen2*1e6+gen1*1e3+gen0) during timing: {GC.CollectionCount(0) + GC.CollectionCount(1) * 1000 + GC.CollectionCount(2) * 1000000 - gcBefore}, pauses {(GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds:0} ms");
        foreach (var i in Enumerable.Range(0, times.Length).OrderByDescending(i => times[i]).Take(15))
        {
            Console.WriteLine($"    slow: {times[i]:0.000} ms {queries[i].Name}");
        }
    }
    Array.Sort(times);
    return (times[times.Length / 2], times[(int)(times.Length * 0.99)], times.Average(), cpu[cpu.Length / 2], cpu[(int)(cpu.Length * 0.99)]);
}

static ScreeningQuery Query(Dictionary<string, string> row, int limit)
    => new(row["full_name"], ScreeningIndex.ParseBirthDate(row.GetValueOrDefault("date_of_birth")),
        CountryNames.ToCode(row.GetValueOrDefault("nationality")), null, null, limit);

static List<Dictionary<string, string>> ReadCsv(string path)
{
    using var reader = new StreamReader(path);
    using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture));
    csv.Read();
    csv.ReadHeader();
    var header = csv.HeaderRecord!;
    var rows = new List<Dictionary<string, string>>();
    while (csv.Read())
    {
        rows.Add(header.ToDictionary(h => h, h => csv.GetField(h) ?? ""));
    }
    return rows;
}

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Cordon.slnx")))
        {
            return dir.FullName;
        }
    }
    throw new InvalidOperationException("Run from inside the Cordon repository.");
}

/// <summary>CPU time of the calling thread (Linux clock_gettime(CLOCK_THREAD_CPUTIME_ID)).</summary>
internal static unsafe partial class ThreadCpu
{
    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, long* timespec);

    public static double Milliseconds()
    {
        var ts = stackalloc long[2];
        return ClockGetTime(3, ts) == 0 ? ts[0] * 1000.0 + ts[1] / 1_000_000.0 : double.NaN;
    }
}
