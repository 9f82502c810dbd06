using System.Globalization;
using System.Text;
using Cordon.Operations.Geo;

namespace Cordon.Operations.Detections;

/// <summary>Defaults for a watched area's pattern limits.</summary>
public static class WatchDefaults
{
    public const double LoiterRadiusMetres = 200;
    public const double LoiterMinutes = 10;
    /// <summary>25 m/s = 90 km/h: small drones fly well below it, light aircraft well above.</summary>
    public const double LowSlowMaxSpeed = 25;
    public const double LowSlowMaxAltitude = 150;
}

/// <summary>A watched area's rules, ready for the ingest loop.</summary>
public sealed record WatchedZone(Guid Id, string Name, Guid? OperationId, IncidentType IncidentType, Severity Severity)
{
    public WatchPatterns Patterns { get; init; } = WatchPatterns.Entry;
    public IReadOnlyList<CrossingPoint> CrossingPoints { get; init; } = [];
    public double LoiterRadiusMetres { get; init; } = WatchDefaults.LoiterRadiusMetres;
    public double LoiterMinutes { get; init; } = WatchDefaults.LoiterMinutes;
    public double LowSlowMaxSpeed { get; init; } = WatchDefaults.LowSlowMaxSpeed;
    public double LowSlowMaxAltitude { get; init; } = WatchDefaults.LowSlowMaxAltitude;

    public bool Watches(WatchPatterns pattern) => (Patterns & pattern) != 0;

    public static WatchedZone Of(WatchedArea a) => new(a.Id, a.Name, a.OperationId, a.IncidentType, a.Severity)
    {
        Patterns = a.Patterns, CrossingPoints = a.CrossingPoints ?? [], LoiterRadiusMetres = a.LoiterRadiusMetres, LoiterMinutes = a.LoiterMinutes,
        LowSlowMaxSpeed = a.LowSlowMaxSpeed, LowSlowMaxAltitude = a.LowSlowMaxAltitude,
    };
}

/// <summary>An agency's watched areas in an STR-tree, with which patterns any of them watch (to skip work none needs).</summary>
public sealed class WatchedZones
{
    private readonly AreaIndex<WatchedZone> _index;

    private readonly Dictionary<string, WatchedZone> _byId;

    public WatchedZones(IEnumerable<(GeoArea Area, WatchedZone Zone)> areas)
    {
        var list = areas.ToList();
        _index = new AreaIndex<WatchedZone>(list);
        _byId = list.ToDictionary(a => a.Zone.Id.ToString(), a => a.Zone, StringComparer.Ordinal);
        Watching = list.Aggregate(WatchPatterns.None, (all, a) => all | a.Zone.Patterns);
    }

    /// <summary>The areas with these ids (as a track's InsideAreas lists them) that are still watched.</summary>
    public IEnumerable<WatchedZone> Find(IEnumerable<string> ids) => ids.Select(id => _byId.GetValueOrDefault(id)).OfType<WatchedZone>();

    /// <summary>The union of the patterns the areas watch.</summary>
    public WatchPatterns Watching { get; }

    public int Count => _index.Count;

    public List<WatchedZone> At(double latitude, double longitude) => _index.At(latitude, longitude);
}

/// <summary>One watched pattern seen on a track: the incident it raises, why, and the detections that showed it.</summary>
public sealed record PatternHit(WatchedZone Zone, WatchPatterns Pattern, string Title, string Reason, DateTimeOffset Since, Guid[] Detections)
{
    public string Name => PatternNames.Of(Pattern);
}

public static class PatternNames
{
    public static string Of(WatchPatterns p) => p switch
    {
        WatchPatterns.Entry => "entry",
        WatchPatterns.BorderCrossing => "border-crossing",
        WatchPatterns.Loitering => "loitering",
        WatchPatterns.LowSlow => "low-slow",
        _ => p.ToString(),
    };

    public static bool TryParse(string? text, out WatchPatterns pattern)
    {
        pattern = (text ?? "").Trim().ToLowerInvariant() switch
        {
            "entry" => WatchPatterns.Entry,
            "border-crossing" => WatchPatterns.BorderCrossing,
            "loitering" => WatchPatterns.Loitering,
            "low-slow" => WatchPatterns.LowSlow,
            _ => WatchPatterns.None,
        };
        return pattern != WatchPatterns.None;
    }

