using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Cordon.Cases;
using Cordon.Federation;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

// Federation throughput and lag between two real Cordon server processes on loopback, each on its own store.
// 1. Throughput: N seizures already at alpha, then an agreement comes into force sharing them with beta's
//    customs: time until all N copies are applied at beta (records/s, including sender-side redaction,
//    signing, HTTP, signature check and idempotent apply with audit entries on both sides).
// 2. Lag: M seizures recorded one by one through alpha's API while the link is idle (and all N already shared);
//    for each, the time from its commit at alpha to its copy being applied at beta (p50/p99). The commit wakes
//    alpha's worker; --poll ms (default 200) is only its fallback.
// Usage: dotnet run -c Release --project bench/Federation -- [--records 10000] [--latency 100] [--store sqlite|postgres] [--poll 200] [--batch 200]
var records = 10_000;
var latencyRuns = 100;
var store = "sqlite";
var poll = 200;
var batch = 200;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--records": records = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--latency": latencyRuns = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--store": store = args[++i]; break;
        case "--poll": poll = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--batch": batch = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        default: throw new ArgumentException($"unknown argument {args[i]}");
    }
}
var work = Path.Combine(Path.GetTempPath(), $"cordon-bench-federation-{Environment.ProcessId}");
Directory.CreateDirectory(work);
Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, .NET {Environment.Version}, "
                  + $"load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}; store {store}; {records:N0} records; {latencyRuns} lag samples; poll {poll} ms; batch {batch}");
using var cluster = store == "postgres" ? BenchPostgres.Start(work) : null;
StorageSetup.StoreSettings Settings(string name) => store == "postgres"
    ? new(DatabaseProvider.Postgres, cluster!.Connection.Replace("Database=cordon_bench", $"Database=cordon_{name}", StringComparison.Ordinal))
    : new(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(work, name + ".db")};Pooling=true");

var alphaStore = Settings("alpha");
var betaStore = Settings("beta");
foreach (var s in new[] { alphaStore, betaStore })
{
    await using var db = StorageSetup.Open(s, TimeProvider.System);
    await Migrator.MigrateAsync(db);
    await Cordon.Demo.DemoSeed.SeedAsync(db, TimeProvider.System.GetUtcNow());
}
var seedClock = Stopwatch.StartNew();
await using (var db = StorageSetup.Open(alphaStore, TimeProvider.System))
{
    var nca = await db.Agencies.Where(a => a.Code == "NCA").Select(a => a.Id).SingleAsync();
    var start = DateTimeOffset.UtcNow.AddDays(-30);
    for (var i = 0; i < records; i += 1000)
    {
        db.ChangeTracker.Clear();
        for (var j = i; j < Math.Min(records, i + 1000); j++)
        {
            db.Seizures.Add(new Seizure
            {
                Reference = $"SZ-2025-{j + 1:D6}",
                OwningAgencyId = nca,
                Marking = j % 10 == 0 ? Tlp.Red : Tlp.Amber, // one in ten is never shared
                Office = "NLRTM",
                Place = "Maasvlakte terminal",
                SeizedAt = start.AddSeconds(j),
                RouteFrom = "CO",
                RouteTo = "NL",
                Items = [new SeizedItem("cocaine bricks", null, 1 + j % 40, "kg", 1 + j % 40, 40000, "EUR", "cocaine")],
                SeizingOfficers = ["Oscar Officer"],
                Witnesses = ["Wendy Witness"],
                Owner = $"Owner {j}",
                LegalBasis = "Customs Act art. 1:33",
                CreatedAt = start.AddSeconds(j),
                CreatedBy = "officer",
            });
        }
        await db.SaveChangesAsync();
    }
}
var shared = records - (records + 9) / 10;
Console.WriteLine($"seeded {records:N0} seizures at alpha ({shared:N0} shareable) in {seedClock.Elapsed.TotalSeconds:0.0} s");

await using var alpha = await Server.StartAsync("alpha", alphaStore, work, poll, batch);
await using var beta = await Server.StartAsync("beta", betaStore, work, poll, batch);
using var anonymous = new HttpClient();
var idA = await anonymous.GetFromJsonAsync<InstallationView>($"{alpha.BaseUrl}/api/federation/identity");
var idB = await anonymous.GetFromJsonAsync<InstallationView>($"{beta.BaseUrl}/api/federation/identity");
var aOperator = await alpha.AsAsync("operator");
(await aOperator.PostAsJsonAsync("/api/federation/partners", new NewPartner("beta", beta.BaseUrl, idB!.FederationKey, idB.AuditKey))).EnsureSuccessStatusCode();
(await (await beta.AsAsync("operator")).PostAsJsonAsync("/api/federation/partners", new NewPartner("alpha", alpha.BaseUrl, idA!.FederationKey, idA.AuditKey))).EnsureSuccessStatusCode();
(await aOperator.PostAsJsonAsync("/api/federation/partners/beta/agencies", new NewPartnerAgency("BETA-NCA", "NCA", "Customs of beta", "BE", null))).EnsureSuccessStatusCode();
var terms = new AgreementTerms("Seizures for beta", "NCA", "BETA-NCA", [RecordTypes.Seizure], "TLP:AMBER", ["investigation"], [new RedactionRule([RedactionRule.PersonalData])], false, null, null);
var proposed = await (await (await alpha.AsAsync("admin")).PostAsJsonAsync("/api/sharing/agreements", terms)).Content.ReadFromJsonAsync<JsonElement>();
var clock = Stopwatch.StartNew();
(await aOperator.PostAsJsonAsync($"/api/federation/agreements/{proposed.GetProperty("id").GetGuid()}/partner-approval", new PartnerApprovalRequest("bench"))).EnsureSuccessStatusCode();
long applied = 0;
var lastReport = TimeSpan.Zero;
while (applied < shared)
{
    await Task.Delay(250);
    await using var db = StorageSetup.Open(betaStore, TimeProvider.System);
    applied = await db.FederationCopies.LongCountAsync();
    if (clock.Elapsed - lastReport > TimeSpan.FromSeconds(10))
    {
        lastReport = clock.Elapsed;
        Console.WriteLine($"  {applied:N0} / {shared:N0} at beta after {clock.Elapsed.TotalSeconds:0} s (load {Load()})");
    }
    if (clock.Elapsed > TimeSpan.FromHours(1))
    {
        throw new TimeoutException("not delivered within an hour");
    }
}
var elapsed = clock.Elapsed;
await using (var db = StorageSetup.Open(betaStore, TimeProvider.System))
{
    var leaked = await db.Seizures.CountAsync(s => s.Owner != null && s.Reference.StartsWith("ALPHA:"));
    Console.WriteLine($"throughput: {shared:N0} records A→B in {elapsed.TotalSeconds:0.0} s = {shared / elapsed.TotalSeconds:N0} records/s (copies with an owner name at beta: {leaked}); load average now {Load()}");
}

