using System.Text.Json;
using Cordon.Common;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Operation.Valid;

namespace Cordon.Operations.Geo;

/// <summary>
/// A polygonal area (operation area, patrol area, watched area) parsed from GeoJSON, ready for fast
/// point tests. Longitudes are kept in one continuous range: a ring that crosses the antimeridian
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

    private GeoArea(Geometry geometry)
    {
        Geometry = geometry;
        _prepared = PreparedGeometryFactory.Prepare(geometry);
    }

    public Envelope Envelope => Geometry.EnvelopeInternal;

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

    private bool Covers(double x, double y) => _prepared.Covers(Factory.CreatePoint(new Coordinate(x, y)));

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

    /// <summary>An area from a geometry already built (a union of parsed areas).</summary>
    internal static GeoArea Of(Geometry geometry) => new(geometry);

    /// <param name="repair">For trusted reference data only: mend self-touching rings (zero buffer) instead of refusing.</param>
    internal static GeoArea Parse(JsonElement json, string field, bool repair)
    {
        var polygons = new List<Polygon>();
        ReadAny(json, field, polygons);
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

    private static void ReadAny(JsonElement json, string field, List<Polygon> into)
    {
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("type", out var typeProp) || typeProp.ValueKind != JsonValueKind.String)
        {
            throw ValidationFailed.Field($"{field}.type", "is missing: expected Polygon, MultiPolygon, Feature or FeatureCollection.");
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
                ReadAny(geometry, $"{field}.geometry", into);
                break;
            case "FeatureCollection":
                if (!json.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
                {
                    throw ValidationFailed.Field($"{field}.features", "is missing.");
                }
                var f = 0;
                foreach (var feature in features.EnumerateArray())
                {
                    ReadAny(feature, $"{field}.features[{f++}]", into);
                }
                break;
            case var other:
                throw ValidationFailed.Field($"{field}.type", $"'{other}' is not an area: expected Polygon, MultiPolygon, Feature or FeatureCollection.");
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

    private static Coordinate[] ReadRing(JsonElement ring, string field)
    {
        if (ring.ValueKind != JsonValueKind.Array)
        {
            throw ValidationFailed.Field(field, "a ring is an array of [longitude, latitude] positions.");
        }
        var list = new List<Coordinate>();
        var p = 0;
        foreach (var position in ring.EnumerateArray())
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
