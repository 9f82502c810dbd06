using Cordon.Identity;
using Cordon.Resources;
using Cordon.Server.Ui;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Cordon.Server.Pages.Resources;

/// <summary>One asset through the shared view: its facts, history and work orders; for its owner, its claims, its sensor's last detection, a status change and a work order.</summary>
public sealed class AssetModel(CordonDb db, TimeProvider clock, IStringLocalizer<UiText> text, IOptions<ResourceOptions> options) : PageModel, IShowsRefusals
{
    [BindProperty] public string? NewStatus { get; set; }
    [BindProperty] public string? Work { get; set; }
    [BindProperty] public string? PerformedBy { get; set; }
    [BindProperty] public DateOnly? StartedOn { get; set; }
    [BindProperty] public DateOnly? CompletedOn { get; set; }

    public AssetView? View { get; private set; }
    public List<ClaimView> Claims { get; private set; } = [];
    /// <summary>For the owner, a sensor's last detection and whether it is possibly down.</summary>
    public SensorState? Sensor { get; private set; }
    public bool Own { get; private set; }
    public DateOnly Today { get; private set; }
    public FormRefusals Refusals => new(ModelState, FormRefusals.ByField);
    public string? Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        return Page();
    }

    public Task<IActionResult> OnPostStatusAsync(Guid id, CancellationToken ct)
        => ChangeAsync(id, async actor => await AssetRegister.SetStatusAsync(db, actor, id, NewStatus, clock.GetUtcNow(), ct), ct);

    public Task<IActionResult> OnPostWorkAsync(Guid id, CancellationToken ct)
        => ChangeAsync(id, async actor => await Maintenance.RecordWorkAsync(db, actor, id, new WorkOrderInput(Work, PerformedBy, StartedOn, CompletedOn), clock.GetUtcNow(), ct), ct);

    private async Task<IActionResult> ChangeAsync(Guid id, Func<Actor, Task<object>> change, CancellationToken ct)
    {
        ModelState.Clear();
        await change(Actor.FromPrincipal(User));
        Done = text["Saved."];
        (Work, PerformedBy, StartedOn, CompletedOn) = (null, null, null, null);
        await LoadAsync(id, ct);
        return Page();
    }

    public Task ReloadAsync(CancellationToken ct) => LoadAsync(this.RouteId(), ct);

    private async Task LoadAsync(Guid id, CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(User);
        var now = clock.GetUtcNow();
        Today = AssetRegister.Today(now);
        // A denied read throws Forbidden naming the missing agreement (shown by the error pages).
        View = await AssetRegister.ReadAsync(db, await AccessPolicy.ForAsync(db, actor, RequestPurpose.Of(HttpContext), now, ct), id, ct);
        Own = View.Owner == (await AgencyCodeAsync(actor, ct));
        if (Own)
        {
            Claims = await Cordon.Resources.Claims.ListAsync(db, actor, id, ct);
            Sensor = (await SensorHealth.ForAsync(db, actor.AgencyId, now, TimeSpan.FromHours(options.Value.SensorSilentHours), ct, [id])).SingleOrDefault();
        }
    }

    private async Task<string?> AgencyCodeAsync(Actor actor, CancellationToken ct)
        => actor.AgencyId is { } a ? (await db.Agencies.FindAsync([a], ct))?.Code : null;
}
