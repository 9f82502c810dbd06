using Cordon.Identity;
using Cordon.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Cordon.Sharing;

public static class SharingEndpoints
{
    public sealed record RevokeRequest(string? Reason);
    public sealed record ReviewRequest(string? Note);

    public static IEndpointRouteBuilder MapSharingEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/sharing/agreements").RequireAuthorization().WithTags("Sharing");
        group.MapGet("/", async (HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await Agreements.ListAsync(db, Actor.FromPrincipal(http.User), time.GetUtcNow(), ct)))
            .Describe("listSharingAgreements", "The data-sharing agreements the caller's agency provides or receives, with their state now");
        group.MapGet("/{id:guid}", async (Guid id, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await Agreements.GetAsync(db, Actor.FromPrincipal(http.User), id, time.GetUtcNow(), ct)))
            .Describe("getSharingAgreement", "One data-sharing agreement: parties, record types, purposes, fields withheld, state");
        group.MapGet("/{id:guid}/versions", async (Guid id, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await Agreements.VersionsAsync(db, Actor.FromPrincipal(http.User), id, ct)))
            .Describe("listSharingAgreementVersions", "Every version of an agreement's terms: what changed, who changed it and when");
        group.MapPost("/", async Task<Created<AgreementView>> (AgreementTerms terms, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct) =>
        {
            var view = await Agreements.ProposeAsync(db, Actor.FromPrincipal(http.User), terms, time.GetUtcNow(), ct);
            return TypedResults.Created($"/api/sharing/agreements/{view.Id}", view);
        }).Describe("proposeSharingAgreement", "Proposes an agreement from the providing agency; it takes effect once both sides approve (audited)");
        group.MapPut("/{id:guid}", async (Guid id, AgreementTerms terms, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await Agreements.ChangeAsync(db, Actor.FromPrincipal(http.User), id, terms, time.GetUtcNow(), ct)))
            .Describe("changeSharingAgreement", "Proposes new terms for an agreement as a new version, to be approved again (audited)");
        group.MapPost("/{id:guid}/approve", async (Guid id, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await Agreements.ApproveAsync(db, Actor.FromPrincipal(http.User), id, time.GetUtcNow(), ct)))
            .Describe("approveSharingAgreement", "Approves the agreement's current version for the caller's agency; in force once both have approved (audited)");
        group.MapPost("/{id:guid}/revoke", async (Guid id, RevokeRequest request, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await Agreements.RevokeAsync(db, Actor.FromPrincipal(http.User), id, request.Reason, time.GetUtcNow(), ct)))
            .Describe("revokeSharingAgreement", "Revokes an agreement with a reason; sharing under it stops at once (audited)");

        // The owner changes marking and caveats of any record type (declaration, seizure, case, screening-hit, ...).
        app.MapPut("/api/records/{type}/{id:guid}/marking", async (string type, Guid id, MarkingChange change, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await Markings.ChangeAsync(db, Actor.FromPrincipal(http.User), type, id, change, ct))).RequireAuthorization().WithTags("Sharing")
            .Describe("changeRecordMarking", "The owning agency changes the TLP marking and caveats of any record type (declaration, seizure, case, screening-hit, …) (audited)");

        var review = app.MapGroup("/api/sharing").RequireAuthorization().WithTags("Sharing");
        review.MapGet("/access-review", async (DateTimeOffset? from, DateTimeOffset? to, string? agency, int? page, int? pageSize, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await AccessReview.ForAgencyAsync(db, Actor.FromPrincipal(http.User), from, to, agency, page ?? 1, pageSize ?? 50, ct)))
            .Describe("listAccessReview", "Who in other agencies read the caller's agency's records, under which agreement and purpose, from the audit log; with break-glass uses awaiting review", "from, to: the period; agency: one reading agency (code); page and pageSize (default 50) page the result.");
        review.MapPost("/break-glass/{id:guid}/review", async (Guid id, ReviewRequest request, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await AccessReview.ReviewBreakGlassAsync(db, Actor.FromPrincipal(http.User), id, request.Note, time.GetUtcNow(), ct)))
            .Describe("reviewBreakGlassAccess", "The owning agency records its review of a break-glass access, with a note (audited)");
        return app;
    }
}
