using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Cordon.Audit;
using Cordon.Demo;
using Cordon.Identity;
using Cordon.Messaging;
using Cordon.Server;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

// Issue 19's two speed targets for secure messaging.
// throughput: N messages posted through ChannelMessages.PostAsync (what POST /api/channels/{id}/messages runs: sealed with
//   AES-GCM, audited by the store's change audit) into one channel, by 1 and by several concurrent posters (each post its own
//   DbContext, as a server request has); messages/s, latency per post, allocations; then the message count and a full audit
//   verification (AuditVerifier, after a signed checkpoint).
// streams: real Cordon servers (Kestrel on loopback) over one PostgreSQL database, one or two nodes; one channel whose member
//   agencies have --members API keys, each with an open GET /api/channels/stream (split evenly over the nodes); a message is
//   posted on node A (PostAsync in node A's request scope, so node A's streams are woken in-process and node B's only by
//   PostgreSQL NOTIFY); time from the message's commit to its "message" event on every stream.
// Usage: dotnet run -c Release --project bench/Messaging -- [--modes throughput,streams] [--messages 20000] [--posters 1,8]
//   [--stores sqlite,postgres] [--members 500] [--stream-messages 20] [--nodes 1,2]
var modes = new List<string> { "throughput", "streams" };
var messages = 20_000;
var posterCounts = new List<int> { 1, 8 };
var stores = new List<string> { "sqlite", "postgres" };
var members = 500;
var streamMessages = 20;
var nodeCounts = new List<int> { 1, 2 };
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--modes": modes = args[++i].Split(',').ToList(); break;
        case "--messages": messages = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--posters": posterCounts = args[++i].Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToList(); break;
        case "--stores": stores = args[++i].Split(',').ToList(); break;
        case "--members": members = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--stream-messages": streamMessages = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--nodes": nodeCounts = args[++i].Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToList(); break;
        default: throw new ArgumentException($"unknown argument {args[i]}");
    }
}
var work = Path.Combine(Path.GetTempPath(), $"cordon-bench-messaging-{Environment.ProcessId}");
Directory.CreateDirectory(work);
Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}; {Load()}");
var needsPostgres = modes.Contains("streams") || stores.Contains("postgres");
using var cluster = needsPostgres ? BenchPostgres.Start(work) : null;
var serverKey = RandomNumberGenerator.GetBytes(32);
var keys = new ChannelKeys(serverKey);

if (modes.Contains("throughput"))
{
    foreach (var store in stores)
    {
        await ThroughputAsync(store == "sqlite"
            ? new StorageSetup.StoreSettings(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(work, "messaging.db")}")
            : new StorageSetup.StoreSettings(DatabaseProvider.Postgres, cluster!.Connection));
    }
}
if (modes.Contains("streams"))
{
    foreach (var nodes in nodeCounts)
    {
        await StreamsAsync(new StorageSetup.StoreSettings(DatabaseProvider.Postgres, cluster!.Connection), nodes);
    }
}
return;

