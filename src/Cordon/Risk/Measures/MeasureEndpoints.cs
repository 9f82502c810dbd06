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
            => TypedResults.Ok(await Measures.ListAsync(db, await RequestPurpose.PolicyAsync(http, db, ct), clock.GetUtcNow(), ct)))
            .Describe("listMeasures", "The enforcement measures the caller may read, with their periods, scope and review dates", ApiDocs.PolicyRead);
        api.MapGet("/{id:guid}", async (Guid id, HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct)
            => TypedResults.Ok(await Measures.ReadAsync(db, await RequestPurpose.PolicyAsync(http, db, ct), id, RequestPurpose.BreakGlass(http), clock.GetUtcNow(), ct)))
            .Describe("getMeasure", "One measure with its evaluation: before and during, in scope against comparable traffic (difference in differences with 95 % intervals), weekly series, caveats and reviews",
                ApiDocs.PolicyReadOne);
        api.MapPost("/", async (MeasureInput request, HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct) =>
        {
            var view = await Measures.CreateAsync(db, Actor.FromPrincipal(http.User), request, clock.GetUtcNow(), ct);
            return TypedResults.Created($"/api/risk/measures/{view.Id}", view);
        }).Describe("createMeasure", "Records an enforcement measure: objective, scope, linked criteria, operations and patrol plans, dates and expected effect (audited)");
        api.MapPost("/{id:guid}/reviews", async (Guid id, MeasureReviewInput request, HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct)
            => TypedResults.Ok(await Measures.ReviewAsync(db, Actor.FromPrincipal(http.User), id, request, clock.GetUtcNow(), ct)))
            .Describe("reviewMeasure", "Records a measure's interim review or final assessment with its decision (continue, change, stop) and the estimate at that moment (audited)");
        return app;
    }
}
