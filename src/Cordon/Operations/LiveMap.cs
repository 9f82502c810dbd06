using System.Text.Json;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Operations;

public sealed record TrackView(Guid Id, string Kind, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, double Latitude, double Longitude, int Detections, string Agency, List<double[]> Path);

/// <summary>A row of the incident list and the live map: fields of the shared view (<see cref="IncidentView"/>) under their names there, so its redactions apply by path.</summary>
public sealed record IncidentRow(Guid Id, string Type, string Severity, string Status, string? Title, double Latitude, double Longitude, DateTimeOffset ReportedAt, string Agency)
{
    public string Confidence { get; init; } = "confirmed";
}

public sealed record MapSnapshot(List<OperationView> Operations, List<PatrolView> Patrols, List<WatchedAreaView> WatchedAreas, List<IncidentRow> Incidents, List<TrackView> Tracks, string? TileUrl)
{
    /// <summary>Border segments of the operations shown, and whether a patrol covers each right now.</summary>
    public List<SegmentNow> BorderSegments { get; init; } = [];

    /// <summary>Border sections the reader may see, coloured by impact level, with today's shortfall.</summary>
    public List<SectionNow> BorderSections { get; init; } = [];

    /// <summary>Assets where they last reported (within the tracks' window), as far as the reader may see them.</summary>
    public List<Resources.AssetPositionRow> Assets { get; init; } = [];
}

public sealed record SegmentNow(string Id, Guid OperationId, List<double[]> Line, bool PatrolledNow, int GapHours);

/// <summary>A named border section today (UTC): its level now, the hours it needs, the hours planned over it and the shortfall.</summary>
public sealed record SectionNow(Guid Id, string Name, List<List<double[]>> Lines, string Level, double RequiredHours, int PlannedHours, double ShortfallHours, DateTimeOffset? LevelUntil);

/// <summary>What the live map shows: a snapshot of operations, patrols, areas, incidents, tracks and reporting assets, then a stream of changes, both through the access policy.</summary>
public static class LiveMap
{
    public static async Task<List<IncidentRow>> IncidentRowsAsync(CordonDb db, AccessPolicy policy, int take, CancellationToken ct)
    {
        var codes = await AgencyCodes.ByIdAsync(db, ct);
        var rows = await policy.Filter(db.Incidents.AsNoTracking(), RecordTypes.Incident).OrderByDescending(i => i.ReportedAt).Take(take).ToListAsync(ct);
        return await SharedReads.ViewsAsync(db, policy, rows, IncidentResponse.Ref,
            i => new IncidentRow(i.Id, i.Type.Kebab(), i.Severity.Kebab(), i.Status.Kebab(), i.Title, i.Latitude, i.Longitude, i.ReportedAt, codes[i.OwningAgencyId]) { Confidence = i.Confidence.Kebab() }, "list", ct);
    }

    /// <summary>Everything the live map shows, filtered by the access policy like every other read.</summary>
    public static async Task<MapSnapshot> SnapshotAsync(CordonDb db, AccessPolicy policy, DateTimeOffset now, string? tileUrl, CancellationToken ct,
        double routeCoverMetres = BorderCoverage.DefaultRouteCoverMetres, ImpactRules? impact = null)
    {
        var codes = await AgencyCodes.ByIdAsync(db, ct);
        var operations = await policy.Filter(db.Operations.AsNoTracking(), RecordTypes.Operation).Where(o => o.Status != OperationStatus.Closed).ToListAsync(ct);
        var opViews = new List<OperationView>();
        var patrols = new List<PatrolView>();
        var segments = new List<SegmentNow>();
        foreach (var o in operations)
        {
            opViews.Add(await OperationPlanning.ViewAsync(db, o, ct));
            patrols.AddRange(await OperationPlanning.PatrolsAsync(db, policy, o.Id, ct: ct));
            var rows = await policy.Filter(db.Patrols.AsNoTracking(), RecordTypes.Patrol).Where(p => p.OperationId == o.Id).ToListAsync(ct);
            segments.AddRange(BorderCoverage.Compute(o, rows, codes, BorderCoverage.DefaultSegmentMetres, routeCoverMetres).Segments
                .Select(x => new SegmentNow(x.Id, o.Id, x.Line, x.Patrols.Any(p => p.StartsAt <= now && p.EndsAt > now), x.GapHours)));
        }
        var areaViews = await WatchedAreas.ListAsync(db, policy, ct);
        var since = now.AddHours(-24);
        var tracks = await policy.Filter(db.SensorTracks.AsNoTracking(), RecordTypes.SensorTrack).Where(t => t.LastSeen >= since)
            .OrderByDescending(t => t.LastSeen).Take(300).ToListAsync(ct);
        var ids = tracks.Select(t => t.Id).ToList();
        var points = await db.SensorDetections.AsNoTracking().Where(d => ids.Contains(d.TrackId))
            .OrderBy(d => d.ObservedAt).Select(d => new { d.TrackId, d.Latitude, d.Longitude }).ToListAsync(ct);
        var paths = points.GroupBy(p => p.TrackId).ToDictionary(g => g.Key, g => g.TakeLast(100).Select(p => new[] { p.Latitude, p.Longitude }).ToList());
        var trackViews = tracks.Select(t => new TrackView(t.Id, t.Kind, t.FirstSeen, t.LastSeen, t.LastLatitude, t.LastLongitude, t.DetectionCount, codes[t.OwningAgencyId],
            paths.GetValueOrDefault(t.Id) ?? [])).ToList();
        return new MapSnapshot(opViews, patrols, areaViews, await IncidentRowsAsync(db, policy, 200, ct), trackViews, string.IsNullOrWhiteSpace(tileUrl) ? null : tileUrl)
        {
            BorderSegments = segments,
            BorderSections = await SectionsTodayAsync(db, policy, now, impact ?? ImpactRules.Default, routeCoverMetres, ct),
            Assets = await Resources.AssetPositions.LatestAsync(db, policy, since, ct),
        };
    }

