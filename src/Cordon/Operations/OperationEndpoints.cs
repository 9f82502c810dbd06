using System.Text;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Operations.Detections;
using Cordon.Operations.Geo;
using Cordon.Resources;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Cordon.Operations;

public static class OperationEndpoints
{
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
        ops.MapPost("/", async (OperationInput input, HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct) =>
        {
            var view = await OperationPlanning.CreateAsync(db, Actor.FromPrincipal(http.User), input, clock.GetUtcNow(), ct);
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
        ops.MapPut("/{id:guid}/needs", async (Guid id, NeedsInput input, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await QualificationNeeds.SetForOperationAsync(db, Actor.FromPrincipal(http.User), id, input, ct)));
        ops.MapGet("/{id:guid}/qualified", async (Guid id, string? kind, DateTimeOffset? startsAt, DateTimeOffset? endsAt, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await QualificationNeeds.WhoIsQualifiedAsync(db, await PolicyAsync(http, db, ct), id, kind, startsAt, endsAt, ct)));
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
        ops.MapGet("/{id:guid}/border-coverage", async (Guid id, double? segmentKm, HttpContext http, CordonDb db, PlanningRules rules, ImpactRules impact, CancellationToken ct)
            => TypedResults.Ok(await BorderCoverage.ForAsync(db, await PolicyAsync(http, db, ct), id, segmentKm, ct, rules.RouteCoverMetres, impact)))
            .ReadsFromReplica();
        ops.MapGet("/{id:guid}/incidents.csv", async (Guid id, HttpContext http, CordonDb db, CancellationToken ct)
            => Results.Text(await OperationResults.IncidentsCsvAsync(db, await PolicyAsync(http, db, ct), id, ct), "text/csv"))
            .ReadsFromReplica();
        ops.MapGet("/qualifications", async (HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct)
            => TypedResults.Ok(await OperationPlanning.QualificationsAsync(db, await PolicyAsync(http, db, ct), clock.GetUtcNow(), ct)));
        ops.MapPost("/qualifications", async (QualificationInput input, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await OperationPlanning.GrantQualificationAsync(db, Actor.FromPrincipal(http.User), input.User ?? "", input.Kind ?? "",
                input.ValidUntil ?? throw ValidationFailed.Field("validUntil", "is required."), input.Evidence, ct)));
        ops.MapPost("/trainings", async (OperationPlanning.TrainingInput input, HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct) =>
        {
            var t = await OperationPlanning.RecordTrainingAsync(db, Actor.FromPrincipal(http.User), input, clock.GetUtcNow(), ct);
            return TypedResults.Ok(new { t.Id, t.Title, t.HeldAt, trains = t.Trains?.Kebab(), t.ValidForMonths, t.Participants });
        });
        ops.MapGet("/trainings", async (HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok((await OperationPlanning.TrainingsAsync(db, await PolicyAsync(http, db, ct), ct))
                .Select(t => new { t.Id, t.Title, t.HeldAt, trains = t.Trains?.Kebab(), t.ValidForMonths, t.Participants, t.OperationId })));
        ops.MapGet("/watched-areas", async (HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await WatchedAreas.ListAsync(db, await PolicyAsync(http, db, ct), ct)));
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
            var area = await WatchedAreas.CreateAsync(db, Actor.FromPrincipal(http.User), input, ct);
            return TypedResults.Created($"/api/operations/watched-areas/{area.Id}", area);
        });
        ops.MapGet("/map", async (HttpContext http, CordonDb db, IConfiguration config, TimeProvider clock, PlanningRules rules, ImpactRules impact, CancellationToken ct)
            => TypedResults.Ok(await LiveMap.SnapshotAsync(db, await PolicyAsync(http, db, ct), clock.GetUtcNow(), config["Operations:TileUrl"], ct, rules.RouteCoverMetres, impact)));
        ops.MapGet("/border-sections", async (HttpContext http, CordonDb db, TimeProvider clock, ImpactRules impact, CancellationToken ct)
            => TypedResults.Ok(await BorderSections.ListAsync(db, await PolicyAsync(http, db, ct), clock.GetUtcNow(), impact, ct)));
        ops.MapGet("/border-sections/{id:guid}", async (Guid id, HttpContext http, CordonDb db, TimeProvider clock, ImpactRules impact, CancellationToken ct)
            => TypedResults.Ok(await BorderSections.ReadAsync(db, await PolicyAsync(http, db, ct), id, clock.GetUtcNow(), impact, ct)));
        ops.MapPost("/border-sections", async (BorderSectionInput input, HttpContext http, CordonDb db, ImpactRules impact, CancellationToken ct) =>
        {
            var section = await BorderSections.CreateAsync(db, Actor.FromPrincipal(http.User), input, impact, ct);
            return TypedResults.Created($"/api/operations/border-sections/{section.Id}", section);
        });
        ops.MapPut("/border-sections/{id:guid}/impact-level", async (Guid id, ImpactLevelInput input, HttpContext http, CordonDb db, ImpactRules impact, CancellationToken ct)
            => TypedResults.Ok(await BorderSections.SetLevelAsync(db, Actor.FromPrincipal(http.User), id, input, impact, ct)));
        ops.MapGet("/live", LiveMap.StreamAsync);
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
            return TypedResults.Ok(await LiveMap.IncidentRowsAsync(db, policy, 200, ct));
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
        incidents.MapPost("/{id:guid}/updates", async (Guid id, IncidentUpdateInput input, HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct) =>
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

    private static Task<AccessPolicy> PolicyAsync(HttpContext http, CordonDb db, CancellationToken ct) => RequestPurpose.PolicyAsync(http, db, ct);
}
