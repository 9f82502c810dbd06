using Cordon.Identity;
using Cordon.Resources;
using Cordon.Server.Ui;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Server.Pages.Resources;

/// <summary>Skills against needs for the reader's agency over the coming days: needed, available, gaps and expiries ahead.</summary>
public sealed class CapacityModel(CordonDb db, TimeProvider clock) : PageModel
{
    public static readonly int[] Periods = [7, 14, 30, 60, 90];

    public int Days { get; private set; } = 14;
    public CapacityView? View { get; private set; }
    public FormRefusals Refusals => new(ModelState, FormRefusals.ByField);

    public async Task OnGetAsync(int? days, CancellationToken ct)
    {
        Days = days ?? 14;
        var actor = Actor.FromPrincipal(User);
        if (actor.AgencyId is null)
        {
            return;
        }
        View = await Capacity.ForAgencyAsync(db, actor, Days, clock.GetUtcNow(), ct);
    }
}
