using Cordon.Risk;
using Cordon.Risk.Criteria;
using Cordon.Risk.Language;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Travellers;

/// <summary>What the border already knows of a person before this list: crossings, refusals, an overstay.</summary>
public sealed record TravellerHistory(int Crossings, int Refusals, bool Overstayed);

/// <summary>
/// The list owner's criteria written for travellers (<see cref="RiskSchema.Travellers"/>), run on each traveller
/// after the document, watch-list and stay checks: one that fires sends the traveller to secondary inspection,
/// or, when it names an agency, alerts that agency (immigration gets a referral). A shadow criterion is recorded
/// as a reason that asks for nothing. Trafficking indicators are written this way (docs/travellers.md).
/// </summary>
public static class TravellerCriteria
{
    public static async Task ApplyAsync(CordonDb db, PassengerManifest manifest, IReadOnlyList<Traveller> travellers,
        Dictionary<Guid, List<TravellerReason>> reasons, IReadOnlyDictionary<Guid, TravellerHistory> history, (Guid Id, string Code)? immigration, CancellationToken ct)
    {
        var set = await RiskCriteria.LiveSetAsync(db, manifest.OwningAgencyId, CriterionSubject.Traveller, ct);
        if (set.Count == 0)
        {
            return;
        }
        var targets = set.ReferralTargets;
        var referred = targets.Count == 0 ? [] : await db.Agencies.AsNoTracking().Where(a => targets.Contains(a.Code)).ToDictionaryAsync(a => a.Code, a => a.Id, ct);
        var facts = Facts(manifest, travellers, reasons, history);
        var scope = new EvaluationScope();
        foreach (var t in travellers)
        {
            var outcome = set.Evaluate(facts[t.Id], scope, manifest.DepartureDate);
            foreach (var fired in outcome.Fired)
            {
                reasons[t.Id].Add(Reason(fired, referred, immigration));
            }
            foreach (var failed in outcome.Failures)
            {
                reasons[t.Id].Add(new TravellerReason(ReasonKinds.Criterion, TravellerActions.None, $"Criterion '{failed.Name}' v{failed.Version} could not be evaluated: {failed.Reason}."));
            }
        }
    }

    private static TravellerReason Reason(FiredCriterion c, IReadOnlyDictionary<string, Guid> referred, (Guid Id, string Code)? immigration)
    {
        var what = $"Criterion '{c.Name}' v{c.Version}";
        if (c.Shadow)
        {
            return new TravellerReason(ReasonKinds.Criterion, TravellerActions.None, $"{what} fired (shadow: no action).");
        }
        if (c.ReferTo is { } code && referred.TryGetValue(code, out var agency))
        {
            return immigration is { } i && i.Id == agency
                ? new TravellerReason(ReasonKinds.Criterion, TravellerActions.ImmigrationReferral, $"{what} fired: refer to {code}.")
                : new TravellerReason(ReasonKinds.Criterion, TravellerActions.AgencyAlert, $"{what} fired: alert {code}.") { Agency = agency };
        }
        return new TravellerReason(ReasonKinds.Criterion, TravellerActions.SecondaryInspection, $"{what} fired.");
    }

