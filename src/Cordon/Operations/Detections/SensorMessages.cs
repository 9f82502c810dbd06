using System.Globalization;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;

namespace Cordon.Operations.Detections;

/// <summary>A detection as read from a sensor message, before correlation.</summary>
public sealed record DetectionMessage(
    string SensorId, string SourceUid, string Kind, string? How, double Latitude, double Longitude,
    double? Hae, double? Ce, double? Le, DateTimeOffset ObservedAt, DateTimeOffset? StaleAt, string? MessageId = null)
{
    /// <summary>
    /// Identifies the message for idempotent re-sending: sensor, the message's own id (a GeoJSON feature id)
    /// or else the object's uid (a CoT event is identified by uid and time), and the time.
    /// </summary>
    public string SourceKey => $"{SensorId}|{(string.IsNullOrEmpty(MessageId) ? SourceUid : MessageId)}|{ObservedAt.UtcTicks}";
}

/// <summary>One message of a batch: read, or refused with field errors (kept as received).</summary>
public sealed record ParsedMessage(int Position, string Format, string Raw, DetectionMessage? Detection, IReadOnlyList<string> Errors)
{
    public bool Ok => Detection is not null;
}

/// <summary>
/// Reads sensor messages: Cursor-on-Target XML events (the format TAK tools exchange) and GeoJSON
/// Point features. Each bad message is refused with errors naming the field; the others still land.
/// </summary>
public static class SensorMessages
{
    public const string CotFormat = "cot";
    public const string GeoJsonFormat = "geojson";

