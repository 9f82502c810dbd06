using Cordon.Alerting;
using Cordon.Identity;
using Cordon.Server.Ui;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Alerts;

public sealed class SubscriptionsModel(CordonDb db, TimeProvider clock, IStringLocalizer<UiText> text) : PageModel, IShowsRefusals
{
    public Actor Actor => Actor.FromPrincipal(User);
    public bool IsAdmin => Actor.Has(Roles.AgencyAdmin);
    public IReadOnlyList<SubscriptionView> Rows { get; private set; } = [];
    public string? Message { get; private set; }
    /// <summary>The new webhook secret, shown on this response only.</summary>
    public string? Secret { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(string? name, string[] kinds, string? office, string? commodity, string? maxMarking, string? purpose,
        string? channel, string? webhookUrl, bool agencyWide, string? band, string? referredTo, CancellationToken ct)
    {
        var view = await AlertSubscriptions.CreateAsync(db, Actor, new SubscriptionInput(name, kinds, office, commodity, maxMarking, purpose, channel, webhookUrl, agencyWide, band, referredTo), ct,
            HttpContext.RequestServices.GetRequiredService<WebhookDestinationOptions>());
        Message = text["Subscription '{0}' created.", view.Name];
        Secret = view.Secret;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid id, CancellationToken ct)
    {
        await AlertSubscriptions.CancelAsync(db, Actor, id, ct);
        Message = text["Subscription cancelled."];
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRetryAsync(Guid id, CancellationToken ct)
    {
        Message = text["{0} webhook deliveries queued for another attempt now.", await AlertSubscriptions.RetryAsync(db, Actor, id, clock.GetUtcNow(), ct)];
        await LoadAsync(ct);
        return Page();
    }

    public Task ReloadAsync(CancellationToken ct) => LoadAsync(ct);

    private async Task LoadAsync(CancellationToken ct) => Rows = await AlertSubscriptions.ListAsync(db, Actor, ct);
}
