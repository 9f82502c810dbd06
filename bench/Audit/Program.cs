using System.Diagnostics;
using System.Globalization;
using Cordon.Audit;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

// Audit log benchmarks: append throughput (bulk, one entry per transaction, concurrent writers) on
// SQLite and PostgreSQL, proof latency and full verification time at a large log size.
// Usage: dotnet run -c Release --project bench/Audit -- [--entries N] [--stores sqlite,postgres] [--postgres CONNSTRING]
var entries = 10_000_000L;
var stores = new List<string> { "sqlite", "postgres" };
string? postgres = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--entries": entries = long.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--stores": stores = args[++i].Split(',').ToList(); break;
        case "--postgres": postgres = args[++i]; break;
        default: throw new ArgumentException($"unknown argument {args[i]}");
    }
}
var work = Path.Combine(Path.GetTempPath(), $"cordon-bench-audit-{Environment.ProcessId}");
Directory.CreateDirectory(work);
var results = new List<string>();
void Report(string line)
{
    Console.WriteLine(line);
    results.Add(line);
}
Report($"Machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");

var cluster = stores.Contains("postgres") && postgres is null ? BenchPostgres.Start(work) : null;
{
    // The CPU part of an append, without a store: validation, canonical bytes (RFC 8785), leaf hash, tree nodes.
    var events = Events(0, 200_000);
    var watch = Stopwatch.StartNew();
    var frontier = new List<(int Level, byte[] Hash)>();
    for (var i = 0; i < events.Count; i++)
    {
        var entry = AuditLog.ToEntry(events[i], DateTimeOffset.UnixEpoch.AddYears(56), out _)!;
        entry.LeafIndex = i;
        AuditTree.Extend(frontier, i, AuditCanonical.LeafHash(entry), null);
    }
    Report($"CPU only (validate, canonical bytes, leaf hash, tree): {events.Count / watch.Elapsed.TotalSeconds:N0} entries/s");
}
foreach (var store in stores)
{
    var settings = store == "sqlite"
        ? new StorageSetup.StoreSettings(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(work, "audit.db")};Pooling=true")
        : new StorageSetup.StoreSettings(DatabaseProvider.Postgres, postgres ?? cluster!.Connection);
    await using (var db = StorageSetup.Open(settings, TimeProvider.System))
    {
        await db.Database.EnsureDeletedAsync();
        await Migrator.MigrateAsync(db);
    }
    Report($"## {store}");
    await AppendThroughput(settings, store);
    await LargeLog(settings, store, entries);
}
Console.WriteLine();
Console.WriteLine(string.Join("\n", results));
try
{
    cluster?.Dispose();
}
catch (InvalidOperationException e)
{
    Console.Error.WriteLine($"stopping PostgreSQL: {e.Message}");
}
try
{
    Directory.Delete(work, true);
}
catch (IOException)
{
}

async Task AppendThroughput(StorageSetup.StoreSettings settings, string store)
{
    // Bulk: batches of 10,000 through AuditLog.AppendBatchAsync.
    const int bulk = 200_000;
    await using (var db = StorageSetup.Open(settings, TimeProvider.System))
    {
        var watch = Stopwatch.StartNew();
        for (var done = 0; done < bulk; done += 10_000)
        {
            await AuditLog.AppendBatchAsync(db, Events(done, 10_000), CancellationToken.None);
        }
        Report($"{store}: bulk append {bulk:N0} entries in batches of 10,000: {bulk / watch.Elapsed.TotalSeconds:N0} entries/s");
    }
    // One entry per transaction, through AuditLog.Append + SaveChanges (how sign-ins and admin actions write).
    const int single = 2_000;
    await using (var db = StorageSetup.Open(settings, TimeProvider.System))
    {
        var watch = Stopwatch.StartNew();
        foreach (var e in Events(bulk, single))
        {
            AuditLog.Append(db, e);
            await db.SaveChangesAsync();
        }
        Report($"{store}: one entry per SaveChanges/transaction, 1 writer: {single / watch.Elapsed.TotalSeconds:N0} entries/s ({watch.Elapsed.TotalMilliseconds / single:N2} ms each)");
    }
    // Four concurrent writers, small batches of 100 (a busy server: many requests, each with a few entries).
    {
        var watch = Stopwatch.StartNew();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            await using var db = StorageSetup.Open(settings, TimeProvider.System);
            for (var i = 0; i < 100; i++)
            {
                await AuditLog.AppendBatchAsync(db, Events(bulk + single + (w * 10_000) + (i * 100), 100), CancellationToken.None);
            }
        })).ToList();
        await Task.WhenAll(writers);
        Report($"{store}: 4 concurrent writers, batches of 100 (40,000 entries): {40_000 / watch.Elapsed.TotalSeconds:N0} entries/s");
    }
    await using (var db = StorageSetup.Open(settings, TimeProvider.System))
    {
        var size = await AuditTree.SizeAsync(db);
        var count = await db.AuditEntries.LongCountAsync();
        Report($"{store}: after the append runs: {count:N0} rows, leaf indexes 0..{size - 1} (gapless: {count == size})");
    }
}

