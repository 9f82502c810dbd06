using Cordon.Identity;
using Cordon.Risk.Measures;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Server.Pages.Risk;

/// <summary>The measures the reader may see, with the reviews that are due.</summary>
public sealed class MeasureListModel(CordonDb db, TimeProvider clock) : PageModel
{
    public List<MeasureView> List { get; private set; } = [];
    public bool CanWrite { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(User);
        CanWrite = actor.AgencyId is not null && (actor.Roles & Cordon.Risk.Measures.Measures.Writers) != 0;
        List = await Cordon.Risk.Measures.Measures.ListAsync(db, await AccessPolicy.ForAsync(db, actor, RequestPurpose.Of(HttpContext), ct: ct), clock.GetUtcNow(), ct);
    }
}
