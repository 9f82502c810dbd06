using Cordon.Screening.Hits;
using Cordon.Sharing;
using Cordon.Storage;
using Cordon.Travellers;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Server.Pages.Travellers;

/// <summary>One traveller: the person and documents as the reader may see them, the decision and its reasons, watch-list hits, crossings and stay.</summary>
public sealed class TravellerModel(CordonDb db, ShortStayRule rule, TimeProvider time) : PageModel
{
    public TravellerQueries.TravellerDetail Detail { get; private set; } = null!;
    public List<PartyHit> Hits { get; private set; } = [];
    public List<BorderCrossing> Crossings { get; private set; } = [];
    public StayResult? Stay { get; private set; }

    public async Task OnGetAsync(Guid id, CancellationToken ct)
    {
        var policy = await RequestPurpose.PolicyAsync(HttpContext, db, ct);
        Detail = await TravellerQueries.GetAsync(db, policy, id, ct, RequestPurpose.BreakGlass(HttpContext));
        var hits = await policy.Filter(db.ScreeningHits.AsNoTracking(), RecordTypes.ScreeningHit)
            .Where(h => h.RecordType == RecordTypes.Traveller && h.RecordId == id).OrderByDescending(h => h.Score).ToListAsync(ct);
        Hits = await SharedReads.ViewsAsync(db, policy, RecordTypes.ScreeningHit, hits, h => h.Id, h => h, "traveller", ct);
        // Crossings are found by the person, which only a reader who may see who it is can follow.
        if (Detail.Traveller.PersonKey is { } key)
        {
            Crossings = await Cordon.Travellers.Crossings.ListAsync(db, policy, key, null, 200, ct);
            Stay = StayCalculator.Compute(Crossings.Select(c => (c.Day, c.Kind)), Detail.Traveller.Nationality, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), rule);
        }
    }
}
