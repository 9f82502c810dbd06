using System.Text.Json;
using Cordon.Audit;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Operations.Detections;
using Cordon.Operations.Geo;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Operations;

/// <param name="Patterns">What the area watches: entry (default), border-crossing, loitering, low-slow.</param>
public sealed record WatchedAreaInput(string? Name, JsonElement? Area, Guid? OperationId, string? IncidentType, string? Severity, string? Marking,
    string[]? Patterns = null, List<CrossingPoint>? CrossingPoints = null, double? LoiterRadiusMetres = null, double? LoiterMinutes = null,
    double? LowSlowMaxSpeed = null, double? LowSlowMaxAltitude = null);

public sealed record WatchedAreaView(Guid Id, string Name, JsonElement Area, Guid? OperationId, string IncidentType, string Severity, string Agency)
{
    public string[] Patterns { get; init; } = ["entry"];
    public List<CrossingPoint> CrossingPoints { get; init; } = [];
    public double LoiterRadiusMetres { get; init; } = WatchDefaults.LoiterRadiusMetres;
    public double LoiterMinutes { get; init; } = WatchDefaults.LoiterMinutes;
    public double LowSlowMaxSpeed { get; init; } = WatchDefaults.LowSlowMaxSpeed;
    public double LowSlowMaxAltitude { get; init; } = WatchDefaults.LowSlowMaxAltitude;

    public static WatchedAreaView Of(WatchedArea a, JsonElement area, string agency) => new(a.Id, a.Name, area, a.OperationId, a.IncidentType.Kebab(), a.Severity.Kebab(), agency)
    {
        Patterns = PatternNames.List(a.Patterns), CrossingPoints = a.CrossingPoints ?? [], LoiterRadiusMetres = a.LoiterRadiusMetres, LoiterMinutes = a.LoiterMinutes,
        LowSlowMaxSpeed = a.LowSlowMaxSpeed, LowSlowMaxAltitude = a.LowSlowMaxAltitude,
    };
}

