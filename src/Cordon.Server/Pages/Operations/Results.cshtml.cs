using Cordon.Identity;
using Cordon.Messaging;
using Cordon.Operations;
using Cordon.Server.Pages.Messages;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Server.Pages.Operations;

public sealed class ResultsModel(CordonDb db, ChannelKeys keys, TimeProvider clock, PlanningRules rules, ImpactRules impact) : PageModel
{
    public OperationResultsView? Results { get; private set; }
    public string Purpose { get; private set; } = "";
    public BorderCoverageView? Border { get; private set; }
    public ChannelPanel? Panel { get; private set; }

    public async Task OnGetAsync(Guid id, CancellationToken ct)
    {
        var purpose = RequestPurpose.Of(HttpContext);
        Purpose = purpose.Name();
        var policy = await AccessPolicy.ForAsync(db, Actor.FromPrincipal(User), purpose, ct: ct);
        Results = await OperationResults.ForAsync(db, policy, id, ct);
        Border = await BorderCoverage.ForAsync(db, policy, id, null, ct, rules.RouteCoverMetres, impact);
        Panel = await ChannelPanel.LoadAsync(HttpContext, db, keys, ChannelKind.Operation, id, Results.Name, clock.GetUtcNow(), ct);
    }
}
