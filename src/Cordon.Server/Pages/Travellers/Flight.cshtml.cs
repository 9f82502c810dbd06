using Cordon.Sharing;
using Cordon.Storage;
using Cordon.Travellers;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Server.Pages.Travellers;

/// <summary>One flight's or voyage's list: every traveller with the decision and its reasons, those to act on first.</summary>
public sealed class FlightModel(CordonDb db) : PageModel
{
    public TravellerQueries.ManifestDetail Detail { get; private set; } = null!;

    public async Task OnGetAsync(Guid id, CancellationToken ct)
        => Detail = await TravellerQueries.GetManifestAsync(db, await RequestPurpose.PolicyAsync(HttpContext, db, ct), id, ct, RequestPurpose.BreakGlass(HttpContext));
}
