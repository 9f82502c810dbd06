using System.Globalization;
using Cordon.Operations;
using Cordon.Server.Ui;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Operations;

/// <summary>Creates a joint operation led by the planner's agency.</summary>
public sealed class NewModel(CordonDb db, TimeProvider clock, IStringLocalizer<UiText> text) : OperationFormModel(db, clock, text), IShowsRefusals
{
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (ActorOf(this).AgencyId is not { } lead)
        {
            return Forbid();
        }
        await LoadChoicesAsync(lead, ct);
        var start = Clock.GetUtcNow().UtcDateTime.Date.AddDays(1).AddHours(6);
        StartsAt ??= start.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
        EndsAt ??= start.AddDays(14).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var actor = ActorOf(this);
        if (actor.AgencyId is not { } lead)
        {
            return Forbid();
        }
        if (Input("planned") is { } input)
        {
            var created = await OperationPlanning.CreateAsync(Db, actor, input, Clock.GetUtcNow(), ct);
            return Redirect($"/operations/{created.Id}/edit?created=true");
        }
        await LoadChoicesAsync(lead, ct);
        return Page();
    }

    public Task ReloadAsync(CancellationToken ct) => LoadChoicesAsync(ActorOf(this).AgencyId!.Value, ct);
}
