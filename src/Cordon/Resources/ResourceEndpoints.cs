using Cordon.Common;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Cordon.Resources;

/// <summary>The asset register, maintenance, insurance policies and claims.</summary>
public static class ResourceEndpoints
{
    public sealed record StatusRequest(string? Status);

    public static IEndpointRouteBuilder MapResources(this IEndpointRouteBuilder app)
    {
        var assets = app.MapGroup("/api/assets").RequireAuthorization().WithTags("Resources");
        assets.MapGet("/", async (string? kind, string? status, string? q, bool? due, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await AssetRegister.ListAsync(db, await RequestPurpose.PolicyAsync(http, db, ct), new AssetFilter(kind, status, q, due ?? false), time.GetUtcNow(), ct)))
            .Describe("listAssets", "The asset register entries the caller may see, by kind, status or words; optionally only maintenance due", ApiDocs.PolicyRead + " kind; status; q: words; due: only assets with maintenance due.");
        assets.MapPost("/", async (AssetInput input, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct) =>
        {
            var view = await AssetRegister.RegisterAsync(db, Actor.FromPrincipal(http.User), input, time.GetUtcNow(), ct);
            return TypedResults.Created($"/api/assets/{view.Id}", view);
        }).Describe("registerAsset", "Registers an asset of the agency (vehicle, vessel, drone, dog, scanner, aircraft, camera, sensor, …) (audited)");
        assets.MapGet("/{id:guid}", async (Guid id, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await AssetRegister.ReadAsync(db, await RequestPurpose.PolicyAsync(http, db, ct), id, ct, RequestPurpose.BreakGlass(http))))
            .Describe("getAsset", "One asset: identifiers, status, maintenance due, its change history and work orders", ApiDocs.PolicyReadOne);
        assets.MapPatch("/{id:guid}", async (Guid id, AssetInput input, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await AssetRegister.ChangeAsync(db, Actor.FromPrincipal(http.User), id, input, time.GetUtcNow(), ct)))
            .Describe("changeAsset", "Changes an asset's register entry (audited)");
        assets.MapPost("/{id:guid}/status", async (Guid id, StatusRequest request, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await AssetRegister.SetStatusAsync(db, Actor.FromPrincipal(http.User), id, request.Status, time.GetUtcNow(), ct)))
            .Describe("setAssetStatus", "Sets an asset's status: available, deployed, under-maintenance, out-of-service or lost (audited)");
        assets.MapPost("/{id:guid}/work-orders", async (Guid id, WorkOrderInput input, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await Maintenance.RecordWorkAsync(db, Actor.FromPrincipal(http.User), id, input, time.GetUtcNow(), ct)))
            .Describe("recordWorkOrder", "Records maintenance work done on an asset (audited)");
        assets.MapGet("/maintenance-due", async (int? days, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct) =>
        {
            var actor = Actor.FromPrincipal(http.User);
            var today = AssetRegister.Today(time.GetUtcNow());
            return TypedResults.Ok(await Maintenance.DueAsync(db, AssetRegister.Member(actor), today, today.AddDays(Math.Clamp(days ?? 0, 0, 365)), ct));
        }).Describe("listMaintenanceDue", "The agency's assets whose maintenance falls due within the coming days", "days: how far ahead (0–365, default 0: due today or overdue).");
        assets.MapGet("/sensors", async (HttpContext http, CordonDb db, TimeProvider time, IOptions<ResourceOptions> options, CancellationToken ct)
            => TypedResults.Ok(await SensorHealth.ForAsync(db, AssetRegister.Member(Actor.FromPrincipal(http.User)), time.GetUtcNow(),
                TimeSpan.FromHours(options.Value.SensorSilentHours), ct)))
            .Describe("listSensorHealth", "The agency's sensors and which have stopped reporting detections");
        assets.MapGet("/uncovered", async (HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await Insurance.UncoveredAsync(db, AssetRegister.Member(Actor.FromPrincipal(http.User)), AssetRegister.Today(time.GetUtcNow()), ct)))
            .Describe("listUninsuredAssets", "The agency's assets (lost ones excepted) that no insurance policy in force today covers");
        assets.MapPost("/import", async (HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct) =>
        {
            // A CSV inventory: any other body (JSON sent by mistake) is refused before it is read.
            BodyContentType.Require(http.Request, "text/csv", "text/plain");
            return TypedResults.Ok(await AssetImport.ImportAsync(db, Actor.FromPrincipal(http.User), http.Request.Body, time.GetUtcNow(), ct));
        })
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(Declarations.DeclarationEndpoints.MaxUploadBytes))
            .Describe("importAssets", "Imports a CSV inventory of assets (the body is the file, text/csv) (audited)");

