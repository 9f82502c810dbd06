using Cordon.Common;
using Cordon.Identity;
using Cordon.Operations.Geo;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Linemerge;

namespace Cordon.Operations;

/// <summary>A patrol that covers (at least half of) a border segment, and for how long.</summary>
public sealed record SegmentPatrol(string Name, string Agency, DateTimeOffset StartsAt, DateTimeOffset EndsAt, double Share);

/// <summary>A stretch of time in which nobody patrolled a segment.</summary>
public sealed record CoverageGap(DateTimeOffset From, DateTimeOffset To);

/// <summary>
/// One fixed-length piece of a land border inside the operation area. <see cref="Hours"/> has one flag per
/// hour of the coverage window (from <see cref="BorderCoverageView.From"/>): patrolled or not.
/// </summary>
public sealed record BorderSegmentView(
    string Id, string Border, double LengthMetres, List<double[]> Line, List<SegmentPatrol> Patrols, int PatrolledHours, int GapHours, List<CoverageGap> Gaps, bool[] Hours);

public sealed record BorderCoverageView(Guid OperationId, string Name, double SegmentMetres, DateTimeOffset From, int HourCount, List<BorderSegmentView> Segments, string? Note)
{
    /// <summary>The named border sections in the operation area the reader may see: impact level, hours needed, planned and short over the operation's period.</summary>
    public List<SectionCoverage> Sections { get; init; } = [];
}

/// <summary>
/// Coverage per border segment: the land borders inside an operation's area (where two countries of the
/// bundled Natural Earth 1:50m boundaries meet) cut into pieces of a fixed length, and for each piece,
/// hour by hour over the operation's period, whether an active patrol's area covers at least half of it;
/// the hours nobody did are its gaps. At 1:50m the line is good to a few hundred metres: a planning view.
/// </summary>
public static class BorderCoverage
{
    public const double DefaultSegmentMetres = 2_000;

    /// <summary>A patrol route covers the border within this distance either side of it (Operations:RouteCoverageKm).</summary>
    public const double DefaultRouteCoverMetres = 2_000;

    /// <summary>A patrol covers a segment when its area holds at least this share of the segment's length.</summary>
    public const double CoveredShare = 0.5;

    // How far one country's boundary may stray from its neighbour's and still be their common border
    // (the two outlines are digitised separately; ~150 m).
    private const double BorderTolerance = 0.0015;

    public static async Task<BorderCoverageView> ForAsync(CordonDb db, AccessPolicy policy, Guid operationId, double? segmentKm, CancellationToken ct = default,
        double routeCoverMetres = DefaultRouteCoverMetres, ImpactRules? impact = null)
    {
        if (segmentKm is { } km && km is not (>= 0.5 and <= 50))
        {
            throw ValidationFailed.Field("segmentKm", "is between 0.5 and 50 km.");
        }
        var operation = await OperationPlanning.ReadableAsync(db, policy, operationId, ct);
        var patrols = await policy.Filter(db.Patrols.AsNoTracking(), RecordTypes.Patrol).Where(p => p.OperationId == operationId).OrderBy(p => p.StartsAt).ToListAsync(ct);
        var codes = await AgencyCodes.ByIdAsync(db, ct);
        var view = Compute(operation, patrols, codes, segmentKm * 1000 ?? DefaultSegmentMetres, routeCoverMetres);
        var sections = await BorderSections.CrossingAsync(db, policy, GeoArea.Parse(operation.AreaGeoJson).Geometry, ct);
        var end = operation.EndsAt < view.From.AddDays(31) ? operation.EndsAt : view.From.AddDays(31);
        return view with { Sections = BorderSections.Cover(sections, patrols, view.From, end, db.Clock.GetUtcNow(), impact ?? ImpactRules.Default, routeCoverMetres) };
    }

    internal static BorderCoverageView Compute(Operation operation, IReadOnlyList<Patrol> patrols, IReadOnlyDictionary<Guid, string> agencyCodes, double segmentMetres,
        double routeCoverMetres = DefaultRouteCoverMetres)
    {
        var area = GeoArea.Parse(operation.AreaGeoJson).Geometry;
        var segments = Segments(area, segmentMetres);
        var start = new DateTimeOffset(operation.StartsAt.UtcDateTime.Date.AddHours(operation.StartsAt.UtcDateTime.Hour), TimeSpan.Zero);
        var end = operation.EndsAt < start.AddDays(31) ? operation.EndsAt : start.AddDays(31);
        var hourCount = Math.Max(0, (int)Math.Ceiling((end - start).TotalHours));
        var shapes = patrols.ToDictionary(p => p.Id, p => PatrolShape.Of(GeoArea.ParseAreaOrRoute(p.AreaGeoJson), routeCoverMetres));

        var views = new List<BorderSegmentView>();
        foreach (var (id, border, line) in segments)
        {
            var covering = new List<(Patrol Patrol, double Share)>();
            foreach (var p in patrols)
            {
                var share = shapes[p.Id].Share(line);
                if (share >= CoveredShare)
                {
                    covering.Add((p, Math.Round(Math.Min(1, share), 3)));
                }
            }
            var hours = new bool[hourCount];
            for (var h = 0; h < hourCount; h++)
            {
                var from = start.AddHours(h);
                hours[h] = covering.Any(c => c.Patrol.StartsAt < from.AddHours(1) && c.Patrol.EndsAt > from);
            }
            var gaps = new List<CoverageGap>();
            for (var h = 0; h < hourCount; h++)
            {
                if (hours[h])
                {
                    continue;
                }
                var first = h;
                while (h + 1 < hourCount && !hours[h + 1])
                {
                    h++;
                }
                gaps.Add(new CoverageGap(start.AddHours(first), start.AddHours(h + 1) < end ? start.AddHours(h + 1) : end));
            }
            views.Add(new BorderSegmentView(id, border, Math.Round(LengthMetres(line)),
                line.Coordinates.Select(c => new[] { Math.Round(c.Y, 6), Math.Round(c.X, 6) }).ToList(),
                covering.Select(c => new SegmentPatrol(c.Patrol.Name, agencyCodes.GetValueOrDefault(c.Patrol.OwningAgencyId, "?"), c.Patrol.StartsAt, c.Patrol.EndsAt, c.Share)).ToList(),
                hours.Count(x => x), hours.Count(x => !x), gaps, hours));
        }
        var note = views.Count == 0 ? "The operation area contains no land border between two countries (coasts are not segmented)." : null;
        return new BorderCoverageView(operation.Id, operation.Name, segmentMetres, start, hourCount, views, note);
    }

