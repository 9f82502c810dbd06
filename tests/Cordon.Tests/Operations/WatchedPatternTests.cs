using System.Globalization;
using System.Text.Json;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Operations;
using Cordon.Operations.Detections;
using Cordon.Operations.Geo;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Operations;

/// <summary>
/// Watched movement patterns (border crossing outside a crossing point, loitering, low-slow air tracks) fed
/// as CoT and GeoJSON through the ingest path, on both stores. Near Baarle the bundled 1:50m NL–BE border
/// runs from (51.4037, 4.8475) to (51.4072, 4.9447); the Netherlands lie north of it.
/// </summary>
public sealed class WatchedPatternTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Whole seconds: PostgreSQL keeps microseconds.
    private static readonly DateTimeOffset T0 = TestClock.NowInWholeSeconds.AddHours(-2);

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string Box(double south, double west, double north, double east)
        => $$"""{"type":"Polygon","coordinates":[[[{{F(west)}},{{F(south)}}],[{{F(east)}},{{F(south)}}],[{{F(east)}},{{F(north)}}],[{{F(west)}},{{F(north)}}],[{{F(west)}},{{F(south)}}]]]}""";

    private static string Cot(string uid, string type, double lat, double lon, DateTimeOffset at, double? hae = null)
        => $"""<event version="2.0" uid="{uid}" type="{type}" how="m-r" time="{at:O}" start="{at:O}" stale="{at.AddMinutes(5):O}"><point lat="{F(lat)}" lon="{F(lon)}" hae="{(hae is { } h ? F(h) : "9999999.0")}" ce="10" le="{(hae is null ? "9999999.0" : "5")}"/></event>""";

    private static List<ParsedMessage> CotBatch(params string[] events) => SensorMessages.ReadCot($"<events>{string.Concat(events)}</events>", "radar-1");

    private static string Plot(string id, string obj, double lat, double lon, DateTimeOffset at)
        => $$$"""{"type":"Feature","id":"{{{id}}}","geometry":{"type":"Point","coordinates":[{{{F(lon)}}},{{{F(lat)}}}]},"properties":{"time":"{{{at:O}}}","object":"{{{obj}}}","kind":"a-u-G"}}""";

    private static List<ParsedMessage> GeoJsonBatch(params string[] features)
        => SensorMessages.ReadGeoJson($$"""{"type":"FeatureCollection","features":[{{string.Join(",", features)}}]}""", "camera-1");

    private sealed record Setup(TestStore Store, Actor Planner, Actor Feed) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Store.DisposeAsync();

        public async Task<WatchedAreaView> WatchAsync(WatchedAreaInput input)
        {
            await using var db = Store.Open();
            return await WatchedAreas.CreateAsync(db, Planner, input, Ct);
        }

        public async Task<IngestResult> IngestAsync(List<ParsedMessage> batch, DateTimeOffset now)
        {
            Assert.All(batch, m => Assert.True(m.Ok, string.Join("; ", m.Errors)));
            await using var db = Store.Open();
            return await SensorIngest.IngestAsync(db, Feed, batch, CorrelationBounds.Default, now, new WatchedAreaCache(), tracks: new TrackCache(), ct: Ct);
        }

        public async Task<IncidentView> IncidentAsync(Guid id)
        {
            await using var db = Store.Open();
            return await IncidentResponse.ViewAsync(db, id, TestClock.Now, Ct);
        }

        /// <summary>The ids of the stored detections of an object, in time order.</summary>
        public async Task<List<Guid>> DetectionsAsync(string uid)
        {
            await using var db = Store.Open();
            return (await db.SensorDetections.Where(d => d.SourceUid == uid).ToListAsync(Ct)).OrderBy(d => d.ObservedAt).Select(d => d.Id).ToList();
        }
    }

    private static async Task<Setup> SetupAsync(string store)
    {
        var s = await DemoActors.SeededStoreAsync(store);
        var planner = await s.ActorAsync("bp.officer");
        return new Setup(s, planner, new Actor(null, planner.AgencyId, Roles.Officer, "sensor feed", ActorKind.ApiKey));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Crossing_the_border_outside_a_crossing_point_raises_one_incident_and_through_it_none(string store)
    {
        await using var s = await SetupAsync(store);
        // The crossing point sits on the border at 4.93°E; a step passing it at exactly its radius counts as through it.
        var cp = (Lat: 51.4066, Lon: 4.93);
        var atRadius = PatternWatch.DistanceToStepMetres(cp.Lat, cp.Lon, 51.412, 4.934, 51.400, 4.934);
        var area = await s.WatchAsync(new WatchedAreaInput("Baarle border strip", JsonDocument.Parse(Box(51.38, 4.85, 51.43, 5.00)).RootElement, null, null, "high", null,
            ["border-crossing"], [new CrossingPoint("Poppel road", cp.Lat, cp.Lon, atRadius)]));
        Assert.Equal(["border-crossing"], area.Patterns);

        var batch = CotBatch(
            Cot("walker.1", "a-u-G", 51.412, 4.880, T0), Cot("walker.1", "a-u-G", 51.400, 4.880, T0.AddMinutes(1)),           // NL → BE, 3 km from the point
            Cot("car.2", "a-u-G", 51.410, 4.930, T0), Cot("car.2", "a-u-G", 51.403, 4.930, T0.AddMinutes(1)),                 // NL → BE over the point
            Cot("car.3", "a-u-G", 51.412, 4.934, T0), Cot("car.3", "a-u-G", 51.400, 4.934, T0.AddMinutes(1)),                 // passes exactly at the radius
            Cot("walker.4", "a-u-G", 51.415, 4.950, T0), Cot("walker.4", "a-u-G", 51.420, 4.950, T0.AddMinutes(1)));          // stays in NL
        var result = await s.IngestAsync(batch, T0.AddMinutes(2));
        var id = Assert.Single(result.IncidentsRaised);

        var incident = await s.IncidentAsync(id);
        Assert.Equal("border-crossing", incident.Pattern);
        Assert.Equal("Track crossed the border NL→BE outside a crossing point in Baarle border strip", incident.Title);
        Assert.Equal(await s.DetectionsAsync("walker.1"), incident.Detections);
        Assert.Equal(T0, incident.OccurredAt);
        var report = incident.Timeline!.First(u => u.Kind == "report").Text;
        Assert.Contains("crossed from NL (Netherlands) to BE (Belgium)", report, StringComparison.Ordinal);
        Assert.Contains("from the nearest designated crossing point 'Poppel road'", report, StringComparison.Ordinal);

        // Back and forth again, and the batch re-sent: still the one incident for that track.
        var back = await s.IngestAsync(CotBatch(Cot("walker.1", "a-u-G", 51.412, 4.880, T0.AddMinutes(2)), Cot("walker.1", "a-u-G", 51.400, 4.880, T0.AddMinutes(3))), T0.AddMinutes(4));
        Assert.Empty(back.IncidentsRaised);
        var again = await s.IngestAsync(batch, T0.AddMinutes(5));
        Assert.Equal((0, 8), (again.Accepted, again.Duplicates));

        // Just outside the radius is outside the crossing point.
        var outside = await s.IngestAsync(CotBatch(Cot("car.5", "a-u-G", 51.412, 4.93401, T0.AddMinutes(10)), Cot("car.5", "a-u-G", 51.400, 4.93401, T0.AddMinutes(11))), T0.AddMinutes(12));
        Assert.Single(outside.IncidentsRaised);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Crossing_the_antimeridian_inside_one_country_is_not_a_border_crossing(string store)
    {
        await using var s = await SetupAsync(store);
        // A strip over Chukotka from 179°E to 179°W: a watched area that itself spans the antimeridian.
        var strip = """{"type":"Polygon","coordinates":[[[179.0,66.5],[-179.0,66.5],[-179.0,67.5],[179.0,67.5],[179.0,66.5]]]}""";
        await s.WatchAsync(new WatchedAreaInput("Chukotka strip", JsonDocument.Parse(strip).RootElement, null, null, null, null, ["border-crossing", "entry"]));
        Assert.Equal("RU", Territory.Instance.CountryAt(67.0, 179.95));
        Assert.Equal("RU", Territory.Instance.CountryAt(67.0, -179.95));

        // 179.95°E → 179.95°W is 4 km east, not 359.9° west; Russia on both sides.
        var result = await s.IngestAsync(CotBatch(Cot("sled.1", "a-u-G", 67.0, 179.95, T0), Cot("sled.1", "a-u-G", 67.0, -179.95, T0.AddMinutes(2))), T0.AddMinutes(3));
        var id = Assert.Single(result.IncidentsRaised);
        Assert.Equal("entry", (await s.IncidentAsync(id)).Pattern); // entering the area, but no crossing
        await using var db = s.Store.Open();
        Assert.Equal(1, await db.SensorTracks.CountAsync(Ct));
        Assert.InRange(PatternWatch.DistanceToStepMetres(67.0, 180.0, 67.0, 179.95, 67.0, -179.95), 0, 1);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Loitering_longer_than_the_limit_raises_an_incident_and_exactly_the_limit_does_not(string store)
    {
        await using var s = await SetupAsync(store);
        var anchor = (Lat: 51.4500, Lon: 4.9300);
        var edge = (Lat: 51.4518, Lon: 4.9300);
        // The radius is exactly the distance from where the track stops to its furthest fix: on the radius is within.
        var radius = GeoArea.DistanceMetres(anchor.Lat, anchor.Lon, edge.Lat, edge.Lon);
        await s.WatchAsync(new WatchedAreaInput("Layby", JsonDocument.Parse(Box(51.44, 4.92, 51.46, 4.95)).RootElement, null, "smuggling-attempt", "medium", null,
            ["loitering"], LoiterRadiusMetres: radius, LoiterMinutes: 10));

        // Every 2 minutes for exactly 10 minutes: not yet more than the limit.
        var stay = Enumerable.Range(0, 6).Select(i => Plot($"van-{i}", "van.1", i % 2 == 0 ? anchor.Lat : edge.Lat, anchor.Lon, T0.AddMinutes(2 * i))).ToList();
        // Another moves 300 m every 2 minutes through the area: never within the radius long enough.
        var walk = Enumerable.Range(0, 8).Select(i => Plot($"walk-{i}", "walker.2", 51.441 + i * 0.0027, 4.94, T0.AddMinutes(2 * i))).ToList();
        // A third lingers just outside the area.
        var outside = Enumerable.Range(0, 8).Select(i => Plot($"out-{i}", "van.3", 51.47, 4.93, T0.AddMinutes(2 * i))).ToList();
        var first = await s.IngestAsync(GeoJsonBatch([.. stay, .. walk, .. outside]), T0.AddMinutes(15));
        Assert.Empty(first.IncidentsRaised);

        // One second more, still on the radius: loitering.
        var second = await s.IngestAsync(GeoJsonBatch(Plot("van-6", "van.1", edge.Lat, edge.Lon, T0.AddMinutes(10).AddSeconds(1))), T0.AddMinutes(16));
        var id = Assert.Single(second.IncidentsRaised);
        var incident = await s.IncidentAsync(id);
        Assert.Equal(("loitering", "smuggling-attempt", "Track loitering in Layby"), (incident.Pattern, incident.Type, incident.Title));
        var van = await s.DetectionsAsync("van.1");
        Assert.Equal([van[0], van[^1]], incident.Detections);
        Assert.Equal(T0, incident.OccurredAt);
        Assert.Contains("(10 min; the limit is 10 min)", incident.Timeline!.First(u => u.Kind == "report").Text, StringComparison.Ordinal);

        // Still there later: no second incident for the same track.
        var later = await s.IngestAsync(GeoJsonBatch(Plot("van-7", "van.1", anchor.Lat, anchor.Lon, T0.AddMinutes(14))), T0.AddMinutes(17));
        Assert.Empty(later.IncidentsRaised);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Low_slow_drone_raises_an_incident_and_one_at_the_limits_or_on_the_ground_does_not(string store)
    {
        await using var s = await SetupAsync(store);
        // The speed limit is exactly the speed of the "edge" drone (111 m in 10 s), the altitude limit 150 m.
        var edgeSpeed = GeoArea.DistanceMetres(51.45, 4.93, 51.451, 4.93) / 10;
        await s.WatchAsync(new WatchedAreaInput("Depot airspace", JsonDocument.Parse(Box(51.44, 4.92, 51.46, 4.95)).RootElement, null, "other", "critical", null,
            ["low-slow"], LowSlowMaxSpeed: edgeSpeed, LowSlowMaxAltitude: 150));
        const string uav = "a-u-A-M-F-Q";
        var result = await s.IngestAsync(CotBatch(
            Cot("uav.1", uav, 51.4500, 4.925, T0, 80), Cot("uav.1", uav, 51.4505, 4.925, T0.AddSeconds(10), 80),             // 5.6 m/s at 80 m: low and slow
            Cot("uav.2", uav, 51.4500, 4.930, T0, 80), Cot("uav.2", uav, 51.4510, 4.930, T0.AddSeconds(10), 80),             // exactly the speed limit
            Cot("uav.3", uav, 51.4500, 4.935, T0, 150), Cot("uav.3", uav, 51.4505, 4.935, T0.AddSeconds(10), 150),           // exactly the altitude limit
            Cot("uav.4", uav, 51.4450, 4.940, T0, 80), Cot("uav.4", uav, 51.4550, 4.940, T0.AddSeconds(10), 80),             // 111 m/s
            Cot("walker.5", "a-u-G", 51.4550, 4.945, T0, 20), Cot("walker.5", "a-u-G", 51.4555, 4.945, T0.AddSeconds(10), 20), // on the ground
            Cot("uav.6", uav, 51.4550, 4.925, T0), Cot("uav.6", uav, 51.4555, 4.925, T0.AddSeconds(10))),                    // altitude unknown
            T0.AddMinutes(1));
        var id = Assert.Single(result.IncidentsRaised);
        var incident = await s.IncidentAsync(id);
        Assert.Equal(("low-slow", "critical", "Low, slow air track in Depot airspace"), (incident.Pattern, incident.Severity, incident.Title));
        Assert.Equal(await s.DetectionsAsync("uav.1"), incident.Detections);
        Assert.Contains("at 80 m (below 150 m) and 5.6 m/s", incident.Timeline!.First(u => u.Kind == "report").Text, StringComparison.Ordinal);

        // A fast drone inside the area, and uav.1 going on low and slow: nothing new.
        var more = await s.IngestAsync(CotBatch(
            Cot("uav.7", uav, 51.4420, 4.945, T0.AddSeconds(20), 80), Cot("uav.7", uav, 51.4580, 4.945, T0.AddSeconds(30), 80),
            Cot("uav.1", uav, 51.4510, 4.925, T0.AddSeconds(20), 70)), T0.AddMinutes(2));
        Assert.Empty(more.IncidentsRaised);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Watched_area_settings_are_checked_field_by_field(string store)
    {
        await using var s = await SetupAsync(store);
        var e = await Assert.ThrowsAsync<ValidationFailed>(() => s.WatchAsync(new WatchedAreaInput("Bad", JsonDocument.Parse(Box(51.44, 4.92, 51.46, 4.95)).RootElement, null, null, null, null,
            ["entry", "speeding"], [new CrossingPoint("", 95, 4.9, 0)], LoiterRadiusMetres: 0, LoiterMinutes: 0, LowSlowMaxSpeed: -1, LowSlowMaxAltitude: 50_000)));
        Assert.Equal(["crossingPoints[0].latitude", "crossingPoints[0].name", "crossingPoints[0].radiusMetres", "loiterMinutes", "loiterRadiusMetres", "lowSlowMaxAltitude", "lowSlowMaxSpeed", "patterns[1]"],
            e.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("'speeding' is not a watched pattern", string.Join(" ", e.Errors["patterns[1]"]), StringComparison.Ordinal);

        // Without patterns an area is watched for entry, as before.
        var plain = await s.WatchAsync(new WatchedAreaInput("Plain", JsonDocument.Parse(Box(51.44, 4.92, 51.46, 4.95)).RootElement, null, null, null, null));
        Assert.Equal(["entry"], plain.Patterns);
        await using var db = s.Store.Open();
        Assert.Equal(WatchPatterns.Entry, (await db.WatchedAreas.SingleAsync(Ct)).Patterns);
    }

    [Fact]
    public void Track_pattern_state_survives_a_round_trip_and_stays_within_the_column()
    {
        var state = TrackPatternState.Parse("");
        var area = Guid.NewGuid();
        state.SetAnchor(area, new LoiterAnchor(51.123456789, -179.5, T0, Guid.NewGuid()));
        for (var i = 0; i < 100; i++)
        {
            state.MarkRaised(WatchPatterns.LowSlow, Guid.NewGuid());
        }
        state.MarkRaised(WatchPatterns.Loitering, area);
        var text = state.Format();
        Assert.True(text.Length <= 4000, $"{text.Length} characters");
        var back = TrackPatternState.Parse(text);
        Assert.Equal(state.Anchor(area), back.Anchor(area));
        Assert.True(back.HasRaised(WatchPatterns.Loitering, area)); // the newest marks are kept
    }
}
