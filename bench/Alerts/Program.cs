using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Cordon.Alerting;
using Cordon.Demo;
using Cordon.Identity;
using Cordon.Server;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

// Alert fan-out latency at N subscribers: a real Cordon server (Kestrel on loopback, its AlertWorker)
// over each store; the benchmark commits an alert (Alerts.Raise + SaveChanges) and times, from that
// commit, (1) all delivery rows committed, (2) the alert arriving on a server-sent event stream of a
// border-police API key, (3) the first and the last webhook POST arriving at a Kestrel receiver.
// --other-node commits each alert as a second server node on the same database would (no in-process
// wake-up: only the NOTIFY on PostgreSQL, or the server's poll); --listen false turns the server's LISTEN off.
// Usage: dotnet run -c Release --project bench/Alerts -- [--subscribers 1000] [--webhooks 100] [--alerts 20] [--stores sqlite,postgres] [--other-node] [--listen false]
var subscribers = 1000;
var otherNode = false;
var listen = true;
var webhooks = 100;
var alerts = 20;
var stores = new List<string> { "sqlite", "postgres" };
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--subscribers": subscribers = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--webhooks": webhooks = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--alerts": alerts = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--stores": stores = args[++i].Split(',').ToList(); break;
        case "--other-node": otherNode = true; break;
        case "--listen": listen = bool.Parse(args[++i]); break;
        default: throw new ArgumentException($"unknown argument {args[i]}");
    }
}
var work = Path.Combine(Path.GetTempPath(), $"cordon-bench-alerts-{Environment.ProcessId}");
Directory.CreateDirectory(work);
Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; {subscribers:N0} subscriptions ({webhooks} webhooks), {alerts} alerts");
using var cluster = stores.Contains("postgres") ? BenchPostgres.Start(work) : null;

// The receiving system for webhooks: records when each delivery arrives.
var arrivals = new ConcurrentDictionary<string, long>();
var receiverPort = FreePort();
var rb = WebApplication.CreateSlimBuilder();
rb.Logging.ClearProviders();
rb.WebHost.UseKestrel().UseUrls($"http://127.0.0.1:{receiverPort}");
var receiver = rb.Build();
receiver.MapPost("/hook", (HttpContext http) =>
{
    arrivals.TryAdd(http.Request.Headers["Idempotency-Key"].ToString(), Stopwatch.GetTimestamp());
    return Results.Ok();
});
await receiver.StartAsync();

