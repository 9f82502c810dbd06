using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;

namespace Cordon.Server.Pages.Procedures;

/// <summary>The procedures in force for a process, linked where that work happens (the inspection and seizure pages).</summary>
public sealed class ProceduresInScopeViewComponent(CordonDb db, TimeProvider clock) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(string process)
    {
        var actor = Actor.FromPrincipal(UserClaimsPrincipal);
        var policy = await AccessPolicy.ForAsync(db, actor, RequestPurpose.Of(HttpContext), ct: HttpContext.RequestAborted);
        return View(await Cordon.Procedures.Procedures.ListAsync(db, policy, process, clock.GetUtcNow(), HttpContext.RequestAborted));
    }
}