async Task ThroughputAsync(StorageSetup.StoreSettings settings)
{
    var (channel, poster) = await PrepareAsync(settings);
    var posted = 0;
    await PostManyAsync(settings, channel, poster, 200, 1); // warm-up: JIT, pools, plans
    posted += 200;
    Console.WriteLine($"## throughput, {settings.Provider}: {messages:N0} messages per run into one channel (one in five a Warning, the rest ~200-character texts)");
    Console.WriteLine("| posters | messages/s | per post p50 | p99 | max | CPU per post: bench process | PostgreSQL | allocated per post | audit entries per post | load average |");
    Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    foreach (var posters in posterCounts)
    {
        long auditBefore;
        await using (var db = StorageSetup.Open(settings, TimeProvider.System))
        {
            auditBefore = await AuditTree.SizeAsync(db);
        }
        GC.Collect();
        var allocated = GC.GetTotalAllocatedBytes(true);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var pgCpu = PostgresCpu();
        var clock = Stopwatch.StartNew();
        var latencies = await PostManyAsync(settings, channel, poster, messages, posters);
        clock.Stop();
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        pgCpu = PostgresCpu() - pgCpu;
        allocated = GC.GetTotalAllocatedBytes(true) - allocated;
        posted += messages;
        long auditAfter;
        await using (var db = StorageSetup.Open(settings, TimeProvider.System))
        {
            auditAfter = await AuditTree.SizeAsync(db);
        }
        latencies.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {posters} | {messages / clock.Elapsed.TotalSeconds:N0} | {P(latencies, 0.5):0.0} ms | {P(latencies, 0.99):0.0} ms | {latencies[^1]:0} ms | {cpu.TotalMilliseconds / messages:0.00} ms | {(settings.Provider == DatabaseProvider.Postgres ? $"{pgCpu.TotalMilliseconds / messages:0.00} ms" : "-")} | {allocated / messages / 1024.0:N0} KiB | {(auditAfter - auditBefore) / (double)messages:0.##} | {Load()} |"));
    }
    await using (var db = StorageSetup.Open(settings, TimeProvider.System))
    {
        var count = await db.ChannelMessages.CountAsync(m => m.ChannelId == channel);
        if (count != posted)
        {
            throw new InvalidOperationException($"channel {channel} holds {count} messages, {posted} were posted");
        }
        var signer = AuditSigner.LoadOrCreate(Path.Combine(work, $"audit-{settings.Provider}.key"), "bench.cordon/messaging");
        await AuditCheckpoints.MakeAsync(db, signer);
        var report = await AuditVerifier.VerifyAsync(db, signer.Verifier);
        if (!report.Ok)
        {
            throw new InvalidOperationException($"audit verification failed: {report.Problems[0].Message}");
        }
        Console.WriteLine($"Checked: the channel holds {count:N0} messages, all posted; the audit log ({report.Entries:N0} entries, {report.Checkpoints} signed checkpoint) verifies ({report.Elapsed.TotalSeconds:N1} s).");
    }
}

// Posts `count` messages with `posters` concurrent posters; each post opens its own context, as a request would. Returns each post's milliseconds.
async Task<List<double>> PostManyAsync(StorageSetup.StoreSettings settings, Guid channel, Actor poster, int count, int posters)
{
    var next = -1;
    var latencies = new ConcurrentBag<double>();
    await Task.WhenAll(Enumerable.Range(0, posters).Select(_ => Task.Run(async () =>
    {
        int n;
        while ((n = Interlocked.Increment(ref next)) < count)
        {
            var start = Stopwatch.GetTimestamp();
            await using var db = StorageSetup.Open(settings, TimeProvider.System);
            db.Actor = AuditActor.Of(poster);
            await ChannelMessages.PostAsync(db, poster, keys, channel, Message(n), db.Clock.GetUtcNow());
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    })));
    return latencies.ToList();
}

async Task StreamsAsync(StorageSetup.StoreSettings settings, int nodeCount)
{
    var (channel, poster) = await PrepareAsync(settings);
    // One API key per open stream, spread over the channel's members: the owner (NBP), customs of the same country (NCA, reads
    // in full) and the partner abroad (PCA, reads under the demo agreement, a Warning's vehicle withheld).
    string[] codes = ["NBP", "NCA", "PCA"];
    var secrets = new List<string>();
    await using (var db = StorageSetup.Open(settings, TimeProvider.System))
    {
        for (var i = 0; i < members; i++)
        {
            secrets.Add((await ApiKeys.CreateAsync(db, Actor.LocalOperator, new NewApiKey($"stream {i}", codes[i % codes.Length], ["officer"]))).Secret);
        }
    }
    // Two nodes would exceed PostgreSQL's default 100 connections with Npgsql's default pool of 100 each: a deployment sizes its pools.
    var pooled = settings with { ConnectionString = settings.ConnectionString + ";Maximum Pool Size=45" };
    var nodes = new List<(WebApplication App, HttpClient Http)>();
    for (var n = 0; n < nodeCount; n++)
    {
        var port = FreePort();
        var app = CordonServer.Build([
            $"--Database:Provider={pooled.Provider}", $"--ConnectionStrings:Cordon={pooled.ConnectionString}", "--environment=Development",
            $"--urls=http://127.0.0.1:{port}", "--Cordon:Jobs:Workers=0", "--Cordon:Edge:RateLimits:Enabled=false", "--Logging:LogLevel:Default=Warning",
            $"--Cordon:DataDirectory={work}", $"--{ChannelKeys.ServerKeySetting}={Convert.ToBase64String(serverKey)}",
        ]);
        await CordonServer.PrepareAsync(app);
        await app.StartAsync();
        await app.Services.GetRequiredService<MessagePosts>().Listening.WaitAsync(TimeSpan.FromSeconds(60));
        nodes.Add((app, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = Timeout.InfiniteTimeSpan }));
    }

    // The open pages: each stream keeps when each message's event arrived.
    using var stop = new CancellationTokenSource();
    var arrivals = Enumerable.Range(0, members).Select(_ => new ConcurrentDictionary<Guid, long>()).ToArray();
    var connected = Enumerable.Range(0, members).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
    var readers = Enumerable.Range(0, members).Select(i => Task.Run(async () =>
    {
        var http = nodes[i % nodeCount].Http;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/channels/stream");
        request.Headers.Add("X-Api-Key", secrets[i]);
        request.Headers.Add(PurposeNames.Header, "investigation");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop.Token);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop.Token));
        var message = false;
        while (await reader.ReadLineAsync(stop.Token) is { } line)
        {
            if (line.StartsWith(": connected", StringComparison.Ordinal))
            {
                connected[i].TrySetResult();
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                message = line == "event: message";
            }
            else if (message && line.StartsWith("data: {\"id\":\"", StringComparison.Ordinal))
            {
                // The view's first property is its id: read without parsing the whole event (the clients share the cores with the servers).
                arrivals[i].TryAdd(Guid.Parse(line.AsSpan(13, 36)), Stopwatch.GetTimestamp());
            }
        }
    })).ToArray();
    var opening = Stopwatch.StartNew();
    await Task.WhenAll(connected.Select(c => c.Task)).WaitAsync(TimeSpan.FromMinutes(5));
    Console.WriteLine($"{members} streams open in {opening.Elapsed.TotalSeconds:N1} s");
    await Task.Delay(3000); // the first unread events are sent

    long auditBefore;
    await using (var db = StorageSetup.Open(settings, TimeProvider.System))
    {
        auditBefore = await AuditTree.SizeAsync(db);
    }
    var all = new List<double>();
    var onA = new List<double>();
    var onB = new List<double>();
    var last = new List<double>();
    var postMs = new List<double>();
    var missing = 0;
    for (var m = 0; m < streamMessages + 1; m++) // the first is a warm-up
    {
        await Task.Delay(Random.Shared.Next(500, 1500)); // a realistic gap: each message finds the streams waiting
        await using var scope = nodes[0].App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CordonDb>();
        db.Actor = AuditActor.Of(poster);
        long committed = 0;
        db.SavedChanges += (_, _) => Interlocked.CompareExchange(ref committed, Stopwatch.GetTimestamp(), 0); // the first save is the message's commit
        var start = Stopwatch.GetTimestamp();
        var view = await ChannelMessages.PostAsync(db, poster, keys, channel, Message(m), db.Clock.GetUtcNow());
        var returned = Stopwatch.GetTimestamp();
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 60;
        while (arrivals.Any(a => !a.ContainsKey(view.Id)) && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(10);
        }
        if (m == 0)
        {
            continue;
        }
        postMs.Add((returned - start) * 1000.0 / Stopwatch.Frequency);
        var these = new List<double>();
        for (var i = 0; i < members; i++)
        {
            if (!arrivals[i].TryGetValue(view.Id, out var at))
            {
                missing++;
                continue;
            }
            var ms = (at - committed) * 1000.0 / Stopwatch.Frequency;
            these.Add(ms);
            (i % nodeCount == 0 ? onA : onB).Add(ms);
        }
        all.AddRange(these);
        last.Add(these.Count == 0 ? double.NaN : these.Max());
    }
    long auditAfter;
    await using (var db = StorageSetup.Open(settings, TimeProvider.System))
    {
        auditAfter = await AuditTree.SizeAsync(db);
    }
    Console.WriteLine($"## streams, PostgreSQL, {nodeCount} node(s): {members} open streams ({members / nodeCount} per node), {streamMessages} messages posted on node A; {Load()}");
    Console.WriteLine($"Audit entries written per message (the post, and the streams' audited reads): {(auditAfter - auditBefore) / (double)(streamMessages + 1):0.#}");
    Console.WriteLine("| from the message's commit to its event on | n | p50 | p95 | p99 | max |");
    Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
    Row("every stream", all);
    if (nodeCount > 1)
    {
        Row("streams on node A (woken in-process)", onA);
        Row("streams on node B (woken by NOTIFY)", onB);
    }
    Row("the last of the streams, per message", last);
    Row("(PostAsync itself, start to return)", postMs);
    if (missing > 0)
    {
        Console.WriteLine($"MISSING: {missing} (stream, message) events never arrived within 60 s");
    }

    // Where the time goes: one stream's work per wake-up (PostedSinceAsync + Channels.ListAsync, as MessageStream runs them), measured alone.
    await using (var scope = nodes[0].App.Services.CreateAsyncScope())
    {
        var db = scope.ServiceProvider.GetRequiredService<CordonDb>();
        foreach (var code in codes)
        {
            var actor = new Actor(null, (await db.Agencies.SingleAsync(a => a.Code == code)).Id, Roles.Officer, $"api-key:probe {code}", ActorKind.ApiKey);
            var since = db.Clock.GetUtcNow() - MessageStream.Overlap;
            double policy = 0, sinceMs = 0, list = 0;
            var seen = new Dictionary<Guid, DateTimeOffset>();
            await ChannelMessages.PostedSinceAsync(db, await AccessPolicy.ForAsync(db, actor, Purpose.Investigation, db.Clock.GetUtcNow()), keys, since, seen);
            const int rounds = 30;
            for (var r = 0; r < rounds + 3; r++)
            {
                var t = Stopwatch.GetTimestamp();
                var p = await AccessPolicy.ForAsync(db, actor, Purpose.Investigation, db.Clock.GetUtcNow());
                var t1 = Stopwatch.GetTimestamp();
                seen.Remove(seen.MaxBy(s => s.Value).Key); // as on a wake-up: one new message among those already sent (the call adds it back)
                await ChannelMessages.PostedSinceAsync(db, p, keys, since, seen);
                var t2 = Stopwatch.GetTimestamp();
                await Channels.ListAsync(db, actor, db.Clock.GetUtcNow());
                var t3 = Stopwatch.GetTimestamp();
                db.ChangeTracker.Clear();
                if (r >= 3)
                {
                    policy += (t1 - t) * 1000.0 / Stopwatch.Frequency / rounds;
                    sinceMs += (t2 - t1) * 1000.0 / Stopwatch.Frequency / rounds;
                    list += (t3 - t2) * 1000.0 / Stopwatch.Frequency / rounds;
                }
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"One {code} stream's wake-up, alone: PostedSinceAsync {sinceMs:0.0} ms (one new message opened, its read audited where the policy says), Channels.ListAsync {list:0.0} ms (unread counts); (opening its policy, once per stream: {policy:0.0} ms)"));
        }
    }

    await stop.CancelAsync();
    foreach (var (app, http) in nodes)
    {
        http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
    try
    {
        await Task.WhenAll(readers);
    }
    catch (Exception e) when (e is OperationCanceledException or HttpRequestException or IOException)
    {
        // The streams end with the servers.
    }
}

