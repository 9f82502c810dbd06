using Cordon.Exercises;
using Cordon.Identity;
using Cordon.Server.Ui;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Cordon.Server.Pages.Exercises;

/// <summary>The exercises the reader directs or takes part in; a director records one from its scenario file.</summary>
public sealed class ExerciseListModel(CordonDb db, TimeProvider clock) : PageModel, IShowsRefusals
{
    public List<ExerciseView> List { get; private set; } = [];
    public bool MayDirect { get; private set; }
    [BindProperty] public string Marking { get; set; } = "TLP:AMBER";
    public FormRefusals Refusals => new(ModelState, _ => "other");

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(IFormFile? scenario, CancellationToken ct)
    {
        string? text = null;
        if (scenario is { Length: > 0 and <= ExerciseLimits.Scenario })
        {
            using var reader = new StreamReader(scenario.OpenReadStream());
            text = await reader.ReadToEndAsync(ct);
        }
        var created = await Cordon.Exercises.Exercises.CreateAsync(db, Actor.FromPrincipal(User), text, Marking, clock.GetUtcNow(), ct);
        return Redirect($"/exercises/{created.Id}");
    }

    /// <summary>Back to the user's own agency from an exercise cell.</summary>
    public async Task<IActionResult> OnPostLeaveAsync([FromServices] IOptions<IdentitySettings> settings, CancellationToken ct)
    {
        var user = Actor.FromPrincipal(User).UserId ?? throw new Common.Forbidden("Only a signed-in user leaves an exercise.");
        var state = await Sessions.StartAsync(db, user, settings.Value, ct);
        await SessionSetup.SignInAsync(HttpContext, state);
        return Redirect("/exercises");
    }

    public Task ReloadAsync(CancellationToken ct) => LoadAsync(ct);

    private async Task LoadAsync(CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(User);
        MayDirect = Cordon.Exercises.Exercises.MayDirect(actor) && !User.HasClaim(c => c.Type == Sessions.ExerciseCellClaim);
        List = await Cordon.Exercises.Exercises.ListAsync(db, actor, clock.GetUtcNow(), ct);
    }
}