/// <summary>Areas an agency watches for detections (entry, border crossing, loitering, low and slow), with the incident each raises.</summary>
public static class WatchedAreas
{
    public static async Task<WatchedAreaView> CreateAsync(CordonDb db, Actor actor, WatchedAreaInput input, CancellationToken ct)
    {
        var agency = actor.AgencyId ?? throw new Forbidden("Only a member of an agency can watch areas.");
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(input.Name))
        {
            errors.Add("name", "is required.");
        }
        GeoArea.Check(input.Area, errors);
        var type = IncidentType.IllegalCrossing;
        if (input.IncidentType is not null && !EnumText.TryParse(input.IncidentType, out type))
        {
            errors.Add("incidentType", $"is one of {string.Join(", ", Enum.GetValues<IncidentType>().Select(t => t.Kebab()))}.");
        }
        var severity = Severity.High;
        if (input.Severity is not null && !EnumText.TryParse(input.Severity, out severity))
        {
            errors.Add("severity", "is one of low, medium, high, critical.");
        }
        var marking = OperationPlanning.ParseMarking(input.Marking, Tlp.Amber, errors);
        var patterns = Patterns(input.Patterns ?? ["entry"], errors);
        var points = input.CrossingPoints ?? [];
        CrossingPoints(points, errors);
        var loiterRadius = Limit(input.LoiterRadiusMetres, WatchDefaults.LoiterRadiusMetres, 1, 50_000, "loiterRadiusMetres", "m", errors);
        var loiterMinutes = Limit(input.LoiterMinutes, WatchDefaults.LoiterMinutes, 0.5, 1_440, "loiterMinutes", "minutes", errors);
        var maxSpeed = Limit(input.LowSlowMaxSpeed, WatchDefaults.LowSlowMaxSpeed, 0.1, 300, "lowSlowMaxSpeed", "m/s", errors);
        var maxAltitude = Limit(input.LowSlowMaxAltitude, WatchDefaults.LowSlowMaxAltitude, -500, 20_000, "lowSlowMaxAltitude", "m", errors);
        errors.ThrowIfAny();
        var w = new WatchedArea
        {
            UpdatedAt = db.Clock.GetUtcNow(),
            Name = input.Name!.Trim(), AreaGeoJson = input.Area!.Value.GetRawText(), OperationId = input.OperationId, IncidentType = type, Severity = severity,
            Patterns = patterns, CrossingPoints = points.Select(p => p with { Name = p.Name.Trim() }).ToList(), LoiterRadiusMetres = loiterRadius, LoiterMinutes = loiterMinutes,
            LowSlowMaxSpeed = maxSpeed, LowSlowMaxAltitude = maxAltitude,
            OwningAgencyId = agency, Marking = marking,
        };
        db.WatchedAreas.Add(w);
        AuditLog.Append(db, new AuditEvent(AuditActor.Of(actor), "watched-area.create")
        {
            RecordType = RecordTypes.Operation, RecordId = w.Id.ToString(), RecordAgencyId = agency,
            Details = new { w.Name, type = type.Kebab(), patterns = PatternNames.List(patterns) },
        });
        await db.SaveChangesAsync(ct);
        var code = await db.Agencies.Where(a => a.Id == agency).Select(a => a.Code).FirstAsync(ct);
        return WatchedAreaView.Of(w, input.Area.Value.Clone(), code);
    }

    /// <summary>The patterns watched for (at least one).</summary>
    private static WatchPatterns Patterns(string[] names, FieldErrors errors)
    {
        var patterns = WatchPatterns.None;
        for (var i = 0; i < names.Length; i++)
        {
            if (PatternNames.TryParse(names[i], out var p))
            {
                patterns |= p;
            }
            else
            {
                errors.Add($"patterns[{i}]", $"'{names[i]}' is not a watched pattern; use one of {PatternNames.All}.");
            }
        }
        if (names.Length == 0)
        {
            errors.Add("patterns", $"at least one of {PatternNames.All}.");
        }
        return patterns;
    }

    /// <summary>Each crossing point named, on the globe, with a radius up to 50 km.</summary>
    private static void CrossingPoints(List<CrossingPoint> points, FieldErrors errors)
    {
        for (var i = 0; i < points.Count; i++)
        {
            var cp = points[i];
            if (cp is null)
            {
                errors.Add($"crossingPoints[{i}]", "is empty.");
                continue;
            }
            if (string.IsNullOrWhiteSpace(cp.Name))
            {
                errors.Add($"crossingPoints[{i}].name", "is required.");
            }
            if (cp.Latitude is < -90 or > 90)
            {
                errors.Add($"crossingPoints[{i}].latitude", $"{cp.Latitude} is outside -90..90.");
            }
            if (cp.Longitude is < -180 or > 180)
            {
                errors.Add($"crossingPoints[{i}].longitude", $"{cp.Longitude} is outside -180..180.");
            }
            if (cp.RadiusMetres is not (> 0 and <= 50_000))
            {
                errors.Add($"crossingPoints[{i}].radiusMetres", "is more than 0 and at most 50,000 m.");
            }
        }
    }

    private static double Limit(double? value, double fallback, double min, double max, string field, string unit, FieldErrors errors)
    {
        if (value is { } v && (double.IsNaN(v) || v < min || v > max))
        {
            errors.Add(field, $"is {min}–{max} {unit}.");
        }
        return value ?? fallback;
    }

    /// <summary>Active watched areas the reader may see (shared like operations).</summary>
    public static async Task<List<WatchedAreaView>> ListAsync(CordonDb db, AccessPolicy policy, CancellationToken ct)
    {
        var codes = await AgencyCodes.ByIdAsync(db, ct);
        var areas = await policy.Filter(db.WatchedAreas.AsNoTracking(), RecordTypes.Operation).Where(a => a.Active).OrderBy(a => a.Name).Take(2000).ToListAsync(ct);
        return areas.Select(a =>
        {
            using var doc = JsonDocument.Parse(a.AreaGeoJson);
            return WatchedAreaView.Of(a, doc.RootElement.Clone(), codes[a.OwningAgencyId]);
        }).ToList();
    }
}
