using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;

// The failure drills of docs/operating.md, run against a cluster started by scripts/cluster: load through the proxy
// (declarations by API, reads, live message streams, import jobs), then a Cordon node killed with kill -9 or the
// PostgreSQL primary stopped and the replica promoted; afterwards every acknowledged write is looked for in the
// store, exactly once, every stream must have received every acknowledged message, every job must have finished,
// and the audit log must verify. Exit status 1 when any of that fails. Usage: scripts/cluster drill [node|failover|all].
var options = Options.Parse(args);
var drills = options.Drill == "all" ? ["node", "failover"] : new[] { options.Drill };
var failed = false;
foreach (var drill in drills)
{
    var result = await Drill.RunAsync(options, drill);
    failed |= !result;
}
return failed ? 1 : 0;

sealed record Options(string Cluster, string Dir, Uri Proxy, string Connection, string Drill, int Seconds, int Writers, int Readers, int Streams)
{
    public static Options Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        return new Options(Get("--cluster", "scripts/cluster"), Get("--dir", "/tmp/cordon-cluster"), new Uri(Get("--proxy", "http://127.0.0.1:5180")), Get("--connection", ""),
            Get("--drill", "all"), int.Parse(Get("--seconds", "45"), CultureInfo.InvariantCulture),
            int.Parse(Get("--writers", "6"), CultureInfo.InvariantCulture), int.Parse(Get("--readers", "2"), CultureInfo.InvariantCulture),
            int.Parse(Get("--streams", "3"), CultureInfo.InvariantCulture));
    }
}

