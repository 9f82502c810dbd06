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
            => TypedResults.Ok(await AssetRegister.ListAsync(db, await RequestPurpose.PolicyAsync(http, db, ct), new AssetFilter(kind, status, q, due ?? false), time.GetUtcNow(), ct)));
        assets.MapPost("/", async (AssetInput input, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct) =>
        {
            var view = await AssetRegister.RegisterAsync(db, Actor.FromPrincipal(http.User), input, time.GetUtcNow(), ct);
            return TypedResults.Created($"/api/assets/{view.Id}", view);
        });
        assets.MapGet("/{id:guid}", async (Guid id, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await AssetRegister.ReadAsync(db, await RequestPurpose.PolicyAsync(http, db, ct), id, ct, RequestPurpose.BreakGlass(http))));
        assets.MapPatch("/{id:guid}", async (Guid id, AssetInput input, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await AssetRegister.ChangeAsync(db, Actor.FromPrincipal(http.User), id, input, time.GetUtcNow(), ct)));
        assets.MapPost("/{id:guid}/status", async (Guid id, StatusRequest request, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await AssetRegister.SetStatusAsync(db, Actor.FromPrincipal(http.User), id, request.Status, time.GetUtcNow(), ct)));
        assets.MapPost("/{id:guid}/work-orders", async (Guid id, WorkOrderInput input, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await Maintenance.RecordWorkAsync(db, Actor.FromPrincipal(http.User), id, input, time.GetUtcNow(), ct)));
        assets.MapGet("/maintenance-due", async (int? days, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct) =>
        {
            var actor = Actor.FromPrincipal(http.User);
            var today = AssetRegister.Today(time.GetUtcNow());
            return TypedResults.Ok(await Maintenance.DueAsync(db, AssetRegister.Member(actor), today, today.AddDays(Math.Clamp(days ?? 0, 0, 365)), ct));
        });
        assets.MapGet("/sensors", async (HttpContext http, CordonDb db, TimeProvider time, IOptions<ResourceOptions> options, CancellationToken ct)
            => TypedResults.Ok(await SensorHealth.ForAsync(db, AssetRegister.Member(Actor.FromPrincipal(http.User)), time.GetUtcNow(),
                TimeSpan.FromHours(options.Value.SensorSilentHours), ct)));
        assets.MapGet("/uncovered", async (HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await Insurance.UncoveredAsync(db, AssetRegister.Member(Actor.FromPrincipal(http.User)), AssetRegister.Today(time.GetUtcNow()), ct)));
        assets.MapPost("/import", async (HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct) =>
        {
            // A CSV inventory: any other body (JSON sent by mistake) is refused before it is read.
            BodyContentType.Require(http.Request, "text/csv", "text/plain");
            return TypedResults.Ok(await AssetImport.ImportAsync(db, Actor.FromPrincipal(http.User), http.Request.Body, time.GetUtcNow(), ct));
        })
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(Declarations.DeclarationEndpoints.MaxUploadBytes));

        var policies = app.MapGroup("/api/insurance-policies").RequireAuthorization().WithTags("Resources");
        policies.MapGet("/", async (HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await Insurance.ListAsync(db, Actor.FromPrincipal(http.User), time.GetUtcNow(), ct)));
        policies.MapPost("/", async (PolicyInput input, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await Insurance.AddPolicyAsync(db, Actor.FromPrincipal(http.User), input, time.GetUtcNow(), ct)));

        var claims = app.MapGroup("/api/claims").RequireAuthorization().WithTags("Resources");
        claims.MapGet("/", async (Guid? asset, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await Claims.ListAsync(db, Actor.FromPrincipal(http.User), asset, ct)));
        claims.MapGet("/report", async (DateOnly? from, DateOnly? to, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await Claims.ReportAsync(db, Actor.FromPrincipal(http.User), from, to, time.GetUtcNow(), ct)))
            .ReadsFromReplica();
        claims.MapPost("/", async (ClaimInput input, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await Claims.OpenAsync(db, Actor.FromPrincipal(http.User), input, time.GetUtcNow(), ct)));
        claims.MapPost("/{id:guid}", async (Guid id, ClaimChange change, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await Claims.ChangeAsync(db, Actor.FromPrincipal(http.User), id, change, time.GetUtcNow(), ct)));

        var kinds = app.MapGroup("/api/patrol-kinds").RequireAuthorization().WithTags("Resources");
        kinds.MapGet("/", async (HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await PatrolKinds.ListAsync(db, Actor.FromPrincipal(http.User), ct)));
        kinds.MapPost("/", async (PatrolKindInput input, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await PatrolKinds.SetAsync(db, Actor.FromPrincipal(http.User), input, time.GetUtcNow(), ct)));
        kinds.MapDelete("/{id:guid}", async (Guid id, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            await PatrolKinds.RemoveAsync(db, Actor.FromPrincipal(http.User), id, ct);
            return TypedResults.NoContent();
        });

        app.MapGet("/api/capacity", async (int? days, string? unit, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await Capacity.ForAsync(db, Actor.FromPrincipal(http.User), days ?? 14, unit, time.GetUtcNow(), ct)))
            .RequireAuthorization().WithTags("Resources");
        return app;
    }
}
