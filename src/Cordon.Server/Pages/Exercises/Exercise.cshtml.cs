using Cordon.Exercises;
using Cordon.Identity;
using Cordon.Server.Ui;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cordon.Server.Pages.Exercises;

/// <summary>One exercise: its groups and injects, the director's start and finish, a participant's way in, the after-action report and its lessons.</summary>
public sealed class ExerciseModel(CordonDb db, TimeProvider clock) : PageModel, IShowsRefusals
{
    public ExerciseView Exercise { get; private set; } = null!;
    public bool Directs { get; private set; }
    public bool InThisExercise { get; private set; }
    [BindProperty] public string? LessonText { get; set; }
    [BindProperty] public string? LessonFor { get; set; }
    [BindProperty] public DateOnly? ReviewBy { get; set; }
    public FormRefusals Refusals => new(ModelState, _ => "other");

    [FromRoute] public Guid Id { get; set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostStartAsync(CancellationToken ct)
    {
        await Cordon.Exercises.Exercises.StartAsync(db, Actor.FromPrincipal(User), Id, clock.GetUtcNow(), ct);
        return Redirect($"/exercises/{Id}");
    }

    public async Task<IActionResult> OnPostFinishAsync(CancellationToken ct)
    {
        await Cordon.Exercises.Exercises.FinishAsync(db, Actor.FromPrincipal(User), Id, clock.GetUtcNow(), ct);
        return Redirect($"/exercises/{Id}");
    }

    /// <summary>Into the group's cell: from now on the session acts there, under the exercise banner.</summary>
    public async Task<IActionResult> OnPostEnterAsync([FromServices] IOptions<IdentitySettings> settings, CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(User);
        var cell = await Cordon.Exercises.Exercises.CellToEnterAsync(db, actor, Id, ct);
        var state = await Sessions.StartAsync(db, actor.UserId!.Value, settings.Value, ct);
        await SessionSetup.SignInAsync(HttpContext, state.InExercise(cell));
        return Redirect("/operations/map");
    }

    public async Task<IActionResult> OnPostLessonAsync(CancellationToken ct)
    {
        // The choice reads "procedure:REF" or "plan:ID".
        var (kind, value) = (LessonFor ?? "").Split(':', 2) is [var k, var v] ? (k, v) : ("", "");
        await Cordon.Exercises.Exercises.AddLessonAsync(db, Actor.FromPrincipal(User), Id,
            new LessonInput(LessonText, kind == "procedure" ? value : null, kind == "plan" && Guid.TryParse(value, out var plan) ? plan : null, ReviewBy), clock.GetUtcNow(), ct);
        return Redirect($"/exercises/{Id}#lessons");
    }

    public Task ReloadAsync(CancellationToken ct) => LoadAsync(ct);

    private async Task LoadAsync(CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(User);
        Exercise = await Cordon.Exercises.Exercises.ReadAsync(db, actor, Id, clock.GetUtcNow(), ct);
        InThisExercise = User.HasClaim(c => c.Type == Sessions.ExerciseCellClaim);
        Directs = Cordon.Exercises.Exercises.MayDirect(actor) && !InThisExercise && Exercise.Agency == await AgencyCodeAsync(actor, ct);
    }

    private Task<string?> AgencyCodeAsync(Actor actor, CancellationToken ct)
        => db.Agencies.Where(a => a.Id == actor.AgencyId).Select(a => a.Code).FirstOrDefaultAsync(ct);
}
