using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Server.Pages.Sharing;

public sealed class AgreementModel(CordonDb db, TimeProvider clock) : PageModel
{
    public AgreementView Agreement { get; private set; } = null!;
    public IReadOnlyList<AgreementVersionView> Versions { get; private set; } = [];

    public async Task OnGetAsync(Guid id, CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(User);
        Agreement = await Agreements.GetAsync(db, actor, id, clock.GetUtcNow(), ct);
        Versions = await Agreements.VersionsAsync(db, actor, id, ct);
    }
}
