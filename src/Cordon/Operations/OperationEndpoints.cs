using System.Text;
using System.Text.Json;
using Cordon.Audit;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Operations.Detections;
using Cordon.Operations.Geo;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Operations;

public sealed record QualificationInput(string? User, string? Kind, DateTimeOffset? ValidUntil, string? Evidence);

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

public sealed record TrackView(Guid Id, string Kind, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, double Latitude, double Longitude, int Detections, string Agency, List<double[]> Path);

/// <summary>A row of the incident list and the live map: fields of the shared view (<see cref="IncidentView"/>) under their names there, so its redactions apply by path.</summary>
public sealed record IncidentRow(Guid Id, string Type, string Severity, string Status, string? Title, double Latitude, double Longitude, DateTimeOffset ReportedAt, string Agency);

public sealed record MapSnapshot(List<OperationView> Operations, List<PatrolView> Patrols, List<WatchedAreaView> WatchedAreas, List<IncidentRow> Incidents, List<TrackView> Tracks, string? TileUrl)
{
    /// <summary>Border segments of the operations shown, and whether a patrol covers each right now.</summary>
    public List<SegmentNow> BorderSegments { get; init; } = [];
}

public sealed record SegmentNow(string Id, Guid OperationId, List<double[]> Line, bool PatrolledNow, int GapHours);

