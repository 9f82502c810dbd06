using Cordon.Common;
using Cordon.Identity;
using Cordon.Jobs;
using Cordon.Risk;
using Cordon.Risk.Model;
using Cordon.Server.Ui;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Server.Pages.Risk;

/// <summary>The model registry: versions, training windows, holdout evaluation charts; train and activate.</summary>
public sealed class ModelsModel(CordonDb db) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Version { get; set; }
    [BindProperty] public DateOnly? Until { get; set; }

    public Actor Actor => Actor.FromPrincipal(User);
    public bool CanTrain => (Actor.Roles & (Roles.Analyst | Roles.Supervisor | Roles.Operator)) != 0 && Actor.AgencyId is not null;
    public IReadOnlyList<RiskModelView> Rows { get; private set; } = [];
    public RiskModelView? Shown { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    private async Task LoadAsync(CancellationToken ct)
    {
        Rows = await RiskModels.ListAsync(db, Actor, ct: ct);
        Shown = Rows.FirstOrDefault(m => m.Version == Version) ?? Rows.FirstOrDefault(m => m.Active) ?? Rows.FirstOrDefault();
    }

    public async Task<IActionResult> OnPostTrainAsync(CancellationToken ct)
    {
        try
        {
            var who = JobActor.Of(Actor);
            RiskModels.RequireAnalyst(Actor, who.AgencyId);
            await JobQueue.EnqueueAsync(db, Actor, TrainModelJob.JobKind, "Train risk model" + (Until is { } u ? $" until {u:yyyy-MM-dd}" : ""), new TrainJobPayload(who, Until, true), ct: ct);
            return Redirect("/jobs");
        }
        catch (CordonException e)
        {
            ModelState.AddCordonError(e);
            await LoadAsync(ct);
            return Page();
        }
    }

    public async Task<IActionResult> OnPostActivateAsync(int version, CancellationToken ct)
    {
        try
        {
            await RiskModels.ActivateAsync(db, Actor, JobActor.Of(Actor).AgencyId, version, ct);
            return Redirect($"/risk/models?version={version}");
        }
        catch (CordonException e)
        {
            ModelState.AddCordonError(e);
            await LoadAsync(ct);
            return Page();
        }
    }
}
