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
    /// <summary>The unit picked; none for the whole agency.</summary>
    public string? Unit { get; private set; }
    /// <summary>The agency's units to pick from.</summary>
    public List<string> Units { get; private set; } = [];
    public CapacityView? View { get; private set; }
    public FormRefusals Refusals => new(ModelState, FormRefusals.ByField);

    public async Task OnGetAsync(int? days, string? unit, CancellationToken ct)
    {
        Days = days ?? 14;
        Unit = unit;
        var actor = Actor.FromPrincipal(User);
        if (actor.AgencyId is not { } agency)
        {
            return;
        }
        Units = await Cordon.Identity.Units.OfAgencyAsync(db, agency, ct);
        View = await Capacity.ForAsync(db, actor, Days, unit, clock.GetUtcNow(), ct);
        Unit = View.Unit;
    }
}
