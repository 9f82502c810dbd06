using System.Text.Json;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Operations;
using Cordon.Operations.Geo;
using Cordon.Sharing;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Operations;

/// <summary>
/// Patrol routes (GeoJSON lines) near Baarle, where the 1:50m NL–BE border runs from (4.847, 51.404) east to
/// (4.945, 51.407) and then north-east to (4.991, 51.445); the Netherlands lie north of it.
/// </summary>
public sealed class PatrolRouteTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement;

    // About a kilometre north of the border, parallel to it, on the Dutch side.
    private const string AlongTheBorder = """{"type":"LineString","coordinates":[[4.90,51.414],[4.94,51.416]]}""";

    // From the Dutch side due south across the border, 2 km into Belgium.
    private const string AcrossTheBorder = """{"type":"LineString","coordinates":[[4.90,51.414],[4.90,51.388]]}""";

    /// <summary>The demo store plus an operation of the NBP without a legal basis (so no patrol may leave NL).</summary>
    private static async Task<(TestStore Store, Actor Lead, Guid Operation, DateTimeOffset Start)> SoloOperationAsync(string store)
    {
        var s = await DemoActors.SeededStoreAsync(store);
        await using var db = s.Open();
        await OperationsDemo.SeedAsync(db, TestClock.Now, Ct);
        var lead = await s.ActorAsync("bp.officer");
        var day = await db.Patrols.SingleAsync(Ct);
        var op = await OperationPlanning.CreateAsync(db, lead, new OperationInput("Solo border watch", [], ["watch the border"], Json(OperationsDemo.OperationArea),
            day.StartsAt.AddDays(-1), day.StartsAt.AddDays(10), null, []), TestClock.Now, Ct);
        return (s, lead, op.Id, day.EndsAt.AddDays(2));
    }

    private static async Task<PatrolView> PlanAsync(TestStore s, Actor lead, Guid operation, string name, string route, DateTimeOffset start)
    {
        await using var db = s.Open();
        var policy = await AccessPolicy.ForAsync(db, lead, Purpose.Investigation, ct: Ct);
        return await OperationPlanning.PlanPatrolAsync(db, lead, policy, operation,
            new PatrolInput(name, Json(route), start, start.AddHours(4), [new TeamMemberInput("bp.officer", null)], []), PlanningRules.Default, Ct);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Route_along_the_border_is_accepted_and_route_across_it_is_refused_without_an_agreement(string store)
    {
        var (s, lead, operation, start) = await SoloOperationAsync(store);
        await using var _s = s;

        var refused = await Assert.ThrowsAsync<ValidationFailed>(() => PlanAsync(s, lead, operation, "Across", AcrossTheBorder, start));
        var reason = Assert.Single(refused.Errors["area"]);
        Assert.Contains("the patrol route crosses the border into BE (Belgium) territory (", reason, StringComparison.Ordinal);
        Assert.Contains("km of the route) and the operation has no legal basis agreement allowing it.", reason, StringComparison.Ordinal);

        var along = await PlanAsync(s, lead, operation, "Along", AlongTheBorder, start);
        Assert.Equal(["NL"], along.Countries);
        Assert.Equal("route", along.Shape);
        Assert.Equal("LineString", along.Area.GetProperty("type").GetString());

        await using var db = s.Open();
        Assert.Equal(["Along"], await db.Patrols.Where(p => p.OperationId == operation).Select(p => p.Name).ToListAsync(Ct));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Route_covers_the_border_segments_within_the_configured_distance(string store)
    {
        var (s, lead, operation, start) = await SoloOperationAsync(store);
        await using var _s = s;
        await PlanAsync(s, lead, operation, "Along", AlongTheBorder, start);
        await using var db = s.Open();
        var policy = await AccessPolicy.ForAsync(db, lead, Purpose.Investigation, ct: Ct);

        // The route runs about 1 km from the border: with 2 km either side it covers the segments it follows...
        var view = await BorderCoverage.ForAsync(db, policy, operation, 2, Ct, routeCoverMetres: 2_000);
        var covered = view.Segments.Where(x => x.Patrols.Any(p => p.Name == "Along")).ToList();
        Assert.NotEmpty(covered);
        Assert.All(covered, x => Assert.Equal(4, x.PatrolledHours));
        // ...not those of the north-eastern stretch, 4 km and more away.
        Assert.Contains(view.Segments, x => x.Patrols.Count == 0 && x.Line.Any(c => c[0] > 51.43));
        Assert.All(covered, x => Assert.True(x.Line.Min(c => c[0]) < 51.43, $"{x.Id} is covered but lies far north-east"));

        // With 500 m either side it does not reach the border at all.
        var narrow = await BorderCoverage.ForAsync(db, policy, operation, 2, Ct, routeCoverMetres: 500);
        Assert.All(narrow.Segments, x => Assert.Empty(x.Patrols));

        // The operation's results count the same corridor as patrolled ground.
        var results = await OperationResults.ForAsync(db, policy, operation, Ct);
        Assert.Contains(results.Coverage, h => h.Covered > 0 && h.Patrols.Contains("Along"));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Bad_route_is_refused_with_the_failing_position_and_nothing_saved(string store)
    {
        var (s, lead, operation, start) = await SoloOperationAsync(store);
        await using var _s = s;
        var e = await Assert.ThrowsAsync<ValidationFailed>(() => PlanAsync(s, lead, operation, "Bad", """{"type":"LineString","coordinates":[[4.90,51.414],[4.94,95]]}""", start));
        Assert.Contains("latitude 95 is outside -90..90", string.Join(" ", e.Errors["area.coordinates[1]"]), StringComparison.Ordinal);
        await using var db = s.Open();
        Assert.Equal(0, await db.Patrols.CountAsync(p => p.OperationId == operation, Ct));
    }

    [Theory]
    [InlineData("""{"type":"LineString","coordinates":[[4.90,51.414]]}""", "area.coordinates", "a route needs at least 2 positions; it has 1.")]
    [InlineData("""{"type":"LineString","coordinates":[[4.90,51.414],[4.90,51.414]]}""", "area.coordinates", "at least 2 distinct positions")]
    [InlineData("""{"type":"LineString"}""", "area.coordinates", "is missing or not an array.")]
    [InlineData("""{"type":"MultiLineString","coordinates":[[[4.9,51.4],[4.95,51.41]],[[4.9,51.4],"x"]]}""", "area.coordinates[1][1]", "a position is [longitude, latitude] in numbers.")]
    [InlineData("""{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"LineString","coordinates":[[4.9,51.4],[4.95,51.41]]}},{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[4.9,51.4],[4.95,51.4],[4.95,51.45],[4.9,51.4]]]}}]}""", "area", "mixes areas (polygons) and routes (lines)")]
    [InlineData("""{"type":"Point","coordinates":[4.9,51.4]}""", "area.type", "'Point' is not an area")]
    public void Route_validation_names_the_field(string json, string field, string message)
    {
        var e = Assert.Throws<ValidationFailed>(() => GeoArea.ParseAreaOrRoute(Json(json)));
        Assert.Contains(message, string.Join(" ", e.Errors[field]), StringComparison.Ordinal);
    }

    [Fact]
    public void Watched_areas_and_operation_areas_still_refuse_lines()
    {
        var e = Assert.Throws<ValidationFailed>(() => GeoArea.Parse(Json(AlongTheBorder)));
        Assert.Contains("'LineString' is not an area", string.Join(" ", e.Errors["area.type"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Route_across_the_antimeridian_is_one_short_line()
    {
        // 179.9°E to 179.9°W in the Bering Sea: 0.2° of longitude, not 359.8°.
        var route = GeoArea.ParseAreaOrRoute(Json("""{"type":"LineString","coordinates":[[179.9,62.0],[-179.9,62.0]]}"""));
        Assert.True(route.IsRoute);
        Assert.InRange(GeoArea.LengthMetres(route.Geometry), 10_000, 11_000);
        Assert.True(route.Contains(62.0, -179.95));
        Assert.True(route.Contains(62.0, 179.95));
    }

    [Fact]
    public void Route_running_on_the_border_line_enters_neither_side()
    {
        // Exactly on the bundled border's first stretch (vertices of both countries' outlines).
        var onTheLine = GeoArea.ParseAreaOrRoute(Json("""{"type":"LineString","coordinates":[[4.84745,51.40369],[4.94465,51.40716]]}"""));
        Assert.Equal(["BE", "NL"], Territory.Instance.CountriesOverlapping(onTheLine).Order(StringComparer.Ordinal));
        Assert.Empty(OperationPlanning.PatrolCountries(onTheLine));
        Assert.Equal(["BE", "NL"], OperationPlanning.PatrolCountries(GeoArea.ParseAreaOrRoute(Json(AcrossTheBorder))));
    }
}
