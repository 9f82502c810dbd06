using System.Diagnostics;
using System.Globalization;
using Cordon.Demo;
using Cordon.Identity;
using Cordon.Screening.Lists;
using Cordon.Storage;

/// <summary>
/// A million-entry list into the store: a generated national CSV list imported through ListImport (the
/// path of `cordon lists import`), then an edition changing 1 %, removing 0.5 % and adding 0.5 %.
/// Usage: bulk [--entries N] [--store sqlite|postgres] [--postgres CONN].
/// </summary>
internal static class BulkListBench
{
    private static readonly string[] Firsts = ["John", "Maria", "Ahmed", "Wei", "Olga", "Carlos", "Fatima", "Ivan", "Anna", "Mohammed", "Li", "Elena", "Jose", "Yusuf", "Sara", "Dmitri", "Aisha", "Pedro", "Hana", "Omar"];
    private static readonly string[] Syllables = ["ka", "ro", "min", "vel", "sha", "dor", "ta", "li", "ber", "mu", "zan", "ko", "ri", "ha", "nov", "ste", "gu", "pe", "lan", "is", "od", "ye", "cha", "fa"];
    private static readonly string[] Countries = ["RU", "IR", "KP", "SY", "CN", "TR", "AE", "VE", "BY", "MM"];

    public static async Task RunAsync(string[] args)
    {
        var count = int.Parse(Arg(args, "--entries") ?? "1000000", CultureInfo.InvariantCulture);
        var kind = Arg(args, "--store") ?? "sqlite";
        var folder = Path.Combine(Path.GetTempPath(), $"cordon-bench-bulk-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var store = kind == "postgres"
            ? new StorageSetup.StoreSettings(DatabaseProvider.Postgres, Arg(args, "--postgres") ?? throw new ArgumentException("--store postgres needs --postgres CONNECTION (an empty database)."))
            : new StorageSetup.StoreSettings(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, "cordon.db")}");
        Console.WriteLine($"Bulk list import: {count:N0} generated entries, {kind}");
        try
        {
            var v1 = Path.Combine(folder, "v1.csv");
            var v2 = Path.Combine(folder, "v2.csv");
            Write(v1, count, 0);
            Write(v2, count, 1);
            Console.WriteLine($"  files: {new FileInfo(v1).Length / (1 << 20):N0} MiB (edition 1), {new FileInfo(v2).Length / (1 << 20):N0} MiB (edition 2)");
            await using (var db = StorageSetup.Open(store, TimeProvider.System))
            {
                await Migrator.MigrateAsync(db);
                await DemoSeed.SeedAsync(db, TimeProvider.System.GetUtcNow());
            }
            foreach (var path in new[] { v1, v2 })
            {
                GC.Collect();
                var allocated = GC.GetTotalAllocatedBytes();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                TimeSpan? read = null;
                var last = TimeSpan.Zero;
                var progress = new SyncProgress(p =>
                {
                    if (p.Stage == "Storing" && read is null)
                    {
                        read = sw.Elapsed;
                    }
                    if (sw.Elapsed - last > TimeSpan.FromSeconds(15))
                    {
                        last = sw.Elapsed;
                        Console.WriteLine($"    {sw.Elapsed.TotalSeconds,6:0} s  {p.Stage} {p.Done:N0}  working set {Environment.WorkingSet / (1 << 20):N0} MiB");
                    }
                });
                await using var db = StorageSetup.Open(store, TimeProvider.System);
                var r = await ListImport.ImportAsync(db, Actor.LocalOperator, new ListImportRequest(path, "csv", "GENERATED", "NCA"), progress);
                var wall = sw.Elapsed;
                Console.WriteLine($"  edition {r.Version}: {r.Entries:N0} entries ({r.Added:N0} added, {r.Changed:N0} changed, {r.Removed:N0} removed) in {wall.TotalSeconds:0.0} s " +
                                  $"(first pass, reading and hashing: {read?.TotalSeconds ?? wall.TotalSeconds:0.0} s) = {r.Entries / wall.TotalSeconds:N0} entries/s; " +
                                  $"CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:0.0} s; allocated {(GC.GetTotalAllocatedBytes() - allocated) / (1L << 30):0.0} GiB; " +
                                  $"peak working set so far {Process.GetCurrentProcess().PeakWorkingSet64 / (1 << 20):N0} MiB");
            }
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    /// <summary>Edition 2 changes the date of birth of 1 % of the entries, drops 0.5 % and adds 0.5 % new ones.</summary>
    private static void Write(string path, int count, int edition)
    {
        var random = new Random(20261122);
        using var w = new StreamWriter(path);
        w.WriteLine("id,name,type,aliases,dob,country,identifiers");
        for (var i = 0; i < count; i++)
        {
            var first = Firsts[random.Next(Firsts.Length)];
            var last = Syllabic(random);
            var alias = random.Next(4) == 0 ? $"{first[0]}. {last}" : "";
            var year = 1940 + random.Next(60);
            var month = 1 + random.Next(12);
            var day = 1 + random.Next(28);
            var country = Countries[random.Next(Countries.Length)];
            var passport = random.Next(3) == 0 ? $"passport:{random.Next(100_000_000, 999_999_999)}" : "";
            if (edition == 1 && i % 200 == 7)
            {
                continue; // removed in edition 2
            }
            if (edition == 1 && i % 100 == 3)
            {
                day = day % 28 + 1; // changed in edition 2
            }
            w.WriteLine($"G{i},{first} {last},person,{alias},{year:D4}-{month:D2}-{day:D2},{country},{passport}");
        }
        if (edition == 1)
        {
            for (var i = 0; i < count / 200; i++)
            {
                w.WriteLine($"N{i},{Firsts[random.Next(Firsts.Length)]} {Syllabic(random)},person,,{1950 + random.Next(50)},{Countries[random.Next(Countries.Length)]},");
            }
        }
    }

    private static string Syllabic(Random random)
    {
        var n = 2 + random.Next(3);
        var word = string.Concat(Enumerable.Range(0, n).Select(_ => Syllables[random.Next(Syllables.Length)]));
        return char.ToUpperInvariant(word[0]) + word[1..];
    }

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool, out of order).</summary>
    private sealed class SyncProgress(Action<ListImportProgress> report) : IProgress<ListImportProgress>
    {
        public void Report(ListImportProgress value) => report(value);
    }
}