// A fresh store with the demo's agencies, users and messaging agreements, and one channel owned by the border police with
// customs (same country) and the partner abroad as members. Returns the channel and the poster (bp.officer).
async Task<(Guid Channel, Actor Poster)> PrepareAsync(StorageSetup.StoreSettings settings)
{
    await using var db = StorageSetup.Open(settings, TimeProvider.System);
    await db.Database.EnsureDeletedAsync();
    await Migrator.MigrateAsync(db);
    var now = db.Clock.GetUtcNow();
    await DemoSeed.SeedAsync(db, now);
    // The demo's messaging agreement (what MessagingDemo seeds beside its operation): the partner abroad reads the border
    // police's messages with a Warning's vehicle withheld.
    var agencies = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Code, a => a.Id);
    db.SharingAgreements.Add(new SharingAgreement
    {
        Title = "Bench messaging (border police to partner)", ProviderAgencyId = agencies["NBP"], RecipientAgencyId = agencies["PCA"], RecordTypes = [RecordTypes.Message],
        MaxMarking = Tlp.Amber, Purposes = [Purpose.RiskAnalysis, Purpose.Investigation], Redactions = [new RedactionRule(["warning.vehicle"], [RecordTypes.Message])],
        ValidFrom = now.AddDays(-30), ValidUntil = now.AddYears(1), Status = AgreementStatus.Active, ProviderApprovedAt = now.AddDays(-30),
        RecipientApprovedAt = now.AddDays(-30), CreatedAt = now.AddDays(-30), UpdatedAt = now.AddDays(-30),
    });
    await db.SaveChangesAsync();
    var user = await db.Users.SingleAsync(u => u.UserName == "bp.officer");
    var poster = new Actor(user.Id, user.AgencyId, user.Roles, user.UserName, ActorKind.User);
    db.Actor = AuditActor.Of(poster);
    var channel = await Channels.CreateAsync(db, poster, keys,
        new ChannelInput("group", null, "Bench channel", "Benchmark of issue 19's speed targets", now.AddDays(30), "TLP:AMBER", null, ["NCA", "PCA"]), now);
    return (channel.Id, poster);
}

