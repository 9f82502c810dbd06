using System.Globalization;
using System.Text;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Operations.Geo;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace Cordon.Operations;

public sealed record CountBy(string Name, int Count);

/// <summary>Share of the operation area under patrol in one hour (0–1), and by whom.</summary>
public sealed record CoverageHour(DateTimeOffset Hour, double Covered, string[] Patrols);

public sealed record OperationResultsView(
    Guid OperationId, string Name, List<CountBy> IncidentsByType, List<CountBy> IncidentsBySeverity, int Incidents, int Resolved, int StepsEscalated,
    TimeSpan? MedianDetectionToResponse, TimeSpan? MedianDetectionToResolution, List<CountBy> PatrolHoursByAgency, List<CoverageHour> Coverage, int GapHours);

/// <summary>
/// What an operation achieved, for its after-action review: incidents by type and severity, response
/// times, patrol effort per agency, and coverage — the share of the operation area under an active
/// patrol, hour by hour, with the hours nobody covered (gaps). Everything read through the access policy.
/// </summary>
public static class OperationResults
{
    public static async Task<OperationResultsView> ForAsync(CordonDb db, AccessPolicy policy, Guid operationId, CancellationToken ct = default)
    {
        var operation = await OperationPlanning.ReadableAsync(db, policy, operationId, ct);
        var incidents = await policy.Filter(db.Incidents.AsNoTracking(), RecordTypes.Incident).Where(i => i.OperationId == operationId).ToListAsync(ct);
        var ids = incidents.Select(i => i.Id).ToList();
        var escalated = await db.IncidentTasks.CountAsync(t => ids.Contains(t.IncidentId) && t.EscalatedAt != null, ct);
        var patrols = await policy.Filter(db.Patrols.AsNoTracking(), RecordTypes.Patrol).Where(p => p.OperationId == operationId).ToListAsync(ct);
        var codes = await AgencyCodes.ByIdAsync(db, ct);

        var coverage = Coverage(operation, patrols);
        return new OperationResultsView(operation.Id, operation.Name,
            incidents.GroupBy(i => i.Type.Kebab()).Select(g => new CountBy(g.Key, g.Count())).OrderByDescending(c => c.Count).ToList(),
            Enum.GetValues<Severity>().Select(s => new CountBy(s.Kebab(), incidents.Count(i => i.Severity == s))).ToList(),
            incidents.Count, incidents.Count(i => i.Status == IncidentStatus.Resolved), escalated,
            Median(incidents.Where(i => i.RespondedAt is not null).Select(i => i.RespondedAt!.Value - i.OccurredAt)),
            Median(incidents.Where(i => i.ResolvedAt is not null).Select(i => i.ResolvedAt!.Value - i.OccurredAt)),
            patrols.GroupBy(p => codes[p.OwningAgencyId]).Select(g => new CountBy(g.Key, (int)Math.Round(g.Sum(p => (p.EndsAt - p.StartsAt).TotalHours)))).ToList(),
            coverage, coverage.Count(c => c.Covered == 0));
    }

    /// <summary>Hour by hour over the operation's period (at most 31 days), the share of its area inside active patrol areas.</summary>
    internal static List<CoverageHour> Coverage(Operation operation, IReadOnlyList<Patrol> patrols)
    {
        // Areas in square degrees: as a share of an area a few tens of km across, the distortion cancels out.
        var area = GeoArea.Parse(operation.AreaGeoJson).Geometry;
        var total = area.Area;
        // A route patrols the corridor along it (as in border coverage).
        var shapes = patrols.ToDictionary(p => p.Id, p => GeoArea.ParseAreaOrRoute(p.AreaGeoJson).Covered(BorderCoverage.DefaultRouteCoverMetres).Intersection(area));
        var start = new DateTimeOffset(operation.StartsAt.UtcDateTime.Date.AddHours(operation.StartsAt.UtcDateTime.Hour), TimeSpan.Zero);
        var end = operation.EndsAt < start.AddDays(31) ? operation.EndsAt : start.AddDays(31);
        var hours = new List<CoverageHour>();
        for (var h = start; h < end; h = h.AddHours(1))
        {
            var active = patrols.Where(p => p.StartsAt < h.AddHours(1) && p.EndsAt > h).ToList();
            double covered = 0;
            if (active.Count > 0 && total > 0)
            {
                Geometry union = active.Select(p => shapes[p.Id]).Aggregate((a, b) => a.Union(b));
                covered = Math.Min(1, union.Area / total);
            }
            hours.Add(new CoverageHour(h, Math.Round(covered, 3), active.Select(p => p.Name).ToArray()));
        }
        return hours;
    }

    private static TimeSpan? Median(IEnumerable<TimeSpan> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? null : sorted[sorted.Count / 2];
    }

    /// <summary>The operation's incidents with their times, as CSV for the after-action review.</summary>
    public static async Task<string> IncidentsCsvAsync(CordonDb db, AccessPolicy policy, Guid operationId, CancellationToken ct = default)
    {
        await OperationPlanning.ReadableAsync(db, policy, operationId, ct);
        var incidents = await policy.Filter(db.Incidents.AsNoTracking(), RecordTypes.Incident).Where(i => i.OperationId == operationId).OrderBy(i => i.ReportedAt).ToListAsync(ct);
        var sb = new StringBuilder("id,type,severity,status,title,latitude,longitude,occurred_at,reported_at,responded_at,resolved_at,detection_to_response_s,detection_to_resolution_s\n");
        foreach (var i in incidents)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{i.Id},{i.Type.Kebab()},{i.Severity.Kebab()},{i.Status.Kebab()},\"{i.Title.Replace("\"", "\"\"", StringComparison.Ordinal)}\",{i.Latitude},{i.Longitude},")
              .Append(CultureInfo.InvariantCulture, $"{i.OccurredAt:O},{i.ReportedAt:O},{i.RespondedAt:O},{i.ResolvedAt:O},")
              .Append(CultureInfo.InvariantCulture, $"{(i.RespondedAt - i.OccurredAt)?.TotalSeconds:0},{(i.ResolvedAt - i.OccurredAt)?.TotalSeconds:0}\n");
        }
        return sb.ToString();
    }
}