var officer = await alpha.AsAsync("officer");
var lags = new List<double>();
for (var i = 0; i < latencyRuns; i++)
{
    var request = new NewSeizure
    {
        Office = "NLRTM",
        Place = "berth 4",
        RouteFrom = "CO",
        RouteTo = "NL",
        Items = [new SeizedItemRequest("cocaine", null, 3, "kg", 3, 120000, "EUR", "cocaine")],
        SeizingOfficers = ["Oscar Officer"],
        Witnesses = ["W"],
        Owner = "Lag Owner",
        LegalBasis = "Customs Act",
        Marking = "TLP:AMBER",
    };
    var created = await (await officer.PostAsJsonAsync("/api/seizures", request)).Content.ReadFromJsonAsync<JsonElement>();
    var id = created.GetProperty("id").GetGuid();
    var at = created.GetProperty("createdAt").GetDateTimeOffset();
    FederationCopy? copy = null;
    while (copy is null)
    {
        await Task.Delay(20);
        await using var db = StorageSetup.Open(betaStore, TimeProvider.System);
        copy = await db.FederationCopies.AsNoTracking().FirstOrDefaultAsync(c => c.LocalRecordId == id);
    }
    lags.Add((copy.ReceivedAt - at).TotalMilliseconds);
    await Task.Delay(Random.Shared.Next(0, poll)); // arrive at any point of the worker's cycle
}
lags.Sort();
double P(double q) => lags[Math.Min(lags.Count - 1, (int)Math.Ceiling(q * lags.Count) - 1)];
Console.WriteLine($"lag commit at A → applied at B over {lags.Count} seizures: p50 {P(0.50):0} ms, p90 {P(0.90):0} ms, p99 {P(0.99):0} ms, max {lags[^1]:0} ms; load average now {Load()}");

// The machine is shared: the 1, 5 and 15 minute load averages go with every figure.
static string Load() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

/// <summary>A Cordon server process over a store, on a free loopback port.</summary>
internal sealed class Server : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StorageSetup.StoreSettings _store;
    public string BaseUrl { get; }

    private Server(Process process, string baseUrl, StorageSetup.StoreSettings store)
    {
        _process = process;
        BaseUrl = baseUrl;
        _store = store;
    }

    public static async Task<Server> StartAsync(string name, StorageSetup.StoreSettings store, string work, int poll, int batch)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "Cordon.Server", "bin", "Release", "net10.0", "Cordon.Server.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("Build the server in Release first (dotnet build bench/Federation -c Release).", dll);
        }
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var data = Path.Combine(work, name);
        Directory.CreateDirectory(data);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = data };
        foreach (var a in new[]
                 {
                     dll, "--urls", $"http://127.0.0.1:{port}", $"--Cordon:DataDirectory={data}", $"--Database:Provider={store.Provider}",
                     $"--ConnectionStrings:Cordon={store.ConnectionString}", $"--Cordon:Federation:Installation={name}",
                     $"--Cordon:Federation:PollMilliseconds={poll}", $"--Cordon:Federation:BatchSize={batch}", "--Cordon:Federation:WitnessSeconds=10",
                     "--Logging:LogLevel:Default=Warning", "--Cordon:Edge:RateLimits:Enabled=false",
                 })
        {
            start.ArgumentList.Add(a);
        }
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) { Console.Error.WriteLine($"[{name}] {line}"); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new Server(process, $"http://127.0.0.1:{port}", store);
        using var http = new HttpClient();
        for (var i = 0; i < 600; i++)
        {
            try
            {
                if ((await http.GetAsync($"{server.BaseUrl}/health/ready")).IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{name} did not start");
    }

    public async Task<HttpClient> AsAsync(string userName)
    {
        await using var db = StorageSetup.Open(_store, TimeProvider.System);
        var user = await db.Users.SingleAsync(u => u.UserName == userName);
        var agency = await db.Agencies.SingleAsync(a => a.Id == user.AgencyId);
        var key = await ApiKeys.CreateAsync(db, Actor.LocalOperator, new NewApiKey($"bench {userName}", agency.Code, RoleNames.Names(user.Roles).ToArray()));
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        client.DefaultRequestHeaders.Add("X-Api-Key", key.Secret);
        client.DefaultRequestHeaders.Add(PurposeNames.Header, "investigation");
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