    public static string[] List(WatchPatterns patterns)
        => Enum.GetValues<WatchPatterns>().Where(p => p != WatchPatterns.None && (patterns & p) != 0).Select(Of).ToArray();

    public const string All = "entry, border-crossing, loitering, low-slow";
}

/// <summary>Where and when a track last was, before the detection being judged (null for a new track).</summary>
/// <param name="InsideAreas">The ids of the watched areas the track was in there (as <see cref="SensorTrack.InsideAreas"/>).</param>
public readonly record struct PreviousFix(double Latitude, double Longitude, DateTimeOffset At, Guid? Detection, string InsideAreas = "");

/// <summary>
/// Watched movement patterns besides entering an area, judged detection by detection as a track moves:
/// <list type="bullet">
/// <item><b>border-crossing</b>: between two consecutive fixes, one of them in the area, the track changes
/// country (bundled 1:50m borders; at sea there is no country, so no land crossing), and the step from one fix
/// to the other passes no designated crossing point within its radius (on the radius counts as at the point);</item>
/// <item><b>loitering</b>: inside the area, the track stays within R metres (R included) of where it began to
/// linger for more than T minutes (exactly T is not yet loitering); moving further than R starts over there;</item>
/// <item><b>low-slow</b>: an air track (a CoT type of the air dimension, a-?-A…, or kind drone/uav/aircraft)
/// flies slower than V m/s (speed from the track's last two fixes) and lower than H metres (CoT hae); at
/// exactly V or H it is not low-slow. A detection without hae is not judged.</item>
/// </list>
/// Each pattern raises one incident per track and area (the track remembers what it raised).
/// </summary>
public static class PatternWatch
{
    public static List<PatternHit> Evaluate(SensorTrack track, Guid detection, DetectionMessage d, PreviousFix? previous, List<WatchedZone> inside, WatchedZones zones)
    {
        List<PatternHit>? hits = null;
        var watching = zones.Watching;
        // Most detections are in no watched area, were in none before and carry no state: nothing to judge.
        if ((watching & (WatchPatterns.BorderCrossing | WatchPatterns.Loitering | WatchPatterns.LowSlow)) == 0
            || (inside.Count == 0 && track.PatternState.Length == 0 && (previous is null || previous.Value.InsideAreas.Length == 0)))
        {
            return [];
        }
        TrackPatternState? state = null;
        TrackPatternState State() => state ??= TrackPatternState.Parse(track.PatternState);

        if ((watching & WatchPatterns.BorderCrossing) != 0 && previous is { } p)
        {
            // Areas the track is in now, or was in at its previous fix (a crossing may step out of the area).
            var crossingZones = inside.Where(z => z.Watches(WatchPatterns.BorderCrossing))
                .Concat(p.InsideAreas.Length == 0 ? [] : zones.Find(p.InsideAreas.Split(',')).Where(z => z.Watches(WatchPatterns.BorderCrossing))).DistinctBy(z => z.Id).ToList();
            if (crossingZones.Count > 0)
            {
                var from = Territory.Instance.CountryAt(p.Latitude, p.Longitude);
                var to = Territory.Instance.CountryAt(d.Latitude, d.Longitude);
                if (from is not null && to is not null && from != to)
                {
                    foreach (var zone in crossingZones.Where(z => !State().HasRaised(WatchPatterns.BorderCrossing, z.Id)))
                    {
                        var nearest = zone.CrossingPoints
                            .Select(cp => (Point: cp, Metres: DistanceToStepMetres(cp.Latitude, cp.Longitude, p.Latitude, p.Longitude, d.Latitude, d.Longitude)))
                            .OrderBy(x => x.Metres).FirstOrDefault();
                        if (nearest.Point is not null && nearest.Metres <= nearest.Point.RadiusMetres)
                        {
                            continue; // through a designated crossing point
                        }
                        var where = nearest.Point is null
                            ? "the area has no designated crossing point"
                            : $"{nearest.Metres:0} m from the nearest designated crossing point '{nearest.Point.Name}' (radius {nearest.Point.RadiusMetres:0} m)";
                        State().MarkRaised(WatchPatterns.BorderCrossing, zone.Id);
                        (hits ??= []).Add(new PatternHit(zone, WatchPatterns.BorderCrossing, $"Track crossed the border {from}→{to} outside a crossing point in {zone.Name}",
                            $"track {track.Id} ({d.Kind}) crossed from {Country(from)} to {Country(to)} between {p.At:HH:mm:ss} and {d.ObservedAt:HH:mm:ss} UTC; {where}",
                            p.At, Detections(p.Detection, detection)));
                    }
                }
            }
        }

        if ((watching & WatchPatterns.Loitering) != 0 && (inside.Any(z => z.Watches(WatchPatterns.Loitering)) || track.PatternState.Contains("A:", StringComparison.Ordinal)))
        {
            var loiterZones = inside.Where(z => z.Watches(WatchPatterns.Loitering)).ToList();
            State().KeepAnchors(loiterZones.Select(z => z.Id));
            foreach (var zone in loiterZones)
            {
                var anchor = State().Anchor(zone.Id);
                if (anchor is null || GeoArea.DistanceMetres(anchor.Value.Latitude, anchor.Value.Longitude, d.Latitude, d.Longitude) > zone.LoiterRadiusMetres)
                {
                    State().SetAnchor(zone.Id, new LoiterAnchor(d.Latitude, d.Longitude, d.ObservedAt, detection));
                    continue;
                }
                var stayed = d.ObservedAt - anchor.Value.Since;
                if (stayed > TimeSpan.FromMinutes(zone.LoiterMinutes) && !State().HasRaised(WatchPatterns.Loitering, zone.Id))
                {
                    State().MarkRaised(WatchPatterns.Loitering, zone.Id);
                    (hits ??= []).Add(new PatternHit(zone, WatchPatterns.Loitering, $"Track loitering in {zone.Name}",
                        $"track {track.Id} ({d.Kind}) stayed within {zone.LoiterRadiusMetres:0} m of {anchor.Value.Latitude:0.#####}, {anchor.Value.Longitude:0.#####} from {anchor.Value.Since:HH:mm:ss} to {d.ObservedAt:HH:mm:ss} UTC ({stayed.TotalMinutes:0.#} min; the limit is {zone.LoiterMinutes:0.#} min)",
                        anchor.Value.Since, Detections(anchor.Value.Detection, detection)));
                }
            }
        }

        if ((watching & WatchPatterns.LowSlow) != 0 && previous is { } q && d.Hae is { } hae && IsAirborne(d.Kind, track.Kind))
        {
            var seconds = (d.ObservedAt - q.At).TotalSeconds;
            var lowSlowZones = inside.Where(z => z.Watches(WatchPatterns.LowSlow)).ToList();
            if (seconds > 0 && lowSlowZones.Count > 0)
            {
                var speed = GeoArea.DistanceMetres(q.Latitude, q.Longitude, d.Latitude, d.Longitude) / seconds;
                foreach (var zone in lowSlowZones.Where(z => speed < z.LowSlowMaxSpeed && hae < z.LowSlowMaxAltitude && !State().HasRaised(WatchPatterns.LowSlow, z.Id)))
                {
                    State().MarkRaised(WatchPatterns.LowSlow, zone.Id);
                    (hits ??= []).Add(new PatternHit(zone, WatchPatterns.LowSlow, $"Low, slow air track in {zone.Name}",
                        $"air track {track.Id} ({d.Kind}) at {hae:0.#} m (below {zone.LowSlowMaxAltitude:0.#} m) and {speed:0.#} m/s (below {zone.LowSlowMaxSpeed:0.#} m/s) between {q.At:HH:mm:ss} and {d.ObservedAt:HH:mm:ss} UTC",
                        q.At, Detections(q.Detection, detection)));
                }
            }
        }

        if (state is not null)
        {
            track.PatternState = state.Format();
        }
        return hits ?? [];
    }