static class Drill
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<bool> RunAsync(Options options, string drill)
    {
        var run = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)[^6..];
        Console.WriteLine($"== drill '{drill}' (run {run}): {options.Seconds} s of load through {options.Proxy}, {options.Writers} writers, {options.Readers} readers, {options.Streams} streams, import jobs");
        foreach (var node in new[] { "1", "2", "3" })
        {
            await ShellAsync(options.Cluster, "start-node", node); // whole before the fault, whatever an earlier run left
        }
        var key = await CliAsync(options, "apikeys", "create", "--name", $"drill {run}", "--agency", "NCA", "--roles", "officer,supervisor,analyst", "--json");
        var secret = JsonDocument.Parse(key).RootElement.GetProperty("secret").GetString()!;
        using var http = new HttpClient { BaseAddress = options.Proxy, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-Api-Key", secret);
        http.DefaultRequestHeaders.Add("X-Cordon-Purpose", "risk-analysis");

        var channel = await SendAsync(http, HttpMethod.Post, "/api/channels", new { kind = "group", name = $"Drill {run}", purpose = "failure drill", endsAt = DateTimeOffset.UtcNow.AddDays(1), marking = "TLP:AMBER" });
        var channelId = JsonDocument.Parse(channel).RootElement.GetProperty("id").GetGuid();

        var load = new Load(http, options, run, channelId);
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        using var stopStreams = new CancellationTokenSource();
        var tasks = new List<Task>();
        var streams = new List<Task>();
        for (var s = 0; s < options.Streams; s++)
        {
            streams.Add(load.StreamAsync(s, secret, stopStreams.Token));
        }
        await Task.Delay(TimeSpan.FromSeconds(2)); // the streams are open before the first message
        for (var w = 0; w < options.Writers; w++)
        {
            tasks.Add(load.WriteDeclarationsAsync(w, clock, stop.Token));
        }
        for (var r = 0; r < options.Readers; r++)
        {
            tasks.Add(load.ReadAsync(stop.Token));
        }
        tasks.Add(load.PostMessagesAsync(stop.Token));
        tasks.Add(load.QueueImportsAsync(stop.Token));

        await Task.Delay(TimeSpan.FromSeconds(10));
        var faultAt = clock.Elapsed;
        var victim = drill == "node" ? await NodeRunningAJobAsync(options) : "2";
        var fault = drill == "node" ? await ShellAsync(options.Cluster, "kill-node", victim) : await ShellAsync(options.Cluster, "failover");
        Console.WriteLine($"   at {faultAt.TotalSeconds:F1} s: {fault.Trim()}");
        await Task.Delay(TimeSpan.FromSeconds(Math.Max(5, options.Seconds - 10)));
        stop.Cancel();
        await Task.WhenAll(tasks.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        Console.WriteLine($"   load stopped at {clock.Elapsed.TotalSeconds:F1} s");
        await load.StreamsCaughtUpAsync(TimeSpan.FromSeconds(20)); // the last messages are still on their way
        stopStreams.Cancel();
        await Task.WhenAll(streams.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        tasks.AddRange(streams);

        var ok = await load.CheckAsync(faultAt);
        foreach (var broken in tasks.Where(t => t.IsFaulted))
        {
            Console.WriteLine($"   FAIL a load task stopped: {broken.Exception!.InnerException!.Message}");
            ok = false;
        }
        var verify = await CliStatusAsync(options, "audit", "verify");
        Console.WriteLine($"   audit log: {(verify.Output.Trim().Length > 0 ? verify.Output : verify.Error).Trim().Split('\n').LastOrDefault()}");
        ok &= verify.Status == 0;

        // Put the cluster back as it was for the next drill: the node started again, or the old primary rebuilt as replica.
        var repair = drill == "node" ? await ShellAsync(options.Cluster, "start-node", victim) : await ShellAsync(options.Cluster, "rejoin");
        Console.WriteLine($"   afterwards: {repair.Trim().Split('\n').LastOrDefault()}");
        Console.WriteLine(ok ? $"== drill '{drill}': passed" : $"== drill '{drill}': FAILED");
        return ok;
    }

    /// <summary>The node (1-3) that is running an import job now, so that killing it strands a claimed job; else node 2.</summary>
    private static async Task<string> NodeRunningAJobAsync(Options options)
    {
        await using var data = NpgsqlDataSource.Create(options.Connection);
        var looking = Stopwatch.StartNew();
        while (looking.Elapsed < TimeSpan.FromSeconds(10))
        {
            await using var query = data.CreateCommand("""SELECT "ClaimedBy" FROM jobs WHERE "Status" = 'Running' AND "Kind" = 'intake.import' LIMIT 1""");
            if (await query.ExecuteScalarAsync() is string claimedBy && claimedBy.Split(':') is [_, var pid, ..])
            {
                for (var n = 1; n <= 3; n++)
                {
                    var file = Path.Combine(options.Dir, $"node{n}.pid");
                    if (File.Exists(file) && File.ReadAllText(file).Trim() == pid)
                    {
                        return n.ToString(CultureInfo.InvariantCulture);
                    }
                }
            }
            await Task.Delay(100);
        }
        return "2";
    }

    public static async Task<string> SendAsync(HttpClient http, HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, options: Json) };
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text}");
        }
        return text;
    }

    private static async Task<string> CliAsync(Options options, params string[] args)
    {
        var (status, output, error) = await CliStatusAsync(options, args);
        return status == 0 ? output : throw new InvalidOperationException($"cordon {string.Join(' ', args)}: exit {status}: {output}{error}");
    }

    /// <summary>The CLI on the cluster's store and key files.</summary>
    private static Task<(int Status, string Output, string Error)> CliStatusAsync(Options options, params string[] args) => RunAsync(options.Cluster, ["cli", .. args]);

    private static async Task<string> ShellAsync(string script, params string[] args)
    {
        var (status, output, error) = await RunAsync(script, args);
        return status == 0 ? output : throw new InvalidOperationException($"{script} {string.Join(' ', args)}: exit {status}: {output}{error}");
    }

    /// <summary>Exit status, standard output (what is parsed) and standard error (builds, warnings) apart.</summary>
    private static async Task<(int, string, string)> RunAsync(string file, string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}

