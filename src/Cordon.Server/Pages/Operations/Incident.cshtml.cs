using Cordon.Identity;
using Cordon.Messaging;
using Cordon.Operations;
using Cordon.Server.Pages.Messages;
using Cordon.Server.Ui;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Server.Pages.Operations;

public sealed class IncidentModel(CordonDb db, ChannelKeys keys, TimeProvider clock) : PageModel, IShowsRefusals
{
    public IncidentView? Incident { get; private set; }
    public ChannelPanel? Panel { get; private set; }

    public async Task OnGetAsync(Guid id, CancellationToken ct)
    {
        Incident = await IncidentResponse.ReadAsync(db, await PolicyAsync(ct), id, clock.GetUtcNow(), ct);
        Panel = await ChannelPanel.LoadAsync(HttpContext, db, keys, ChannelKind.Incident, id, Incident.Title ?? id.ToString(), clock.GetUtcNow(), ct);
    }

    public async Task<IActionResult> OnPostDoneAsync(Guid id, Guid task, CancellationToken ct)
    {
        var policy = await PolicyAsync(ct);
        return await Try(() => IncidentResponse.CompleteStepAsync(db, policy.Actor, policy, id, task, clock.GetUtcNow(), ct), id, ct);
    }

    public async Task<IActionResult> OnPostUpdateAsync(Guid id, string? text, bool resolve, CancellationToken ct)
    {
        var policy = await PolicyAsync(ct);
        return await Try(() => IncidentResponse.AddUpdateAsync(db, policy.Actor, policy, id, text, resolve, clock.GetUtcNow(), ct), id, ct);
    }

    private async Task<IActionResult> Try(Func<Task<IncidentView>> action, Guid id, CancellationToken ct)
    {
        await action();
        return Redirect($"/operations/incidents/{id}");
    }

    public Task ReloadAsync(CancellationToken ct) => OnGetAsync(this.RouteId(), ct);

    private Task<AccessPolicy> PolicyAsync(CancellationToken ct) => AccessPolicy.ForAsync(db, Actor.FromPrincipal(User), RequestPurpose.Of(HttpContext), ct: ct);
}