    private static string Country(string code) => $"{code} ({Territory.Instance.Name(code)})";

    private static Guid[] Detections(Guid? first, Guid last) => first is { } f && f != last ? [f, last] : [last];

    /// <summary>CoT types of the air dimension (a-f-A, a-u-A-M-F-Q…) and kinds that name a flying object.</summary>
    public static bool IsAirborne(string kind, string trackKind)
        => IsAir(kind) || IsAir(trackKind);

    private static bool IsAir(string kind)
    {
        if (kind.Length >= 5 && kind[0] == 'a' && kind[1] == '-' && kind[3] == '-' && kind[4] == 'A')
        {
            return true;
        }
        return kind.Equals("drone", StringComparison.OrdinalIgnoreCase) || kind.Equals("uav", StringComparison.OrdinalIgnoreCase)
            || kind.Equals("aircraft", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Metres from a point to the step between two fixes, on a plane tangent at the point (fine over the few
    /// hundred metres between fixes). Longitudes are taken on the point's side of the antimeridian.
    /// </summary>
    public static double DistanceToStepMetres(double lat, double lon, double lat1, double lon1, double lat2, double lon2)
    {
        static double Near(double x, double to) => x - to > 180 ? x - 360 : to - x > 180 ? x + 360 : x;
        var k = Math.Cos(lat * Math.PI / 180) * 111_320;
        var ax = (Near(lon1, lon) - lon) * k;
        var ay = (lat1 - lat) * 111_320;
        var bx = (Near(lon2, lon) - lon) * k;
        var by = (lat2 - lat) * 111_320;
        var dx = bx - ax;
        var dy = by - ay;
        var len2 = dx * dx + dy * dy;
        var t = len2 == 0 ? 0 : Math.Clamp(-(ax * dx + ay * dy) / len2, 0, 1);
        var x = ax + t * dx;
        var y = ay + t * dy;
        return Math.Sqrt(x * x + y * y);
    }
}

/// <summary>Where and when a track began to linger in one area, and the detection there.</summary>
public readonly record struct LoiterAnchor(double Latitude, double Longitude, DateTimeOffset Since, Guid Detection);

/// <summary>
/// A track's pattern state as stored on it: "A:area:lat:lon:ticks:detection" for each loitering anchor and
/// "R:pattern:area" for each pattern already raised, separated by ';'. Kept under the column's 4,000
/// characters by dropping the oldest raised marks (the stored incidents still keep them from repeating).
/// </summary>
internal sealed class TrackPatternState
{
    private readonly Dictionary<Guid, LoiterAnchor> _anchors = [];
    private readonly List<(WatchPatterns Pattern, Guid Area)> _raised = [];

    public static TrackPatternState Parse(string text)
    {
        var state = new TrackPatternState();
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = part.Split(':');
            if (f[0] == "A" && f.Length == 6)
            {
                state._anchors[Guid.Parse(f[1])] = new LoiterAnchor(double.Parse(f[2], CultureInfo.InvariantCulture), double.Parse(f[3], CultureInfo.InvariantCulture),
                    new DateTimeOffset(long.Parse(f[4], CultureInfo.InvariantCulture), TimeSpan.Zero), Guid.Parse(f[5]));
            }
            else if (f[0] == "R" && f.Length == 3)
            {
                state._raised.Add(((WatchPatterns)int.Parse(f[1], CultureInfo.InvariantCulture), Guid.Parse(f[2])));
            }
        }
        return state;
    }

    public LoiterAnchor? Anchor(Guid area) => _anchors.TryGetValue(area, out var a) ? a : null;

    public void SetAnchor(Guid area, LoiterAnchor anchor) => _anchors[area] = anchor;

    /// <summary>Leaving a loitering area forgets where the track lingered in it.</summary>
    public void KeepAnchors(IEnumerable<Guid> areas)
    {
        var keep = areas.ToHashSet();
        foreach (var gone in _anchors.Keys.Where(k => !keep.Contains(k)).ToList())
        {
            _anchors.Remove(gone);
        }
    }

    public bool HasRaised(WatchPatterns pattern, Guid area) => _raised.Contains((pattern, area));

    public void MarkRaised(WatchPatterns pattern, Guid area) => _raised.Add((pattern, area));

    public string Format()
    {
        var sb = new StringBuilder();
        foreach (var (area, a) in _anchors)
        {
            sb.Append(CultureInfo.InvariantCulture, $"A:{area}:{a.Latitude:R}:{a.Longitude:R}:{a.Since.UtcTicks}:{a.Detection};");
        }
        var anchors = sb.Length;
        var raised = _raised.Select(r => string.Create(CultureInfo.InvariantCulture, $"R:{(int)r.Pattern}:{r.Area};")).ToList();
        var skip = 0;
        while (anchors + raised.Skip(skip).Sum(r => r.Length) > 4000 && skip < raised.Count)
        {
            skip++;
        }
        foreach (var r in raised.Skip(skip))
        {
            sb.Append(r);
        }
        return sb.Length > 4000 ? sb.ToString(0, sb.ToString().LastIndexOf(';', 3999) + 1) : sb.ToString();
    }
}