public static class OperationEndpoints
{
    public static void AddOperations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(new PlanningRules(TimeSpan.FromHours(configuration.GetValue("Operations:MinimumRestHours", 11.0)),
            configuration.GetValue("Operations:RouteCoverageKm", BorderCoverage.DefaultRouteCoverMetres / 1000) * 1000));
        services.AddSingleton(new CorrelationBounds(configuration.GetValue("Operations:TrackMaxDistanceMetres", 500.0),
            TimeSpan.FromSeconds(configuration.GetValue("Operations:TrackMaxGapSeconds", 300.0))));
        services.AddSingleton<LiveFeed>();
        services.AddSingleton(TimeProvider.System);
        services.AddHostedService<EscalationService>();
        services.AddHostedService<LiveFeedRelay>();
    }

    public static IEndpointRouteBuilder MapOperationEndpoints(this IEndpointRouteBuilder app)
    {
        var ops = app.MapGroup("/api/operations").RequireAuthorization().WithTags("Operations");
        ops.MapGet("/", async (HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var policy = await PolicyAsync(http, db, ct);
            var list = await policy.Filter(db.Operations.AsNoTracking(), RecordTypes.Operation).OrderByDescending(o => o.StartsAt).ToListAsync(ct);
            var views = new List<OperationView>();
            foreach (var o in list)
            {
                views.Add(await OperationPlanning.ViewAsync(db, o, ct));
            }
            return TypedResults.Ok(views);
        });
        ops.MapPost("/", async (OperationInput input, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var view = await OperationPlanning.CreateAsync(db, Actor.FromPrincipal(http.User), input, ct);
            return TypedResults.Created($"/api/operations/{view.Id}", view);
        });
        ops.MapGet("/{id:guid}", async (Guid id, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var policy = await PolicyAsync(http, db, ct);
            return TypedResults.Ok(await OperationPlanning.ViewAsync(db, await OperationPlanning.ReadableAsync(db, policy, id, ct), ct));
        });
        ops.MapPut("/{id:guid}", async (Guid id, OperationInput input, HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct) =>
        {
            var view = await OperationLifecycle.UpdateAsync(db, Actor.FromPrincipal(http.User), id, input, clock.GetUtcNow(), ct);
            return TypedResults.Ok(view);
        });
        ops.MapPost("/{id:guid}/status", async (Guid id, StatusInput input, HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct) =>
        {
            var view = await OperationLifecycle.ChangeStatusAsync(db, Actor.FromPrincipal(http.User), id, input.Status, clock.GetUtcNow(), ct);
            return TypedResults.Ok(view);
        });
        ops.MapGet("/{id:guid}/patrols", async (Guid id, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var policy = await PolicyAsync(http, db, ct);
            await OperationPlanning.ReadableAsync(db, policy, id, ct);
            return TypedResults.Ok(await OperationPlanning.PatrolsAsync(db, policy, id, ct: ct));
        });
        ops.MapPost("/{id:guid}/patrols", async (Guid id, PatrolInput input, HttpContext http, CordonDb db, PlanningRules rules, CancellationToken ct) =>
        {
            var policy = await PolicyAsync(http, db, ct);
            var view = await OperationPlanning.PlanPatrolAsync(db, policy.Actor, policy, id, input, rules, ct);
            return TypedResults.Created($"/api/operations/{id}/patrols/{view.Id}", view);
        });
        ops.MapGet("/{id:guid}/results", async (Guid id, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await OperationResults.ForAsync(db, await PolicyAsync(http, db, ct), id, ct)));
        ops.MapGet("/{id:guid}/border-coverage", async (Guid id, double? segmentKm, HttpContext http, CordonDb db, PlanningRules rules, CancellationToken ct)
            => TypedResults.Ok(await BorderCoverage.ForAsync(db, await PolicyAsync(http, db, ct), id, segmentKm, ct, rules.RouteCoverMetres)));
        ops.MapGet("/{id:guid}/incidents.csv", async (Guid id, HttpContext http, CordonDb db, CancellationToken ct)
            => Results.Text(await OperationResults.IncidentsCsvAsync(db, await PolicyAsync(http, db, ct), id, ct), "text/csv"));
        ops.MapGet("/qualifications", async (HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct)
            => TypedResults.Ok(await OperationPlanning.QualificationsAsync(db, await PolicyAsync(http, db, ct), clock.GetUtcNow(), ct)));
        ops.MapPost("/qualifications", async (QualificationInput input, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await OperationPlanning.GrantQualificationAsync(db, Actor.FromPrincipal(http.User), input.User ?? "", input.Kind ?? "",
                input.ValidUntil ?? throw ValidationFailed.Field("validUntil", "is required."), input.Evidence, ct)));
        ops.MapPost("/trainings", async (OperationPlanning.TrainingInput input, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var t = await OperationPlanning.RecordTrainingAsync(db, Actor.FromPrincipal(http.User), input, ct);
            return TypedResults.Ok(new { t.Id, t.Title, t.HeldAt, trains = t.Trains?.Kebab(), t.ValidForMonths, t.Participants });
        });
        ops.MapGet("/trainings", async (HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok((await TrainingsAsync(db, await PolicyAsync(http, db, ct), ct))
                .Select(t => new { t.Id, t.Title, t.HeldAt, trains = t.Trains?.Kebab(), t.ValidForMonths, t.Participants, t.OperationId })));
        ops.MapGet("/watched-areas", async (HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await WatchedAreasAsync(db, await PolicyAsync(http, db, ct), ct)));
        ops.MapPost("/response-plans", async (IncidentResponse.PlanInput input, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var plan = await IncidentResponse.SavePlanAsync(db, Actor.FromPrincipal(http.User), input, ct);
            return TypedResults.Ok(new { plan.Id, type = plan.IncidentType.Kebab(), plan.Name, plan.NotifyAgencies, plan.Steps });
        });
        ops.MapGet("/response-plans", async (HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var policy = await PolicyAsync(http, db, ct);
            var plans = await policy.Filter(db.ResponsePlans.AsNoTracking(), RecordTypes.Incident).ToListAsync(ct);
            return TypedResults.Ok(plans.Select(p => new { p.Id, type = p.IncidentType.Kebab(), p.Name, p.NotifyAgencies, p.Steps }));
        });
        ops.MapPost("/watched-areas", async (WatchedAreaInput input, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var area = await CreateWatchedAreaAsync(db, Actor.FromPrincipal(http.User), input, ct);
            return TypedResults.Created($"/api/operations/watched-areas/{area.Id}", area);
        });
        ops.MapGet("/map", async (HttpContext http, CordonDb db, IConfiguration config, TimeProvider clock, PlanningRules rules, CancellationToken ct)
            => TypedResults.Ok(await MapAsync(db, await PolicyAsync(http, db, ct), clock.GetUtcNow(), config["Operations:TileUrl"], ct, rules.RouteCoverMetres)));
        ops.MapGet("/live", LiveAsync);
        // Public-domain boundaries bundled with Cordon: the base layer works without internet.
        app.MapGet("/map/countries-50m.geojson", (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "public, max-age=86400";
            return Results.Stream(Territory.OpenGeoJson(), "application/geo+json");
        }).AllowAnonymous();

        var incidents = app.MapGroup("/api/incidents").RequireAuthorization().WithTags("Operations");
        incidents.MapGet("/", async (HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var policy = await PolicyAsync(http, db, ct);
            return TypedResults.Ok(await IncidentRowsAsync(db, policy, 200, ct));
        });
        incidents.MapPost("/", async (IncidentInput input, HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct) =>
        {
            var view = await IncidentResponse.ReportAsync(db, Actor.FromPrincipal(http.User), input, clock.GetUtcNow(), ct);
            return TypedResults.Created($"/api/incidents/{view.Id}", view);
        });
        incidents.MapGet("/{id:guid}", async (Guid id, HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct)
            => TypedResults.Ok(await IncidentResponse.ReadAsync(db, await PolicyAsync(http, db, ct), id, clock.GetUtcNow(), ct)));
        incidents.MapPost("/{id:guid}/steps/{task:guid}/done", async (Guid id, Guid task, HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct) =>
        {
            var policy = await PolicyAsync(http, db, ct);
            return TypedResults.Ok(await IncidentResponse.CompleteStepAsync(db, policy.Actor, policy, id, task, clock.GetUtcNow(), ct));
        });
        incidents.MapPost("/{id:guid}/updates", async (Guid id, UpdateInput input, HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct) =>
        {
            var policy = await PolicyAsync(http, db, ct);
            return TypedResults.Ok(await IncidentResponse.AddUpdateAsync(db, policy.Actor, policy, id, input.Text, input.Resolve, clock.GetUtcNow(), ct));
        });

        var detections = app.MapGroup("/api/detections").RequireAuthorization().WithTags("Operations");
        detections.MapPost("/", async (HttpContext http, CordonDb db, CorrelationBounds bounds, TimeProvider clock, string? sensor, CancellationToken ct) =>
        {
            BodyContentType.Require(http.Request, "application/json", "application/geo+json", "application/xml", "text/xml");
            using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(ct);
            var type = http.Request.ContentType ?? "";
            var sensorId = string.IsNullOrWhiteSpace(sensor) ? "api" : sensor.Trim();
            var messages = type.Contains("xml", StringComparison.OrdinalIgnoreCase) || body.TrimStart().StartsWith('<')
                ? SensorMessages.ReadCot(body, sensorId)
                : SensorMessages.ReadGeoJson(body, sensorId);
            var result = await SensorIngest.IngestAsync(db, Actor.FromPrincipal(http.User), messages, bounds, clock.GetUtcNow(), ct: ct);
            // Partly bad batches still land: 200 with the refusals listed; all bad: 400 with the same body.
            return result.Accepted + result.Duplicates == 0 && result.Rejected.Count > 0 ? Results.BadRequest(result) : Results.Ok(result);
        });
        detections.MapGet("/rejected", async (HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var policy = await PolicyAsync(http, db, ct);
            var rows = await policy.Filter(db.RejectedSensorMessages.AsNoTracking(), RecordTypes.SensorTrack)
                .OrderByDescending(r => r.ReceivedAt).Take(200).ToListAsync(ct);
            return TypedResults.Ok(rows.Select(r => new { r.Id, r.ReceivedAt, r.Format, errors = r.Errors.Split('\n'), r.Raw }));
        });
        return app;
    }

    public sealed record UpdateInput(string? Text, bool Resolve = false);

    private static Task<AccessPolicy> PolicyAsync(HttpContext http, CordonDb db, CancellationToken ct) => RequestPurpose.PolicyAsync(http, db, ct);

    public static async Task<WatchedAreaView> CreateWatchedAreaAsync(CordonDb db, Actor actor, WatchedAreaInput input, CancellationToken ct)
    {
        var agency = actor.AgencyId ?? throw new Forbidden("Only a member of an agency can watch areas.");
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(input.Name))
        {
            errors.Add("name", "is required.");
        }
        if (input.Area is not { ValueKind: JsonValueKind.Object } area)
        {
            errors.Add("area", "is required: a GeoJSON Polygon or MultiPolygon.");
        }
        else
        {
            try
            {
                GeoArea.Parse(area);
            }
            catch (ValidationFailed e)
            {
                foreach (var (k, v) in e.Wordings)
                {
                    foreach (var message in v)
                    {
                        errors.Add(k, message);
                    }
                }
            }
        }
        var type = IncidentType.IllegalCrossing;
        if (input.IncidentType is not null && !OperationPlanning.TryParseKebab(input.IncidentType, out type))
        {
            errors.Add("incidentType", $"is one of {string.Join(", ", Enum.GetValues<IncidentType>().Select(t => t.Kebab()))}.");
        }
        var severity = Severity.High;
        if (input.Severity is not null && !OperationPlanning.TryParseKebab(input.Severity, out severity))
        {
            errors.Add("severity", "is one of low, medium, high, critical.");
        }
        var marking = OperationPlanning.ParseMarking(input.Marking, Tlp.Amber, errors);
        var patterns = WatchPatterns.None;
        var names = input.Patterns ?? ["entry"];
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
        var points = input.CrossingPoints ?? [];
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
        static double Limit(double? value, double fallback, double min, double max, string field, string unit, FieldErrors errors)
        {
            if (value is { } v && (double.IsNaN(v) || v < min || v > max))
            {
                errors.Add(field, $"is {min}–{max} {unit}.");
            }
            return value ?? fallback;
        }
        var loiterRadius = Limit(input.LoiterRadiusMetres, WatchDefaults.LoiterRadiusMetres, 1, 50_000, "loiterRadiusMetres", "m", errors);
        var loiterMinutes = Limit(input.LoiterMinutes, WatchDefaults.LoiterMinutes, 0.5, 1_440, "loiterMinutes", "minutes", errors);
        var maxSpeed = Limit(input.LowSlowMaxSpeed, WatchDefaults.LowSlowMaxSpeed, 0.1, 300, "lowSlowMaxSpeed", "m/s", errors);
        var maxAltitude = Limit(input.LowSlowMaxAltitude, WatchDefaults.LowSlowMaxAltitude, -500, 20_000, "lowSlowMaxAltitude", "m", errors);
        errors.ThrowIfAny();
        var w = new WatchedArea
        {
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

    /// <summary>Training sessions the reader may see (shared like qualifications), latest first.</summary>
    public static Task<List<TrainingSession>> TrainingsAsync(CordonDb db, AccessPolicy policy, CancellationToken ct)
        => policy.Filter(db.TrainingSessions.AsNoTracking(), RecordTypes.Qualification).OrderByDescending(t => t.HeldAt).Take(500).ToListAsync(ct);

    /// <summary>Active watched areas the reader may see (shared like operations).</summary>
    public static async Task<List<WatchedAreaView>> WatchedAreasAsync(CordonDb db, AccessPolicy policy, CancellationToken ct)
    {
        var codes = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.Code, ct);
        var areas = await policy.Filter(db.WatchedAreas.AsNoTracking(), RecordTypes.Operation).Where(a => a.Active).OrderBy(a => a.Name).Take(2000).ToListAsync(ct);
        return areas.Select(a =>
        {
            using var doc = JsonDocument.Parse(a.AreaGeoJson);
            return WatchedAreaView.Of(a, doc.RootElement.Clone(), codes[a.OwningAgencyId]);
        }).ToList();
    }

    public static async Task<List<IncidentRow>> IncidentRowsAsync(CordonDb db, AccessPolicy policy, int take, CancellationToken ct)
    {
        var codes = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.Code, ct);
        var rows = await policy.Filter(db.Incidents.AsNoTracking(), RecordTypes.Incident).OrderByDescending(i => i.ReportedAt).Take(take).ToListAsync(ct);
        return await SharedReads.ViewsAsync(db, policy, rows, IncidentResponse.Ref,
            i => new IncidentRow(i.Id, i.Type.Kebab(), i.Severity.Kebab(), i.Status.Kebab(), i.Title, i.Latitude, i.Longitude, i.ReportedAt, codes[i.OwningAgencyId]), "list", ct);
    }

    /// <summary>Everything the live map shows, filtered by the access policy like every other read.</summary>
    public static async Task<MapSnapshot> MapAsync(CordonDb db, AccessPolicy policy, DateTimeOffset now, string? tileUrl, CancellationToken ct,
        double routeCoverMetres = BorderCoverage.DefaultRouteCoverMetres)
    {
        var codes = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.Code, ct);
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
        var areaViews = await WatchedAreasAsync(db, policy, ct);
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
        };
    }

    /// <summary>Server-sent events: new detections, tracks and incidents the reader's policy allows, as they happen.</summary>
    private static async Task LiveAsync(HttpContext http, CordonDb db, LiveFeed feed, CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(http.User);
        var purpose = RequestPurpose.Of(http);
        var policy = await AccessPolicy.ForAsync(db, actor, purpose, ct: ct);
        var built = DateTimeOffset.UtcNow;
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
            if (DateTimeOffset.UtcNow - built > TimeSpan.FromMinutes(1))
            {
                await using var scope = http.RequestServices.CreateAsyncScope();
                policy = await AccessPolicy.ForAsync(scope.ServiceProvider.GetRequiredService<CordonDb>(), actor, purpose, ct: ct);
                built = DateTimeOffset.UtcNow;
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
