using Cordon.Common;
using Cordon.Identity;
using Cordon.Jobs;
using Cordon.Risk;
using Cordon.Risk.Lanes;
using Cordon.Server.Ui;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Server.Pages.Risk;

/// <summary>Lane distribution per office over time; start an assignment; set office capacity.</summary>
public sealed class LanesModel(CordonDb db, TimeProvider clock) : PageModel, IShowsRefusals
{
    [BindProperty(SupportsGet = true)] public int Days { get; set; } = 30;
    [BindProperty] public DateOnly? From { get; set; }
    [BindProperty] public DateOnly? To { get; set; }
    [BindProperty] public string? Office { get; set; }
    [BindProperty] public int? Red { get; set; }
    [BindProperty] public int? Yellow { get; set; }

    public Actor Actor => Actor.FromPrincipal(User);
    public bool CanAssign => (Actor.Roles & (Roles.Supervisor | Roles.Analyst | Roles.Operator)) != 0 && Actor.AgencyId is not null;
    public IReadOnlyList<LaneCount> Counts { get; private set; } = [];
    public IReadOnlyList<OfficeCapacity> Capacities { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task ReloadAsync(CancellationToken ct) => LoadAsync(ct);

    private async Task LoadAsync(CancellationToken ct)
    {
        var policy = await AccessPolicy.ForAsync(db, Actor, RequestPurpose.Of(HttpContext), ct: ct);
        Counts = await LaneQueries.DistributionAsync(policy.Filter(db.LaneDecisions.AsNoTracking(), RecordTypes.LaneDecision), Days, ct, policy);
        Capacities = Actor.AgencyId is { } a ? await db.OfficeCapacities.AsNoTracking().Where(c => c.OwningAgencyId == a).OrderBy(c => c.Office).ToListAsync(ct) : [];
    }

    public async Task<IActionResult> OnPostAssignAsync(CancellationToken ct)
    {
        var who = JobActor.Of(Actor);
        if (!CanAssign) throw new Forbidden("Assigning lanes is for the agency's supervisors, analysts and operators.");
        var from = From ?? await LaneQueries.LastLodgementDayAsync(db, who.AgencyId, ct) ?? throw ValidationFailed.Field("from", "The agency has no declarations.");
        var to = To ?? from;
        if (to < from) throw ValidationFailed.Field("to", "The period ends before it starts.");
        var office = string.IsNullOrWhiteSpace(Office) ? null : Office.Trim();
        await JobQueue.EnqueueAsync(db, Actor, AssignLanesJob.JobKind, AssignLanesJob.Title(from, to, office), new LaneJobPayload(who, from, to, office), clock.GetUtcNow(), ct: ct);
        return Redirect("/jobs");
    }

    public async Task<IActionResult> OnPostCapacityAsync(CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (Red is null) errors.Add("red", "Required: physical inspections per day.");
        if (Yellow is null) errors.Add("yellow", "Required: documentary checks per day.");
        errors.ThrowIfAny();
        await Cordon.Risk.Lanes.Lanes.SetCapacityAsync(db, Actor, JobActor.Of(Actor).AgencyId, Office ?? "", Red!.Value, Yellow!.Value, ct);
        return Redirect("/risk/lanes");
    }
}
