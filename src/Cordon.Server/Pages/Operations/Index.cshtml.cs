using Cordon.Identity;
using Cordon.Operations;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Server.Pages.Operations;

public sealed class IndexModel(CordonDb db, TimeProvider clock) : PageModel
{
    public List<OperationView> Operations { get; } = [];
    public List<PatrolView> Patrols { get; } = [];
    public List<QualificationView> Qualifications { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var policy = await AccessPolicy.ForAsync(db, Actor.FromPrincipal(User), RequestPurpose.Of(HttpContext), ct: ct);
        foreach (var o in await policy.Filter(db.Operations.AsNoTracking(), RecordTypes.Operation).OrderByDescending(o => o.StartsAt).ToListAsync(ct))
        {
            Operations.Add(await OperationPlanning.ViewAsync(db, o, ct));
            Patrols.AddRange(await OperationPlanning.PatrolsAsync(db, policy, o.Id, ct: ct));
        }
        Qualifications = await OperationPlanning.QualificationsAsync(db, policy, clock.GetUtcNow(), ct);
    }
}
