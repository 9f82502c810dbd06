using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace Cordon.Operations.Geo;

/// <summary>
/// Many areas (watched areas, country territories) in an STR-tree over their bounding boxes, so a
/// point is tested exactly only against the few areas whose box holds it. Built once, then read-only
/// (safe to share between threads).
/// </summary>
public sealed class AreaIndex<T>
{
    private readonly STRtree<(GeoArea Area, T Item)> _tree = new();

    public int Count { get; }

    public AreaIndex(IEnumerable<(GeoArea Area, T Item)> areas)
    {
        var n = 0;
        foreach (var entry in areas)
        {
            _tree.Insert(entry.Area.Envelope, entry);
            n++;
        }
        _tree.Build();
        Count = n;
    }

    /// <summary>The items whose area holds the point (boundary included).</summary>
    public List<T> At(double latitude, double longitude)
    {
        var found = new List<T>(2);
        Collect(longitude, latitude, latitude, longitude, found);
        // Areas across the antimeridian are indexed in unwrapped longitudes (past 180°).
        if (longitude < 0)
        {
            Collect(longitude + 360, latitude, latitude, longitude, found);
        }
        return found;
    }

    private void Collect(double x, double y, double latitude, double longitude, List<T> found)
    {
        foreach (var (area, item) in _tree.Query(new Envelope(x, x, y, y)))
        {
            if (area.Contains(latitude, longitude) && !found.Contains(item))
            {
                found.Add(item);
            }
        }
    }

    /// <summary>The items whose area overlaps the given one.</summary>
    public List<T> Overlapping(GeoArea other)
    {
        var found = new List<T>();
        var e = other.Envelope;
        var boxes = new List<Envelope> { e };
        if (e.MaxX > 180)
        {
            boxes.Add(new Envelope(e.MinX - 360, e.MaxX - 360, e.MinY, e.MaxY));
        }
        foreach (var box in boxes)
        {
            foreach (var (area, item) in _tree.Query(box))
            {
                if (!found.Contains(item) && area.Intersects(other))
                {
                    found.Add(item);
                }
            }
        }
        return found;
    }
}
