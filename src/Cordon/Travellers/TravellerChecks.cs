using Cordon.Alerting;
using Cordon.Identity;
using Cordon.Screening;
using Cordon.Screening.Hits;
using Cordon.Screening.Lists;
using Cordon.Screening.Matching;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Travellers;

/// <summary>
/// The checks every traveller of a stored list goes through, in the list's transaction: each document
/// against the lost and stolen lists and its expiry, the person against the watch lists (stored as
/// screening hits, with their explanation and the analysts' review memory), earlier overstays and refusals;
/// then the decision with every reason, and the alerts it calls for (a referral to immigration, an alert to
/// the agency that keeps a matching list), inheriting the traveller's owner, marking and caveats.
/// </summary>
public static class TravellerChecks
{
    public static async Task ApplyAsync(CordonDb db, PassengerManifest manifest, IReadOnlyList<Traveller> travellers, ITravelDocumentCheck documents,
        ShortStayRule rule, TimeProvider time, CancellationToken ct)
    {
        if (travellers.Count == 0)
        {
            return;
        }
        var now = time.GetUtcNow();
        var travelDay = manifest.DepartureDate;
        var reasons = travellers.ToDictionary(t => t.Id, _ => new List<TravellerReason>());

        // Documents: one call to the check for the whole list.
        var listed = await documents.CheckAsync(
            travellers.SelectMany(t => t.Documents).Select(d => new DocumentQuery(d.Number, d.IssuingState)).ToList(), ct);
        foreach (var t in travellers)
        {
            foreach (var d in t.Documents)
            {
                var number = DocumentNumbers.Normalise(d.Number);
                var state = DocumentNumbers.State(d.IssuingState);
                foreach (var hit in listed.Where(l => l.Number == number && (state is null || state == DocumentNumbers.State(l.IssuingState))))
                {
                    reasons[t.Id].Add(TravellerDecision.Listed(hit, d.Type));
                }
                if (TravellerDecision.Expiry(d.Type, d.IssuingState, d.Expiry, travelDay) is { } expired)
                {
                    reasons[t.Id].Add(expired);
                }
            }
        }

        // Watch lists, through the screening engine and its stored hits.
        var index = await ScreeningEndpoints.Service.IndexAsync(db, ct);
        var records = travellers.Select(t => Screened(manifest, t)).ToList();
        await PartyScreening.ApplyAsync(db, index, records, ct: ct);
        var ids = travellers.Select(t => t.Id).ToHashSet();
        var hits = db.ScreeningHits.Local.Where(h => ids.Contains(h.RecordId) && h.Status is HitStatus.Open or HitStatus.Confirmed).ToList();
        if (hits.Count > 0)
        {
            var keepers = await db.WatchLists.AsNoTracking().ToDictionaryAsync(l => l.Name, l => l.OwningAgencyId, ct);
            foreach (var h in hits)
            {
                var explanation = System.Text.Json.JsonSerializer.Deserialize<List<Screening.Matching.MatchFeature>>(h.Explanation, PartyScreening.ExplanationJson) ?? [];
                var hit = new Screening.Matching.ScreeningHit(h.EntityId, h.ListName, h.ListVersion, h.EntrySourceId, EntityType.Person, h.EntryName, h.MatchedName,
                    h.Score, h.Band == Screening.Matching.MatchBand.Block.Name() ? Screening.Matching.MatchBand.Block : Screening.Matching.MatchBand.Review, explanation);
                reasons[h.RecordId].Add(TravellerDecision.WatchList(hit, keepers.GetValueOrDefault(h.ListName, manifest.OwningAgencyId), manifest.OwningAgencyId));
            }
        }

        // Earlier crossings of the same people: overstays and refusals.
        var keys = travellers.Select(t => t.PersonKey).OfType<string>().Distinct().ToList();
        var crossings = (await db.BorderCrossings.AsNoTracking().Where(c => keys.Contains(c.PersonKey))
                .Select(c => new { c.PersonKey, c.Day, c.Kind }).ToListAsync(ct))
            .ToLookup(c => c.PersonKey);
        var history = new Dictionary<Guid, TravellerHistory>();
        foreach (var t in travellers.Where(t => t.PersonKey is not null && crossings.Contains(t.PersonKey)))
        {
            var own = crossings[t.PersonKey!].ToList();
            var stay = StayCalculator.Compute(own.Select(c => (c.Day, c.Kind)), t.Nationality, travelDay, rule);
            var refusals = own.Count(c => c.Kind == CrossingKinds.Refusal);
            reasons[t.Id].AddRange(TravellerDecision.Stay(stay, refusals));
            history[t.Id] = new TravellerHistory(own.Count - refusals, refusals, stay.Overstayed);
        }

        // The owner's criteria for travellers, last: they may read what the checks above found.
        var immigration = await ImmigrationAsync(db, ct);
        await TravellerCriteria.ApplyAsync(db, manifest, travellers, reasons, history, immigration, ct);
        foreach (var t in travellers)
        {
            var why = reasons[t.Id];
            t.Reasons = why;
            t.Action = TravellerDecision.Decide(why);
            t.CheckedAt = now;
            RaiseAlerts(db, t, manifest, why, immigration);
        }
    }

