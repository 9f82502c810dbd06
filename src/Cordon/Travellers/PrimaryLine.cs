using Cordon.Common;
using Cordon.Identity;
using Cordon.Screening;
using Cordon.Screening.Hits;
using Cordon.Screening.Matching;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Travellers;

/// <summary>What the officer at the primary line sends: the zone as read or typed, and a planned departure when the traveller names one.</summary>
public sealed record PrimaryLineRequest(string? Mrz, DateOnly? PlannedExit = null);

/// <summary>The traveller as a passenger list of the officer's agency named them, with the decision made on intake.</summary>
public sealed record ManifestMatch(Guid TravellerId, Guid ManifestId, string Flight, DateOnly DepartureDate, string? Action, IReadOnlyList<TravellerReason> Reasons);

/// <summary>
/// The answer at the primary line: the zone read with its problems, the lost/stolen check, watch-list hits
/// with their explanation, the stay, the passenger list the person came on, and the next action with every
/// reason.
/// </summary>
public sealed record PrimaryLineAnswer(
    MachineReadableZone Zone,
    string PersonKey,
    IReadOnlyList<ListedDocument> ListedDocuments,
    IReadOnlyList<ScreeningHit> WatchListHits,
    StayResult Stay,
    int PreviousRefusals,
    ManifestMatch? Manifest,
    string Action,
    string NextStep,
    IReadOnlyList<TravellerReason> Reasons);

/// <summary>
/// The primary-line check: one zone in, one answer out. The same checks as on intake (the lost and stolen
/// lists through <see cref="ITravelDocumentCheck"/>, the screening engine, the stay rule) and the same
/// decision; nothing is stored (the officer records the crossing next).
/// </summary>
public static class PrimaryLine
{
    public static async Task<PrimaryLineAnswer> CheckAsync(CordonDb db, Actor actor, ITravelDocumentCheck documents, ShortStayRule rule, PrimaryLineRequest request,
        TimeProvider time, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        MachineReadableZone zone;
        try
        {
            zone = MrzReader.Read(request.Mrz ?? "", today);
        }
        catch (MrzFormatException e)
        {
            throw ValidationFailed.Field("mrz", e.Message);
        }
        if (request.PlannedExit is { } planned && planned < today)
        {
            throw ValidationFailed.Field("plannedExit", $"{planned:yyyy-MM-dd} is in the past.");
        }
        var reasons = new List<TravellerReason>();
        foreach (var problem in zone.Problems)
        {
            reasons.Add(new TravellerReason(ReasonKinds.MrzCheck, TravellerActions.SecondaryInspection, $"{problem.Field}: {problem.Message}"));
        }
        var listed = await documents.CheckAsync([new DocumentQuery(zone.DocumentNumber, zone.IssuingState)], ct);
        reasons.AddRange(listed.Select(l => TravellerDecision.Listed(l, zone.DocumentType)));
        if (TravellerDecision.Expiry(zone.DocumentType, zone.IssuingState, zone.ExpiryDate, today) is { } expired)
        {
            reasons.Add(expired);
        }

        // Watch lists the officer's agency may see, with the engine's explanation.
        var party = TravellerChecks.Party(zone.Surname, zone.GivenNames, zone.Nationality, zone.BirthDate, [(zone.DocumentType, zone.DocumentNumber, zone.IssuingState)]);
        var index = await ScreeningEndpoints.Service.IndexAsync(db, ct);
        var hits = index.Search(new ScreeningQuery(party.Name, party.BirthDate, party.Country, party.Type, party.Identifiers, PartyScreening.HitsPerParty,
                new ListVisibility(actor.IsOperator ? null : actor.AgencyId)))
            .Where(h => h.Band != MatchBand.None).ToList();
        // The analysts' review memory: a pair dismissed for this person and an unchanged entry is not raised again.
        var dismissed = await db.ScreeningDismissals.AsNoTracking().Where(d => d.PartyKey == party.Key && (actor.AgencyId == null || d.OwningAgencyId == actor.AgencyId)).Select(d => new { d.EntityId, d.EntryContentHash }).ToListAsync(ct);
        if (dismissed.Count > 0)
        {
            var ids = dismissed.Select(d => d.EntityId).ToList();
            var current = await db.ListedEntities.AsNoTracking().Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.ContentHash, ct);
            hits = hits.Where(h => !dismissed.Any(d => d.EntityId == h.EntityId && current.GetValueOrDefault(h.EntityId) == d.EntryContentHash)).ToList();
        }
        if (hits.Count > 0)
        {
            var keepers = await db.WatchLists.AsNoTracking().ToDictionaryAsync(l => l.Name, l => l.OwningAgencyId, ct);
            var own = actor.AgencyId ?? Guid.Empty;
            reasons.AddRange(hits.Select(h => TravellerDecision.WatchList(h, keepers.GetValueOrDefault(h.List, own), own)));
        }

        var key = TravellerIdentity.Key(zone.Surname, zone.GivenNames, zone.BirthDate, zone.Nationality);
        var (stay, refusals) = await Crossings.StayAsync(db, key, zone.Nationality, rule, today, request.PlannedExit, ct);
        reasons.AddRange(TravellerDecision.Stay(stay, refusals));

        ManifestMatch? manifest = null;
        if (actor.AgencyId is { } agency)
        {
            var onList = await (from t in db.Travellers.AsNoTracking()
                                join m in db.PassengerManifests.AsNoTracking() on t.ManifestId equals m.Id
                                where t.OwningAgencyId == agency && t.PersonKey == key
                                orderby t.DepartureDate descending
                                select new { t.Id, t.ManifestId, m.Carrier, m.Transport, m.Departure, m.Arrival, t.DepartureDate, t.Action, t.Reasons })
                .FirstOrDefaultAsync(ct);
            if (onList is not null)
            {
                manifest = new ManifestMatch(onList.Id, onList.ManifestId, $"{onList.Carrier} {onList.Transport} {onList.Departure}-{onList.Arrival}", onList.DepartureDate,
                    onList.Action, onList.Reasons ?? []);
            }
        }
        var action = TravellerDecision.Decide(reasons);
        return new PrimaryLineAnswer(zone, key, listed, hits, stay, refusals, manifest, action, NextStep(action, reasons), reasons);
    }

    private static string NextStep(string action, IReadOnlyList<TravellerReason> reasons) => action switch
    {
        TravellerActions.ImmigrationReferral => "Hold the document and refer the traveller to immigration; record a refusal if entry is not granted.",
        TravellerActions.AgencyAlert => "Send the traveller to secondary inspection; the agency that keeps the list is alerted.",
        TravellerActions.SecondaryInspection => $"Send the traveller to secondary inspection ({string.Join(", ", reasons.Select(r => r.Kind).Distinct())}).",
        _ => "No finding: record the crossing.",
    };
}