    /// <summary>
    /// What a patrol holds of a border segment: an area the part of the segment inside it; a route the part of
    /// the segment within the cover distance of the route (a corridor drawn in metres around the line).
    /// </summary>
    internal sealed class PatrolShape
    {
        private Geometry _area = null!;
        private double? _originLatitude;

        public static PatrolShape Of(GeoArea shape, double coverMetres)
        {
            if (!shape.IsRoute)
            {
                return new PatrolShape { _area = shape.Geometry };
            }
            var origin = shape.Envelope.Centre.Y;
            return new PatrolShape { _originLatitude = origin, _area = GeoArea.ToLocalMetres(shape.Geometry, origin).Buffer(coverMetres) };
        }

        public double Share(Geometry segment)
        {
            var line = _originLatitude is { } origin ? GeoArea.ToLocalMetres(segment, origin) : segment;
            return line.Length == 0 ? 0 : line.Intersection(_area).Length / line.Length;
        }
    }

    /// <summary>The land borders inside <paramref name="area"/>, cut into pieces of about <paramref name="segmentMetres"/>.</summary>
    internal static List<(string Id, string Border, LineString Line)> Segments(Geometry area, double segmentMetres)
    {
        var env = new Envelope(area.EnvelopeInternal);
        env.ExpandBy(0.1);
        var box = GeoArea.Factory.ToGeometry(env);
        var countries = Territory.Instance.CountriesOverlapping(GeoArea.Of(box)).Order(StringComparer.Ordinal).ToList();
        var clipped = countries.Select(c => (Code: c, Shape: Territory.Instance.Area(c)?.Geometry.Intersection(box)))
            .Where(c => c.Shape is { IsEmpty: false }).ToList();
        var result = new List<(string, string, LineString)>();
        for (var i = 0; i < clipped.Count; i++)
        {
            for (var j = i + 1; j < clipped.Count; j++)
            {
                // A's outline where it runs along B: their common border, then only the part inside the area
                // (which also drops the clipping box's own edges, 0.1° outside it).
                var shared = clipped[i].Shape!.Boundary.Intersection(clipped[j].Shape!.Buffer(BorderTolerance)).Intersection(area);
                var merger = new LineMerger();
                merger.Add(shared);
                var lines = merger.GetMergedLineStrings().OfType<LineString>().Where(l => LengthMetres(l) >= 50)
                    .OrderByDescending(l => l.EnvelopeInternal.MaxY).ThenBy(l => l.EnvelopeInternal.MinX).ToList();
                var border = $"{clipped[i].Code}–{clipped[j].Code}";
                var n = 0;
                foreach (var line in lines)
                {
                    foreach (var piece in Cut(line, segmentMetres))
                    {
                        result.Add(($"{clipped[i].Code}-{clipped[j].Code}-{++n:00}", border, piece));
                    }
                }
            }
        }
        return result;
    }

    /// <summary>Cuts a line into pieces of <paramref name="metres"/> along it; a last piece under a quarter of that joins the one before.</summary>
    internal static List<LineString> Cut(LineString line, double metres)
    {
        var pieces = new List<List<Coordinate>>();
        var current = new List<Coordinate> { line.Coordinates[0] };
        var run = 0.0;
        for (var k = 1; k < line.Coordinates.Length; k++)
        {
            var a = line.Coordinates[k - 1];
            var b = line.Coordinates[k];
            var step = GeoArea.DistanceMetres(a.Y, a.X, b.Y, b.X);
            var from = a;
            var left = step;
            while (run + left >= metres && left > 0)
            {
                var t = (metres - run) / left;
                var cut = new Coordinate(from.X + (b.X - from.X) * t, from.Y + (b.Y - from.Y) * t);
                current.Add(cut);
                pieces.Add(current);
                current = [cut];
                left -= metres - run;
                from = cut;
                run = 0;
            }
            run += left;
            if (!current[^1].Equals2D(b))
            {
                current.Add(b);
            }
        }
        if (current.Count > 1 && run > 0)
        {
            if (pieces.Count > 0 && run < metres / 4)
            {
                pieces[^1].AddRange(current.Skip(1));
            }
            else
            {
                pieces.Add(current);
            }
        }
        return pieces.Where(p => p.Count > 1).Select(p => GeoArea.Factory.CreateLineString(p.ToArray())).ToList();
    }

    public static double LengthMetres(LineString line)
    {
        var sum = 0.0;
        for (var k = 1; k < line.Coordinates.Length; k++)
        {
            sum += GeoArea.DistanceMetres(line.Coordinates[k - 1].Y, line.Coordinates[k - 1].X, line.Coordinates[k].Y, line.Coordinates[k].X);
        }
        return sum;
    }
}
