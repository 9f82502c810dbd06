using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cordon.Tests.Support;

namespace Cordon.Tests.Operations;

public sealed class ApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<HttpClient> AsAsync(CordonHost host, string user)
    {
        var client = await host.AsAsync(user);
        client.DefaultRequestHeaders.Add("X-Cordon-Purpose", "investigation");
        return client;
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Demo_track_and_incident_are_on_the_map_for_border_police_and_customs_but_not_immigration(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        foreach (var user in new[] { "bp.officer", "officer" })
        {
            var map = await (await (await AsAsync(host, user)).GetAsync("/api/operations/map", Ct)).OkAsync<JsonElement>();
            Assert.Equal("Joint Operation Kempen", map.GetProperty("operations")[0].GetProperty("name").GetString());
            // The radar's track, and the van's tracker (the resources demo), which is also drawn as the asset where it reported.
            var tracks = map.GetProperty("tracks").EnumerateArray().ToList();
            Assert.Equal(2, tracks.Count);
            Assert.Contains(tracks, t => t.GetProperty("path").GetArrayLength() == 8);
            var van = Assert.Single(map.GetProperty("assets").EnumerateArray());
            Assert.Equal(("NBP-VAN-1", 51.47, 4.88), (van.GetProperty("code").GetString(), van.GetProperty("latitude").GetDouble(), van.GetProperty("longitude").GetDouble()));
            // The demo's sensor incident (and the resources demo's damaged camera beside it).
            var incidents = map.GetProperty("incidents").EnumerateArray().Select(i => i.GetProperty("title").GetString()).ToList();
            Assert.Contains("Track entered Baarle crossing corridor", incidents);
            Assert.Equal(3, map.GetProperty("patrols")[0].GetProperty("team").GetArrayLength());
        }
        var nis = await (await (await AsAsync(host, "nis.officer")).GetAsync("/api/operations/map", Ct)).OkAsync<JsonElement>();
        Assert.Equal(0, nis.GetProperty("operations").GetArrayLength());
        Assert.Equal(0, nis.GetProperty("incidents").GetArrayLength());
        Assert.Equal(0, nis.GetProperty("assets").GetArrayLength());

        // The after-action report of the demo incident: detection 12 min before, report 4 min before, response 2 min before now.
        var bp = await AsAsync(host, "bp.officer");
        var id = (await (await bp.GetAsync("/api/incidents", Ct)).OkAsync<JsonElement>()).EnumerateArray()
            .Single(i => i.GetProperty("title").GetString() == "Track entered Baarle crossing corridor").GetProperty("id").GetString();
        var detail = await (await bp.GetAsync($"/api/incidents/{id}", Ct)).OkAsync<JsonElement>();
        Assert.Equal("00:08:00", detail.GetProperty("afterAction").GetProperty("detectionToReport").GetString());
        Assert.Equal("00:10:00", detail.GetProperty("afterAction").GetProperty("detectionToResponse").GetString());
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Reads_without_a_purpose_are_refused_naming_the_header(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var client = await host.AsAsync("bp.officer", purpose: null);
        var problem = await (await client.GetAsync("/api/operations/map", Ct)).ProblemAsync(400);
        Assert.Contains("X-Cordon-Purpose", problem.GetRawText(), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Cot_batch_lands_its_good_events_and_keeps_the_bad_one_for_inspection(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var bp = await AsAsync(host, "bp.officer");
        var time = TestClock.Now.AddMinutes(-1).ToString("yyyy-MM-ddTHH:mm:ssZ");
        var stale = TestClock.Now.AddMinutes(4).ToString("yyyy-MM-ddTHH:mm:ssZ");
        var body = $"""
            <events>
              <event version="2.0" uid="cam-1.o1" type="a-u-G" time="{time}" start="{time}" stale="{stale}" how="m-g"><point lat="51.52" lon="5.12" hae="12" ce="10" le="5"/></event>
              <event version="2.0" uid="cam-1.o2" type="a-u-G" time="{time}" start="{time}" stale="{stale}" how="m-g"><point lat="951.52" lon="5.12" hae="12" ce="10" le="5"/></event>
            </events>
            """;
        var response = await bp.PostAsync("/api/detections?sensor=cam-1", new StringContent(body, Encoding.UTF8, "application/xml"), Ct);
        var result = await response.OkAsync<JsonElement>();
        Assert.Equal(1, result.GetProperty("accepted").GetInt32());
        var rejected = result.GetProperty("rejected")[0];
        Assert.Equal(1, rejected.GetProperty("position").GetInt32());
        Assert.Contains("point@lat", rejected.GetProperty("errors")[0].GetString(), StringComparison.Ordinal);

        var again = await (await bp.PostAsync("/api/detections?sensor=cam-1", new StringContent(body, Encoding.UTF8, "application/xml"), Ct)).OkAsync<JsonElement>();
        Assert.Equal((0, 1), (again.GetProperty("accepted").GetInt32(), again.GetProperty("duplicates").GetInt32()));

        var kept = await (await bp.GetAsync("/api/detections/rejected", Ct)).OkAsync<JsonElement>();
        Assert.Contains("951.52", kept[0].GetProperty("raw").GetString(), StringComparison.Ordinal);

        var allBad = await bp.PostAsync("/api/detections", new StringContent("""{"type":"Feature","geometry":{"type":"Point","coordinates":[5,51]},"properties":{}}""", Encoding.UTF8, "application/geo+json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, allBad.StatusCode);
        Assert.Contains("properties.time", await allBad.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Patrol_refusal_comes_back_as_problem_details_per_field(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var bp = await AsAsync(host, "bp.officer");
        var operation = (await (await bp.GetAsync("/api/operations", Ct)).OkAsync<JsonElement>())[0];
        var patrols = await (await bp.GetAsync($"/api/operations/{operation.GetProperty("id")}/patrols", Ct)).OkAsync<JsonElement>();
        var start = patrols[0].GetProperty("startsAt").GetDateTimeOffset();
        var response = await bp.PostAsJsonAsync($"/api/operations/{operation.GetProperty("id")}/patrols", new
        {
            name = "Kempen river patrol",
            startsAt = start.AddHours(2),
            endsAt = start.AddHours(10),
            team = new[] { new { user = "bp.officer", duty = "boat-licence" } },
            assets = new[] { "NBP-BOAT-1" },
        }, Ct);
        var problem = await response.ProblemAsync(400);
        var errors = problem.GetProperty("errors");
        Assert.Contains("expired on", errors.GetProperty("team[0].duty")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("already booked", errors.GetProperty("team[0].user")[0].GetString(), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Watched_pattern_is_set_through_the_api_and_its_incident_names_pattern_and_detections(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var bp = await AsAsync(host, "bp.officer");
        var area = JsonDocument.Parse("""{"type":"Polygon","coordinates":[[[5.50,52.00],[5.53,52.00],[5.53,52.02],[5.50,52.02],[5.50,52.00]]]}""").RootElement;
        var bad = await (await bp.PostAsJsonAsync("/api/operations/watched-areas", new { name = "Depot", area, patterns = new[] { "hovering" } }, Ct)).ProblemAsync(400);
        Assert.Contains("is not a watched pattern", bad.GetProperty("errors").GetProperty("patterns[0]")[0].GetString(), StringComparison.Ordinal);

        var created = await (await bp.PostAsJsonAsync("/api/operations/watched-areas", new
        {
            name = "Depot airspace", area, severity = "critical", patterns = new[] { "low-slow", "border-crossing" },
            crossingPoints = new[] { new { name = "gate", latitude = 52.01, longitude = 5.51, radiusMetres = 100 } }, lowSlowMaxSpeed = 20, lowSlowMaxAltitude = 120,
        }, Ct)).OkAsync<JsonElement>();
        Assert.Equal(["border-crossing", "low-slow"], created.GetProperty("patterns").EnumerateArray().Select(p => p.GetString()!).ToArray());
        Assert.Equal("gate", created.GetProperty("crossingPoints")[0].GetProperty("name").GetString());

        string Event(string uid, double lat, DateTimeOffset at) => $"""<event version="2.0" uid="{uid}" type="a-h-A-M-F-Q" time="{at:O}" start="{at:O}" stale="{at.AddMinutes(5):O}" how="m-r"><point lat="{lat.ToString(System.Globalization.CultureInfo.InvariantCulture)}" lon="5.515" hae="60" ce="10" le="5"/></event>""";
        var t = TestClock.Now.AddMinutes(-2);
        var result = await (await bp.PostAsync("/api/detections?sensor=radar-9", new StringContent($"<events>{Event("uav.9", 52.005, t)}{Event("uav.9", 52.0055, t.AddSeconds(10))}</events>", Encoding.UTF8, "application/xml"), Ct)).OkAsync<JsonElement>();
        var id = Assert.Single(result.GetProperty("incidentsRaised").EnumerateArray()).GetString();
        var incident = await (await bp.GetAsync($"/api/incidents/{id}", Ct)).OkAsync<JsonElement>();
        Assert.Equal("low-slow", incident.GetProperty("pattern").GetString());
        Assert.Equal("critical", incident.GetProperty("severity").GetString());
        Assert.Equal(2, incident.GetProperty("detections").GetArrayLength());

        var map = await (await bp.GetAsync("/api/operations/map", Ct)).OkAsync<JsonElement>();
        Assert.Contains(map.GetProperty("watchedAreas").EnumerateArray(), w => w.GetProperty("name").GetString() == "Depot airspace" && w.GetProperty("patterns").GetArrayLength() == 2);
    }
}
