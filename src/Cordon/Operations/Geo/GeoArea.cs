using System.Text.Json;
using Cordon.Common;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Operation.Valid;

namespace Cordon.Operations.Geo;

/// <summary>
/// A polygonal area (operation area, patrol area, watched area) parsed from GeoJSON, ready for fast
/// point tests; or, for patrols only, a route (LineString / MultiLineString: a patrol along a border). Longitudes are kept in one continuous range: a ring that crosses the antimeridian
/// (a jump of more than 180° between neighbouring positions) is unwrapped to longitudes past 180°,
/// and points are tested both as given and shifted by 360°, so an area spanning 170°E–170°W works.
/// A point on the boundary (edge or vertex, also of a hole) counts as inside: for geofencing, an
/// object on the line is treated as having reached it.
/// </summary>
public sealed class GeoArea
{
    internal static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    public Geometry Geometry { get; }
    private readonly IPreparedGeometry _prepared;

    // Point tests on an area go through an interval index over its edges: O(log n) per point, where a prepared
    // geometry's Covers walks every edge (slow for a country outline of thousands of vertices).
    private readonly Lazy<IndexedPointInAreaLocator>? _locator;

    private GeoArea(Geometry geometry)
    {
        Geometry = geometry;
        _prepared = PreparedGeometryFactory.Prepare(geometry);
        _locator = geometry.Dimension == Dimension.Surface ? new Lazy<IndexedPointInAreaLocator>(() => new IndexedPointInAreaLocator(geometry)) : null;
    }

    public Envelope Envelope => Geometry.EnvelopeInternal;

    /// <summary>A patrol route (lines) rather than an area (polygons).</summary>
    public bool IsRoute => Geometry.Dimension == Dimension.Curve;

    /// <summary>Whether the area spans the antimeridian (held in unwrapped longitudes past 180°).</summary>
    public bool CrossesAntimeridian => Envelope.MaxX > 180;

    public bool Contains(double latitude, double longitude)
    {
        if (Covers(longitude, latitude))
        {
            return true;
        }
        // Unwrapped areas hold longitudes in (180, 540): a point west of the antimeridian is also tested one turn east.
        return CrossesAntimeridian && longitude < Envelope.MinX && Covers(longitude + 360, latitude);
    }

    private bool Covers(double x, double y)
        => _locator is { } locator
            ? x >= Envelope.MinX && x <= Envelope.MaxX && y >= Envelope.MinY && y <= Envelope.MaxY && locator.Value.Locate(new Coordinate(x, y)) != Location.Exterior
            : _prepared.Covers(Factory.CreatePoint(new Coordinate(x, y)));

    public bool Intersects(GeoArea other)
        => _prepared.Intersects(other.Geometry) || (other.CrossesAntimeridian != CrossesAntimeridian && _prepared.Intersects(Shift(other.Geometry, CrossesAntimeridian ? 360 : -360)));

