using Cordon.Common;
using Cordon.Identity;
using Cordon.Messaging;
using Cordon.Operations;
using Cordon.Server.Pages.Messages;
using Cordon.Server.Ui;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Operations;

public sealed class IncidentModel(CordonDb db, ChannelKeys keys, TimeProvider clock, IStringLocalizer<UiText> text) : PageModel
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
        try
        {
            await action();
            return Redirect($"/operations/incidents/{id}");
        }
        catch (ValidationFailed e)
        {
            ModelState.AddCordonError(e, text);
            await OnGetAsync(id, ct);
            return Page();
        }
    }

    private Task<AccessPolicy> PolicyAsync(CancellationToken ct) => AccessPolicy.ForAsync(db, Actor.FromPrincipal(User), RequestPurpose.Of(HttpContext), ct: ct);
}