/// <summary>The load and what it saw: each acknowledged write, each failed attempt with its time.</summary>
sealed class Load(HttpClient http, Options options, string run, Guid channelId)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentDictionary<string, TimeSpan> acknowledged = new();
    private readonly ConcurrentQueue<TimeSpan> failedWrites = new();
    private readonly ConcurrentQueue<(TimeSpan Started, TimeSpan Acknowledged)> writes = new();
    private readonly ConcurrentDictionary<string, Guid> messages = new();
    private readonly ConcurrentDictionary<int, ConcurrentDictionary<Guid, bool>> received = new();
    private readonly ConcurrentQueue<(int Stream, TimeSpan Gap)> reconnects = new();
    private readonly ConcurrentDictionary<Guid, int> jobs = new();
    private int readsOk, readsFailed, messageRetries, jobsRefused;

    public async Task WriteDeclarationsAsync(int writer, Stopwatch clock, CancellationToken stop)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var number = $"DRILL-{run}-{writer}-{n:D5}";
            var body = Declaration(number);
            var started = clock.Elapsed;
            // The same body again until acknowledged: intake is idempotent, so a retry of a write whose answer was lost
            // stores nothing twice. Only an acknowledged write counts (and must be found afterwards).
            while (true)
            {
                try
                {
                    using var response = await http.PostAsJsonAsync("/api/declarations", body, Json, CancellationToken.None);
                    if (response.IsSuccessStatusCode)
                    {
                        acknowledged[number] = clock.Elapsed;
                        writes.Enqueue((started, clock.Elapsed));
                        break;
                    }
                    if ((int)response.StatusCode is >= 400 and < 500 and not 408 and not 429)
                    {
                        // A refusal is an answer, not a failure of the cluster: the drill's data is wrong.
                        throw new InvalidOperationException($"{number} refused: {await response.Content.ReadAsStringAsync(CancellationToken.None)}");
                    }
                    failedWrites.Enqueue(clock.Elapsed);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    failedWrites.Enqueue(clock.Elapsed);
                }
                if (stop.IsCancellationRequested && clock.Elapsed - started > TimeSpan.FromSeconds(60))
                {
                    return; // never acknowledged: not counted
                }
                await Task.Delay(100, CancellationToken.None);
            }
        }
    }

    /// <summary>A list (the primary) and an export (the standby, ConnectionStrings:CordonReadOnly) in turn.</summary>
    public async Task ReadAsync(CancellationToken stop)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            try
            {
                using var response = await http.GetAsync(n % 2 == 0 ? "/api/declarations?pageSize=20" : $"/api/declarations/export.csv?number=DRILL-{run}-0-00000", CancellationToken.None);
                Interlocked.Increment(ref response.IsSuccessStatusCode ? ref readsOk : ref readsFailed);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                Interlocked.Increment(ref readsFailed);
            }
            await Task.Delay(50, CancellationToken.None);
        }
    }

    public async Task PostMessagesAsync(CancellationToken stop)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var text = $"drill {run} message {n}";
            while (true)
            {
                try
                {
                    using var response = await http.PostAsJsonAsync($"/api/channels/{channelId}/messages", new { text }, Json, CancellationToken.None);
                    if (response.IsSuccessStatusCode)
                    {
                        messages[text] = (await response.Content.ReadFromJsonAsync<JsonElement>(Json, CancellationToken.None)).GetProperty("id").GetGuid();
                        break;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                }
                // Posting is not idempotent: whether a post whose answer was lost was stored is looked up before posting again.
                Interlocked.Increment(ref messageRetries);
                await Task.Delay(200, CancellationToken.None);
                if (await FindMessageAsync(text) is { } stored)
                {
                    messages[text] = stored;
                    break;
                }
                if (stop.IsCancellationRequested && n > 0)
                {
                    return;
                }
            }
            await Task.Delay(250, CancellationToken.None);
        }
    }

    public async Task StreamsCaughtUpAsync(TimeSpan atMost)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < atMost && received.Values.Any(seen => messages.Values.Any(m => !seen.ContainsKey(m))))
        {
            await Task.Delay(250);
        }
    }

    private async Task<Guid?> FindMessageAsync(string text)
    {
        try
        {
            var list = await http.GetFromJsonAsync<JsonElement>($"/api/channels/{channelId}/messages", Json);
            foreach (var m in Items(list))
            {
                if (m.TryGetProperty("text", out var t) && t.GetString() == text)
                {
                    return m.GetProperty("id").GetGuid();
                }
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
        }
        return null;
    }

    /// <summary>The conversation as the API returns it: an array of messages.</summary>
    private static IEnumerable<JsonElement> Items(JsonElement list) => list.EnumerateArray();

    /// <summary>An EventSource's behaviour: read events, and on any break reconnect with the last event id.</summary>
    public async Task StreamAsync(int stream, string secret, CancellationToken stop)
    {
        var seen = received.GetOrAdd(stream, _ => new());
        using var client = new HttpClient { BaseAddress = options.Proxy, Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.Add("X-Api-Key", secret);
        client.DefaultRequestHeaders.Add("X-Cordon-Purpose", "risk-analysis");
        string? lastId = null;
        var broke = Stopwatch.StartNew();
        var first = true;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/api/channels/stream");
                if (lastId is not null)
                {
                    request.Headers.Add("Last-Event-ID", lastId);
                }
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop);
                response.EnsureSuccessStatusCode();
                if (!first)
                {
                    reconnects.Enqueue((stream, broke.Elapsed));
                }
                first = false;
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop), Encoding.UTF8);
                string? evt = null, id = null;
                var data = new StringBuilder();
                while (await reader.ReadLineAsync(stop) is { } line)
                {
                    if (line.Length == 0)
                    {
                        if (evt == "message" && data.Length > 0)
                        {
                            seen[JsonDocument.Parse(data.ToString()).RootElement.GetProperty("id").GetGuid()] = true;
                        }
                        lastId = id ?? lastId;
                        evt = id = null;
                        data.Clear();
                    }
                    else if (line.StartsWith("event: ", StringComparison.Ordinal)) evt = line[7..];
                    else if (line.StartsWith("id: ", StringComparison.Ordinal)) id = line[4..];
                    else if (line.StartsWith("data: ", StringComparison.Ordinal)) data.Append(line[6..]);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
            {
            }
            broke.Restart();
            await Task.Delay(1000, CancellationToken.None); // an EventSource's retry
        }
    }

    private const int PerImport = 2000;

    /// <summary>A JSON Lines import of 2,000 declarations every 2 s: background jobs that a node may hold when it dies.</summary>
    public async Task QueueImportsAsync(CancellationToken stop)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var lines = string.Join('\n', Enumerable.Range(0, PerImport).Select(i => JsonSerializer.Serialize(Declaration($"DRILL-{run}-J{n}-{i:D4}"), Json)));
            try
            {
                using var content = new StringContent(lines, Encoding.UTF8, "application/x-ndjson");
                using var response = await http.PostAsync("/api/declarations/import?format=jsonl", content, CancellationToken.None);
                if (response.IsSuccessStatusCode)
                {
                    jobs[(await response.Content.ReadFromJsonAsync<JsonElement>(Json, CancellationToken.None)).GetProperty("id").GetGuid()] = n;
                }
                else
                {
                    Interlocked.Increment(ref jobsRefused);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                Interlocked.Increment(ref jobsRefused);
            }
            try
            {
                await Task.Delay(2000, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private object Declaration(string number) => new
    {
        kind = "import",
        number,
        declarant = "NL123456789",
        office = "NL000396",
        lodgedOn = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        transportMode = "sea",
        importer = new { id = "NL987654321", name = "Holland Trading B.V.", address = "Havenstraat 1, Rotterdam", country = "NL" },
        exporter = new { name = "Shenzhen Bright Electronics Co.", country = "CN" },
        originCountry = "CN",
        exportCountry = "CN",
        destinationCountry = "NL",
        currency = "EUR",
        totalFob = 1000,
        totalCif = 1100,
        items = new[] { new { hsCode = "8517130000", description = "Smartphones", quantity = 10, unit = "u", grossKg = 25, netKg = 20, fob = 1000, cif = 1100, duties = 0, taxes = 231 } },
    };

    public async Task<bool> CheckAsync(TimeSpan faultAt)
    {
        var ok = true;
        void Check(bool passed, string what)
        {
            Console.WriteLine($"   {(passed ? "ok  " : "FAIL")} {what}");
            ok &= passed;
        }

        // Writes: the outage is the longest time a write that began after the fault waited for its acknowledgement.
        var afterFault = writes.Where(w => w.Started >= faultAt - TimeSpan.FromSeconds(1)).ToList();
        var worst = afterFault.Count == 0 ? TimeSpan.Zero : afterFault.Max(w => w.Acknowledged - w.Started);
        var failures = failedWrites.ToList();
        var failWindow = failures.Count == 0 ? TimeSpan.Zero : failures.Max() - failures.Min();
        Console.WriteLine($"   writes: {acknowledged.Count} declarations acknowledged; {failures.Count} attempts failed" +
                          (failures.Count > 0 ? $" between {failures.Min().TotalSeconds:F1} s and {failures.Max().TotalSeconds:F1} s ({failWindow.TotalSeconds:F2} s)" : "") +
                          $"; longest wait for an acknowledgement after the fault {worst.TotalSeconds:F2} s");
        Console.WriteLine($"   reads: {readsOk} answered, {readsFailed} failed");

        // Jobs: each finished, however long its node's death held it (a claim goes stale after 60 s).
        var jobsDone = await WaitForJobsAsync();
        Check(jobsRefused == 0 || jobs.Count > 0, $"imports: {jobs.Count} queued ({jobsRefused} refused at the proxy), {jobsDone.Done} finished ({jobsDone.Resumed} resumed on another node after their node died), the last {jobsDone.Waited.TotalSeconds:F0} s after the load stopped");
        ok &= jobsDone.Done == jobs.Count;

        // The store: every acknowledged declaration and every imported one, each exactly once.
        await using var data = NpgsqlDataSource.Create(options.Connection);
        await using var query = data.CreateCommand("""SELECT "Number", count(*) FROM declarations WHERE "Number" LIKE @prefix GROUP BY "Number" """);
        query.Parameters.AddWithValue("prefix", $"DRILL-{run}-%");
        var stored = new Dictionary<string, long>();
        await using (var reader = await query.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                stored[reader.GetString(0)] = reader.GetInt64(1);
            }
        }
        var lost = acknowledged.Keys.Where(n => !stored.ContainsKey(n)).ToList();
        Check(lost.Count == 0, $"every acknowledged declaration is stored: {acknowledged.Count - lost.Count}/{acknowledged.Count}{(lost.Count > 0 ? $" (lost: {string.Join(", ", lost.Take(5))})" : "")}");
        Check(stored.Values.All(c => c == 1), $"none stored twice ({stored.Count(s => s.Value > 1)} doubled)");
        var imported = stored.Keys.Count(k => k.Contains("-J", StringComparison.Ordinal));
        Check(imported == jobsDone.Done * PerImport, $"imported declarations: {imported} (expected {jobsDone.Done * PerImport} from {jobsDone.Done} finished jobs)");

        // Reads from the standby see every acknowledged write (synchronous_commit = remote_apply).
        var sample = acknowledged.Keys.OrderBy(k => k, StringComparer.Ordinal).Where((_, i) => i % Math.Max(1, acknowledged.Count / 20) == 0).Take(20).ToList();
        var unseen = new List<string>();
        foreach (var number in sample)
        {
            if (!(await http.GetStringAsync($"/api/declarations/export.csv?number={number}")).Contains(number, StringComparison.Ordinal))
            {
                unseen.Add(number);
            }
        }
        Check(unseen.Count == 0, $"exports (read from the standby) show acknowledged declarations: {sample.Count - unseen.Count}/{sample.Count} sampled{(unseen.Count > 0 ? $" (missing: {string.Join(", ", unseen)})" : "")}");

        // Streams: each one received every acknowledged message, reconnecting with Last-Event-ID across the fault.
        var posted = messages.Values.ToHashSet();
        Console.WriteLine($"   messages: {posted.Count} acknowledged ({messageRetries} retries after a failed post)");
        foreach (var (stream, seen) in received.OrderBy(r => r.Key))
        {
            var missing = posted.Count(m => !seen.ContainsKey(m));
            var gaps = reconnects.Where(r => r.Stream == stream).Select(r => r.Gap).ToList();
            Check(missing == 0, $"stream {stream}: {posted.Count - missing}/{posted.Count} messages received; {gaps.Count} reconnect(s){(gaps.Count > 0 ? $", back after {string.Join(", ", gaps.Select(g => $"{g.TotalSeconds:F1} s"))}" : "")}");
        }
        var listed = await http.GetFromJsonAsync<JsonElement>($"/api/channels/{channelId}/messages", Json);
        var texts = Items(listed).Select(m => m.TryGetProperty("text", out var t) ? t.GetString() : null).Where(t => t is not null).ToList();
        Check(texts.Count == texts.Distinct().Count(), $"no message stored twice ({texts.Count} in the channel)");
        return ok;
    }

    private async Task<(int Done, TimeSpan Waited, int Resumed)> WaitForJobsAsync()
    {
        var waiting = Stopwatch.StartNew();
        int done = 0, resumed = 0;
        while (waiting.Elapsed < TimeSpan.FromSeconds(150))
        {
            done = resumed = 0;
            foreach (var id in jobs.Keys)
            {
                try
                {
                    var job = await http.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}", Json);
                    done += job.GetProperty("status").ToString() is "Succeeded" ? 1 : 0;
                    resumed += job.GetProperty("attempts").GetInt32() > 1 ? 1 : 0;
                }
                catch (HttpRequestException)
                {
                }
            }
            if (done == jobs.Count)
            {
                break;
            }
            await Task.Delay(2000);
        }
        return (done, waiting.Elapsed, resumed);
    }
}
