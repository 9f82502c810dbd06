using Cordon.Identity;
using Cordon.Operations;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Server.Pages.Operations;

public sealed class IncidentsModel(CordonDb db) : PageModel
{
    public List<IncidentRow> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var policy = await AccessPolicy.ForAsync(db, Actor.FromPrincipal(User), RequestPurpose.Of(HttpContext), ct: ct);
        Rows = await LiveMap.IncidentRowsAsync(db, policy, 500, ct);
    }
}