    /// <summary>Each section the reader may see over today (UTC), against every patrol the reader may see that is out today.</summary>
    private static async Task<List<SectionNow>> SectionsTodayAsync(CordonDb db, AccessPolicy policy, DateTimeOffset now, ImpactRules impact, double routeCoverMetres, CancellationToken ct)
    {
        var sections = await BorderSections.CrossingAsync(db, policy, null, ct);
        if (sections.Count == 0)
        {
            return [];
        }
        var day = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var next = day.AddDays(1);
        var patrols = await policy.Filter(db.Patrols.AsNoTracking(), RecordTypes.Patrol).Where(p => p.StartsAt < next && p.EndsAt > day).Take(2000).ToListAsync(ct);
        return BorderSections.Cover(sections, patrols, day, next, now, impact, routeCoverMetres)
            .Select((c, k) => new SectionNow(c.Id, c.Name, c.Lines, c.Level, c.RequiredHoursPerDay, c.PlannedHours, c.ShortfallHours, sections[k].LevelAt(now) == ImpactLevel.Low ? null : sections[k].LevelUntil))
            .ToList();
    }

    /// <summary>Server-sent events: new detections, tracks and incidents the reader's policy allows, as they happen.</summary>
    public static async Task StreamAsync(HttpContext http, CordonDb db, LiveFeed feed, TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(http.User);
        var purpose = RequestPurpose.Of(http);
        var built = clock.GetUtcNow();
        var policy = await AccessPolicy.ForAsync(db, actor, purpose, built, ct);
        http.Response.Headers.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        using var subscription = feed.Subscribe();
        await http.Response.WriteAsync(": connected\n\n", ct);
        await http.Response.Body.FlushAsync(ct);
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        while (!ct.IsCancellationRequested)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            wait.CancelAfter(TimeSpan.FromSeconds(15));
            try
            {
                if (!await subscription.Reader.WaitToReadAsync(wait.Token))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                await http.Response.WriteAsync(": keep-alive\n\n", ct); // Keeps proxies from closing an idle stream.
                await http.Response.Body.FlushAsync(ct);
                continue;
            }
            // Agreements change: the policy is rebuilt every minute for a long-lived stream.
            if (clock.GetUtcNow() - built > TimeSpan.FromMinutes(1))
            {
                await using var scope = http.RequestServices.CreateAsyncScope();
                built = clock.GetUtcNow();
                policy = await AccessPolicy.ForAsync(scope.ServiceProvider.GetRequiredService<CordonDb>(), actor, purpose, built, ct);
            }
            while (subscription.Reader.TryRead(out var e))
            {
                var decision = policy.Decide(e.Record);
                if (decision.Allowed)
                {
                    // The event's payload is a part of the record's shared view: the same redactions apply by path.
                    var payload = decision.RedactedFields.Count == 0 ? JsonSerializer.Serialize(e.Payload, json) : Redaction.Apply(e.Payload, decision.RedactedFields, json).ToJsonString();
                    await http.Response.WriteAsync($"event: {e.Kind}\ndata: {payload}\n\n", ct);
                }
            }
            await http.Response.Body.FlushAsync(ct);
        }
    }
}
