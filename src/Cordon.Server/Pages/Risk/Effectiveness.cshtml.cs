using Cordon.Identity;
using Cordon.Risk.Criteria;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Server.Pages.Risk;

/// <summary>One criterion's effectiveness by week: fire rate, hit rate and revenue per inspection, from the recorded lane decisions.</summary>
public sealed class EffectivenessModel(CordonDb db) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty(SupportsGet = true)] public int? Weeks { get; set; }
    public CriterionEffectivenessView? Result { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(User);
        var policy = await AccessPolicy.ForAsync(db, actor, RequestPurpose.Of(HttpContext), ct: ct);
        try
        {
            Result = await CriterionEffectiveness.WeeklyAsync(db, actor, policy, Id, Math.Clamp(Weeks ?? 12, 1, 104), ct);
        }
        catch (Common.NotFound)
        {
            return NotFound();
        }
        return Page();
    }
}
