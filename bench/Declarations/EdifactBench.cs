using System.Diagnostics;
using System.Text;
using Cordon.Declarations;
using Cordon.Edifact;
using Cordon.Demo;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Cordon.TradeMessages;

namespace Cordon.Bench.Declarations;

/// <summary>
/// The same declarations through the CSV import and as CUSDEC through <see cref="TradeMessageIntake"/>, each into a
/// fresh SQLite file store: declarations per second for each, their ratio, and the peak managed heap of each run at
/// two file sizes. Both files are written from one store (CSV export and <see cref="TradeMessageExport"/>), so they
/// carry exactly the same valid declarations and neither path is charged for records the other never sees.
/// </summary>
internal static class EdifactBench
{
    public static async Task<int> RunAsync(int declarations)
    {
        Console.WriteLine($".NET {Environment.Version}, {Environment.ProcessorCount} cores, load average {LoadAverage()}");
        var sizes = new[] { declarations / 4, declarations };
        var rows = new List<string>();
        foreach (var n in sizes)
        {
            var (csv, cusdec, count) = await FilesAsync(n);
            Func<StorageSetup.StoreSettings, Guid, Task<(int, int)>> csvImport = async (store, agency) =>
            {
                await using var stream = File.OpenRead(csv);
                var result = await FileImport.DeclarationsAsync(stream, FileFormat.Csv, store, Context(agency, csv), null, CancellationToken.None);
                return ((int)result.Summary.Accepted, (int)result.Summary.Rejected);
            };
            Func<StorageSetup.StoreSettings, Guid, Task<(int, int)>> ediImport = async (store, agency) =>
            {
                await using var stream = new FileStream(cusdec, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
                await using var db = StorageSetup.Open(store, TimeProvider.System);
                var receipt = await TradeMessageIntake.ReceiveAsync(stream, db, TradeMessageIntake.Through(store), Context(agency, cusdec), TimeProvider.System, null,
                    CancellationToken.None);
                return (receipt.Accepted, receipt.Rejected);
            };
            var csvRun = await MeasureAsync("csv", count, csvImport);
            var ediRun = await MeasureAsync("cusdec", count, ediImport);
            // Again, each with a full collection every 250 ms: what the import really holds (slower; not timed).
            csvRun = csvRun with { LiveMb = (await MeasureAsync("csv, live heap", count, csvImport, liveSet: true)).LiveMb };
            ediRun = ediRun with { LiveMb = (await MeasureAsync("cusdec, live heap", count, ediImport, liveSet: true)).LiveMb };
            rows.Add($"| {count:N0} | {new FileInfo(csv).Length / 1e6:0.0} MB / {new FileInfo(cusdec).Length / 1e6:0.0} MB | {csvRun.Rate:N0} | {ediRun.Rate:N0} | "
                     + $"{ediRun.Rate / csvRun.Rate:P0} | {csvRun.PerCpuSecond:N0} | {ediRun.PerCpuSecond:N0} | {ediRun.PerCpuSecond / csvRun.PerCpuSecond:P0} | {csvRun.PeakMb:0} MB | {ediRun.PeakMb:0} MB | {csvRun.LiveMb:0} MB | {ediRun.LiveMb:0} MB |");
            File.Delete(csv);
            File.Delete(cusdec);
        }
        Console.WriteLine();
        Console.WriteLine("| declarations | file (CSV / CUSDEC) | CSV declarations/s | CUSDEC declarations/s | CUSDEC ÷ CSV | CSV per CPU-second | CUSDEC per CPU-second | ÷ | CSV peak managed heap | CUSDEC peak managed heap | CSV live heap | CUSDEC live heap |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        rows.ForEach(Console.WriteLine);
        Console.WriteLine($"load average at the end {LoadAverage()}");
        return 0;
    }

    /// <summary>
    /// The reading side of the CUSDEC intake alone, one thread, stage by stage (each stage includes the ones before):
    /// CPU time and bytes allocated per message, to see where a message's time goes without the store.
    /// </summary>
    public static async Task<int> ParseAsync(int declarations)
    {
        var (csv, cusdec, count) = await FilesAsync(declarations);
        var context = Context(Guid.NewGuid(), cusdec);
        var stages = new (string Name, Action<EdifactMessage> Work)[]
        {
            ("segments and envelope (EdifactReader)", _ => { }),
            ("+ CusdecReader", m => CusdecReader.Read(m)),
            ("+ answer key and raw text", m =>
            {
                CusdecReader.Read(m);
                AnswerKeys.Of(m.Segments);
                _ = string.Join('\n', m.Segments);
            }),
            ("+ candidate staged (validation, content hash)", m =>
            {
                var read = CusdecReader.Read(m);
                AnswerKeys.Of(m.Segments);
                var candidate = new Candidate<DeclarationInput> { Index = 0, Position = "", Input = read.Declaration, Raw = string.Join('\n', m.Segments), Number = read.Declaration!.Number };
                Intake.StageDeclaration(candidate, context);
            }),
        };
        foreach (var (name, work) in stages)
        {
            for (var round = 0; round < 3; round++)
            {
                GC.Collect();
                var allocated = GC.GetAllocatedBytesForCurrentThread();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var messages = 0;
                using (var text = EdifactText.Open(File.OpenRead(cusdec)))
                {
                    foreach (var message in new EdifactReader(text).Messages())
                    {
                        work(message);
                        messages++;
                    }
                }
                var seconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
                if (round == 2)
                {
                    Console.WriteLine($"{name}: {seconds * 1e6 / messages:0.0} µs CPU and {(GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)messages / 1024:0.0} KB per message ({messages:N0})");
                }
            }
        }
        File.Delete(csv);
        File.Delete(cusdec);
        return count > 0 ? 0 : 1;
    }

    private static IntakeContext Context(Guid agency, string path) => new(agency, "bench", Path.GetFileName(path), DateTimeOffset.UtcNow);

    private sealed record Run(double Rate, double PeakMb, double LiveMb, double PerCpuSecond);

    /// <summary>One import into a fresh, seeded SQLite file, timed, with the managed heap sampled every 10 ms.</summary>
    private static async Task<Run> MeasureAsync(string name, int expected, Func<StorageSetup.StoreSettings, Guid, Task<(int Accepted, int Rejected)>> import,
        bool liveSet = false)
    {
        var file = Path.Combine(Path.GetTempPath(), $"cordon-bench-edifact-{Environment.ProcessId}-{name}.db");
        var store = new StorageSetup.StoreSettings(DatabaseProvider.Sqlite, $"Data Source={file}");
        try
        {
            Guid agency;
            await using (var db = StorageSetup.Open(store, TimeProvider.System))
            {
                await Migrator.MigrateAsync(db);
                await DemoSeed.SeedAsync(db, TimeProvider.System.GetUtcNow());
                agency = db.Agencies.Single(a => a.Code == "NCA").Id;
            }
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            var baseline = GC.GetTotalMemory(false);
            var heapBefore = liveSet ? baseline : GC.GetGCMemoryInfo(GCKind.Any).HeapSizeBytes;
            long peak = baseline;
            // What survived the last collection: the live heap, without the garbage GetTotalMemory also counts between collections.
            long live = 0;
            using var sampling = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    peak = Math.Max(peak, GC.GetTotalMemory(false));
                    live = Math.Max(live, liveSet ? GC.GetTotalMemory(true) : GC.GetGCMemoryInfo(GCKind.Any).HeapSizeBytes);
                    await Task.Delay(liveSet ? 250 : 10);
                }
            });
            var clock = Stopwatch.StartNew();
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var (allocated0, pause0, gen0, gen2) = (GC.GetTotalAllocatedBytes(true), GC.GetTotalPauseDuration(), GC.CollectionCount(0), GC.CollectionCount(2));
            var (accepted, rejected) = await import(store, agency);
            var seconds = clock.Elapsed.TotalSeconds;
            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
            var (allocated, pause) = (GC.GetTotalAllocatedBytes(true) - allocated0, GC.GetTotalPauseDuration() - pause0);
            var (collections, full) = (GC.CollectionCount(0) - gen0, GC.CollectionCount(2) - gen2);
            await sampling.CancelAsync();
            await sampler;
            if (accepted != expected || rejected != 0)
            {
                throw new InvalidOperationException($"{name}: accepted {accepted:N0} and refused {rejected:N0} of {expected:N0}; both paths must store every declaration.");
            }
            var run = new Run(accepted / seconds, (peak - baseline) / 1e6, Math.Max(0, live - heapBefore) / 1e6, accepted / cpu);
            Console.WriteLine($"{name}: {accepted:N0} declarations in {seconds:0.00} s = {run.Rate:N0}/s ({accepted / cpu:N0} per CPU-second); peak managed heap {run.PeakMb:0} MB above the {baseline / 1e6:0} MB before; "
                + $"{(liveSet ? "live heap (full collections)" : "largest heap after a collection")} {run.LiveMb:0} MB above the {heapBefore / 1e6:0} MB before; "
                + $"allocated {allocated / (double)accepted / 1024:0.0} KB per declaration, {collections} collections ({full} full), paused {pause.TotalMilliseconds:0} ms");
            return run;
        }
        finally
        {
            SqliteConnectionPoolClear();
            foreach (var f in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(f);
            }
        }
    }

    private static void SqliteConnectionPoolClear() => Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

    /// <summary>Generates n declarations (no amendments), stores them, and writes the stored ones as CSV and as CUSDEC.</summary>
    private static async Task<(string Csv, string Cusdec, int Count)> FilesAsync(int n)
    {
        var stem = Path.Combine(Path.GetTempPath(), $"cordon-bench-edifact-{Environment.ProcessId}-{n}");
        var generated = stem + "-generated.csv";
        await using (var writer = new StreamWriter(generated, false, new UTF8Encoding(false), 1 << 16))
        {
            new DeclarationGenerator(n, 42, amendments: false).Write(writer, FileFormat.Csv);
        }
        var file = stem + "-source.db";
        var store = new StorageSetup.StoreSettings(DatabaseProvider.Sqlite, $"Data Source={file}");
        try
        {
            await using var db = StorageSetup.Open(store, TimeProvider.System);
            await Migrator.MigrateAsync(db);
            await DemoSeed.SeedAsync(db, TimeProvider.System.GetUtcNow());
            var agency = db.Agencies.Single(a => a.Code == "NCA");
            await using (var stream = File.OpenRead(generated))
            {
                await FileImport.DeclarationsAsync(stream, FileFormat.Csv, store, Context(agency.Id, generated), null, CancellationToken.None);
            }
            var policy = await AccessPolicy.ForAsync(db, Actor.LocalOperator, Purpose.RiskAnalysis);
            var csv = stem + ".csv";
            await using (var writer = new StreamWriter(csv, false, new UTF8Encoding(false), 1 << 16))
            {
                await DeclarationQueries.ExportCsvAsync(db, policy, new DeclarationFilter(), writer, CancellationToken.None);
            }
            var written = await TradeMessageExport.WriteAsync(db, policy, TradeMessageKind.Cusdec, agency.Id, new DeclarationFilter(), "NCA", "ZZZ", DateTimeOffset.UtcNow,
                CancellationToken.None);
            var cusdec = stem + ".edi";
            await File.WriteAllTextAsync(cusdec, written.Interchange, Encoding.Latin1);
            Console.WriteLine($"{n:N0} generated, {written.Records:N0} stored and written: {csv} ({new FileInfo(csv).Length / 1e6:0.0} MB), {cusdec} ({new FileInfo(cusdec).Length / 1e6:0.0} MB)");
            return (csv, cusdec, written.Records);
        }
        finally
        {
            SqliteConnectionPoolClear();
            foreach (var f in new[] { generated, file, file + "-wal", file + "-shm" })
            {
                File.Delete(f);
            }
        }
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
