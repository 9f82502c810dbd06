using System.Diagnostics;
using System.Globalization;
using Cordon.Identity;
using Cordon.Risk.Scoring;
using Cordon.Server;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Bench.Risk;

/// <summary>
/// Single-declaration scoring (POST /api/risk/score/{id}) under concurrent load, on the demo store (seeded by the
/// real server: declarations, criteria, a trained active model, lanes). In process: <see cref="RiskScoring.ScoreStoredAsync"/>
/// with one context per request (database reads of the declaration, its screening hits and its lane decision included).
/// Over HTTP: the real host in a child process (Kestrel on loopback, API key, access policy), this process as the load.
/// </summary>
internal static class SingleBench
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(int requests, int concurrency)
    {
        var file = Path.Combine(Path.GetTempPath(), $"cordon-scorebench-{Environment.ProcessId}.db");
        var connection = $"Data Source={file}";
        var port = FreePort();
        var server = Process.Start(new ProcessStartInfo("dotnet", [typeof(SingleBench).Assembly.Location, "serve", connection, port.ToString(Inv)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        server.OutputDataReceived += (_, e) => { if (e.Data?.Contains("error", StringComparison.OrdinalIgnoreCase) == true) Console.WriteLine($"  server: {e.Data}"); };
        server.ErrorDataReceived += (_, e) => { if (!string.IsNullOrWhiteSpace(e.Data)) Console.WriteLine($"  server: {e.Data}"); };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            var url = $"http://127.0.0.1:{port}";
            var seedClock = Stopwatch.StartNew();
            using (var probe = new HttpClient())
            {
                for (var i = 0; ; i++)
                {
                    try
                    {
                        if ((await probe.GetAsync($"{url}/health/ready")).IsSuccessStatusCode) break;
                    }
                    catch (HttpRequestException) when (i < 3000)
                    {
                    }
                    await Task.Delay(200);
                }
            }
            var settings = new StorageSetup.StoreSettings(DatabaseProvider.Sqlite, connection);
            List<Guid> ids;
            string key;
            await using (var db = StorageSetup.Open(settings, TimeProvider.System))
            {
                key = (await ApiKeys.CreateAsync(db, Actor.LocalOperator, new NewApiKey("score bench", "NCA", ["officer"]))).Secret;
                var nca = await db.Agencies.Where(a => a.Code == "NCA").Select(a => a.Id).SingleAsync();
                var last = await db.Declarations.Where(d => d.OwningAgencyId == nca).MaxAsync(d => d.LodgedOn);
                // Declarations of the last lodgement day: scored from the live (cached) history, as new arrivals are.
                ids = await db.Declarations.Where(d => d.OwningAgencyId == nca && d.LodgedOn == last).Select(d => d.Id).ToListAsync();
                Console.WriteLine($"demo store seeded by the server in {seedClock.Elapsed.TotalSeconds:0} s: {await db.Declarations.CountAsync():N0} declarations, " +
                                  $"{await db.RiskModels.CountAsync(m => m.Active)} active model, {await db.RiskCriteria.CountAsync(c => c.Status == Cordon.Risk.Criteria.CriterionStatus.Active || c.Status == Cordon.Risk.Criteria.CriterionStatus.Shadow)} live criteria; " +
                                  $"{ids.Count} declarations of {last:yyyy-MM-dd} scored round-robin");
            }

            // In process: the first call builds the live history (one pass); then steady state.
            var cold = Stopwatch.StartNew();
            await using (var db = StorageSetup.Open(settings, TimeProvider.System))
            {
                await RiskScoring.ScoreStoredAsync(db, ids[0]);
            }
            Console.WriteLine($"in-process: first score (builds the live history) {cold.Elapsed.TotalMilliseconds:N0} ms");
            foreach (var c in new[] { 1, concurrency })
            {
                await MeasureAsync($"in-process, {c} concurrent", Math.Min(requests, 500), c, ids, async id =>
                {
                    await using var db = StorageSetup.Open(settings, TimeProvider.System);
                    await RiskScoring.ScoreStoredAsync(db, id);
                    return true;
                }, quiet: true);
                await MeasureAsync($"in-process, {c} concurrent", requests, c, ids, async id =>
                {
                    await using var db = StorageSetup.Open(settings, TimeProvider.System);
                    await RiskScoring.ScoreStoredAsync(db, id);
                    return true;
                });
            }

            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = new Uri(url) };
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
            client.DefaultRequestHeaders.Add("X-Cordon-Purpose", "risk-analysis");
            var failures = 0;
            async Task<bool> Http(Guid id)
            {
                using var response = await client.PostAsync($"/api/risk/score/{id}", null);
                if (response.IsSuccessStatusCode) return true;
                if (Interlocked.Increment(ref failures) <= 3) Console.WriteLine($"  {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                return false;
            }
            foreach (var c in new[] { 1, concurrency })
            {
                await MeasureAsync($"HTTP, {c} concurrent", Math.Min(requests, 500), c, ids, Http, quiet: true);
                server.Refresh();
                var serverCpu = server.TotalProcessorTime;
                var ownCpu = Process.GetCurrentProcess().TotalProcessorTime;
                await MeasureAsync($"HTTP, {c} concurrent", requests, c, ids, Http);
                server.Refresh();
                Console.WriteLine(string.Create(Inv, $"  CPU per request: server {(server.TotalProcessorTime - serverCpu).TotalMilliseconds / requests:0.00} ms, load generator {(Process.GetCurrentProcess().TotalProcessorTime - ownCpu).TotalMilliseconds / requests:0.00} ms"));
            }
            return failures == 0 ? 0 : 1;
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            foreach (var f in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(f);
            }
        }
    }

    private static async Task MeasureAsync(string label, int requests, int concurrency, IReadOnlyList<Guid> ids, Func<Guid, Task<bool>> call, bool quiet = false)
    {
        var latencies = new double[requests];
        var next = -1;
        var failed = 0;
        var cpu = Environment.CpuUsage.TotalTime;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                var started = Stopwatch.GetTimestamp();
                if (!await call(ids[i % ids.Count])) Interlocked.Increment(ref failed);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        })));
        var seconds = clock.Elapsed.TotalSeconds;
        var cpuMs = (Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds;
        Array.Sort(latencies);
        if (!quiet)
        {
            Console.WriteLine(string.Create(Inv, $"{label}: {requests:N0} scores in {seconds:0.0} s = {requests / seconds:N0}/s; latency p50 {latencies[requests / 2]:0.00} ms, p90 {latencies[(int)(requests * 0.9)]:0.00} ms, p99 {latencies[(int)(requests * 0.99)]:0.00} ms, max {latencies[^1]:0.0} ms; this process {cpuMs / requests:0.00} ms CPU per score; {failed} failed"));
        }
    }

    public static async Task<int> ServeAsync(string connection, int port)
    {
        var app = CordonServer.Build(
        [
            "--Database:Provider=Sqlite", $"--ConnectionStrings:Cordon={connection}", "--Cordon:Demo=true",
            $"--urls=http://127.0.0.1:{port}", "--environment=Production", "--Logging:LogLevel:Default=Warning", "--Cordon:Jobs:Workers=0",
        ]);
        await CordonServer.PrepareAsync(app);
        await app.RunAsync();
        return 0;
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
