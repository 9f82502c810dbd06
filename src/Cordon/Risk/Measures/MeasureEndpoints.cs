using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cordon.Risk.Measures;

/// <summary>The API of enforcement measures: list, record, read one with its evaluation, record a review.</summary>
public static class MeasureEndpoints
{
    public static IEndpointRouteBuilder MapMeasures(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/risk/measures").RequireAuthorization().WithTags("Measures");
        api.MapGet("/", async (HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct)
            => TypedResults.Ok(await Measures.ListAsync(db, await RequestPurpose.PolicyAsync(http, db, ct), clock.GetUtcNow(), ct)));
        api.MapGet("/{id:guid}", async (Guid id, HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct)
            => TypedResults.Ok(await Measures.ReadAsync(db, await RequestPurpose.PolicyAsync(http, db, ct), id, RequestPurpose.BreakGlass(http), clock.GetUtcNow(), ct)));
        api.MapPost("/", async (MeasureInput request, HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct) =>
        {
            var view = await Measures.CreateAsync(db, Actor.FromPrincipal(http.User), request, clock.GetUtcNow(), ct);
            return TypedResults.Created($"/api/risk/measures/{view.Id}", view);
        });
        api.MapPost("/{id:guid}/reviews", async (Guid id, MeasureReviewInput request, HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct)
            => TypedResults.Ok(await Measures.ReviewAsync(db, Actor.FromPrincipal(http.User), id, request, clock.GetUtcNow(), ct)));
        return app;
    }
}
