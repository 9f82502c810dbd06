using Cordon.Sharing;
using Cordon.Storage;
using Cordon.Travellers;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Server.Pages.Travellers;

/// <summary>Immigration's list: people under the short-stay rule who are in the country beyond their allowance.</summary>
public sealed class OverstayersModel(CordonDb db, ShortStayRule rule, TimeProvider time) : PageModel
{
    public List<Overstayer> Rows { get; private set; } = [];
    public ShortStayRule Rule => rule;

    public async Task OnGetAsync(CancellationToken ct)
        => Rows = await Crossings.OverstayersAsync(db, await RequestPurpose.PolicyAsync(HttpContext, db, ct), rule, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), ct);
}
