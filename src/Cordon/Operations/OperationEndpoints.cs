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
        }).Describe("listOperations", "Joint operations the caller may see, latest start first", ApiDocs.PolicyRead);
        ops.MapPost("/", async (OperationInput input, HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct) =>
        {
            var view = await OperationPlanning.CreateAsync(db, Actor.FromPrincipal(http.User), input, clock.GetUtcNow(), ct);
            return TypedResults.Created($"/api/operations/{view.Id}", view);
        }).Describe("createOperation", "Plans a joint operation (audited)");
        ops.MapGet("/{id:guid}", async (Guid id, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var policy = await PolicyAsync(http, db, ct);
            return TypedResults.Ok(await OperationPlanning.ViewAsync(db, await OperationPlanning.ReadableAsync(db, policy, id, ct), ct));
        }).Describe("getOperation", "One joint operation as the caller may see it", ApiDocs.PolicyRead);
        ops.MapPut("/{id:guid}", async (Guid id, OperationInput input, HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct) =>
        {
            var view = await OperationLifecycle.UpdateAsync(db, Actor.FromPrincipal(http.User), id, input, clock.GetUtcNow(), ct);
            return TypedResults.Ok(view);
        }).Describe("updateOperation", "Changes a joint operation's plan (audited)");
        ops.MapPost("/{id:guid}/status", async (Guid id, StatusInput input, HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct) =>
        {
            var view = await OperationLifecycle.ChangeStatusAsync(db, Actor.FromPrincipal(http.User), id, input.Status, clock.GetUtcNow(), ct);
            return TypedResults.Ok(view);
        }).Describe("setOperationStatus", "Moves a joint operation on: planned, active or closed (audited)");
        ops.MapPut("/{id:guid}/needs", async (Guid id, NeedsInput input, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await QualificationNeeds.SetForOperationAsync(db, Actor.FromPrincipal(http.User), id, input, ct)))
            .Describe("setOperationNeeds", "Sets the qualifications every member of the operation's patrols must hold (audited)");
        ops.MapGet("/{id:guid}/qualified", async (Guid id, string? kind, DateTimeOffset? startsAt, DateTimeOffset? endsAt, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await QualificationNeeds.WhoIsQualifiedAsync(db, await PolicyAsync(http, db, ct), id, kind, startsAt, endsAt, ct)))
            .Describe("listQualifiedForOperation", "For planning a patrol: each needed qualification and which of the caller's agency's people hold it valid through the window", ApiDocs.PolicyRead + " kind: the patrol kind; startsAt, endsAt: the window (default the operation's period).");
        ops.MapGet("/{id:guid}/patrols", async (Guid id, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var policy = await PolicyAsync(http, db, ct);
            await OperationPlanning.ReadableAsync(db, policy, id, ct);
            return TypedResults.Ok(await OperationPlanning.PatrolsAsync(db, policy, id, ct: ct));
        }).Describe("listOperationPatrols", "The patrols planned in an operation that the caller may see", ApiDocs.PolicyRead);
        ops.MapPost("/{id:guid}/patrols", async (Guid id, PatrolInput input, HttpContext http, CordonDb db, PlanningRules rules, CancellationToken ct) =>
        {
            var policy = await PolicyAsync(http, db, ct);
            var view = await OperationPlanning.PlanPatrolAsync(db, policy.Actor, policy, id, input, rules, ct);
            return TypedResults.Created($"/api/operations/{id}/patrols/{view.Id}", view);
        }).Describe("planPatrol", "Plans a patrol in an operation: area, period, team, assets, kind; members must hold the needed qualifications (audited)", ApiDocs.PolicyWrite);
        ops.MapGet("/{id:guid}/results", async (Guid id, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await OperationResults.ForAsync(db, await PolicyAsync(http, db, ct), id, ct)))
            .Describe("getOperationResults", "An operation's after-action results: incidents by type and severity, response times, patrol effort per agency, coverage and gaps", ApiDocs.PolicyRead);
        ops.MapGet("/{id:guid}/border-coverage", async (Guid id, double? segmentKm, HttpContext http, CordonDb db, PlanningRules rules, ImpactRules impact, CancellationToken ct)
            => TypedResults.Ok(await BorderCoverage.ForAsync(db, await PolicyAsync(http, db, ct), id, segmentKm, ct, rules.RouteCoverMetres, impact)))
            .ReadsFromReplica()
            .Describe("getOperationBorderCoverage", "Hour-by-hour patrol coverage of the land border segments in an operation's area, with the gaps", ApiDocs.PolicyRead + " segmentKm: the segment length.");
        ops.MapGet("/{id:guid}/incidents.csv", async (Guid id, HttpContext http, CordonDb db, CancellationToken ct)
            => Results.Text(await OperationResults.IncidentsCsvAsync(db, await PolicyAsync(http, db, ct), id, ct), "text/csv"))
            .ReadsFromReplica()
            .Describe("exportOperationIncidents", "An operation's incidents as CSV", ApiDocs.PolicyRead);
        ops.MapGet("/qualifications", async (HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct)
            => TypedResults.Ok(await OperationPlanning.QualificationsAsync(db, await PolicyAsync(http, db, ct), clock.GetUtcNow(), ct)))
            .Describe("listQualifications", "Officers' qualifications the caller may see, with their validity", ApiDocs.PolicyRead);
        ops.MapPost("/qualifications", async (QualificationInput input, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await OperationPlanning.GrantQualificationAsync(db, Actor.FromPrincipal(http.User), input.User ?? "", input.Kind ?? "",
                input.ValidUntil ?? throw ValidationFailed.Field("validUntil", "is required."), input.Evidence, ct)))
            .Describe("grantQualification", "Grants a user a qualification of a kind, valid until a date, with evidence (audited)");
        ops.MapPost("/trainings", async (OperationPlanning.TrainingInput input, HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct) =>
        {
            var t = await OperationPlanning.RecordTrainingAsync(db, Actor.FromPrincipal(http.User), input, clock.GetUtcNow(), ct);
            return TypedResults.Ok(new { t.Id, t.Title, t.HeldAt, trains = t.Trains?.Kebab(), t.ValidForMonths, t.Participants });
        }).Describe("recordTraining", "Records a joint training session; when it trains a qualification, each participant gets it or has it renewed (audited)");
        ops.MapGet("/trainings", async (HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok((await OperationPlanning.TrainingsAsync(db, await PolicyAsync(http, db, ct), ct))
                .Select(t => new { t.Id, t.Title, t.HeldAt, trains = t.Trains?.Kebab(), t.ValidForMonths, t.Participants, t.OperationId })))
            .Describe("listTrainings", "Trainings the caller may see", ApiDocs.PolicyRead);
        ops.MapGet("/watched-areas", async (HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await WatchedAreas.ListAsync(db, await PolicyAsync(http, db, ct), ct)))
            .Describe("listWatchedAreas", "Active watched areas the caller may see, with the incident each raises", ApiDocs.PolicyRead);
        ops.MapPost("/response-plans", async (IncidentResponse.PlanInput input, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var plan = await IncidentResponse.SavePlanAsync(db, Actor.FromPrincipal(http.User), input, ct);
            return TypedResults.Ok(new { plan.Id, type = plan.IncidentType.Kebab(), plan.Name, plan.NotifyAgencies, plan.Steps });
        }).Describe("saveResponsePlan", "Saves the agency's response plan for an incident type: agencies to notify and steps (audited)");
        ops.MapGet("/response-plans", async (HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var policy = await PolicyAsync(http, db, ct);
            var plans = await policy.Filter(db.ResponsePlans.AsNoTracking(), RecordTypes.Incident).ToListAsync(ct);
            return TypedResults.Ok(plans.Select(p => new { p.Id, type = p.IncidentType.Kebab(), p.Name, p.NotifyAgencies, p.Steps }));
        }).Describe("listResponsePlans", "Incident response plans the caller may see", ApiDocs.PolicyRead);
        ops.MapPost("/watched-areas", async (WatchedAreaInput input, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var area = await WatchedAreas.CreateAsync(db, Actor.FromPrincipal(http.User), input, ct);
            return TypedResults.Created($"/api/operations/watched-areas/{area.Id}", area);
        }).Describe("createWatchedArea", "Defines an area watched for detections (entry, border crossing, loitering, low and slow) and the incident each raises (audited)");
        ops.MapGet("/map", async (HttpContext http, CordonDb db, IConfiguration config, TimeProvider clock, PlanningRules rules, ImpactRules impact, CancellationToken ct)
            => TypedResults.Ok(await LiveMap.SnapshotAsync(db, await PolicyAsync(http, db, ct), clock.GetUtcNow(), config["Operations:TileUrl"], ct, rules.RouteCoverMetres, impact)))
            .Describe("getLiveMap", "Everything the live operations map shows, filtered by the access policy", ApiDocs.PolicyRead);
        ops.MapGet("/border-sections", async (HttpContext http, CordonDb db, TimeProvider clock, ImpactRules impact, CancellationToken ct)
            => TypedResults.Ok(await BorderSections.ListAsync(db, await PolicyAsync(http, db, ct), clock.GetUtcNow(), impact, ct)))
            .Describe("listBorderSections", "Border sections the caller may see, with their impact level, required response and shortfall", ApiDocs.PolicyRead);
        ops.MapGet("/border-sections/{id:guid}", async (Guid id, HttpContext http, CordonDb db, TimeProvider clock, ImpactRules impact, CancellationToken ct)
            => TypedResults.Ok(await BorderSections.ReadAsync(db, await PolicyAsync(http, db, ct), id, clock.GetUtcNow(), impact, ct)))
            .Describe("getBorderSection", "One border section with its impact level, required response and shortfall", ApiDocs.PolicyRead);
        ops.MapPost("/border-sections", async (BorderSectionInput input, HttpContext http, CordonDb db, ImpactRules impact, CancellationToken ct) =>
        {
            var section = await BorderSections.CreateAsync(db, Actor.FromPrincipal(http.User), input, impact, ct);
            return TypedResults.Created($"/api/operations/border-sections/{section.Id}", section);
        }).Describe("createBorderSection", "Defines a border section (an area over a land border) of the agency (audited)");
        ops.MapPut("/border-sections/{id:guid}/impact-level", async (Guid id, ImpactLevelInput input, HttpContext http, CordonDb db, ImpactRules impact, CancellationToken ct)
            => TypedResults.Ok(await BorderSections.SetLevelAsync(db, Actor.FromPrincipal(http.User), id, input, impact, ct)))
            .Describe("setBorderSectionImpactLevel", "Sets a border section's impact level, with a reason, evidence and validity (audited)");
        ops.MapGet("/live", LiveMap.StreamAsync)
            .Describe("streamLiveMap", "Server-sent events: new detections, tracks and incidents the caller's policy allows, as they happen", ApiDocs.PolicyRead);
        // Public-domain boundaries bundled with Cordon: the base layer works without internet.
        app.MapGet("/map/countries-50m.geojson", (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "public, max-age=86400";
            return Results.Stream(Territory.OpenGeoJson(), "application/geo+json");
        }).AllowAnonymous()
            .Describe("getCountryBoundaries", "The bundled public-domain country boundaries (Natural Earth 1:50m) as GeoJSON, the map's base layer offline; anonymous");

        var incidents = app.MapGroup("/api/incidents").RequireAuthorization().WithTags("Operations");
        incidents.MapGet("/", async (HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var policy = await PolicyAsync(http, db, ct);
            return TypedResults.Ok(await LiveMap.IncidentRowsAsync(db, policy, 200, ct));
        }).Describe("listIncidents", "The latest 200 incidents the caller may see", ApiDocs.PolicyRead);
        incidents.MapPost("/", async (IncidentInput input, HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct) =>
        {
            var view = await IncidentResponse.ReportAsync(db, Actor.FromPrincipal(http.User), input, clock.GetUtcNow(), ct);
            return TypedResults.Created($"/api/incidents/{view.Id}", view);
        }).Describe("reportIncident", "Reports an incident; its type's response plan starts: steps with owners and due times, agencies told (audited)");
        incidents.MapGet("/{id:guid}", async (Guid id, HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct)
            => TypedResults.Ok(await IncidentResponse.ReadAsync(db, await PolicyAsync(http, db, ct), id, clock.GetUtcNow(), ct)))
            .Describe("getIncident", "One incident with its response steps and updates", ApiDocs.PolicyRead);
        incidents.MapPost("/{id:guid}/steps/{task:guid}/done", async (Guid id, Guid task, HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct) =>
        {
            var policy = await PolicyAsync(http, db, ct);
            return TypedResults.Ok(await IncidentResponse.CompleteStepAsync(db, policy.Actor, policy, id, task, clock.GetUtcNow(), ct));
        }).Describe("completeIncidentStep", "Marks a response step of an incident done (audited)", ApiDocs.PolicyWrite);
        incidents.MapPost("/{id:guid}/updates", async (Guid id, IncidentUpdateInput input, HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct) =>
        {
            var policy = await PolicyAsync(http, db, ct);
            return TypedResults.Ok(await IncidentResponse.AddUpdateAsync(db, policy.Actor, policy, id, input.Text, input.Resolve, clock.GetUtcNow(), ct));
        }).Describe("addIncidentUpdate", "Adds an update to an incident, optionally resolving it (audited)", ApiDocs.PolicyWrite);

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
        }).Describe("ingestDetections", "Sensor detections in (GeoJSON or Cursor-on-Target XML): correlated into tracks and checked against watched areas; 200 with refusals listed, 400 when all are refused (audited)", "sensor: the sensor id (default api).");
        detections.MapGet("/rejected", async (HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var policy = await PolicyAsync(http, db, ct);
            var rows = await policy.Filter(db.RejectedSensorMessages.AsNoTracking(), RecordTypes.SensorTrack)
                .OrderByDescending(r => r.ReceivedAt).Take(200).ToListAsync(ct);
            return TypedResults.Ok(rows.Select(r => new { r.Id, r.ReceivedAt, r.Format, errors = r.Errors.Split('\n'), r.Raw }));
        }).Describe("listRejectedDetections", "The latest 200 sensor messages refused, with their errors and raw text", ApiDocs.PolicyRead);
        return app;
    }

    private static Task<AccessPolicy> PolicyAsync(HttpContext http, CordonDb db, CancellationToken ct) => RequestPurpose.PolicyAsync(http, db, ct);
}
