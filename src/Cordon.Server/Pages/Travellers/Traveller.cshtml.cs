using Cordon.Identity;
using Cordon.Messaging;
using Cordon.Screening.Hits;
using Cordon.Server.Ui;
using Cordon.Sharing;
using Cordon.Storage;
using Cordon.Travellers;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cordon.Server.Pages.Travellers;

/// <summary>
/// One traveller: the person and documents as the reader may see them, the decision and its reasons, watch-list hits, crossings and stay;
/// once retention has masked it, what is masked, a supervisor's form to authorise unmasking, and the authorised reader's way to see it.
/// </summary>
public sealed class TravellerModel(CordonDb db, ShortStayRule rule, TimeProvider time, ChannelKeys keys, IOptions<TravellerRetentionOptions> retention)
    : PageModel, IShowsRefusals
{
    public TravellerQueries.TravellerDetail Detail { get; private set; } = null!;
    public List<PartyHit> Hits { get; private set; } = [];
    public List<BorderCrossing> Crossings { get; private set; } = [];
    public StayResult? Stay { get; private set; }
    /// <summary>Cases the reader may read where the same person appears, and by what they matched.</summary>
    public IReadOnlyList<EarlierCase> EarlierCases { get; private set; } = [];
    /// <summary>The masked data as its authorised reader asked to see it (this request only).</summary>
    public UnmaskedTraveller? Unmasked { get; private set; }
    /// <summary>The authorisation in force that names the reader, for a masked traveller.</summary>
    public UnmaskAuthorisation? Authorisation { get; private set; }
    public bool CanAuthorise { get; private set; }
    public int MaxDays => retention.Value.MaxAuthorisationDays;
    /// <summary>The authorisation this request recorded.</summary>
    public UnmaskAuthorisationView? Recorded { get; private set; }

    public async Task OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct);

    public async Task OnPostAuthoriseAsync(Guid id, string? reason, int? days, string? grantee, CancellationToken ct)
    {
        Recorded = await Unmasking.AuthoriseAsync(db, Actor.FromPrincipal(User), new UnmaskRequest(id, null, grantee, reason, days), retention.Value, ct);
        await LoadAsync(id, ct);
    }

    public async Task OnPostUnmaskAsync(Guid id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        Unmasked = await Unmasking.ReadAsync(db, Actor.FromPrincipal(User), keys, id, ct);
        Detail = Detail with { Traveller = Unmasked.Traveller };
    }

    public Task ReloadAsync(CancellationToken ct) => LoadAsync(this.RouteId(), ct);

    private async Task LoadAsync(Guid id, CancellationToken ct)
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
        var t = Detail.Traveller;
        EarlierCases = await TravellerCases.EarlierAsync(db, policy, t, ct);
        var actor = Actor.FromPrincipal(User);
        if (t.Masked is not null && actor.AgencyId == t.OwningAgencyId)
        {
            CanAuthorise = actor.Has(Roles.Supervisor);
            Authorisation = await Unmasking.InForceAsync(db, actor, t.Id, t.ManifestId, t.OwningAgencyId, ct);
        }
    }
}