async Task LargeLog(StorageSetup.StoreSettings settings, string store, long target)
{
    await using var db = StorageSetup.Open(settings, TimeProvider.System);
    if (settings.Provider == DatabaseProvider.Sqlite)
    {
        // A bigger page cache for this connection only, so that the secondary indexes of a multi-GB file build at speed.
        await db.Database.OpenConnectionAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -2000000; PRAGMA synchronous = NORMAL;");
    }
    var size = await AuditTree.SizeAsync(db);
    var watch = Stopwatch.StartNew();
    var lastReport = Stopwatch.StartNew();
    while (size < target)
    {
        var n = (int)Math.Min(50_000, target - size);
        await AuditLog.AppendBatchAsync(db, Events(size, n), CancellationToken.None);
        size += n;
        if (lastReport.Elapsed.TotalSeconds > 30)
        {
            Console.WriteLine($"  {store}: {size:N0} entries, {size / watch.Elapsed.TotalSeconds:N0}/s");
            lastReport.Restart();
        }
        db.ChangeTracker.Clear();
    }
    Report($"{store}: built a log of {size:N0} entries in {watch.Elapsed.TotalSeconds:N0} s ({size / watch.Elapsed.TotalSeconds:N0} entries/s in batches of 50,000)");

    var signer = AuditSigner.LoadOrCreate(Path.Combine(work, $"{store}.key"), "bench.cordon/audit");
    var checkpoint = await AuditCheckpoints.MakeAsync(db, signer);
    var root = checkpoint.RootHash;
    var random = new Random(42);
    const int samples = 2_000;
    var inclusion = new List<double>(samples);
    for (var i = 0; i < samples + 100; i++)
    {
        var index = random.NextInt64(size);
        var t = Stopwatch.GetTimestamp();
        var proof = await AuditTree.InclusionAsync(db, index, size);
        var elapsed = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
        if (!Merkle.VerifyInclusion((ulong)index, (ulong)size, proof.LeafHash, proof.Proof, root))
        {
            throw new InvalidOperationException($"inclusion proof of {index} does not verify");
        }
        if (i >= 100)
        {
            inclusion.Add(elapsed); // the first 100 warm the connection and caches
        }
    }
    Report($"{store}: inclusion proof at {size:N0} entries ({samples:N0} random leaves, each verified): {Stats(inclusion)}");

    var consistency = new List<double>(samples);
    var roots = new Dictionary<long, byte[]>();
    for (var i = 0; i < samples + 100; i++)
    {
        var from = 1 + random.NextInt64(size - 1);
        var t = Stopwatch.GetTimestamp();
        var proof = await AuditTree.ConsistencyAsync(db, from, size);
        var elapsed = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
        if (i % 100 == 0 && !Merkle.VerifyConsistency((ulong)from, (ulong)size, proof.Proof, await AuditTree.RootAsync(db, from), root))
        {
            throw new InvalidOperationException($"consistency proof {from}→{size} does not verify");
        }
        if (i >= 100)
        {
            consistency.Add(elapsed);
        }
    }
    Report($"{store}: consistency proof to {size:N0} from a random size ({samples:N0} samples, every 100th verified): {Stats(consistency)}");

    var verify = await AuditVerifier.VerifyAsync(db, signer.Verifier);
    if (!verify.Ok)
    {
        throw new InvalidOperationException($"verification failed: {verify.Problems[0].Message}");
    }
    Report($"{store}: full verification of {verify.Entries:N0} entries and {verify.Checkpoints} checkpoint(s): {verify.Elapsed.TotalSeconds:N1} s ({verify.Entries / verify.Elapsed.TotalSeconds:N0} entries/s)");
}

static string Stats(List<double> ms)
{
    ms.Sort();
    double P(double q) => ms[(int)Math.Min(ms.Count - 1, Math.Floor(q * ms.Count))];
    return string.Create(CultureInfo.InvariantCulture, $"mean {ms.Average():F3} ms, p50 {P(0.5):F3} ms, p99 {P(0.99):F3} ms, max {ms[^1]:F3} ms");
}

// Realistic shape: a few agencies and users, a handful of actions and purposes, sequential record ids.
static List<AuditEvent> Events(long start, int count)
{
    var list = new List<AuditEvent>(count);
    for (var i = start; i < start + count; i++)
    {
        var user = (int)(i % 50);
        list.Add(new AuditEvent(new AuditActor("user", Users[user], $"officer{user}", Agencies[user % 4]), Actions[(int)(i % Actions.Length)])
        {
            RecordType = "declaration",
            RecordId = $"DEC-2026-{i / 3:D9}",
            RecordAgencyId = Agencies[(int)(i / 7 % 4)],
            Purpose = Purposes[(int)(i % Purposes.Length)],
            Decision = (AuditDecision)(i % 3),
            Details = i % 10 == 0 ? new { agreement = "AGR-2026-014", redacted = new[] { "declarant.name" } } : null,
            Time = Epoch.AddMilliseconds(i * 10),
        });
    }
    return list;
}

internal static partial class Program
{
    private static readonly Guid[] Agencies = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToArray();
    private static readonly Guid[] Users = Enumerable.Range(0, 50).Select(_ => Guid.NewGuid()).ToArray();
    private static readonly string[] Actions = ["record.read", "record.read", "record.read", "record.write", "access.deny", "record.export"];
    private static readonly string[] Purposes = ["risk-analysis", "investigation", "prosecution", "statistics"];
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
}
