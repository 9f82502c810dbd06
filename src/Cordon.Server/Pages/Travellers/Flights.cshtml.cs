using Cordon.Sharing;
using Cordon.Storage;
using Cordon.Travellers;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Server.Pages.Travellers;

/// <summary>Flights and voyages whose lists the reader may see, newest first, with how many travellers need something.</summary>
public sealed class FlightsModel(CordonDb db) : PageModel
{
    public TravellerQueries.ManifestPage Lists { get; private set; } = new([], 1, 50, 0);
    public IReadOnlyDictionary<Guid, int> Flagged { get; private set; } = new Dictionary<Guid, int>();

    public async Task OnGetAsync(int? p, string? carrier, string? transport, CancellationToken ct)
    {
        var policy = await RequestPurpose.PolicyAsync(HttpContext, db, ct);
        Lists = await TravellerQueries.ListAsync(db, policy, carrier, transport, null, p ?? 1, 50, ct);
        var ids = Lists.Rows.Select(r => r.Id).ToList();
        // Counts only (no one named): how many on each list the checks sent further than the primary line.
        Flagged = await db.Travellers.AsNoTracking().Where(t => ids.Contains(t.ManifestId) && t.Action != null && t.Action != TravellerActions.None)
            .GroupBy(t => t.ManifestId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
    }
}