    /// <summary>Each traveller as the criteria see them, with the other travellers of the same booking on this list.</summary>
    public static Dictionary<Guid, TravellerFacts> Facts(PassengerManifest manifest, IReadOnlyList<Traveller> travellers,
        IReadOnlyDictionary<Guid, List<TravellerReason>> reasons, IReadOnlyDictionary<Guid, TravellerHistory> history)
    {
        var day = manifest.DepartureDate;
        var hit = travellers.ToDictionary(t => t.Id, t => reasons.TryGetValue(t.Id, out var r) && r.Any(x => x.Action != TravellerActions.None));
        var byBooking = travellers.Where(t => !string.IsNullOrWhiteSpace(t.BookingReference)).ToLookup(t => t.BookingReference!.Trim().ToUpperInvariant());
        var byCard = travellers.SelectMany(t => (t.Booking?.Payments ?? []).Select(p => p.CardHash).OfType<string>().Distinct().Select(h => (Hash: h, t.Id)))
            .ToLookup(x => x.Hash, x => x.Id);
        // Bookings (by reference, or the traveller alone without one) that share a phone or an e-mail address.
        var byContact = travellers.SelectMany(t => Contacts(t).Select(c => (Contact: c, Booking: BookingKey(t))))
            .ToLookup(x => x.Contact, x => x.Booking);
        var facts = new Dictionary<Guid, TravellerFacts>(travellers.Count);
        foreach (var t in travellers)
        {
            var booking = t.Booking;
            var companions = string.IsNullOrWhiteSpace(t.BookingReference) ? [] : byBooking[t.BookingReference!.Trim().ToUpperInvariant()].Where(o => o.Id != t.Id).ToList();
            var legs = booking?.Itinerary.Where(l => !string.IsNullOrWhiteSpace(l.Departure)).ToList() ?? [];
            var places = legs.Count > 0
                ? legs.Select(l => l.Departure!).Append(legs[^1].Arrival ?? "").Where(p => p.Length > 0).ToList()
                : manifest.Route.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
            var document = t.Documents.OrderBy(d => d.Seq).FirstOrDefault();
            var age = Age(t.BirthDate, day);
            history.TryGetValue(t.Id, out var past);
            facts[t.Id] = new TravellerFacts
            {
                Role = t.Role, Surname = t.Surname, Nationality = t.Nationality ?? "", Gender = t.Gender ?? "", Age = age, Minor = age < 18,
                Carrier = manifest.Carrier, Transport = manifest.Transport, Mode = manifest.Mode, Departure = manifest.Departure, Arrival = manifest.Arrival,
                Route = string.Join(' ', places), Origin = places.FirstOrDefault() ?? manifest.Departure, TravelDate = day,
                DocumentType = document?.Type ?? "", DocumentState = document?.IssuingState ?? "",
                DocumentDaysToExpiry = document?.Expiry is { } e ? e.DayNumber - day.DayNumber : double.NaN,
                Booked = booking is not null,
                BookingDays = booking?.Created is { } made ? day.DayNumber - DateOnly.FromDateTime(made).DayNumber : double.NaN,
                Payment = string.Join(' ', (booking?.Payments ?? []).Select(p => p.Type).OfType<string>().Distinct()),
                OneWay = legs.Count > 0 && !string.Equals(legs[^1].Arrival, legs[0].Departure, StringComparison.OrdinalIgnoreCase),
                TravelAgency = booking?.Agency ?? "",
                SameCardTravellers = (booking?.Payments ?? []).Select(p => p.CardHash).OfType<string>().Select(h => byCard[h].Distinct().Count()).DefaultIfEmpty(0).Max(),
                SameContactBookings = Contacts(t).Select(c => byContact[c].Distinct().Count()).DefaultIfEmpty(0).Max(),
                Alone = companions.Count == 0,
                Companions = companions.Select(o => (Other: o, Age: Age(o.BirthDate, day))).Select(c => new CompanionFacts
                {
                    Surname = c.Other.Surname, Age = c.Age, Minor = c.Age < 18, Nationality = c.Other.Nationality ?? "", Hit = hit[c.Other.Id],
                }).ToList(),
                PreviousCrossings = past?.Crossings ?? 0, PreviousRefusals = past?.Refusals ?? 0, Overstayed = past?.Overstayed ?? false,
                Hit = hit[t.Id],
            };
        }
        return facts;
    }

    private static double Age(DateOnly? birth, DateOnly on)
    {
        if (birth is not { } b || b > on)
        {
            return double.NaN;
        }
        var years = on.Year - b.Year;
        return on < b.AddYears(years) ? years - 1 : years;
    }

    private static string BookingKey(Traveller t) => string.IsNullOrWhiteSpace(t.BookingReference) ? t.Id.ToString() : t.BookingReference.Trim().ToUpperInvariant();

    private static IEnumerable<string> Contacts(Traveller t)
        => t.Booking is not { } b ? [] : b.Phones.Select(p => "tel:" + new string(p.Where(char.IsDigit).ToArray())).Where(p => p.Length > 8)
            .Concat(b.Emails.Select(e => "mail:" + e.Trim().ToLowerInvariant())).Distinct();
}
