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
            => TypedResults.Ok(await Agreements.ListAsync(db, Actor.FromPrincipal(http.User), time.GetUtcNow(), ct)));
        group.MapGet("/{id:guid}", async (Guid id, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await Agreements.GetAsync(db, Actor.FromPrincipal(http.User), id, time.GetUtcNow(), ct)));
        group.MapGet("/{id:guid}/versions", async (Guid id, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await Agreements.VersionsAsync(db, Actor.FromPrincipal(http.User), id, ct)));
        group.MapPost("/", async Task<Created<AgreementView>> (AgreementTerms terms, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct) =>
        {
            var view = await Agreements.ProposeAsync(db, Actor.FromPrincipal(http.User), terms, time.GetUtcNow(), ct);
            return TypedResults.Created($"/api/sharing/agreements/{view.Id}", view);
        });
        group.MapPut("/{id:guid}", async (Guid id, AgreementTerms terms, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await Agreements.ChangeAsync(db, Actor.FromPrincipal(http.User), id, terms, time.GetUtcNow(), ct)));
        group.MapPost("/{id:guid}/approve", async (Guid id, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await Agreements.ApproveAsync(db, Actor.FromPrincipal(http.User), id, time.GetUtcNow(), ct)));
        group.MapPost("/{id:guid}/revoke", async (Guid id, RevokeRequest request, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await Agreements.RevokeAsync(db, Actor.FromPrincipal(http.User), id, request.Reason, time.GetUtcNow(), ct)));

        // The owner changes marking and caveats of any record type (declaration, seizure, case, screening-hit, ...).
        app.MapPut("/api/records/{type}/{id:guid}/marking", async (string type, Guid id, MarkingChange change, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await Markings.ChangeAsync(db, Actor.FromPrincipal(http.User), type, id, change, ct))).RequireAuthorization().WithTags("Sharing");

        var review = app.MapGroup("/api/sharing").RequireAuthorization().WithTags("Sharing");
        review.MapGet("/access-review", async (DateTimeOffset? from, DateTimeOffset? to, string? agency, int? page, int? pageSize, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await AccessReview.ForAgencyAsync(db, Actor.FromPrincipal(http.User), from, to, agency, page ?? 1, pageSize ?? 50, ct)));
        review.MapPost("/break-glass/{id:guid}/review", async (Guid id, ReviewRequest request, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await AccessReview.ReviewBreakGlassAsync(db, Actor.FromPrincipal(http.User), id, request.Note, time.GetUtcNow(), ct)));
        return app;
    }
}
