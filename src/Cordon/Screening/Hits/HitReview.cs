using System.Text.Json;
using System.Text.Json.Nodes;
using Cordon.Audit;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Screening.Matching;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Screening.Hits;

/// <summary>
/// A stored hit as the API, pages and CLI show it. Its personal-data fields (what an agreement's
/// "@personal" redaction removes) are <c>partyName</c> and <c>partyIdentifiers</c>: see
/// <see cref="PersonalFields"/>.
/// </summary>
public sealed record HitView(
    Guid Id, string Status, string Band, double Score, string List, int ListVersion, Guid EntryId, string EntrySourceId, string EntryName,
    string MatchedName, string PartyRole, string? PartyName, string? PartyCountry, string? PartyIdentifiers, string RecordType, Guid RecordId,
    string RecordReference, int RecordVersion, IReadOnlyList<MatchFeature> Explanation, string Owner, string Marking, string? ReviewedBy,
    DateTimeOffset? ReviewedAt, string? ReviewReason, string? StatusNote, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static HitView Of(PartyHit h, string owner) => new(h.Id, h.Status.ToString().ToLowerInvariant(), h.Band, h.Score, h.ListName, h.ListVersion,
        h.EntityId, h.EntrySourceId, h.EntryName, h.MatchedName, h.PartyRole, h.PartyName, h.PartyCountry, h.PartyIdentifiers, h.RecordType, h.RecordId,
        h.RecordReference, h.RecordVersion, JsonSerializer.Deserialize<List<MatchFeature>>(h.Explanation, PartyScreening.ExplanationJson) ?? [],
        owner, h.Marking.Label(), h.ReviewedBy, h.ReviewedAt, h.ReviewReason, h.StatusNote, h.CreatedAt, h.UpdatedAt);
}

/// <summary>Which hits to list: status (open by default; "all" for every status), band, list, record.</summary>
public sealed record HitQuery(string? Status = "open", string? Band = null, string? List = null, Guid? RecordId = null, int Skip = 0, int Take = 50);

/// <summary>A page of hits (each row redacted as the policy decides for it) and the count that matched.</summary>
public sealed record HitPage(IReadOnlyList<JsonNode> Hits, int Total);

public sealed record HitReviewRequest(string? Decision, string? Reason);

/// <summary>A hit with the hits of other records that the same review decided (a dismissal covers every record of the same party).</summary>
public sealed record HitReviewResult(HitView Hit, int AlsoDismissed);

/// <summary>Reading and reviewing stored hits. Every read goes through the access policy; every review is audited.</summary>
public static class HitReview
{
    public static IQueryable<PartyHit> Filter(IQueryable<PartyHit> hits, HitQuery query)
    {
        var errors = new FieldErrors();
        var status = (query.Status ?? "open").Trim().ToLowerInvariant();
        if (status != "all")
        {
            if (!EnumText.TryParse<HitStatus>(status, out var s))
            {
                errors.Add("status", $"'{query.Status}' is not open, confirmed, dismissed, closed or all.");
            }
            else
            {
                hits = hits.Where(h => h.Status == s);
            }
        }
        if (query.Band is { Length: > 0 } band)
        {
            var b = band.Trim().ToLowerInvariant();
            if (b is not ("block" or "review"))
            {
                errors.Add("band", $"'{band}' is not block or review.");
            }
            hits = hits.Where(h => h.Band == b);
        }
        if (query.Take is < 1 or > 500)
        {
            errors.Add("take", "must be between 1 and 500.");
        }
        if (query.Skip < 0)
        {
            errors.Add("skip", "must not be negative.");
        }
        errors.ThrowIfAny();
        if (query.List is { Length: > 0 } list)
        {
            hits = hits.Where(h => h.ListName == list);
        }
        if (query.RecordId is { } record)
        {
            hits = hits.Where(h => h.RecordId == record);
        }
        return hits;
    }

    /// <summary>Hits the policy lets the actor see, block band and highest score first; other agencies' rows redacted as agreed.</summary>
    public static async Task<HitPage> ListAsync(CordonDb db, AccessPolicy policy, HitQuery query, CancellationToken ct = default)
    {
        var visible = Filter(policy.Filter(db.ScreeningHits.AsNoTracking(), RecordTypes.ScreeningHit), query);
        var total = await visible.CountAsync(ct);
        var rows = await visible.OrderBy(h => h.Band == "block" ? 0 : 1).ThenByDescending(h => h.Score).ThenBy(h => h.Id)
            .Skip(query.Skip).Take(query.Take).ToListAsync(ct);
        var owners = await AgencyCodes.ByIdAsync(db, ct);
        var views = rows.Select(h => SharedReads.View(HitView.Of(h, owners.GetValueOrDefault(h.OwningAgencyId, "?")), policy.Decide(Ref(h)))).ToList();
        return new HitPage(views, total);
    }