static MessageInput Message(int n) => n % 5 == 0
    ? new MessageInput($"Left Antwerp at 09:40, message {n}.", Warning: new WarningInput("Cigarettes behind a load of tiles", "A58 towards Baarle", null, $"Trailer NL-OX-{n % 100:00}", "high"))
    : new MessageInput($"Message {n}: the refrigerated trailer crossed at Baarle heading north; the driver was nervous at the last stop, papers in order, seals intact. Team 3 follows it to the Hazeldonk parking.");

static double P(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, Math.Max(0, (int)Math.Ceiling(q * sorted.Count) - 1))];

static void Row(string what, List<double> ms)
{
    var sorted = ms.Order().ToList();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {what} | {sorted.Count} | {P(sorted, 0.5):0} ms | {P(sorted, 0.95):0} ms | {P(sorted, 0.99):0} ms | {sorted[^1]:0} ms |"));
}

// CPU used so far by the benchmark's PostgreSQL cluster: the postmaster, its live processes and those it has reaped (from /proc).
TimeSpan PostgresCpu()
{
    var pidFile = Path.Combine(work, "pg", "data", "postmaster.pid");
    if (cluster is null || !File.Exists(pidFile))
    {
        return TimeSpan.Zero;
    }
    var postmaster = File.ReadLines(pidFile).First().Trim();
    static long[] Stat(string pid)
    {
        var text = File.ReadAllText($"/proc/{pid}/stat");
        return text[(text.LastIndexOf(')') + 2)..].Split(' ').Select(f => long.TryParse(f, out var v) ? v : 0).ToArray();
    }
    var main = Stat(postmaster);
    // Fields after the name: utime, stime, cutime, cstime are the 12th to 15th.
    long ticks = main[11] + main[12] + main[13] + main[14];
    foreach (var child in File.ReadAllText($"/proc/{postmaster}/task/{postmaster}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries))
    {
        try
        {
            var s = Stat(child);
            ticks += s[11] + s[12];
        }
        catch (IOException)
        {
            // It ended meanwhile: its time is in the postmaster's reaped children.
        }
    }
    return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ
}

static string Load() => "load average " + File.ReadAllText("/proc/loadavg").Split(' ').Take(3).Aggregate((a, b) => a + " " + b);

static int FreePort()
{
    using var l = new TcpListener(IPAddress.Loopback, 0);
    l.Start();
    return ((IPEndPoint)l.LocalEndpoint).Port;
}