    /// <summary>The immigration service referrals go to: the first agency of that kind (none: the referral stays with the owner).</summary>
    public static async Task<(Guid Id, string Code)?> ImmigrationAsync(CordonDb db, CancellationToken ct)
    {
        var agency = await db.Agencies.AsNoTracking().Where(a => a.Kind == AgencyKind.Immigration).OrderBy(a => a.Code)
            .Select(a => new { a.Id, a.Code }).FirstOrDefaultAsync(ct);
        return agency is null ? null : (agency.Id, agency.Code);
    }

    internal static void RaiseAlerts(CordonDb db, Traveller t, PassengerManifest manifest, IReadOnlyList<TravellerReason> reasons, (Guid Id, string Code)? immigration)
    {
        var flight = $"{manifest.Carrier} {manifest.Transport} {manifest.DepartureDate:yyyy-MM-dd} {manifest.Departure}-{manifest.Arrival}";
        var referral = reasons.Where(r => r.Action == TravellerActions.ImmigrationReferral).ToList();
        if (referral.Count > 0)
        {
            Alerts.Raise(db, new AlertDraft(TravellerAlertKinds.Referral, $"Traveller referred to immigration: {flight}", t.OwningAgencyId, t.Marking)
            {
                RecordType = RecordTypes.Traveller, RecordId = t.Id.ToString(), Severity = AlertSeverity.High, RaisedBy = "travellers",
                Summary = string.Join(" ", referral.Select(r => r.Detail)), Office = manifest.Arrival, ReferredTo = immigration?.Code,
                Recipients = immigration is { } to ? [to.Id, t.OwningAgencyId] : null,
                Key = $"{TravellerAlertKinds.Referral}:{t.Id}",
            });
        }
        foreach (var keeper in reasons.Where(r => r.Action == TravellerActions.AgencyAlert && r.Agency is not null && r.Kind == ReasonKinds.Criterion).GroupBy(r => r.Agency!.Value))
        {
            Alerts.Raise(db, new AlertDraft(TravellerAlertKinds.Criterion, $"Traveller referred to you by a criterion: {flight}", t.OwningAgencyId, t.Marking)
            {
                RecordType = RecordTypes.Traveller, RecordId = t.Id.ToString(), Severity = AlertSeverity.High, RaisedBy = "travellers",
                Summary = string.Join(" ", keeper.Select(r => r.Detail)), Office = manifest.Arrival,
                Recipients = [keeper.Key, t.OwningAgencyId],
                Key = $"{TravellerAlertKinds.Criterion}:{t.Id}:{keeper.Key}",
            });
        }
        foreach (var keeper in reasons.Where(r => r.Action == TravellerActions.AgencyAlert && r.Agency is not null && r.Kind != ReasonKinds.Criterion).GroupBy(r => r.Agency!.Value))
        {
            Alerts.Raise(db, new AlertDraft(TravellerAlertKinds.WatchList, $"Traveller matches your watch list: {flight}", t.OwningAgencyId, t.Marking)
            {
                RecordType = RecordTypes.Traveller, RecordId = t.Id.ToString(), Severity = AlertSeverity.High, RaisedBy = "travellers",
                Summary = string.Join(" ", keeper.Select(r => r.Detail)), Office = manifest.Arrival, Band = Screening.Matching.MatchBand.Block.Name(),
                Recipients = [keeper.Key, t.OwningAgencyId],
                Key = $"{TravellerAlertKinds.WatchList}:{t.Id}:{keeper.Key}",
            });
        }
    }

    /// <summary>The traveller as screening sees a party: name (any script), nationality, date of birth, documents as strong identifiers.</summary>
    public static ScreenedRecord Screened(PassengerManifest manifest, Traveller t)
        => new(RecordTypes.Traveller, t.Id, t.OwningAgencyId, t.Marking,
            $"{manifest.Carrier} {manifest.Transport} {manifest.DepartureDate:yyyy-MM-dd} {manifest.List} #{t.Seq}", manifest.Version,
            [Party(t.Surname, t.GivenNames, t.Nationality, t.BirthDate, t.Documents.Select(d => (d.Type, d.Number, d.IssuingState)))])
        {
            Office = manifest.Arrival,
        };

    public static DeclaredParty Party(string surname, string? givenNames, string? nationality, DateOnly? birthDate, IEnumerable<(string Type, string Number, string? IssuingState)> documents)
        => new(PartyRoles.Traveller, $"{givenNames} {surname}".Trim(), CountryNames.ToCode(nationality), EntityType.Person,
            documents.Select(d => new ListIdentifier(d.Type.StartsWith('P') ? "passport" : "national-id", DocumentNumbers.Normalise(d.Number), CountryNames.ToCode(d.IssuingState))).ToList(),
            birthDate is { } b ? new PartialDate(b.Year, b.Month, b.Day) : null);
}

public static class TravellerAlertKinds
{
    /// <summary>A traveller referred to immigration (addressed to the immigration service).</summary>
    public const string Referral = "traveller.referral";
    /// <summary>A traveller matches a watch list another agency keeps (addressed to it).</summary>
    public const string WatchList = "traveller.watch-list";
    /// <summary>A traveller a criterion refers to another agency (the anti-trafficking unit, for example; addressed to it).</summary>
    public const string Criterion = "traveller.criterion";
    /// <summary>An overstay found at a crossing (addressed to the immigration service).</summary>
    public const string Overstay = "traveller.overstay";
}