    /// <summary>One hit, read through <see cref="SharedReads"/> (audited, redacted, or refused naming the missing agreement).</summary>
    public static async Task<JsonNode> GetAsync(CordonDb db, AccessPolicy policy, Guid id, string? breakGlass = null, CancellationToken ct = default)
    {
        var hit = await db.ScreeningHits.AsNoTracking().FirstOrDefaultAsync(h => h.Id == id, ct) ?? throw new NotFound($"No screening hit {id}.");
        var decision = await SharedReads.AuthorizeAsync(db, policy, Ref(hit), breakGlass, ct);
        var owner = await db.Agencies.Where(a => a.Id == hit.OwningAgencyId).Select(a => a.Code).FirstOrDefaultAsync(ct) ?? "?";
        return SharedReads.View(HitView.Of(hit, owner), decision);
    }

    public static RecordRef Ref(PartyHit h) => new(RecordTypes.ScreeningHit, h.OwningAgencyId, h.Marking, h.Caveats, h.Id.ToString());

    /// <summary>Whether the actor's roles allow reviewing hits (of their own agency); pages ask this rather than repeat it.</summary>
    public static bool MayReview(Actor actor) => actor.IsOperator || actor.Has(Roles.Analyst) || actor.Has(Roles.Supervisor);

    /// <summary>
    /// An analyst's decision on a hit of the own agency: confirm (the party is the listed entry) or
    /// dismiss (a false match), with a reason. A dismissal is remembered for the party and entry, and
    /// also closes the agency's other open hits of the same pair; it holds until the entry changes.
    /// </summary>
    public static async Task<HitReviewResult> ReviewAsync(CordonDb db, Actor actor, Guid id, HitReviewRequest request, CancellationToken ct = default)
    {
        if (!MayReview(actor))
        {
            throw new Forbidden("Reviewing screening hits needs the analyst or supervisor role.");
        }
        var errors = new FieldErrors();
        var decision = request.Decision?.Trim().ToLowerInvariant();
        if (decision is not ("confirm" or "dismiss"))
        {
            errors.Add("decision", "must be confirm or dismiss.");
        }
        var reason = request.Reason?.Trim() ?? "";
        if (reason.Length is < 3 or > 1000)
        {
            errors.Add("reason", "A reason of 3 to 1,000 characters is required.");
        }
        errors.ThrowIfAny();
        var hit = await db.ScreeningHits.FirstOrDefaultAsync(h => h.Id == id, ct);
        // Only the owning agency reviews its hits; another agency learns nothing of them here.
        if (hit is null || (actor.Kind != ActorKind.LocalOperator && hit.OwningAgencyId != actor.AgencyId))
        {
            throw new NotFound($"No screening hit {id} of your agency.");
        }
        if (hit.Status == HitStatus.Closed)
        {
            throw new Conflict($"Hit {id} is closed ({hit.StatusNote}); there is nothing to review.");
        }
        var now = db.Clock.GetUtcNow();
        var previous = hit.Status;
        hit.ReviewedBy = Clip(actor.Name, 200);
        hit.ReviewedAt = now;
        hit.ReviewReason = reason;
        hit.UpdatedAt = now;
        var dismissal = await db.ScreeningDismissals.FirstOrDefaultAsync(d => d.OwningAgencyId == hit.OwningAgencyId && d.PartyKey == hit.PartyKey && d.EntityId == hit.EntityId, ct);
        var siblings = 0;
        if (decision == "dismiss")
        {
            siblings = await DismissAsync(db, hit, dismissal, reason, now, ct);
        }
        else
        {
            hit.Status = HitStatus.Confirmed;
            hit.DismissalId = null;
            hit.StatusNote = null;
            if (dismissal is not null)
            {
                // A confirmed match overrides an earlier dismissal of the same pair.
                db.ScreeningDismissals.Remove(dismissal);
            }
        }
        AuditLog.Append(db, new AuditEvent(AuditActor.Of(actor), decision == "dismiss" ? "screening-hit.dismiss" : "screening-hit.confirm")
        {
            RecordType = RecordTypes.ScreeningHit,
            RecordId = hit.Id.ToString(),
            RecordAgencyId = hit.OwningAgencyId,
            Details = new
            {
                reason, previous = previous.ToString().ToLowerInvariant(), list = hit.ListName, listVersion = hit.ListVersion, entry = hit.EntrySourceId,
                score = hit.Score, band = hit.Band, record = hit.RecordReference, role = hit.PartyRole, alsoDismissed = siblings,
            },
        });
        await db.SaveChangesAsync(ct);
        var owner = await db.Agencies.Where(a => a.Id == hit.OwningAgencyId).Select(a => a.Code).FirstOrDefaultAsync(ct) ?? "?";
        return new HitReviewResult(HitView.Of(hit, owner), siblings);
    }

