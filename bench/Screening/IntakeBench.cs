using System.Diagnostics;
using System.Globalization;
using Cordon.Declarations;
using Cordon.Demo;
using Cordon.Identity;
using Cordon.Screening.Hits;
using Cordon.Screening.Lists;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

/// <summary>
/// Screening in the flow, on a real store: intake of generated declarations (with their backlog rows),
/// the backlog job screening every party against OFAC + UN + a national list, and the re-screening
/// job of a national list delta. Usage: intake [--declarations N] [--store sqlite|postgres] [--postgres CONN].
/// </summary>
internal static class IntakeBench
{
    public static async Task RunAsync(string root, string[] args)
    {
        var count = int.Parse(Arg(args, "--declarations") ?? "50000", CultureInfo.InvariantCulture);
        var kind = Arg(args, "--store") ?? "sqlite";
        string? file = null;
        StorageSetup.StoreSettings store;
        if (kind == "postgres")
        {
            store = new StorageSetup.StoreSettings(DatabaseProvider.Postgres, Arg(args, "--postgres")
                ?? throw new ArgumentException("--store postgres needs --postgres CONNECTION (an empty database)."));
        }
        else
        {
            file = Path.Combine(Path.GetTempPath(), $"cordon-bench-screening-{Guid.NewGuid():N}.db");
            store = new StorageSetup.StoreSettings(DatabaseProvider.Sqlite, $"Data Source={file}");
        }
        Console.WriteLine($"Screening in the flow: {count:N0} generated declarations, {kind}");
        try
        {
            await using (var db = StorageSetup.Open(store, TimeProvider.System))
            {
                await Migrator.MigrateAsync(db);
                await DemoSeed.SeedAsync(db, TimeProvider.System.GetUtcNow());
            }
            var sw = Stopwatch.StartNew();
            await using (var db = StorageSetup.Open(store, TimeProvider.System))
            {
                await ListImport.ImportAsync(db, Actor.LocalOperator, new ListImportRequest(Path.Combine(root, "data", "watchlists", "ofac-sdn"), "ofac-csv", "OFAC SDN", "NCA"));
                await ListImport.ImportAsync(db, Actor.LocalOperator, new ListImportRequest(Path.Combine(root, "data", "watchlists", "un", "consolidated.xml"), "un-xml", "UN SC", "NCA"));
            }
            Console.WriteLine($"  OFAC + UN imported into the store: {sw.Elapsed.TotalSeconds:0.0} s");

            // Intake through the same path as the CLI and the server: batches of 2,000, one transaction each.
            Guid nca;
            await using (var db = StorageSetup.Open(store, TimeProvider.System))
            {
                nca = await db.Agencies.Where(a => a.Code == "NCA").Select(a => a.Id).FirstAsync();
            }
            var generated = new DeclarationGenerator(count, seed: 42, amendments: false).Generate().Select(g => g.Declaration).ToList();
            var context = new IntakeContext(nca, "bench", "bench", DateTimeOffset.UtcNow);
            sw.Restart();
            var index = 0;
            foreach (var chunk in generated.Chunk(2000))
            {
                var candidates = chunk.Select(d => new Candidate<DeclarationInput> { Index = index, Position = $"record {index++}", Raw = "", Number = d.Number, Input = d }).ToList();
                await Intake.SubmitDeclarationsAsync(store, context, candidates, CancellationToken.None);
            }
            var intake = sw.Elapsed;
            long backlog;
            await using (var db = StorageSetup.Open(store, TimeProvider.System))
            {
                backlog = await db.ScreeningBacklog.LongCountAsync();
            }
            Console.WriteLine($"  intake: {count:N0} declarations in {intake.TotalSeconds:0.0} s = {count / intake.TotalSeconds:N0}/s (backlog rows written with them: {backlog:N0})");

            // The backlog job: every party of every declaration against OFAC + UN.
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            sw.Restart();
            var counts = await ScreeningRuns.DrainBacklogAsync(() => StorageSetup.Open(store, TimeProvider.System), null);
            var drain = sw.Elapsed;
            var drainCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            Console.WriteLine($"  backlog job: {counts}");
            Console.WriteLine($"    {drain.TotalSeconds:0.0} s = {counts.Records / drain.TotalSeconds:N0} records/s, {counts.Parties / drain.TotalSeconds:N0} parties/s (process CPU {drainCpu.TotalSeconds:0.0} s)");

            // A national list naming some of the generated traders, then an edition changing a tenth of it.
            var folder = Path.Combine(Path.GetTempPath(), $"cordon-bench-national-{Guid.NewGuid():N}");
            Directory.CreateDirectory(folder);
            var importers = generated.Select(d => d.Importer?.Name).OfType<string>().Distinct().Take(200).ToList();
            string Line(int i, string name) => $"B-{i},\"{name}\",organisation,,,NL,";
            var v1 = importers.Select((n, i) => Line(i, n.Replace("B.V.", "BV", StringComparison.Ordinal))).ToList();
            await File.WriteAllLinesAsync(Path.Combine(folder, "v1.csv"), ["id,name,type,aliases,dob,country,identifiers", .. v1]);
            var v2 = v1.Select((l, i) => i % 10 == 0 ? l.Replace(",NL,", ",BE,", StringComparison.Ordinal) : l).Where((_, i) => i % 10 != 5).ToList();
            v2.Add(Line(10_000, "Atlas Global Freight Holdings"));
            await File.WriteAllLinesAsync(Path.Combine(folder, "v2.csv"), ["id,name,type,aliases,dob,country,identifiers", .. v2]);
            Guid listId;
            await using (var db = StorageSetup.Open(store, TimeProvider.System))
            {
                await ListImport.ImportAsync(db, Actor.LocalOperator, new ListImportRequest(Path.Combine(folder, "v1.csv"), "csv", "BENCH NATIONAL", "NCA"));
                listId = await db.WatchLists.Where(l => l.Name == "BENCH NATIONAL").Select(l => l.Id).FirstAsync();
            }
            foreach (var (version, path) in new[] { (1, "v1.csv"), (2, "v2.csv") })
            {
                if (version == 2)
                {
                    await using var db = StorageSetup.Open(store, TimeProvider.System);
                    var r = await ListImport.ImportAsync(db, Actor.LocalOperator, new ListImportRequest(Path.Combine(folder, path), "csv", "BENCH NATIONAL", "NCA"));
                    Console.WriteLine($"  national list version 2: {r.Added} added, {r.Changed} changed, {r.Removed} removed");
                }
                sw.Restart();
                var result = await ScreeningRuns.RescreenAsync(() => StorageSetup.Open(store, TimeProvider.System), new RescreenPayload(listId, version), null);
                Console.WriteLine($"  re-screening job for version {version} ({result.ChangedEntries} added/changed, {result.RemovedEntries} removed; {result.ClosedForRemoval} hits closed): " +
                                  $"{sw.Elapsed.TotalSeconds:0.0} s = {result.Counts.Records / sw.Elapsed.TotalSeconds:N0} records/s; {result.Counts}");
            }
            Directory.Delete(folder, true);
            Console.WriteLine($"  peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1 << 20):N0} MiB");
        }
        finally
        {
            if (file is not null)
            {
                foreach (var f in new[] { file, file + "-wal", file + "-shm" })
                {
                    File.Delete(f);
                }
            }
        }
    }

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
