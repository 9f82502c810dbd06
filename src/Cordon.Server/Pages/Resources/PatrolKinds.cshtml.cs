using Cordon.Identity;
using Cordon.Resources;
using Cordon.Server.Ui;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Server.Pages.Resources;

/// <summary>The agency's patrol kinds: the qualifications each member needs, and whether a gap refuses the plan or warns.</summary>
public sealed class PatrolKindsModel(CordonDb db, TimeProvider clock) : PageModel, IShowsRefusals
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public List<string> Needs { get; set; } = [];
    [BindProperty] public bool Refuse { get; set; }

    public List<PatrolKindView> Kinds { get; private set; } = [];
    public bool CanConfigure { get; private set; }
    public bool Member { get; private set; }
    public PatrolKindView? Saved { get; private set; }
    public FormRefusals Refusals => new(ModelState, FormRefusals.ByField);

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        Saved = await PatrolKinds.SetAsync(db, Actor.FromPrincipal(User), new PatrolKindInput(Name, Needs.ToArray(), Refuse), clock.GetUtcNow(), ct);
        (Name, Needs, Refuse) = (null, [], false);
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid id, CancellationToken ct)
    {
        ModelState.Clear();
        await PatrolKinds.RemoveAsync(db, Actor.FromPrincipal(User), id, ct);
        await LoadAsync(ct);
        return Page();
    }

    public Task ReloadAsync(CancellationToken ct) => LoadAsync(ct);

    private async Task LoadAsync(CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(User);
        if (actor.AgencyId is null)
        {
            return;
        }
        Member = true;
        CanConfigure = actor.Has(Roles.Supervisor) || actor.Has(Roles.AgencyAdmin);
        Kinds = await PatrolKinds.ListAsync(db, actor, ct);
    }
}
