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
            => TypedResults.Ok(await Procedures.ListAsync(db, await RequestPurpose.PolicyAsync(http, db, ct), process, clock.GetUtcNow(), ct)))
            .Describe("listProcedures", "The standard operating procedures the caller may read, optionally for one process", ApiDocs.PolicyRead + " process: the process they govern.");
        api.MapGet("/{id:guid}", async (Guid id, HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct)
            => TypedResults.Ok((await Procedures.ReadAsync(db, await RequestPurpose.PolicyAsync(http, db, ct), id, RequestPurpose.BreakGlass(http), clock.GetUtcNow(), ct)).View))
            .Describe("getProcedure", "One procedure's current text and review state", ApiDocs.PolicyReadOne);
        api.MapGet("/{id:guid}/acknowledgments", async (Guid id, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await Procedures.AcknowledgmentsAsync(db, await RequestPurpose.PolicyAsync(http, db, ct), id, ct)))
            .Describe("listProcedureAcknowledgments", "Who in the procedure's scope acknowledged its current version, and who has yet to", ApiDocs.PolicyRead);
        api.MapPost("/", async (ProcedureInput request, HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct) =>
        {
            var view = await Procedures.CreateAsync(db, Actor.FromPrincipal(http.User), request, clock.GetUtcNow(), ct);
            return TypedResults.Created($"/api/procedures/{view.Id}", view);
        }).Describe("createProcedure", "Creates a procedure as a first draft (audited)");
        api.MapPost("/{id:guid}/drafts", async (Guid id, DraftInput request, HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct)
            => TypedResults.Ok(await Procedures.DraftAsync(db, Actor.FromPrincipal(http.User), id, request, clock.GetUtcNow(), ct)))
            .Describe("draftProcedure", "Saves a new text: replaces the latest draft, or starts a draft after the approved version (audited)");
        api.MapPost("/{id:guid}/approve", async (Guid id, ApproveRequest request, HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct)
            => TypedResults.Ok(await Procedures.ApproveAsync(db, Actor.FromPrincipal(http.User), id, request.Version, clock.GetUtcNow(), ct)))
            .Describe("approveProcedure", "Makes a draft version current; everyone in scope must acknowledge it, and the next review falls one period on (audited)");
        api.MapPost("/{id:guid}/review", async (Guid id, HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct)
            => TypedResults.Ok(await Procedures.ConfirmReviewAsync(db, Actor.FromPrincipal(http.User), id, clock.GetUtcNow(), ct)))
            .Describe("confirmProcedureReview", "Records that the current version was reviewed and stays; the next review moves one period on (audited)");
        api.MapPut("/{id:guid}/needs", async (Guid id, NeedsInput request, HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct)
            => TypedResults.Ok(await QualificationNeeds.SetForProcedureAsync(db, Actor.FromPrincipal(http.User), id, request, clock.GetUtcNow(), ct)))
            .Describe("setProcedureNeeds", "Sets the qualifications the procedure requires of the patrols it governs (audited)");
        api.MapPost("/{id:guid}/acknowledge", async (Guid id, HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct)
            => TypedResults.Ok(await Procedures.AcknowledgeAsync(db, await RequestPurpose.PolicyAsync(http, db, ct), id, clock.GetUtcNow(), ct)))
            .Describe("acknowledgeProcedure", "The caller confirms having read the current version (audited)", ApiDocs.PolicyWrite);
        return app;
    }
}
