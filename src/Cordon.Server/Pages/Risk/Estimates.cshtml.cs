using Cordon.Identity;
using Cordon.Risk.Performance;
using Cordon.Server.Ui;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Server.Pages.Risk;

/// <summary>Estimates of the whole traffic from the lanes' random picks, with their 95 % intervals and the sample size needed.</summary>
public sealed class EstimatesModel(CordonDb db, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Office { get; set; }
    [BindProperty(SupportsGet = true)] public string Lane { get; set; } = "red";
    /// <summary>The requested interval half-width in percentage points.</summary>
    [BindProperty(SupportsGet = true)] public double HalfWidthPoints { get; set; } = 1;

    public RandomSampleEstimate? Result { get; private set; }
    /// <summary>Why no estimate was made, field by field ("field: message").</summary>
    public IReadOnlyList<string> Refusals => new FormRefusals(ModelState, _ => "other").For("other");

    public async Task OnGetAsync(CancellationToken ct)
    {
        To ??= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        From ??= To.Value.AddDays(-365);
        // Refusals (a period or interval out of range) are shown on the form by RefusalsOnTheForm.
        Result = await RandomSampleEstimates.EstimateAsync(db, Actor.FromPrincipal(User), From.Value, To.Value, Office, Lane, HalfWidthPoints / 100, ct: ct);
    }
}