foreach (var store in stores)
{
    var settings = store == "sqlite"
        ? new StorageSetup.StoreSettings(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(work, "alerts.db")}")
        : new StorageSetup.StoreSettings(DatabaseProvider.Postgres, cluster!.Connection);
    string apiKey;
    Guid customs;
    await using (var db = StorageSetup.Open(settings, TimeProvider.System))
    {
        await db.Database.EnsureDeletedAsync();
        await Migrator.MigrateAsync(db);
        await DemoSeed.SeedAsync(db, TimeProvider.System.GetUtcNow());
        var admin = await ActorOf(db, "admin");
        var bpAdmin = await ActorOf(db, "bp.admin");
        customs = admin.AgencyId!.Value;
        var agreement = await Agreements.ProposeAsync(db, admin, new AgreementTerms("Alerts to border police", "NCA", "NBP", [RecordTypes.Alert], "TLP:AMBER",
            ["risk-analysis"], [new RedactionRule([RedactionRule.PersonalData])], false, null, null), TimeProvider.System.GetUtcNow());
        await Agreements.ApproveAsync(db, bpAdmin, agreement.Id, TimeProvider.System.GetUtcNow());
        var agencies = await db.Agencies.ToDictionaryAsync(a => a.Code, a => a.Id);
        // Subscribers: the webhooks (border police), then UI subscriptions spread over the four agencies
        // (NIS and PCA have no agreement: matched, then withheld by the policy).
        string[] codes = ["NCA", "NBP", "NIS", "PCA"];
        for (var i = 0; i < subscribers; i++)
        {
            var hook = i < webhooks;
            db.AlertSubscriptions.Add(new AlertSubscription
            {
                CreatedAt = TimeProvider.System.GetUtcNow(),
                AgencyId = hook ? agencies["NBP"] : agencies[codes[i % 4]],
                UserId = hook || i % 8 == 1 ? null : Guid.NewGuid(),
                Name = $"bench {i}",
                MaxMarking = Tlp.Amber,
                Channel = hook ? AlertChannel.Webhook : AlertChannel.Ui,
                WebhookUrl = hook ? $"http://127.0.0.1:{receiverPort}/hook" : null,
                WebhookSecret = hook ? AlertWebhooks.NewSecret() : null,
            });
        }
        await db.SaveChangesAsync();
        apiKey = (await ApiKeys.CreateAsync(db, Actor.LocalOperator, new NewApiKey("bench stream", "NBP", ["officer"]))).Secret;
    }

    var port = FreePort();
    var app = CordonServer.Build([
        $"--Database:Provider={settings.Provider}", $"--ConnectionStrings:Cordon={settings.ConnectionString}", "--environment=Development",
        $"--urls=http://127.0.0.1:{port}", "--Cordon:Jobs:Workers=0", "--Cordon:Edge:RateLimits:Enabled=false", "--Logging:LogLevel:Default=Warning",
        $"--Cordon:DataDirectory={work}", $"--Cordon:Alerts:Listen={listen}",
    ]);
    await CordonServer.PrepareAsync(app);
    await app.StartAsync();

    using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = Timeout.InfiniteTimeSpan };
    http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
    using var streamResponse = await http.GetAsync("/api/alerts/stream", HttpCompletionOption.ResponseHeadersRead);
    var sse = new ConcurrentDictionary<Guid, long>();
    var reading = Task.Run(async () =>
    {
        using var reader = new StreamReader(await streamResponse.Content.ReadAsStreamAsync());
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("data: {", StringComparison.Ordinal))
            {
                var at = Stopwatch.GetTimestamp();
                var id = System.Text.Json.JsonDocument.Parse(line[6..]).RootElement.GetProperty("alert").GetProperty("id").GetGuid();
                sse.TryAdd(id, at);
            }
        }
    });

    var rows = new List<double>();
    var stream = new List<double>();
    var hookFirst = new List<double>();
    var hookLast = new List<double>();
    int deliveriesPerAlert = 0;
    for (var n = 0; n < alerts + 1; n++) // the first is a warm-up
    {
        if (otherNode)
        {
            // A realistic gap between commits, so each alert finds the other node idle (polling or listening).
            await Task.Delay(Random.Shared.Next(100, 900));
        }
        var delivered = AlertSignals.Delivered.Next;
        Alert alert;
        long t0;
        await using (var db = StorageSetup.Open(settings, TimeProvider.System))
        {
            if (otherNode)
            {
                // What Alerts.Raise commits on another node: the row and, on PostgreSQL, the NOTIFY in the same transaction.
                alert = new Alert { CreatedAt = TimeProvider.System.GetUtcNow(), Kind = AlertKinds.Seizure, Title = $"Cocaine seizure {n}", OwningAgencyId = customs, Marking = Tlp.Amber,
                    RecordType = RecordTypes.Seizure, RecordId = $"SZ-BENCH-{n}", Office = "NLRTM", Commodity = "cocaine", Data = "{}" };
                await using var tx = await db.Database.BeginTransactionAsync();
                db.Alerts.Add(alert);
                await db.SaveChangesAsync();
                AlertNotifications.Notify(db, AlertNotifications.Raised);
                await tx.CommitAsync();
            }
            else
            {
                alert = Alerts.Raise(db, new AlertDraft(AlertKinds.Seizure, $"Cocaine seizure {n}", customs, Tlp.Amber)
                {
                    RecordType = RecordTypes.Seizure, RecordId = $"SZ-BENCH-{n}", Office = "NLRTM", Commodity = "cocaine", Data = new { quantityKg = 100 + n, owner = "Jan Jansen" },
                });
                await db.SaveChangesAsync();
            }
            t0 = Stopwatch.GetTimestamp();
        }
        await delivered.WaitAsync(TimeSpan.FromSeconds(60));
        var t1 = Stopwatch.GetTimestamp();
        List<string> keys;
        await using (var db = StorageSetup.Open(settings, TimeProvider.System))
        {
            keys = await db.AlertDeliveries.Where(d => d.AlertId == alert.Id && d.Channel == AlertChannel.Webhook).Select(d => d.IdempotencyKey).ToListAsync();
            deliveriesPerAlert = await db.AlertDeliveries.CountAsync(d => d.AlertId == alert.Id);
        }
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 120;
        while ((!sse.ContainsKey(alert.Id) || keys.Any(k => !arrivals.ContainsKey(k))) && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(5);
        }
        if (n == 0)
        {
            continue;
        }
        double Ms(long t) => (t - t0) * 1000.0 / Stopwatch.Frequency;
        rows.Add(Ms(t1));
        stream.Add(sse.TryGetValue(alert.Id, out var s) ? Ms(s) : double.NaN);
        hookFirst.Add(keys.Count == 0 ? 0 : keys.Min(k => Ms(arrivals[k])));
        hookLast.Add(keys.Count == 0 ? 0 : keys.Max(k => Ms(arrivals[k])));
    }
    Console.WriteLine($"## {store}: {deliveriesPerAlert} deliveries per alert ({webhooks} webhooks), {alerts} alerts{(otherNode ? $", committed by another node, LISTEN {(listen ? "on" : "off")}" : "")}");
    Console.WriteLine("| from the alert's commit to | median | p95 | max |");
    Console.WriteLine("| --- | --- | --- | --- |");
    Print("all delivery rows committed (and audited)", rows);
    Print("SSE event at a border-police client", stream);
    Print("first webhook received", hookFirst);
    Print("last webhook received", hookLast);
    await app.StopAsync();
    await app.DisposeAsync();
    _ = reading;
}
await receiver.StopAsync();
return;

static void Print(string what, List<double> ms)
{
    var sorted = ms.Order().ToList();
    double P(double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {what} | {P(0.5):0} ms | {P(0.95):0} ms | {sorted[^1]:0} ms |"));
}

static async Task<Actor> ActorOf(CordonDb db, string user)
{
    var u = await db.Users.SingleAsync(x => x.UserName == user);
    return new Actor(u.Id, u.AgencyId, u.Roles, u.UserName, ActorKind.User);
}

static int FreePort()
{
    using var l = new TcpListener(IPAddress.Loopback, 0);
    l.Start();
    return ((IPEndPoint)l.LocalEndpoint).Port;
}
