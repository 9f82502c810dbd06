using System.Globalization;
using Cordon.Common;
using Cordon.Operations;
using Cordon.Server.Ui;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Operations;

/// <summary>Creates a joint operation led by the planner's agency.</summary>
public sealed class NewModel(CordonDb db, TimeProvider clock, IStringLocalizer<UiText> text) : OperationFormModel(db, clock, text)
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
            try
            {
                var created = await OperationPlanning.CreateAsync(Db, actor, input, Clock.GetUtcNow(), ct);
                return Redirect($"/operations/{created.Id}/edit?created=true");
            }
            catch (CordonException e)
            {
                Refusals.Add(e, Text);
            }
        }
        await LoadChoicesAsync(lead, ct);
        return Page();
    }
}
