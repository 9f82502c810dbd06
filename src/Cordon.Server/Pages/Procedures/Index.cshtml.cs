using Cordon.Identity;
using Cordon.Procedures;
using Cordon.Server.Ui;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Server.Pages.Procedures;

/// <summary>The procedures the reader may see, by process, and writing a new one (a first draft).</summary>
public sealed class IndexModel(CordonDb db, TimeProvider clock) : PageModel, IShowsRefusals
{
    [BindProperty(SupportsGet = true)] public string? Process { get; set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public List<string> Processes { get; set; } = [];
    [BindProperty] public List<string> ScopeRoles { get; set; } = [];
    [BindProperty] public string? ScopeAgencies { get; set; }
    [BindProperty] public int ReviewPeriodMonths { get; set; } = 12;
    [BindProperty] public string Marking { get; set; } = "TLP:GREEN";
    [BindProperty] public string? Body { get; set; }

    public List<ProcedureView> List { get; private set; } = [];
    public FormRefusals Refusals => new(ModelState, _ => "other");
    public bool CanDraft { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var created = await Cordon.Procedures.Procedures.CreateAsync(db, Actor.FromPrincipal(User),
            new ProcedureInput(Title, (ScopeAgencies ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), [.. ScopeRoles], [.. Processes],
                ReviewPeriodMonths, Marking, [], Body, null), clock.GetUtcNow(), ct);
        return Redirect($"/procedures/{created.Id}");
    }

    public Task ReloadAsync(CancellationToken ct) => LoadAsync(ct);

    private async Task LoadAsync(CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(User);
        CanDraft = actor.AgencyId is not null && (actor.Roles & Cordon.Procedures.Procedures.MayDraft) != 0;
        var policy = await AccessPolicy.ForAsync(db, actor, RequestPurpose.Of(HttpContext), ct: ct);
        var process = ProcedureProcesses.All.Contains(Process ?? "") ? Process : null;
        List = await Cordon.Procedures.Procedures.ListAsync(db, policy, process, clock.GetUtcNow(), ct);
    }
}
