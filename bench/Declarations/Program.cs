using System.Diagnostics;
using System.Globalization;
using System.Text;
using Cordon.Bench.Declarations;
using Cordon.Declarations;
using Cordon.Demo;
using Cordon.Storage;

// Benchmarks of declaration intake. Run from the repository root:
//   dotnet run -c Release --project bench/Declarations -- import --store sqlite --declarations 1000000
//   dotnet run -c Release --project bench/Declarations -- import --store postgres --declarations 1000000
//   dotnet run -c Release --project bench/Declarations -- parse --declarations 1000000
//   dotnet run -c Release --project bench/Declarations -- api --store sqlite --requests 20000 --concurrency 32
//   dotnet run -c Release --project bench/Declarations -- edifact --declarations 20000
var mode = args.FirstOrDefault() ?? "help";
string Arg(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
var invariant = CultureInfo.InvariantCulture;

switch (mode)
{
    case "import":
        return await ImportBench.RunAsync(Arg("--store", "sqlite"), int.Parse(Arg("--declarations", "1000000"), invariant), Arg("--file", ""), Arg("--connection", ""));
    case "parse":
        return ImportBench.Parse(int.Parse(Arg("--declarations", "1000000"), invariant), Arg("--file", ""));
    case "api":
        return await ApiBench.RunAsync(Arg("--store", "sqlite"), int.Parse(Arg("--requests", "20000"), invariant), int.Parse(Arg("--concurrency", "32"), invariant));
    case "edifact":
        return await EdifactBench.RunAsync(int.Parse(Arg("--declarations", "20000"), invariant));
    case "edifact-parse":
        return await EdifactBench.ParseAsync(int.Parse(Arg("--declarations", "20000"), invariant));
    case "serve":
        return await ApiBench.ServeAsync(Arg("--store", "sqlite"), Arg("--connection", ""), int.Parse(Arg("--port", "0"), invariant));
    case "load":
        return await ApiBench.LoadAsync(Arg("--url", ""), Arg("--key", ""), int.Parse(Arg("--requests", "20000"), invariant), int.Parse(Arg("--concurrency", "32"), invariant));
    default:
        Console.WriteLine("usage: import|parse|api|edifact [--store sqlite|postgres] [--declarations N] [--file PATH] [--requests N] [--concurrency N]");
        return 2;
}

internal static class ImportBench
{
    /// <summary>The benchmark input: a generated CSV (cached in /tmp by size and seed) unless --file is given.</summary>
    public static string Input(int declarations, string file)
    {
        if (file.Length > 0)
        {
            return file;
        }
        var path = Path.Combine(Path.GetTempPath(), $"cordon-bench-{declarations}-seed42.csv");
        if (!File.Exists(path))
        {
            var clock = Stopwatch.StartNew();
            var tmp = path + ".part";
            using (var writer = new StreamWriter(tmp, false, new UTF8Encoding(false), 1 << 16))
            {
                new DeclarationGenerator(declarations, 42).Write(writer, FileFormat.Csv);
            }
            File.Move(tmp, path);
            Console.WriteLine($"generated {path} ({new FileInfo(path).Length / 1e6:0} MB) in {clock.Elapsed.TotalSeconds:0.0} s");
        }
        return path;
    }

    /// <summary>Reading, parsing, validating and staging only (no database): the ceiling for the import.</summary>
    public static int Parse(int declarations, string file)
    {
        var path = Input(declarations, file);
        foreach (var phase in new[] { "read", "validate" })
        {
            var c0 = Stopwatch.StartNew();
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            using var st = File.OpenRead(path);
            using var lr = new LineReader(st);
            var n = 0;
            foreach (var c in DeclarationFiles.Read(lr, FileFormat.Csv))
            {
                if (phase == "validate" && c.Input is not null)
                {
                    DeclarationValidation.Validate(c.Input, c.Errors, DateOnly.FromDateTime(DateTime.UtcNow));
                }
                n++;
            }
            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
            Console.WriteLine($"{phase}: {n:N0} in {c0.Elapsed.TotalSeconds:0.00} s = {n / c0.Elapsed.TotalSeconds:N0}/s; {cpu:0.00} CPU-s = {n / cpu:N0} per CPU-second");
        }
        var clock = Stopwatch.StartNew();
        var context = new IntakeContext(Guid.NewGuid(), "bench", Path.GetFileName(path), DateTimeOffset.UtcNow);
        long good = 0, bad = 0;
        using var stream = File.OpenRead(path);
        using var reader = new LineReader(stream);
        foreach (var c in DeclarationFiles.Read(reader, FileFormat.Csv))
        {
            if (Intake.StageDeclaration(c, context) is null)
            {
                bad++;
            }
            else
            {
                good++;
            }
        }
        var s = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"parse+validate+stage: {good + bad:N0} records ({bad:N0} invalid) in {s:0.00} s = {(good + bad) / s:N0}/s; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:0} MB");
        return 0;
    }

    public static async Task<int> RunAsync(string storeKind, int declarations, string file, string connection)
    {
        var path = Input(declarations, file);
        PgCluster? cluster = null;
        string? sqliteFile = null;
        StorageSetup.StoreSettings store;
        if (storeKind == "postgres")
        {
            if (connection.Length == 0)
            {
                cluster = PgCluster.Start();
                connection = cluster.ConnectionString;
            }
            store = new StorageSetup.StoreSettings(DatabaseProvider.Postgres, connection);
        }
        else
        {
            sqliteFile = Path.Combine(Path.GetTempPath(), $"cordon-bench-{Environment.ProcessId}.db");
            store = new StorageSetup.StoreSettings(DatabaseProvider.Sqlite, $"Data Source={sqliteFile}");
        }
        try
        {
            Guid agency;
            await using (var db = StorageSetup.Open(store, TimeProvider.System))
            {
                await Migrator.MigrateAsync(db);
                await DemoSeed.SeedAsync(db, TimeProvider.System.GetUtcNow());
                agency = db.Agencies.Single(a => a.Code == "NCA").Id;
            }
            var size = new FileInfo(path).Length;
            Console.WriteLine($"importing {path} ({size / 1e6:0} MB) into {storeKind}");
            var last = Stopwatch.StartNew();
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var result = await Run(store, path, agency, p =>
            {
                if (last.Elapsed.TotalSeconds >= 5)
                {
                    Console.WriteLine($"  {p.Records,10:N0} records  {p.RecordsPerSecond,8:N0}/s  {p.Seconds,6:0.0} s  working set {Environment.WorkingSet / 1e6:0} MB");
                    last.Restart();
                }
            });
            var s = result.Summary;
            var peak = Process.GetCurrentProcess().PeakWorkingSet64;
            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
            var gc = GC.GetGCMemoryInfo();
            Console.WriteLine($"allocated {GC.GetTotalAllocatedBytes() / 1e9:0.0} GB ({GC.GetTotalAllocatedBytes() / Math.Max(1, s.Total):N0} bytes per declaration); GCs gen0 {GC.CollectionCount(0)}, gen1 {GC.CollectionCount(1)}, gen2 {GC.CollectionCount(2)}; pause {GC.GetTotalPauseDuration().TotalSeconds:0.0} s; heap {gc.HeapSizeBytes / 1e6:0} MB, committed {gc.TotalCommittedBytes / 1e6:0} MB");
            Console.WriteLine($"CPU time of this process: {cpu:0.0} s ({s.Total / cpu:N0} declarations per CPU-second); {result.WriteSeconds:0.0} s in database writes" +
                (result.WriterCpuSeconds > 0 ? $", of which the writer thread's CPU {result.WriterCpuSeconds:0.0} s ({result.WriterCpuSeconds * 1e6 / s.Total:0.0} µs per declaration)" : ""));
            Console.WriteLine($"first import: accepted {s.Accepted:N0}, amended {s.Amended:N0}, duplicates {s.Duplicates:N0}, rejected {s.Rejected:N0} in {s.Seconds:0.0} s = {s.Total / s.Seconds:N0} declarations/s; peak working set {peak / 1e6:0} MB");
            var again = (await Run(store, path, agency, null)).Summary;
            Console.WriteLine($"same file again: accepted {again.Accepted:N0}, amended {again.Amended:N0}, duplicates {again.Duplicates:N0}, rejected {again.Rejected:N0} in {again.Seconds:0.0} s = {again.Total / again.Seconds:N0} declarations/s; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:0} MB");
            return 0;
        }
        finally
        {
            cluster?.Dispose();
            if (sqliteFile is not null)
            {
                foreach (var f in new[] { sqliteFile, sqliteFile + "-wal", sqliteFile + "-shm" })
                {
                    File.Delete(f);
                }
            }
        }
    }

    private static async Task<ImportResult> Run(StorageSetup.StoreSettings store, string path, Guid agency, Action<ImportProgress>? progress)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var context = new IntakeContext(agency, "bench", Path.GetFileName(path), DateTimeOffset.UtcNow);
        return await FileImport.DeclarationsAsync(stream, FileFormat.Csv, store, context, progress, CancellationToken.None);
    }
}
