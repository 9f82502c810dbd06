using System.Diagnostics;
using System.Text.Json;
using Cordon.Identity;
using Cordon.Server;
using Cordon.Storage;

namespace Cordon.Bench.Declarations;

/// <summary>
/// The single-declaration API path under concurrent load: the server runs in a child process (the
/// real host, Kestrel on loopback), this process generates the load over HTTP and measures each request.
/// </summary>
internal static class ApiBench
{
    public static async Task<int> RunAsync(string storeKind, int requests, int concurrency)
    {
        PgCluster? cluster = null;
        string connection;
        string? sqliteFile = null;
        if (storeKind == "postgres")
        {
            cluster = PgCluster.Start();
            connection = cluster.ConnectionString;
        }
        else
        {
            sqliteFile = Path.Combine(Path.GetTempPath(), $"cordon-apibench-{Environment.ProcessId}.db");
            connection = $"Data Source={sqliteFile}";
        }
        var port = FreePort();
        var self = typeof(ApiBench).Assembly.Location;
        var server = Process.Start(new ProcessStartInfo("dotnet", [self, "serve", "--store", storeKind, "--connection", connection, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        server.OutputDataReceived += (_, e) => { if (e.Data?.Contains("error", StringComparison.OrdinalIgnoreCase) == true) Console.WriteLine($"  server: {e.Data}"); };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            var url = $"http://127.0.0.1:{port}";
            using var probe = new HttpClient();
            for (var i = 0; ; i++)
            {
                try
                {
                    if ((await probe.GetAsync($"{url}/health/ready")).IsSuccessStatusCode)
                    {
                        break;
                    }
                }
                catch (HttpRequestException) when (i < 600)
                {
                }
                await Task.Delay(200);
            }
            var settings = new StorageSetup.StoreSettings(storeKind == "postgres" ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite, connection);
            string key;
            await using (var db = StorageSetup.Open(settings, TimeProvider.System))
            {
                key = (await ApiKeys.CreateAsync(db, Actor.LocalOperator, new NewApiKey("api bench", "NCA", ["officer"]))).Secret;
            }
            Console.WriteLine($"server (pid {server.Id}) on {url} over {storeKind}; {requests:N0} POST /api/declarations with {concurrency} concurrent clients");
            await LoadAsync(url, key, Math.Min(500, requests), concurrency, "warm-up", quiet: true);
            server.Refresh();
            var serverCpu = server.TotalProcessorTime;
            var ownCpu = Process.GetCurrentProcess().TotalProcessorTime;
            var exit = await LoadAsync(url, key, requests, concurrency, "run");
            server.Refresh();
            Console.WriteLine($"CPU per request: server {(server.TotalProcessorTime - serverCpu).TotalMilliseconds / requests:0.00} ms, load generator {(Process.GetCurrentProcess().TotalProcessorTime - ownCpu).TotalMilliseconds / requests:0.00} ms" +
                              " (on 2 cores, that bounds throughput at 2000 / (server + generator + database) ms per request)");
            return exit;
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
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

    public static async Task<int> LoadAsync(string url, string key, int requests, int concurrency) => await LoadAsync(url, key, requests, concurrency, "run");

    private static async Task<int> LoadAsync(string url, string key, int requests, int concurrency, string label, bool quiet = false)
    {
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = new Uri(url) };
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        var generated = new Cordon.Demo.DeclarationGenerator(requests, seed: Environment.TickCount, amendments: false).Generate().Select(g => g.Declaration).ToArray();
        var prefix = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var bodies = generated.Select((d, i) =>
        {
            d.Number = $"{prefix}{i:D10}";
            return JsonSerializer.SerializeToUtf8Bytes(d, IntakeJsonPublic.Options);
        }).ToArray();
        var latencies = new double[requests];
        var next = -1;
        var failures = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                var started = Stopwatch.GetTimestamp();
                using var content = new ByteArrayContent(bodies[i]);
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                using var response = await client.PostAsync("/api/declarations", content);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if ((int)response.StatusCode != 201)
                {
                    if (Interlocked.Increment(ref failures) <= 3)
                    {
                        Console.WriteLine($"  {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                    }
                }
            }
        }).ToArray();
        await Task.WhenAll(workers);
        var seconds = clock.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        if (!quiet)
        {
            Console.WriteLine($"{label}: {requests:N0} requests in {seconds:0.0} s = {requests / seconds:N0} declarations/s; latency p50 {latencies[requests / 2]:0.0} ms, p90 {latencies[(int)(requests * 0.9)]:0.0} ms, p99 {latencies[(int)(requests * 0.99)]:0.0} ms, max {latencies[^1]:0.0} ms; {failures} not created");
        }
        return failures == 0 ? 0 : 1;
    }

    public static async Task<int> ServeAsync(string store, string connection, int port)
    {
        var app = CordonServer.Build(
        [
            $"--Database:Provider={(store == "postgres" ? "Postgres" : "Sqlite")}", $"--ConnectionStrings:Cordon={connection}", "--Cordon:Demo=true",
            $"--urls=http://127.0.0.1:{port}", "--environment=Production", "--Logging:LogLevel:Default=Warning", "--Cordon:Jobs:Workers=0", "--Cordon:Edge:RateLimits:Enabled=false",
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

/// <summary>The API's JSON conventions (camelCase, nulls left out) for request bodies.</summary>
internal static class IntakeJsonPublic
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
}
