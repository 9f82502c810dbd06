using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cordon.Operations;
using Cordon.Sharing;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Tests.Operations;

/// <summary>The live map's server-sent events: on one node, and across nodes over PostgreSQL LISTEN/NOTIFY.</summary>
public sealed class LiveRelayTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A live-map viewer: reads the event stream in the background and keeps every event.</summary>
    private sealed class Viewer : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        private readonly Task _reading;
        private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public ConcurrentQueue<(string Kind, JsonElement Data)> Events { get; } = new();

        private Viewer(HttpClient client)
        {
            _reading = Task.Run(async () =>
            {
                using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/operations/live?purpose=investigation"), HttpCompletionOption.ResponseHeadersRead, _stop.Token);
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(_stop.Token));
                string? kind = null;
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    if (line.StartsWith(": connected", StringComparison.Ordinal))
                    {
                        _connected.TrySetResult();
                    }
                    else if (line.StartsWith("event: ", StringComparison.Ordinal))
                    {
                        kind = line["event: ".Length..];
                    }
                    else if (line.StartsWith("data: ", StringComparison.Ordinal) && kind is not null)
                    {
                        Events.Enqueue((kind, JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone()));
                    }
                }
            }, _stop.Token);
        }

        public static async Task<Viewer> OpenAsync(HttpClient client)
        {
            var viewer = new Viewer(client);
            await viewer._connected.Task.WaitAsync(TimeSpan.FromSeconds(60), Ct); // generous: a loaded machine is slow, not broken
            return viewer;
        }

        public async Task<JsonElement> WaitForAsync(string kind, Func<JsonElement, bool> match)
        {
            var found = await Eventually.FoundAsync(() => Events.Where(e => e.Kind == kind && match(e.Data)).Select(e => (JsonElement?)e.Data).FirstOrDefault(), TimeSpan.FromSeconds(10),
                () => $"no {kind} event arrived within 10 s; got: {string.Join(", ", Events.Select(e => e.Kind))}", TimeSpan.FromMilliseconds(50));
            return found;
        }

        public int Count(string kind, Func<JsonElement, bool> match) => Events.Count(e => e.Kind == kind && match(e.Data));

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await _reading;
            }
            catch (OperationCanceledException)
            {
            }
            _stop.Dispose();
        }
    }

    private static async Task<HttpClient> AsAsync(CordonHost host, string user) => await host.AsAsync(user, "investigation");

    private static async Task<(Guid Operation, DateTimeOffset DayPatrolEnds)> DemoOperationAsync(HttpClient bp)
    {
        var operation = (await (await bp.GetAsync("/api/operations", Ct)).OkAsync<JsonElement>())[0].GetProperty("id").GetGuid();
        var patrols = await (await bp.GetAsync($"/api/operations/{operation}/patrols", Ct)).OkAsync<JsonElement>();
        return (operation, patrols[0].GetProperty("endsAt").GetDateTimeOffset());
    }

    private static object NightPatrol(DateTimeOffset dayEnds, string name) => new
    {
        name,
        startsAt = dayEnds.AddDays(1).AddHours(6),
        endsAt = dayEnds.AddDays(1).AddHours(10),
        team = new[] { new { user = "bp.officer", duty = "firearms" } },
        assets = Array.Empty<string>(),
    };

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_planned_patrol_and_an_activated_operation_reach_a_viewer_on_the_same_node_without_reloading(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var bp = await AsAsync(host, "bp.officer");
        await using var customs = await Viewer.OpenAsync(await AsAsync(host, "officer"));
        var (operation, dayEnds) = await DemoOperationAsync(bp);

        (await bp.PostAsJsonAsync($"/api/operations/{operation}/patrols", NightPatrol(dayEnds, "Kempen evening patrol"), Ct)).EnsureSuccessStatusCode();
        var patrol = await customs.WaitForAsync("patrol", p => p.GetProperty("name").GetString() == "Kempen evening patrol");
        Assert.Equal("NBP", patrol.GetProperty("agency").GetString());
        Assert.Equal("Polygon", patrol.GetProperty("area").GetProperty("type").GetString());
        Assert.False(patrol.TryGetProperty("team", out _)); // personal data stays out of events

        var planned = await (await bp.PostAsJsonAsync("/api/operations", new
        {
            name = "Quiet week", area = JsonDocument.Parse(OperationsDemo.OperationArea).RootElement, startsAt = TestClock.Now.AddDays(1), endsAt = TestClock.Now.AddDays(3),
        }, Ct)).OkAsync<JsonElement>();
        var id = planned.GetProperty("id").GetGuid();
        (await bp.PostAsJsonAsync($"/api/operations/{id}/status", new { status = "active" }, Ct)).EnsureSuccessStatusCode();
        // The demo's agreement shares the border police's operations with customs.
        await customs.WaitForAsync("operation", o => o.GetProperty("id").GetGuid() == id && o.GetProperty("status").GetString() == "active");
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_change_saved_through_the_store_reaches_the_map_when_its_transaction_commits_and_never_when_it_rolls_back(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        await using var viewer = await Viewer.OpenAsync(await AsAsync(host, "bp.officer"));
        // A plain save through the server's store, as any job, page or endpoint would make it: nobody calls the feed.
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Cordon.Storage.CordonDb>();
        var border = (await db.Agencies.AsNoTracking().ToListAsync(Ct)).Single(a => a.Code == "NBP").Id;
        Incident Reported(string title) => new()
        {
            Type = IncidentType.SmugglingAttempt, Severity = Severity.High, Title = title, Latitude = 51.4421, Longitude = 4.9268,
            OccurredAt = TestClock.Now, ReportedAt = TestClock.Now, ReportedBy = "bp.officer", OwningAgencyId = border,
        };

        await using (var tx = await db.Database.BeginTransactionAsync(Ct))
        {
            db.Incidents.Add(Reported("Rolled back at Baarle"));
            await db.SaveChangesAsync(Ct);
            await tx.RollbackAsync(Ct);
        }
        db.ChangeTracker.Clear();
        await using (var tx = await db.Database.BeginTransactionAsync(Ct))
        {
            db.Incidents.Add(Reported("Committed at Baarle"));
            await db.SaveChangesAsync(Ct);
            await Task.Delay(500, Ct);
            Assert.Equal(0, viewer.Count("incident", i => i.GetProperty("title").GetString() == "Committed at Baarle")); // saved, not yet committed
            await tx.CommitAsync(Ct);
        }
        var committed = await viewer.WaitForAsync("incident", i => i.GetProperty("title").GetString() == "Committed at Baarle");
        Assert.Equal("smuggling-attempt", committed.GetProperty("type").GetString());
        Assert.Equal(0, viewer.Count("incident", i => i.GetProperty("title").GetString() == "Rolled back at Baarle"));

        // Without a transaction of its own, the save is the commit: an operation's status moved by a job reaches the map.
        var operation = await db.Operations.FirstAsync(o => o.OwningAgencyId == border, Ct);
        operation.Name = "Kempen (renamed by a job)";
        await db.SaveChangesAsync(Ct);
        await viewer.WaitForAsync("operation", o => o.GetProperty("name").GetString() == "Kempen (renamed by a job)");
    }

    [Fact]
    public async Task Changes_committed_on_node_A_reach_a_live_map_viewer_on_node_B_once_and_only_as_far_as_the_policy_allows()
    {
        await using var nodeA = await CordonHost.StartAsync(TestStore.Postgres);
        await using var nodeB = await nodeA.StartSecondNodeAsync();
        await nodeA.Services.GetRequiredService<LiveFeed>().RelayListening.WaitAsync(TimeSpan.FromSeconds(20), Ct);
        await nodeB.Services.GetRequiredService<LiveFeed>().RelayListening.WaitAsync(TimeSpan.FromSeconds(20), Ct);

        await using var customsOnB = await Viewer.OpenAsync(await AsAsync(nodeB, "officer"));
        await using var immigrationOnB = await Viewer.OpenAsync(await AsAsync(nodeB, "nis.officer"));
        await using var borderOnA = await Viewer.OpenAsync(await AsAsync(nodeA, "bp.officer"));
        var bp = await AsAsync(nodeA, "bp.officer");
        var (operation, dayEnds) = await DemoOperationAsync(bp);

        // An incident reported, a patrol planned and a sensor detection ingested, all through node A.
        var incident = await (await bp.PostAsJsonAsync("/api/incidents", new { type = "smuggling-attempt", severity = "high", title = "Van turning back at Baarle", latitude = 51.4421, longitude = 4.9268 }, Ct))
            .OkAsync<JsonElement>();
        (await bp.PostAsJsonAsync($"/api/operations/{operation}/patrols", NightPatrol(dayEnds, "Kempen relay patrol"), Ct)).EnsureSuccessStatusCode();
        var time = TestClock.Now.AddSeconds(-5).ToString("yyyy-MM-ddTHH:mm:ssZ");
        var feature = $$$"""{"type":"Feature","id":"relay-1","geometry":{"type":"Point","coordinates":[4.91,51.47]},"properties":{"time":"{{{time}}}","kind":"a-u-G","sensor":"radar-relay"}}""";
        (await bp.PostAsync("/api/detections", new StringContent(feature, Encoding.UTF8, "application/json"), Ct)).EnsureSuccessStatusCode();

        var id = incident.GetProperty("id").GetGuid();
        await customsOnB.WaitForAsync("incident", i => i.GetProperty("id").GetGuid() == id);
        await customsOnB.WaitForAsync("patrol", p => p.GetProperty("name").GetString() == "Kempen relay patrol");
        var detection = await customsOnB.WaitForAsync("detection", d => d.GetProperty("sensor").GetString() == "radar-relay");
        Assert.Equal(51.47, detection.GetProperty("latitude").GetDouble(), 6);
        await borderOnA.WaitForAsync("incident", i => i.GetProperty("id").GetGuid() == id);

        // Node A's own notification comes back to it too: it is skipped, so nothing arrives twice.
        await Task.Delay(1000, Ct);
        Assert.Equal(1, borderOnA.Count("incident", i => i.GetProperty("id").GetGuid() == id));
        Assert.Equal(1, customsOnB.Count("incident", i => i.GetProperty("id").GetGuid() == id));
        Assert.Equal(1, customsOnB.Count("patrol", p => p.GetProperty("name").GetString() == "Kempen relay patrol"));
        // Immigration has no agreement with the border police: the relayed events are filtered on node B as on A.
        Assert.Empty(immigrationOnB.Events);
    }

    [Fact]
    public void Relay_packs_whole_events_into_notifications_under_the_PostgreSQL_limit()
    {
        var owner = Guid.NewGuid();
        var events = Enumerable.Range(0, 500).Select(i => new LiveEvent("detection", new RecordRef(RecordTypes.SensorTrack, owner, Tlp.Amber, Caveats.None, i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new { track = Guid.NewGuid(), latitude = 51.4 + i / 1e4, longitude = 4.9, sensor = "radar-1", kind = "a-u-G" })).ToList();
        events.Add(new LiveEvent("incident", new RecordRef(RecordTypes.Incident, owner, Tlp.Amber), new { title = new string('x', 9000) }));
        var payloads = LiveFeedRelay.Pack(Guid.NewGuid(), events);
        Assert.True(payloads.Count > 1);
        Assert.All(payloads, p => Assert.True(Encoding.UTF8.GetByteCount(p) < 8000, $"{Encoding.UTF8.GetByteCount(p)} bytes"));
        var carried = payloads.SelectMany(p => JsonDocument.Parse(p).RootElement.GetProperty("events").EnumerateArray()).ToList();
        Assert.Equal(500, carried.Count); // the event too large to travel alone is left out; every other one travels, whole
        Assert.Equal("499", carried[^1].GetProperty("record").GetProperty("recordId").GetString());
    }
}
