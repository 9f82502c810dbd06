using Cordon.Identity;
using Cordon.Resources;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cordon.Procedures;

/// <summary>The API of standard operating procedures.</summary>
public static class ProcedureEndpoints
{
    public sealed record ApproveRequest(int Version);

    public static IEndpointRouteBuilder MapProcedures(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/procedures").RequireAuthorization().WithTags("Procedures");
        api.MapGet("/", async (string? process, HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct)
            => TypedResults.Ok(await Procedures.ListAsync(db, await RequestPurpose.PolicyAsync(http, db, ct), process, clock.GetUtcNow(), ct)));
        api.MapGet("/{id:guid}", async (Guid id, HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct)
            => TypedResults.Ok((await Procedures.ReadAsync(db, await RequestPurpose.PolicyAsync(http, db, ct), id, RequestPurpose.BreakGlass(http), clock.GetUtcNow(), ct)).View));
        api.MapGet("/{id:guid}/acknowledgments", async (Guid id, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await Procedures.AcknowledgmentsAsync(db, await RequestPurpose.PolicyAsync(http, db, ct), id, ct)));
        api.MapPost("/", async (ProcedureInput request, HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct) =>
        {
            var view = await Procedures.CreateAsync(db, Actor.FromPrincipal(http.User), request, clock.GetUtcNow(), ct);
            return TypedResults.Created($"/api/procedures/{view.Id}", view);
        });
        api.MapPost("/{id:guid}/drafts", async (Guid id, DraftInput request, HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct)
            => TypedResults.Ok(await Procedures.DraftAsync(db, Actor.FromPrincipal(http.User), id, request, clock.GetUtcNow(), ct)));
        api.MapPost("/{id:guid}/approve", async (Guid id, ApproveRequest request, HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct)
            => TypedResults.Ok(await Procedures.ApproveAsync(db, Actor.FromPrincipal(http.User), id, request.Version, clock.GetUtcNow(), ct)));
        api.MapPost("/{id:guid}/review", async (Guid id, HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct)
            => TypedResults.Ok(await Procedures.ConfirmReviewAsync(db, Actor.FromPrincipal(http.User), id, clock.GetUtcNow(), ct)));
        api.MapPut("/{id:guid}/needs", async (Guid id, NeedsInput request, HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct)
            => TypedResults.Ok(await QualificationNeeds.SetForProcedureAsync(db, Actor.FromPrincipal(http.User), id, request, clock.GetUtcNow(), ct)));
        api.MapPost("/{id:guid}/acknowledge", async (Guid id, HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct)
            => TypedResults.Ok(await Procedures.AcknowledgeAsync(db, await RequestPurpose.PolicyAsync(http, db, ct), id, clock.GetUtcNow(), ct)));
        return app;
    }
}
