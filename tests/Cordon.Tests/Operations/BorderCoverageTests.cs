using System.Globalization;
using System.Text.Json;
using Cordon.Operations;
using Cordon.Operations.Geo;
using Cordon.Tests.Support;

namespace Cordon.Tests.Operations;

public sealed class BorderCoverageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTimeOffset Day = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    private static Operation Kempen() => new()
    {
        CreatedAt = TestClock.Now,
        Name = "Kempen", AreaGeoJson = OperationsDemo.OperationArea, StartsAt = Day, EndsAt = Day.AddDays(1), OwningAgencyId = Guid.Empty,
    };

    private static string Box(double lat, double lon, double half)
        => string.Create(CultureInfo.InvariantCulture, $$"""{"type":"Polygon","coordinates":[[[{{lon - half}},{{lat - half}}],[{{lon + half}},{{lat - half}}],[{{lon + half}},{{lat + half}}],[{{lon - half}},{{lat + half}}],[{{lon - half}},{{lat - half}}]]]}""");

    [Fact]
    public void Land_border_in_the_area_is_cut_into_fixed_length_segments()
    {
        var segments = BorderCoverage.Segments(GeoArea.Parse(OperationsDemo.OperationArea).Geometry, 2_000);
        Assert.True(segments.Count >= 4, $"expected several 2 km pieces of the NL–BE border near Baarle, got {segments.Count}");
        Assert.All(segments, s => Assert.Equal("BE–NL", s.Border));
        Assert.Equal(segments.Count, segments.Select(s => s.Id).Distinct().Count());
        // Every piece 2 km except the last of each line (between 0.5 and 2.5 km); all inside the area.
        var lengths = segments.Select(s => BorderCoverage.LengthMetres(s.Line)).ToList();
        Assert.True(lengths.Count(l => Math.Abs(l - 2_000) < 1) >= segments.Count - 2, string.Join(", ", lengths.Select(l => l.ToString("0", CultureInfo.InvariantCulture))));
        Assert.All(lengths, l => Assert.InRange(l, 50, 2_501));
        Assert.All(segments, s => Assert.All(s.Line.Coordinates, c => Assert.True(c.X is >= 4.85 and <= 5.0 && c.Y is >= 51.40 and <= 51.50)));
    }

    [Fact]
    public void Area_without_a_land_border_has_no_segments_and_says_why()
    {
        var inland = new Operation { CreatedAt = TestClock.Now, Name = "Veluwe", AreaGeoJson = Box(52.2, 5.8, 0.1), StartsAt = Day, EndsAt = Day.AddDays(1), OwningAgencyId = Guid.Empty };
        var view = BorderCoverage.Compute(inland, [], new Dictionary<Guid, string>(), 2_000);
        Assert.Empty(view.Segments);
        Assert.NotNull(view.Note);
    }

    [Fact]
    public void Segments_show_when_they_were_patrolled_and_the_gaps()
    {
        var operation = Kempen();
        var first = BorderCoverage.Segments(GeoArea.Parse(operation.AreaGeoJson).Geometry, 2_000)[0].Line;
        var middle = first.Coordinates[first.NumPoints / 2];
        var agency = Guid.NewGuid();
        Patrol P(string name, string area, int from, int to) => new() { CreatedAt = TestClock.Now, Name = name, AreaGeoJson = area, StartsAt = Day.AddHours(from), EndsAt = Day.AddHours(to), OwningAgencyId = agency };
        var whole = P("whole area", OperationsDemo.OperationArea, 6, 14);
        var spot = P("one spot", Box(middle.Y, middle.X, 0.02), 18, 20); // covers the first segment (4 km box around its middle)

        var view = BorderCoverage.Compute(operation, [whole, spot], new Dictionary<Guid, string> { [agency] = "NBP" }, 2_000);
        Assert.Equal(24, view.HourCount);
        var s0 = view.Segments[0];
        Assert.Equal(["whole area", "one spot"], s0.Patrols.Select(p => p.Name));
        Assert.Equal(10, s0.PatrolledHours);
        Assert.Equal([new CoverageGap(Day, Day.AddHours(6)), new CoverageGap(Day.AddHours(14), Day.AddHours(18)), new CoverageGap(Day.AddHours(20), Day.AddHours(24))], s0.Gaps);
        // Far along the border the spot patrol does not reach: only the day shift.
        var far = view.Segments[^1];
        Assert.Equal(["whole area"], far.Patrols.Select(p => p.Name));
        Assert.Equal((8, 16), (far.PatrolledHours, far.GapHours));
        Assert.True(far.Hours[6] && far.Hours[13] && !far.Hours[14] && !far.Hours[5]);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Border_coverage_api_reads_through_the_policy_and_checks_the_segment_length(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var bp = await host.AsAsync("bp.officer", "investigation");
        var map = await (await bp.GetAsync("/api/operations/map", Ct)).OkAsync<JsonElement>();
        var id = map.GetProperty("operations")[0].GetProperty("id").GetString();

        var view = await (await bp.GetAsync($"/api/operations/{id}/border-coverage?segmentKm=3", Ct)).OkAsync<JsonElement>();
        Assert.Equal(3000, view.GetProperty("segmentMetres").GetDouble());
        var segments = view.GetProperty("segments").EnumerateArray().ToList();
        Assert.NotEmpty(segments);
        // The demo's day patrol covers the whole operation area for 8 hours: every segment, those hours.
        Assert.All(segments, s => Assert.Equal(8, s.GetProperty("patrolledHours").GetInt32()));
        Assert.All(segments, s => Assert.Equal("Kempen joint patrol (day)", s.GetProperty("patrols")[0].GetProperty("name").GetString()));

        // The live map draws the same segments, each marked patrolled now or not.
        var mapSegments = map.GetProperty("borderSegments").EnumerateArray().ToList();
        Assert.Equal(segments.Count * 3 / 2 >= mapSegments.Count ? mapSegments.Count : -1, mapSegments.Count); // 2 km pieces on the map, 3 km here
        Assert.All(mapSegments, m => Assert.True(m.GetProperty("line").GetArrayLength() >= 2));

        var bad = await (await bp.GetAsync($"/api/operations/{id}/border-coverage?segmentKm=0.1", Ct)).ProblemAsync(400);
        Assert.Contains("segmentKm", bad.GetRawText(), StringComparison.Ordinal);
        var nis = await host.AsAsync("nis.officer", "investigation");
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await nis.GetAsync($"/api/operations/{id}/border-coverage", Ct)).StatusCode);
    }
}
