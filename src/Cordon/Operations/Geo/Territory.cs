using System.Text.Json;
using Cordon.Reference;

namespace Cordon.Operations.Geo;

/// <summary>
/// Country territories from the bundled Natural Earth 1:50m boundaries (data/geo, public domain),
/// keyed by ISO 3166-1 alpha-2. Used to find which countries a patrol area enters. At 1:50m a border
/// is accurate to a few hundred metres: good for planning checks, not for legal boundary questions.
/// </summary>
public sealed class Territory
{
    private static readonly Lazy<Territory> Loaded = new(Load);

    public static Territory Instance => Loaded.Value;

    private readonly AreaIndex<string> _index;
    private readonly Dictionary<string, string> _names;
    private readonly Dictionary<string, GeoArea> _areas;

    private Territory(AreaIndex<string> index, Dictionary<string, string> names, Dictionary<string, GeoArea> areas)
    {
        _index = index;
        _names = names;
        _areas = areas;
    }

    /// <summary>A country's territory (null when the bundled data has none for the code).</summary>
    public GeoArea? Area(string alpha2) => _areas.GetValueOrDefault(alpha2);

    public string Name(string alpha2) => _names.GetValueOrDefault(alpha2) ?? alpha2;

    /// <summary>Alpha-2 codes of the countries whose territory the area overlaps.</summary>
    public IReadOnlyList<string> CountriesOverlapping(GeoArea area) => _index.Overlapping(area);

    /// <summary>Alpha-2 code of the country at a point, or null at sea.</summary>
    public string? CountryAt(double latitude, double longitude) => _index.At(latitude, longitude).FirstOrDefault();

    /// <summary>The bundled GeoJSON, as served to the live map.</summary>
    public static Stream OpenGeoJson()
        => typeof(Territory).Assembly.GetManifestResourceStream("Cordon.Geo.countries-50m.geojson")
           ?? throw new InvalidOperationException("The bundled country boundaries are missing from the build.");

    private static Territory Load()
    {
        var byNumeric = ReferenceData.Instance.Countries.All.Where(c => c.Numeric.Length > 0).GroupBy(c => c.Numeric).ToDictionary(g => g.Key, g => g.First());
        using var stream = OpenGeoJson();
        using var doc = JsonDocument.Parse(stream);
        var areas = new List<(GeoArea, string)>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var feature in doc.RootElement.GetProperty("features").EnumerateArray())
        {
            // A few disputed areas have no ISO code in Natural Earth: they are left out.
            if (!feature.TryGetProperty("id", out var id) || id.GetString() is not { } numeric || !byNumeric.TryGetValue(numeric, out var country))
            {
                continue;
            }
            // Rounding to 1 m can make a ring touch itself: reference data is mended, never refused.
            areas.Add((GeoArea.Parse(feature.GetProperty("geometry"), $"country {country.Alpha2}", repair: true), country.Alpha2));
            names[country.Alpha2] = country.Name;
        }
        var byCode = new Dictionary<string, GeoArea>(StringComparer.Ordinal);
        foreach (var (area, code) in areas)
        {
            byCode[code] = byCode.TryGetValue(code, out var other) ? GeoArea.Of(other.Geometry.Union(area.Geometry)) : area;
        }
        return new Territory(new AreaIndex<string>(areas), names, byCode);
    }
}
