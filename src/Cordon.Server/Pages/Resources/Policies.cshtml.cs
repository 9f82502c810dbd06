using Cordon.Identity;
using Cordon.Resources;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Server.Pages.Resources;

/// <summary>The agency's insurance policies (lapsing soonest first), the assets no policy in force covers, and its claims.</summary>
public sealed class PoliciesModel(CordonDb db, TimeProvider clock) : PageModel
{
    public List<PolicyView> Policies { get; private set; } = [];
    public List<UncoveredAsset> Uncovered { get; private set; } = [];
    public List<ClaimView> Claims { get; private set; } = [];
    public bool Member { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(User);
        if (actor.AgencyId is not { } agency)
        {
            return;
        }
        Member = true;
        var now = clock.GetUtcNow();
        Policies = await Insurance.ListAsync(db, actor, now, ct);
        Uncovered = await Insurance.UncoveredAsync(db, agency, AssetRegister.Today(now), ct);
        Claims = await Cordon.Resources.Claims.ListAsync(db, actor, null, ct);
    }
}
