using Cordon.Identity;
using Cordon.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cordon.Jobs;

public static class JobEndpoints
{
    public static IEndpointRouteBuilder MapJobEndpoints(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("/api/jobs").RequireAuthorization().WithTags("Jobs");
        jobs.MapGet("/", async (HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await JobQueue.ListAsync(db, Actor.FromPrincipal(http.User), ct: ct)))
            .Describe("listJobs", "Background jobs (imports, training, evaluations, lane assignment) the caller may follow");
        jobs.MapGet("/{id:guid}", async (Guid id, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await JobQueue.GetAsync(db, Actor.FromPrincipal(http.User), id, ct)))
            .Describe("getJob", "A background job's state, progress and result");
        jobs.MapPost("/{id:guid}/cancel", async (Guid id, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await JobQueue.CancelAsync(db, Actor.FromPrincipal(http.User), id, time.GetUtcNow(), ct)))
            .Describe("cancelJob", "Asks a queued or running job to stop");
        return app;
    }
}