        var policies = app.MapGroup("/api/insurance-policies").RequireAuthorization().WithTags("Resources");
        policies.MapGet("/", async (HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await Insurance.ListAsync(db, Actor.FromPrincipal(http.User), time.GetUtcNow(), ct)))
            .Describe("listInsurancePolicies", "The agency's insurance policies, their state and days left");
        policies.MapPost("/", async (PolicyInput input, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await Insurance.AddPolicyAsync(db, Actor.FromPrincipal(http.User), input, time.GetUtcNow(), ct)))
            .Describe("addInsurancePolicy", "Adds an insurance policy covering some of the agency's assets (audited)");

        var claims = app.MapGroup("/api/claims").RequireAuthorization().WithTags("Resources");
        claims.MapGet("/", async (Guid? asset, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await Claims.ListAsync(db, Actor.FromPrincipal(http.User), asset, ct)))
            .Describe("listClaims", "The agency's insurance claims, optionally of one asset");
        claims.MapGet("/report", async (DateOnly? from, DateOnly? to, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await Claims.ReportAsync(db, Actor.FromPrincipal(http.User), from, to, time.GetUtcNow(), ct)))
            .ReadsFromReplica()
            .Describe("getClaimsReport", "The losses and claims report over claims whose event fell in a period (default the twelve months up to today)");
        claims.MapPost("/", async (ClaimInput input, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await Claims.OpenAsync(db, Actor.FromPrincipal(http.User), input, time.GetUtcNow(), ct)))
            .Describe("openClaim", "Notifies an insurance claim for an asset (audited)");
        claims.MapPost("/{id:guid}", async (Guid id, ClaimChange change, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await Claims.ChangeAsync(db, Actor.FromPrincipal(http.User), id, change, time.GetUtcNow(), ct)))
            .Describe("changeClaim", "Moves a claim on: notified → assessed → settled (with the amount paid) or refused (audited)");

        var kinds = app.MapGroup("/api/patrol-kinds").RequireAuthorization().WithTags("Resources");
        kinds.MapGet("/", async (HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await PatrolKinds.ListAsync(db, Actor.FromPrincipal(http.User), ct)))
            .Describe("listPatrolKinds", "The agency's patrol kinds and the qualifications each needs");
        kinds.MapPost("/", async (PatrolKindInput input, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await PatrolKinds.SetAsync(db, Actor.FromPrincipal(http.User), input, time.GetUtcNow(), ct)))
            .Describe("setPatrolKind", "Creates a patrol kind, or replaces the needs of the agency's kind of that name (audited)");
        kinds.MapDelete("/{id:guid}", async (Guid id, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            await PatrolKinds.RemoveAsync(db, Actor.FromPrincipal(http.User), id, ct);
            return TypedResults.NoContent();
        }).Describe("removePatrolKind", "Removes a patrol kind (audited)");

        app.MapGet("/api/capacity", async (int? days, string? unit, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await Capacity.ForAsync(db, Actor.FromPrincipal(http.User), days ?? 14, unit, time.GetUtcNow(), ct)))
            .RequireAuthorization().WithTags("Resources")
            .Describe("getCapacity", "Skills against needs over the coming days: for each qualification, how many people the agency's planned patrols need and how many hold it", "days: how far ahead (default 14); unit: one unit of the agency (default the whole agency).");
        return app;
    }
}
