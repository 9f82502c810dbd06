using System.Text.Json;

namespace Cordon.Reference;

/// <summary>A sea port keyed by UN/LOCODE (two-letter country + three-character location).</summary>
public sealed record Port(string Locode, string Name, string? City, string Country, string CountryName, double? Latitude, double? Longitude, string? Timezone);

public sealed class PortTable
{
    private readonly Dictionary<string, Port> _byLocode;

    public IReadOnlyList<Port> All { get; }

    private PortTable(List<Port> ports, Dictionary<string, Port> byLocode)
    {
        All = ports;
        _byLocode = byLocode;
    }

    public static PortTable Load(Stream stream)
    {
        using var doc = ReferenceData.Json(stream);
        var ports = new List<Port>();
        var byLocode = new Dictionary<string, Port>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in doc.RootElement.EnumerateObject())
        {
            var p = property.Value;
            double? lon = null, lat = null;
            if (p.TryGetProperty("coordinates", out var coords) && coords.ValueKind == JsonValueKind.Array && coords.GetArrayLength() == 2)
            {
                lon = coords[0].GetDouble();
                lat = coords[1].GetDouble();
            }
            var locode = property.Name.ToUpperInvariant();
            var port = new Port(locode, Text(p, "name") ?? locode, Text(p, "city"), locode[..2], Text(p, "country") ?? "", lat, lon, Text(p, "timezone"));
            ports.Add(port);
            byLocode[locode] = port;
            // Some ports carry several LOCODEs (merged harbours): each is a valid key.
            if (p.TryGetProperty("unlocs", out var unlocs) && unlocs.ValueKind == JsonValueKind.Array)
            {
                foreach (var alias in unlocs.EnumerateArray().Select(u => u.GetString()).OfType<string>())
                {
                    byLocode.TryAdd(alias.ToUpperInvariant(), port);
                }
            }
        }
        return new PortTable(ports.OrderBy(p => p.Locode, StringComparer.Ordinal).ToList(), byLocode);
    }

    public Port? Find(string? locode) => locode is { Length: 5 } ? _byLocode.GetValueOrDefault(locode.Replace(" ", "", StringComparison.Ordinal)) : null;

    public IEnumerable<Port> Search(string? query, string? country = null)
    {
        var q = (query ?? "").Trim();
        IEnumerable<Port> ports = All;
        if (!string.IsNullOrWhiteSpace(country))
        {
            ports = ports.Where(p => p.Country.Equals(country.Trim(), StringComparison.OrdinalIgnoreCase));
        }
        return q.Length == 0
            ? ports
            : ports.Where(p => p.Locode.StartsWith(q.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase)
                               || p.Name.Contains(q, StringComparison.OrdinalIgnoreCase)
                               || (p.City?.Contains(q, StringComparison.OrdinalIgnoreCase) ?? false));
    }

    private static string? Text(JsonElement e, string name)
        => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString()) ? v.GetString()!.Trim() : null;
}
