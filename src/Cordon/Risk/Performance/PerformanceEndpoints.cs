using Cordon.Identity;
using Cordon.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cordon.Risk.Performance;

/// <summary>The API of enforcement performance: estimates from the random exploration sample.</summary>
public static class PerformanceEndpoints
{
    public static IEndpointRouteBuilder MapPerformance(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/performance").RequireAuthorization().WithTags("Performance");
        // The period defaults to the 90 days up to today.
        api.MapGet("/estimates", async (DateOnly? from, DateOnly? to, string? office, string? lane, double? halfWidth, HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct) =>
        {
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            var end = to ?? today;
            return TypedResults.Ok(await RandomSampleEstimates.EstimateAsync(db, Actor.FromPrincipal(http.User), from ?? end.AddDays(-90), end, office, lane, halfWidth, ct: ct));
        }).ReadsFromReplica();
        return app;
    }
}
