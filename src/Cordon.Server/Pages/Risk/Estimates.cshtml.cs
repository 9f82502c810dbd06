using Cordon.Common;
using Cordon.Identity;
using Cordon.Risk.Performance;
using Cordon.Server.Ui;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Risk;

/// <summary>Estimates of the whole traffic from the lanes' random picks, with their 95 % intervals and the sample size needed.</summary>
public sealed class EstimatesModel(CordonDb db, TimeProvider clock, IStringLocalizer<UiText> text) : PageModel
{
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Office { get; set; }
    [BindProperty(SupportsGet = true)] public string Lane { get; set; } = "red";
    /// <summary>The requested interval half-width in percentage points.</summary>
    [BindProperty(SupportsGet = true)] public double HalfWidthPoints { get; set; } = 1;

    public RandomSampleEstimate? Result { get; private set; }
    public string? Refusal { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        To ??= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        From ??= To.Value.AddDays(-365);
        try
        {
            Result = await RandomSampleEstimates.EstimateAsync(db, Actor.FromPrincipal(User), From.Value, To.Value, Office, Lane, HalfWidthPoints / 100, ct: ct);
        }
        catch (CordonException e)
        {
            Refusal = e is ValidationFailed v ? string.Join(" ", text.SayFields(v).SelectMany(f => f.Value.Select(m => $"{f.Key}: {m}"))) : text.Say(e);
        }
    }
}