    /// <summary>
    /// Dismisses the hit and remembers the dismissal for its party and entry (until the entry changes); the same party on the
    /// agency's other records is the same false match, so their open hits are dismissed with it. Returns how many were.
    /// </summary>
    private static async Task<int> DismissAsync(CordonDb db, PartyHit hit, HitDismissal? dismissal, string reason, DateTimeOffset now, CancellationToken ct)
    {
        if (dismissal is null)
        {
            dismissal = new HitDismissal
            {
                OwningAgencyId = hit.OwningAgencyId, PartyKey = hit.PartyKey, EntityId = hit.EntityId, EntryContentHash = hit.EntryContentHash,
                Reason = reason, DismissedBy = hit.ReviewedBy!, DismissedAt = now, HitId = hit.Id,
            };
            db.ScreeningDismissals.Add(dismissal);
        }
        else
        {
            dismissal.EntryContentHash = hit.EntryContentHash;
            dismissal.Reason = reason;
            dismissal.DismissedBy = hit.ReviewedBy!;
            dismissal.DismissedAt = now;
            dismissal.HitId = hit.Id;
        }
        hit.Status = HitStatus.Dismissed;
        hit.DismissalId = dismissal.Id;
        hit.StatusNote = null;
        var others = await db.ScreeningHits.Where(h => h.OwningAgencyId == hit.OwningAgencyId && h.PartyKey == hit.PartyKey && h.EntityId == hit.EntityId
                                                       && h.EntryContentHash == hit.EntryContentHash && h.Status == HitStatus.Open && h.Id != hit.Id).ToListAsync(ct);
        foreach (var other in others)
        {
            other.Status = HitStatus.Dismissed;
            other.DismissalId = dismissal.Id;
            other.ReviewedBy = hit.ReviewedBy;
            other.ReviewedAt = now;
            other.ReviewReason = reason;
            other.StatusNote = $"dismissed with hit {hit.Id}";
            other.UpdatedAt = now;
        }
        return others.Count;
    }

    private static string Clip(string s, int max) => s.Length <= max ? s : s[..max];
}

/// <summary>A declaration's hits as lane selection needs them.</summary>
public sealed record DeclarationHit(Guid HitId, string Status, string Band, double Score, string List, int ListVersion, string PartyRole, string EntryName, string EntrySourceId);

/// <summary>For the risk lanes: what screening says about one declaration.</summary>
public static class DeclarationScreening
{
    /// <summary>
    /// The declaration's open and confirmed hits (dismissed and closed ones are left out), block band
    /// and highest score first. If the declaration is still waiting in the screening backlog, it is
    /// screened now first, so a lane is never chosen on a declaration not yet screened. Internal
    /// processing of the owner's own record: no access policy applies (do not expose it to readers as is).
    /// </summary>
    public static async Task<IReadOnlyList<DeclarationHit>> OpenHitsAsync(CordonDb db, Guid declarationId, CancellationToken ct = default)
    {
        await ScreeningRuns.ScreenIfWaitingAsync(db, declarationId, ct);
        var hits = await db.ScreeningHits.AsNoTracking()
            .Where(h => h.RecordId == declarationId && (h.Status == HitStatus.Open || h.Status == HitStatus.Confirmed)).ToListAsync(ct);
        return hits.OrderBy(h => h.Band == "block" ? 0 : 1).ThenByDescending(h => h.Score)
            .Select(h => new DeclarationHit(h.Id, h.Status.ToString().ToLowerInvariant(), h.Band, h.Score, h.ListName, h.ListVersion, h.PartyRole, h.EntryName, h.EntrySourceId))
            .ToList();
    }
}
