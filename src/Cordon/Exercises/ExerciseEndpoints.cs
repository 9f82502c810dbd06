using Cordon.Identity;
using Cordon.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cordon.Exercises;

public sealed record NewExercise(string? Scenario, string? Marking);

/// <summary>The API of joint exercises: record one from its scenario file, start, finish, read with its after-action report, draw lessons.</summary>
public static class ExerciseEndpoints
{
    public static IEndpointRouteBuilder MapExercises(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/exercises").RequireAuthorization().WithTags("Exercises");
        api.MapGet("/", async (HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct)
            => TypedResults.Ok(await Exercises.ListAsync(db, Actor.FromPrincipal(http.User), clock.GetUtcNow(), ct)))
            .Describe("listExercises", "The joint exercises the caller's agency directs or the caller takes part in, with groups, injects and status");
        api.MapGet("/{id:guid}", async (Guid id, HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct)
            => TypedResults.Ok(await Exercises.ReadAsync(db, Actor.FromPrincipal(http.User), id, clock.GetUtcNow(), ct)))
            .Describe("getExercise", "One exercise with its injects as played and its after-action report (times to acknowledge and resolve, steps on time, late or missed, lessons)");
        api.MapPost("/", async (NewExercise request, HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct) =>
        {
            var view = await Exercises.CreateAsync(db, Actor.FromPrincipal(http.User), request.Scenario, request.Marking, clock.GetUtcNow(), ct);
            return TypedResults.Created($"/api/exercises/{view.Id}", view);
        }).Describe("createExercise", "Records a joint exercise from its scenario file (the file's JSON text in 'scenario'): groups, participants and timed injects (audited)");
        api.MapPost("/{id:guid}/start", async (Guid id, HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct)
            => TypedResults.Ok(await Exercises.StartAsync(db, Actor.FromPrincipal(http.User), id, clock.GetUtcNow(), ct)))
            .Describe("startExercise", "Starts a planned exercise: a cell per group with its plans, the umpire's agreements; injects are played from now (audited)");
        api.MapPost("/{id:guid}/finish", async (Guid id, HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct)
            => TypedResults.Ok(await Exercises.FinishAsync(db, Actor.FromPrincipal(http.User), id, clock.GetUtcNow(), ct)))
            .Describe("finishExercise", "Finishes a running exercise: the after-action report becomes final and the participants' training records get the exercise (audited)");
        api.MapPost("/{id:guid}/lessons", async (Guid id, LessonInput request, HttpContext http, CordonDb db, TimeProvider clock, CancellationToken ct)
            => TypedResults.Ok(await Exercises.AddLessonAsync(db, Actor.FromPrincipal(http.User), id, request, clock.GetUtcNow(), ct)))
            .Describe("addExerciseLesson", "Records a lesson of a finished exercise as a review task on a procedure (its review is brought forward) or a response plan; the owner is alerted (audited)");
        return app;
    }
}
