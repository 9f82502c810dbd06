using Cordon.Common;
using Cordon.Operations.Geo;

namespace Cordon.Tests.Operations;

public sealed class GeoAreaTests
{
    // A 10x10 degree square with a 4x4 hole in the middle.
    private const string SquareWithHole = """
        {"type":"Polygon","coordinates":[
          [[0,0],[10,0],[10,10],[0,10],[0,0]],
          [[3,3],[7,3],[7,7],[3,7],[3,3]]]}
        """;

    [Fact]
    public void Point_inside_the_outer_ring_is_inside()
        => Assert.True(GeoArea.Parse(SquareWithHole).Contains(latitude: 1, longitude: 1));

    [Fact]
    public void Point_in_a_hole_is_outside()
        => Assert.False(GeoArea.Parse(SquareWithHole).Contains(latitude: 5, longitude: 5));

    [Fact]
    public void Point_on_the_outer_border_or_a_vertex_counts_as_inside()
    {
        var area = GeoArea.Parse(SquareWithHole);
        Assert.True(area.Contains(latitude: 0, longitude: 5));
        Assert.True(area.Contains(latitude: 10, longitude: 10));
    }

    [Fact]
    public void Point_on_the_edge_of_a_hole_counts_as_inside()
        => Assert.True(GeoArea.Parse(SquareWithHole).Contains(latitude: 3, longitude: 5));

    [Fact]
    public void Point_just_outside_is_outside()
        => Assert.False(GeoArea.Parse(SquareWithHole).Contains(latitude: -0.000001, longitude: 5));

    [Fact]
    public void Multipolygon_holds_points_of_each_part_and_not_between()
    {
        var area = GeoArea.Parse("""{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,1],[0,0]]],[[[5,5],[6,5],[6,6],[5,6],[5,5]]]]}""");
        Assert.True(area.Contains(0.5, 0.5));
        Assert.True(area.Contains(5.5, 5.5));
        Assert.False(area.Contains(3, 3));
    }

    [Fact]
    public void Polygon_crossing_the_antimeridian_holds_points_on_both_sides_but_not_the_rest_of_the_world()
    {
        // Around Fiji: from 170°E across 180° to 170°W.
        var area = GeoArea.Parse("""{"type":"Polygon","coordinates":[[[170,-20],[-170,-20],[-170,-10],[170,-10],[170,-20]]]}""");
        Assert.True(area.CrossesAntimeridian);
        Assert.True(area.Contains(latitude: -15, longitude: 175));
        Assert.True(area.Contains(latitude: -15, longitude: -175));
        Assert.True(area.Contains(latitude: -15, longitude: 180));
        Assert.True(area.Contains(latitude: -15, longitude: -180));
        Assert.False(area.Contains(latitude: -15, longitude: 0));
        Assert.False(area.Contains(latitude: -15, longitude: 165));
        Assert.False(area.Contains(latitude: -15, longitude: -165));
    }

    [Fact]
    public void Index_finds_areas_across_the_antimeridian_and_not_others()
    {
        var fiji = GeoArea.Parse("""{"type":"Polygon","coordinates":[[[170,-20],[-170,-20],[-170,-10],[170,-10],[170,-20]]]}""");
        var square = GeoArea.Parse(SquareWithHole);
        var index = new AreaIndex<string>([(fiji, "fiji"), (square, "square")]);
        Assert.Equal(["fiji"], index.At(-15, -175));
        Assert.Equal(["fiji"], index.At(-15, 175));
        Assert.Equal(["square"], index.At(1, 1));
        Assert.Empty(index.At(5, 5));
    }

    [Fact]
    public void Feature_collection_of_polygons_is_one_area()
    {
        var area = GeoArea.Parse("""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}}]}""");
        Assert.True(area.Contains(0.5, 0.5));
    }

    [Theory]
    [InlineData("""{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}""", "area.coordinates[0]", "not closed")]
    [InlineData("""{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}""", "area.coordinates[0]", "at least 4")]
    [InlineData("""{"type":"Polygon","coordinates":[[[0,0],[1,95],[1,1],[0,0]]]}""", "area.coordinates[0][1]", "latitude 95")]
    [InlineData("""{"type":"Point","coordinates":[0,0]}""", "area.type", "not an area")]
    [InlineData("""{"type":"Polygon","coordinates":[[[0,0],["a",0],[1,1],[0,0]]]}""", "area.coordinates[0][1]", "numbers")]
    [InlineData("""{"type":"Polygon","coordinates":[[[0,0],[2,2],[2,0],[0,2],[0,0]]]}""", "area", "Self-intersection")]
    [InlineData("""not json""", "area", "not JSON")]
    public void Malformed_area_is_refused_naming_the_field(string json, string field, string message)
    {
        var e = Assert.Throws<ValidationFailed>(() => GeoArea.Parse(json));
        Assert.Contains(field, e.Errors.Keys);
        Assert.Contains(message, string.Join(" ", e.Errors[field]), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Bundled_territory_knows_the_netherlands_and_belgium()
    {
        Assert.Equal("NL", Territory.Instance.CountryAt(52.37, 4.90)); // Amsterdam
        Assert.Equal("BE", Territory.Instance.CountryAt(50.85, 4.35)); // Brussels
        // A box around Baarle-Nassau/Hertog overlaps both.
        var border = GeoArea.Parse("""{"type":"Polygon","coordinates":[[[4.85,51.40],[5.00,51.40],[5.00,51.50],[4.85,51.50],[4.85,51.40]]]}""");
        var countries = Territory.Instance.CountriesOverlapping(border);
        Assert.Contains("NL", countries);
        Assert.Contains("BE", countries);
    }
}