    /// <summary>Parses a GeoJSON Polygon or MultiPolygon, or a Feature / FeatureCollection of them.</summary>
    public static GeoArea Parse(string geoJson, string field = "area")
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(geoJson);
        }
        catch (JsonException e)
        {
            throw ValidationFailed.Field(field, $"is not JSON: {e.Message}");
        }
        using (doc)
        {
            return Parse(doc.RootElement, field);
        }
    }

    public static GeoArea Parse(JsonElement json, string field = "area") => Parse(json, field, repair: false);

    /// <summary>The area a request must give (a watched area's, an operation's): missing or invalid, its faults go to <paramref name="errors"/>.</summary>
    public static void Check(JsonElement? given, FieldErrors errors)
    {
        if (given is not { ValueKind: JsonValueKind.Object } area)
        {
            errors.Add("area", "is required: a GeoJSON Polygon or MultiPolygon.");
            return;
        }
        try
        {
            Parse(area);
        }
        catch (ValidationFailed e)
        {
            foreach (var (field, messages) in e.Wordings)
            {
                foreach (var message in messages)
                {
                    errors.Add(field, message);
                }
            }
        }
    }

    /// <summary>
    /// A patrol's shape: an area as <see cref="Parse(JsonElement, string)"/> reads it, or a route — a GeoJSON
    /// LineString or MultiLineString (or a Feature / FeatureCollection of them) of at least two distinct
    /// positions per line. Areas and routes are not mixed in one shape.
    /// </summary>
    public static GeoArea ParseAreaOrRoute(JsonElement json, string field = "area")
    {
        var polygons = new List<Polygon>();
        var lines = new List<LineString>();
        ReadAny(json, field, polygons, lines);
        if (lines.Count == 0)
        {
            return Parse(json, field);
        }
        if (polygons.Count > 0)
        {
            throw ValidationFailed.Field(field, "mixes areas (polygons) and routes (lines): give one or the other.");
        }
        Geometry geometry = lines.Count == 1 ? lines[0] : Factory.CreateMultiLineString(lines.ToArray());
        return new GeoArea(geometry);
    }

    public static GeoArea ParseAreaOrRoute(string geoJson, string field = "area")
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(geoJson);
        }
        catch (JsonException e)
        {
            throw ValidationFailed.Field(field, $"is not JSON: {e.Message}");
        }
        using (doc)
        {
            return ParseAreaOrRoute(doc.RootElement, field);
        }
    }

    /// <summary>An area from a geometry already built (a union of parsed areas).</summary>
    internal static GeoArea Of(Geometry geometry) => new(geometry);

    /// <param name="repair">For trusted reference data only: mend self-touching rings (zero buffer) instead of refusing.</param>
    internal static GeoArea Parse(JsonElement json, string field, bool repair)
    {
        var polygons = new List<Polygon>();
        ReadAny(json, field, polygons, null);
        if (polygons.Count == 0)
        {
            throw ValidationFailed.Field(field, "has no polygon.");
        }
        Geometry geometry = polygons.Count == 1 ? polygons[0] : Factory.CreateMultiPolygon(polygons.ToArray());
        var validity = new IsValidOp(geometry).ValidationError;
        if (validity is not null && repair)
        {
            geometry = geometry.Buffer(0);
            validity = null;
        }
        if (validity is not null)
        {
            throw ValidationFailed.Field(field, $"is not a valid area: {validity.Message} at ({validity.Coordinate.X}, {validity.Coordinate.Y}).");
        }
        return new GeoArea(geometry);
    }

    /// <param name="lines">Where routes go; null where only areas are allowed (lines are then refused).</param>
    private static void ReadAny(JsonElement json, string field, List<Polygon> into, List<LineString>? lines)
    {
        var expected = lines is null ? "Polygon, MultiPolygon, Feature or FeatureCollection" : "Polygon, MultiPolygon, LineString, MultiLineString, Feature or FeatureCollection";
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("type", out var typeProp) || typeProp.ValueKind != JsonValueKind.String)
        {
            throw ValidationFailed.Field($"{field}.type", $"is missing: expected {expected}.");
        }
        switch (typeProp.GetString())
        {
            case "Polygon":
                into.Add(ReadPolygon(Coordinates(json, field), $"{field}.coordinates"));
                break;
            case "MultiPolygon":
                var parts = Coordinates(json, field);
                var i = 0;
                foreach (var part in parts.EnumerateArray())
                {
                    into.Add(ReadPolygon(part, $"{field}.coordinates[{i++}]"));
                }
                break;
            case "Feature":
                if (!json.TryGetProperty("geometry", out var geometry) || geometry.ValueKind != JsonValueKind.Object)
                {
                    throw ValidationFailed.Field($"{field}.geometry", "is missing.");
                }
                ReadAny(geometry, $"{field}.geometry", into, lines);
                break;
            case "FeatureCollection":
                if (!json.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
                {
                    throw ValidationFailed.Field($"{field}.features", "is missing.");
                }
                var f = 0;
                foreach (var feature in features.EnumerateArray())
                {
                    ReadAny(feature, $"{field}.features[{f++}]", into, lines);
                }
                break;
            case "LineString" when lines is not null:
                lines.Add(ReadLine(Coordinates(json, field), $"{field}.coordinates"));
                break;
            case "MultiLineString" when lines is not null:
                var l = 0;
                foreach (var part in Coordinates(json, field).EnumerateArray())
                {
                    lines.Add(ReadLine(part, $"{field}.coordinates[{l++}]"));
                }
                break;
            case var other:
                throw lines is null && other is "LineString" or "MultiLineString"
                    ? ValidationFailed.Field($"{field}.type", $"'{other}' is not an area: expected {expected} (only a patrol may follow a route).")
                    : ValidationFailed.Field($"{field}.type", $"'{other}' is not an area: expected {expected}.");
        }
    }

    private static JsonElement Coordinates(JsonElement json, string field)
        => json.TryGetProperty("coordinates", out var c) && c.ValueKind == JsonValueKind.Array
            ? c
            : throw ValidationFailed.Field($"{field}.coordinates", "is missing or not an array.");

    private static Polygon ReadPolygon(JsonElement rings, string field)
    {
        if (rings.ValueKind != JsonValueKind.Array || rings.GetArrayLength() == 0)
        {
            throw ValidationFailed.Field(field, "a polygon needs at least an outer ring.");
        }
        var read = new List<Coordinate[]>();
        var r = 0;
        foreach (var ring in rings.EnumerateArray())
        {
            read.Add(ReadRing(ring, $"{field}[{r++}]"));
        }
        // Unwrap the whole polygon consistently when any ring crosses the antimeridian.
        if (read.Any(RingCrossesAntimeridian))
        {
            foreach (var ring in read)
            {
                for (var k = 0; k < ring.Length; k++)
                {
                    if (ring[k].X < 0)
                    {
                        ring[k] = new Coordinate(ring[k].X + 360, ring[k].Y);
                    }
                }
            }
        }
        var shell = Factory.CreateLinearRing(read[0]);
        var holes = read.Skip(1).Select(h => Factory.CreateLinearRing(h)).ToArray();
        return Factory.CreatePolygon(shell, holes);
    }

    private static bool RingCrossesAntimeridian(Coordinate[] ring)
    {
        for (var k = 1; k < ring.Length; k++)
        {
            if (Math.Abs(ring[k].X - ring[k - 1].X) > 180)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>A route: at least two distinct positions; one that crosses the antimeridian is unwrapped like a ring.</summary>
    private static LineString ReadLine(JsonElement line, string field)
    {
        if (line.ValueKind != JsonValueKind.Array)
        {
            throw ValidationFailed.Field(field, "a line is an array of [longitude, latitude] positions.");
        }
        var list = ReadPositions(line, field);
        if (list.Count < 2)
        {
            throw ValidationFailed.Field(field, $"a route needs at least 2 positions; it has {list.Count}.");
        }
        if (list.All(c => c.Equals2D(list[0])))
        {
            throw ValidationFailed.Field(field, "a route needs at least 2 distinct positions: all its positions are the same.");
        }
        var coordinates = list.ToArray();
        if (RingCrossesAntimeridian(coordinates))
        {
            for (var k = 0; k < coordinates.Length; k++)
            {
                if (coordinates[k].X < 0)
                {
                    coordinates[k] = new Coordinate(coordinates[k].X + 360, coordinates[k].Y);
                }
            }
        }
        return Factory.CreateLineString(coordinates);
    }

    private static Coordinate[] ReadRing(JsonElement ring, string field)
    {
        if (ring.ValueKind != JsonValueKind.Array)
        {
            throw ValidationFailed.Field(field, "a ring is an array of [longitude, latitude] positions.");
        }
        var list = ReadPositions(ring, field);
        if (list.Count < 4)
        {
            throw ValidationFailed.Field(field, $"a ring needs at least 4 positions; it has {list.Count}.");
        }
        if (!list[0].Equals2D(list[^1]))
        {
            throw ValidationFailed.Field(field, "the ring is not closed: its last position must equal its first.");
        }
        return list.ToArray();
    }

    private static List<Coordinate> ReadPositions(JsonElement positions, string field)
    {
        var list = new List<Coordinate>();
        var p = 0;
        foreach (var position in positions.EnumerateArray())
        {
            var at = $"{field}[{p++}]";
            if (position.ValueKind != JsonValueKind.Array || position.GetArrayLength() < 2
                || position[0].ValueKind != JsonValueKind.Number || position[1].ValueKind != JsonValueKind.Number)
            {
                throw ValidationFailed.Field(at, "a position is [longitude, latitude] in numbers.");
            }
            var lon = position[0].GetDouble();
            var lat = position[1].GetDouble();
            if (lat is < -90 or > 90)
            {
                throw ValidationFailed.Field(at, $"latitude {lat} is outside -90..90 (GeoJSON positions are [longitude, latitude]).");
            }
            if (lon is < -180 or > 540)
            {
                throw ValidationFailed.Field(at, $"longitude {lon} is outside -180..180.");
            }
            list.Add(new Coordinate(lon, lat));
        }
        return list;
    }

    /// <summary>
    /// Metres of this route strictly inside <paramref name="area"/>: parts running along or touching its
    /// boundary do not count, so a route along a border line stays on its side. Both unwrapped and plain
    /// longitudes are tried, for a route or an area across the antimeridian.
    /// </summary>
    public double RouteMetresInside(GeoArea area)
    {
        if (!IsRoute)
        {
            throw new InvalidOperationException("Only a route has a length inside an area.");
        }
        var total = 0.0;
        foreach (var dx in new[] { 0.0, 360, -360 })
        {
            var route = dx == 0 ? Geometry : Shift(Geometry, dx);
            if (!area.Envelope.Intersects(route.EnvelopeInternal) || !area._prepared.Intersects(route))
            {
                continue;
            }
            var inside = route.Intersection(area.Geometry);
            if (!inside.IsEmpty)
            {
                total += LengthMetres(inside.Difference(area.Geometry.Boundary));
            }
        }
        return total;
    }

    /// <summary>Great-circle length in metres of the lines in a geometry (points and areas count zero).</summary>
    public static double LengthMetres(Geometry g)
    {
        var sum = 0.0;
        for (var i = 0; i < g.NumGeometries; i++)
        {
            if (g.GetGeometryN(i) is LineString line)
            {
                var c = line.Coordinates;
                for (var k = 1; k < c.Length; k++)
                {
                    sum += DistanceMetres(c[k - 1].Y, c[k - 1].X, c[k].Y, c[k].X);
                }
            }
        }
        return sum;
    }

    /// <summary>
    /// The geometry in metres on a plane tangent at latitude <paramref name="originLatitude"/> (equirectangular):
    /// good to well under 1% over the tens of kilometres of a patrol route, so buffers can be drawn in metres.
    /// </summary>
    internal static Geometry ToLocalMetres(Geometry g, double originLatitude)
    {
        var copy = g.Copy();
        copy.Apply(new LocalFilter(Math.Cos(originLatitude * Math.PI / 180) * MetresPerDegree, MetresPerDegree));
        copy.GeometryChanged();
        return copy;
    }

    private const double MetresPerDegree = 111_320;

    /// <summary>
    /// The ground a shape covers, in degrees: an area itself; a route the corridor within
    /// <paramref name="metres"/> either side of it (drawn in metres, then back to degrees).
    /// </summary>
    public Geometry Covered(double metres)
    {
        if (!IsRoute)
        {
            return Geometry;
        }
        var origin = Envelope.Centre.Y;
        var corridor = ToLocalMetres(Geometry, origin).Buffer(metres);
        corridor.Apply(new LocalFilter(1 / (Math.Cos(origin * Math.PI / 180) * MetresPerDegree), 1 / MetresPerDegree));
        corridor.GeometryChanged();
        return corridor;
    }

    private sealed class LocalFilter(double sx, double sy) : ICoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq, int i)
        {
            seq.SetX(i, seq.GetX(i) * sx);
            seq.SetY(i, seq.GetY(i) * sy);
        }
    }

    private static Geometry Shift(Geometry g, double dx)
    {
        var copy = g.Copy();
        copy.Apply(new ShiftFilter(dx));
        copy.GeometryChanged();
        return copy;
    }

    private sealed class ShiftFilter(double dx) : ICoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq, int i) => seq.SetX(i, seq.GetX(i) + dx);
    }

    /// <summary>Great-circle distance in metres (haversine; good to ~0.5% for correlation bounds).</summary>
    public static double DistanceMetres(double lat1, double lon1, double lat2, double lon2)
    {
        const double r = 6_371_008.8;
        var dLat = (lat2 - lat1) * Math.PI / 180;
        var dLon = (lon2 - lon1) * Math.PI / 180;
        var a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2)
                + Math.Cos(lat1 * Math.PI / 180) * Math.Cos(lat2 * Math.PI / 180) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * r * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}
