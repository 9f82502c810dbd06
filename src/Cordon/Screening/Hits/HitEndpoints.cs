using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cordon.Screening.Hits;

/// <summary>Stored hits: the review queue (filtered by the access policy; purpose header required) and reviews.</summary>
public static class HitEndpoints
{
    public static RouteGroupBuilder MapHitEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/hits", async (HttpContext http, CordonDb db, CancellationToken ct, string? status, string? band, string? list, Guid? record, int? skip, int? take) =>
        {
            var policy = await AccessPolicy.ForAsync(db, Actor.FromPrincipal(http.User), RequestPurpose.Of(http), ct: ct);
            return TypedResults.Ok(await HitReview.ListAsync(db, policy, new HitQuery(status ?? "open", band, list, record, skip ?? 0, take ?? 50), ct));
        }).Describe("listScreeningHits", "Stored screening hits for review, by status, band, list or record", ApiDocs.PolicyRead + " status (default open); band; list; record: the screened record id; skip and take (default 50).");

        api.MapGet("/hits/{id:guid}", async (Guid id, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var policy = await AccessPolicy.ForAsync(db, Actor.FromPrincipal(http.User), RequestPurpose.Of(http), ct: ct);
            return TypedResults.Ok(await HitReview.GetAsync(db, policy, id, RequestPurpose.BreakGlass(http), ct));
        }).Describe("getScreeningHit", "One stored screening hit: the list entry matched, its score, band and explanation", ApiDocs.PolicyReadOne);

        api.MapPost("/hits/{id:guid}/review", async (Guid id, HitReviewRequest request, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await HitReview.ReviewAsync(db, Actor.FromPrincipal(http.User), id, request, ct)))
            .Describe("reviewScreeningHit", "An analyst or supervisor of the owning agency confirms or dismisses a hit, with a reason (audited)");
        return api;
    }
}
