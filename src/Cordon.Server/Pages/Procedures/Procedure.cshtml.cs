using Cordon.Identity;
using Cordon.Procedures;
using Cordon.Resources;
using Cordon.Server.Ui;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Procedures;

/// <summary>One procedure: its text in force, its versions, acknowledging it, and for its owner drafting, approving and reviewing.</summary>
public sealed class ProcedureModel(CordonDb db, TimeProvider clock, IStringLocalizer<UiText> text) : PageModel, IShowsRefusals
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public string? Body { get; set; }
    [BindProperty] public string? ChangeNote { get; set; }
    [BindProperty] public int Version { get; set; }
    /// <summary>The qualifications a patrol this procedure governs needs (set by whoever approves it).</summary>
    [BindProperty] public List<string> Needs { get; set; } = [];
    [BindProperty] public bool NeedsRefuse { get; set; }

    public ProcedureView? View { get; private set; }
    public AcknowledgmentList? Acknowledgments { get; private set; }
    public bool InScope { get; private set; }
    public DateTimeOffset? AcknowledgedAt { get; private set; }
    public bool CanDraft { get; private set; }
    public bool CanApprove { get; private set; }
    public string? Done { get; private set; }
    public FormRefusals Refusals => new(ModelState, _ => "other");

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return View is null ? NotFound() : Page();
    }

    public Task<IActionResult> OnPostAcknowledgeAsync(CancellationToken ct)
        => ActAsync(async (policy, now) => await Cordon.Procedures.Procedures.AcknowledgeAsync(db, policy, Id, now, ct), text["You confirmed reading the version in force."], ct);

    public Task<IActionResult> OnPostDraftAsync(CancellationToken ct)
        => ActAsync(async (policy, now) => await Cordon.Procedures.Procedures.DraftAsync(db, policy.Actor, Id, new DraftInput(Body, ChangeNote), now, ct), text["Draft saved: it is in force once approved."], ct);

    public Task<IActionResult> OnPostApproveAsync(CancellationToken ct)
        => ActAsync(async (policy, now) => await Cordon.Procedures.Procedures.ApproveAsync(db, policy.Actor, Id, Version, now, ct), text["Version {0} approved: it is now in force.", Version], ct);

    public Task<IActionResult> OnPostReviewAsync(CancellationToken ct)
        => ActAsync(async (policy, now) => await Cordon.Procedures.Procedures.ConfirmReviewAsync(db, policy.Actor, Id, now, ct), text["Review recorded: the version in force stays."], ct);

    public Task<IActionResult> OnPostNeedsAsync(CancellationToken ct)
        => ActAsync(async (policy, now) => await QualificationNeeds.SetForProcedureAsync(db, policy.Actor, Id, new NeedsInput(Needs.ToArray(), NeedsRefuse), now, ct), text["Qualifications needed saved."], ct);

    private async Task<IActionResult> ActAsync(Func<AccessPolicy, DateTimeOffset, Task<object>> act, string done, CancellationToken ct)
    {
        ModelState.Clear();
        await act(await AccessPolicy.ForAsync(db, Actor.FromPrincipal(User), RequestPurpose.Of(HttpContext), ct: ct), clock.GetUtcNow());
        Done = done;
        Body = null;
        ChangeNote = null;
        await LoadAsync(ct);
        return View is null ? NotFound() : Page();
    }

    public Task ReloadAsync(CancellationToken ct) => LoadAsync(ct);

    private async Task LoadAsync(CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(User);
        var policy = await AccessPolicy.ForAsync(db, actor, RequestPurpose.Of(HttpContext), ct: ct);
        var procedure = await db.Procedures.AsNoTracking().FirstOrDefaultAsync(p => p.Id == Id, ct);
        if (procedure is null)
        {
            return;
        }
        (View, _) = await Cordon.Procedures.Procedures.ReadAsync(db, policy, Id, RequestPurpose.BreakGlass(HttpContext), clock.GetUtcNow(), ct);
        var own = actor.AgencyId == procedure.OwningAgencyId;
        CanDraft = own && (actor.Roles & Cordon.Procedures.Procedures.MayDraft) != 0;
        CanApprove = own && (actor.Roles & Cordon.Procedures.Procedures.MayApprove) != 0;
        var code = await db.Agencies.Where(a => a.Id == actor.AgencyId).Select(a => a.Code).FirstOrDefaultAsync(ct);
        InScope = code is not null && Cordon.Procedures.Procedures.InScope(procedure, code, actor.Roles);
        AcknowledgedAt = await Cordon.Procedures.Procedures.AcknowledgedAtAsync(db, actor, procedure, ct);
        if ((actor.Roles & Cordon.Procedures.Procedures.MayApprove) != 0 && actor.AgencyId is not null)
        {
            Acknowledgments = await Cordon.Procedures.Procedures.AcknowledgmentsAsync(db, policy, Id, ct);
        }
        Body ??= View.Versions.FirstOrDefault()?.Body ?? View.Body;
        Needs = [.. procedure.Needs];
        NeedsRefuse = procedure.NeedsRefuse;
    }
}