    /// <summary>
    /// A body of one CoT <c>event</c>, or any root element holding several. Malformed XML refuses the body
    /// as one message (there is no telling where one event ends).
    /// </summary>
    public static List<ParsedMessage> ReadCot(string body, string sensorId)
    {
        XDocument doc;
        try
        {
            // No DTDs: XDocument.Parse would expand internal entities (a "billion laughs" body); CoT never needs one.
            using var reader = XmlReader.Create(new StringReader(body), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            doc = XDocument.Load(reader, LoadOptions.None);
        }
        catch (XmlException e)
        {
            return [new ParsedMessage(0, CotFormat, body, null, [$"xml: not well-formed: {e.Message}"])];
        }
        var root = doc.Root!;
        var events = root.Name.LocalName == "event" ? [root] : root.Elements().Where(e => e.Name.LocalName == "event").ToList();
        if (events.Count == 0)
        {
            return [new ParsedMessage(0, CotFormat, body, null, [$"event: no <event> element (root is <{root.Name.LocalName}>)."])];
        }
        var result = new List<ParsedMessage>(events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            result.Add(ReadCotEvent(i, events[i], sensorId));
        }
        return result;
    }

    private static ParsedMessage ReadCotEvent(int position, XElement e, string sensorId)
    {
        var errors = new List<string>();
        string Required(XElement el, string name, string path)
        {
            var v = (string?)el.Attribute(name);
            if (string.IsNullOrWhiteSpace(v))
            {
                errors.Add($"{path}@{name}: is required.");
                return "";
            }
            return v.Trim();
        }
        DateTimeOffset? Time(XElement el, string name)
        {
            var v = Required(el, name, "event");
            if (v.Length == 0)
            {
                return null;
            }
            if (DateTimeOffset.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
            {
                return t;
            }
            errors.Add($"event@{name}: '{v}' is not an XML Schema dateTime (e.g. 2026-11-22T10:15:00Z).");
            return null;
        }
        double? Number(XElement el, string name, double min, double max)
        {
            var v = Required(el, name, "point");
            if (v.Length == 0)
            {
                return null;
            }
            if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || double.IsNaN(d))
            {
                errors.Add($"point@{name}: '{v}' is not a number.");
                return null;
            }
            if (d < min || d > max)
            {
                errors.Add($"point@{name}: {v} is outside {min}..{max}.");
                return null;
            }
            return d;
        }

        var uid = Required(e, "uid", "event");
        var type = Required(e, "type", "event");
        var how = Required(e, "how", "event");
        var time = Time(e, "time");
        var start = Time(e, "start");
        var stale = Time(e, "stale");
        var point = e.Elements().FirstOrDefault(x => x.Name.LocalName == "point");
        double? lat = null, lon = null, hae = null, ce = null, le = null;
        if (point is null)
        {
            errors.Add("point: the event has no <point> element.");
        }
        else
        {
            lat = Number(point, "lat", -90, 90);
            lon = Number(point, "lon", -180, 180);
            // CoT uses 9999999.0 for "unknown" height and errors.
            hae = Number(point, "hae", -12_000, 9_999_999);
            ce = Number(point, "ce", 0, 9_999_999);
            le = Number(point, "le", 0, 9_999_999);
        }
        if (start is { } s && stale is { } st && st < s)
        {
            errors.Add("event@stale: is before event@start.");
        }
        var raw = e.ToString(SaveOptions.DisableFormatting);
        if (errors.Count > 0)
        {
            return new ParsedMessage(position, CotFormat, raw, null, errors);
        }
        var sensor = (string?)e.Descendants().FirstOrDefault(x => x.Name.LocalName == "sensor")?.Attribute("id") ?? sensorId;
        return new ParsedMessage(position, CotFormat, raw, new DetectionMessage(sensor, uid, type, how, lat!.Value, lon!.Value,
            Unknown(hae), Unknown(ce), Unknown(le), start ?? time!.Value, stale), []);
    }

    private static double? Unknown(double? v) => v is >= 9_999_999 ? null : v;

    /// <summary>A GeoJSON Feature or FeatureCollection of Point features with properties.time (and sensor, kind).</summary>
    public static List<ParsedMessage> ReadGeoJson(string body, string sensorId)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            return [new ParsedMessage(0, GeoJsonFormat, body, null, [$"json: not valid JSON: {e.Message}"])];
        }
        using (doc)
        {
            var root = doc.RootElement;
            var type = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var t) ? t.GetString() : null;
            if (type == "Feature")
            {
                return [ReadFeature(0, root, sensorId, "")];
            }
            if (type == "FeatureCollection" && root.TryGetProperty("features", out var features) && features.ValueKind == JsonValueKind.Array)
            {
                var list = new List<ParsedMessage>(features.GetArrayLength());
                var i = 0;
                foreach (var f in features.EnumerateArray())
                {
                    list.Add(ReadFeature(i, f, sensorId, $"features[{i}]."));
                    i++;
                }
                return list;
            }
            return [new ParsedMessage(0, GeoJsonFormat, body, null, [$"type: expected Feature or FeatureCollection, got {(type is null ? "none" : $"'{type}'")}."])];
        }
    }

    private static ParsedMessage ReadFeature(int position, JsonElement f, string sensorId, string at)
    {
        var errors = new List<string>();
        var raw = f.GetRawText();
        double lat = 0, lon = 0;
        double? alt = null;
        if (f.ValueKind != JsonValueKind.Object || !f.TryGetProperty("type", out var ft) || ft.GetString() != "Feature")
        {
            return new ParsedMessage(position, GeoJsonFormat, raw, null, [$"{at}type: must be \"Feature\"."]);
        }
        if (!f.TryGetProperty("geometry", out var g) || g.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{at}geometry: is required (a Point).");
        }
        else if (!g.TryGetProperty("type", out var gt) || gt.GetString() != "Point")
        {
            errors.Add($"{at}geometry.type: must be \"Point\".");
        }
        else if (!g.TryGetProperty("coordinates", out var c) || c.ValueKind != JsonValueKind.Array || c.GetArrayLength() < 2
                 || c[0].ValueKind != JsonValueKind.Number || c[1].ValueKind != JsonValueKind.Number)
        {
            errors.Add($"{at}geometry.coordinates: must be [longitude, latitude] numbers.");
        }
        else
        {
            lon = c[0].GetDouble();
            lat = c[1].GetDouble();
            alt = c.GetArrayLength() > 2 && c[2].ValueKind == JsonValueKind.Number ? c[2].GetDouble() : null;
            if (lat is < -90 or > 90)
            {
                errors.Add($"{at}geometry.coordinates[1]: latitude {lat} is outside -90..90 (GeoJSON positions are [longitude, latitude]).");
            }
            if (lon is < -180 or > 180)
            {
                errors.Add($"{at}geometry.coordinates[0]: longitude {lon} is outside -180..180.");
            }
        }
        var props = f.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
        string? Text(string name) => props.ValueKind == JsonValueKind.Object && props.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        double? Num(string name) => props.ValueKind == JsonValueKind.Object && props.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
        DateTimeOffset time = default;
        var timeText = Text("time");
        if (timeText is null)
        {
            errors.Add($"{at}properties.time: is required (ISO 8601, e.g. 2026-11-22T10:15:00Z).");
        }
        else if (!DateTimeOffset.TryParse(timeText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time))
        {
            errors.Add($"{at}properties.time: '{timeText}' is not an ISO 8601 time.");
        }
        DateTimeOffset? stale = null;
        if (Text("stale") is { } staleText)
        {
            if (DateTimeOffset.TryParse(staleText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var s))
            {
                stale = s;
            }
            else
            {
                errors.Add($"{at}properties.stale: '{staleText}' is not an ISO 8601 time.");
            }
        }
        if (errors.Count > 0)
        {
            return new ParsedMessage(position, GeoJsonFormat, raw, null, errors);
        }
        // The feature id names the message (a radar plot); properties.object names the object when the sensor knows it.
        var id = f.TryGetProperty("id", out var idp) ? idp.ValueKind == JsonValueKind.String ? idp.GetString() ?? "" : idp.GetRawText() : "";
        return new ParsedMessage(position, GeoJsonFormat, raw,
            new DetectionMessage(Text("sensor") ?? sensorId, Text("object") ?? "", Text("kind") ?? "unknown", Text("how"), lat, lon, alt ?? Num("hae"), Num("ce"), Num("le"), time, stale, id), []);
    }
}
