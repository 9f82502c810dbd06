using Cordon.Alerting;
using Cordon.Identity;
using Cordon.Server.Ui;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Alerts;

public sealed class IndexModel(CordonDb db, IStringLocalizer<UiText> text) : PageModel, IShowsRefusals
{
    public Actor Actor => Actor.FromPrincipal(User);
    public bool CanRaise => (Actor.Roles & (Roles.Analyst | Roles.Supervisor | Roles.AgencyAdmin)) != 0;
    public Inbox Inbox { get; private set; } = new(0, []);
    public string? Message { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostReadAsync(long? id, CancellationToken ct)
    {
        await AlertSubscriptions.MarkReadAsync(db, Actor, id is { } one ? [one] : null, ct);
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRaiseAsync(string? title, string? summary, string? severity, string? marking, string? office, string? commodity, CancellationToken ct)
    {
        var view = await global::Cordon.Alerting.Alerts.RaiseCustomAsync(db, Actor, new CustomAlertRequest(null, title, summary, severity, marking, office, commodity, null), ct);
        Message = text["Alert '{0}' raised ({1}); subscribers the agreements allow receive it now.", view.Title, view.Marking];
        await LoadAsync(ct);
        return Page();
    }

    public Task ReloadAsync(CancellationToken ct) => LoadAsync(ct);

    private async Task LoadAsync(CancellationToken ct) => Inbox = await AlertSubscriptions.InboxAsync(db, Actor, 0, 100, ct);
}
