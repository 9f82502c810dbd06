using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Cordon.Audit;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Travellers;

public enum ManifestOutcome
{
    /// <summary>A first list for its flight and kind.</summary>
    Accepted,
    /// <summary>A later list for the same flight and kind: a new version that replaced the travellers.</summary>
    Replaced,
    /// <summary>The same list again (same message reference, or the same content): nothing changed.</summary>
    Duplicate,
    Rejected,
}

/// <summary>What became of one list: outcome, the stored manifest and version, or the errors that refused it.</summary>
public sealed record ManifestResult(string? MessageReference, [property: JsonIgnore] ManifestOutcome Outcome, Guid? Id, int? Version, int Travellers, IReadOnlyList<string> Errors)
{
    /// <summary>In JSON as the declaration intake writes its outcomes: "accepted", "replaced", "duplicate", "rejected".</summary>
    [JsonPropertyName("outcome")]
    public string OutcomeName => Outcome.ToString().ToLowerInvariant();

    [JsonIgnore]
    public bool Stored => Outcome is ManifestOutcome.Accepted or ManifestOutcome.Replaced;
}

/// <summary>Who receives the lists and where they came from.</summary>
/// <param name="Cards">The installation's key for card hashes: every card hash is stored keyed by it.</param>
public sealed record ManifestContext(Guid AgencyId, Actor Actor, string Source, CardHashKey Cards)
{
    /// <summary>Where documents are checked for loss and theft; the national lists in the same store when not set.</summary>
    public ITravelDocumentCheck? Documents { get; init; }
    public ShortStayRule StayRule { get; init; } = new();
}

/// <summary>
/// Stores passenger and crew lists: checks each (field paths for JSON; PAXLST has already named its
/// segments), and stores it as a first version, a replacing version, or nothing when it was received
/// before. One list per transaction: a refused or failed list leaves no trace but its error.
/// </summary>
public static class ManifestIntake
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Errors by field path ("travellers[2].documents[0].number"), empty when the list can be stored.</summary>
    public static Dictionary<string, List<string>> Validate(ManifestInput m)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }
            list.Add(message);
        }
        void Required(string? value, string field, int max)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                Add(field, "is required.");
            }
            else if (value.Length > max)
            {
                Add(field, $"is longer than {max} characters.");
            }
        }
        void State(string? code, string field)
        {
            if (code is not null && !MrzReader.IsKnownState(code))
            {
                Add(field, $"'{code}' is not an ICAO or ISO 3166-1 alpha-3 code.");
            }
        }
        Required(m.Carrier, "carrier", TravellerLimits.Code);
        Required(m.Transport, "transport", TravellerLimits.Code);
        Required(m.Departure, "departure", TravellerLimits.Code);
        Required(m.Arrival, "arrival", TravellerLimits.Code);
        if (m.List is not (ManifestLists.Passengers or ManifestLists.Crew or ManifestLists.Bookings))
        {
            Add("list", $"'{m.List}' is not passengers, crew or bookings.");
        }
        if (m.Mode is not ("air" or "sea" or "rail" or "road"))
        {
            Add("mode", $"'{m.Mode}' is not air, sea, rail or road.");
        }
        if (m.DepartureTime is null)
        {
            Add("departureTime", "is required: a list is kept per flight or voyage and departure date.");
        }
        if (m.Travellers.Count == 0)
        {
            Add("travellers", "the list names nobody.");
        }
        for (var i = 0; i < m.Travellers.Count; i++)
        {
            var t = m.Travellers[i];
            var at = $"travellers[{i}]";
            Required(t.Surname, $"{at}.surname", TravellerLimits.Name);
            if (t.Role is null || !TravellerRoles.All.Contains(t.Role))
            {
                Add($"{at}.role", $"'{t.Role}' is not one of {string.Join(", ", TravellerRoles.All)}.");
            }
            if (t.Gender is not (null or "M" or "F" or "X" or "U"))
            {
                Add($"{at}.gender", $"'{t.Gender}' is not M, F, X or U.");
            }
            State(t.Nationality, $"{at}.nationality");
            State(t.ResidenceCountry, $"{at}.residenceCountry");
            if (t.GivenNames?.Length > TravellerLimits.Name)
            {
                Add($"{at}.givenNames", $"is longer than {TravellerLimits.Name} characters.");
            }
            for (var p = 0; p < (t.Booking?.Payments.Count ?? 0); p++)
            {
                // Only the hash of a card number is ever stored: a number sent here is refused, not kept.
                if (t.Booking!.Payments[p].CardHash is { } cardHash && !BookingPayment.IsHash(cardHash))
                {
                    Add($"{at}.booking.payments[{p}].cardHash", "is not a SHA-256 in lower-case hex: send the hash of the card number, never the number.");
                }
            }
            for (var d = 0; d < t.Documents.Count; d++)
            {
                var doc = t.Documents[d];
                Required(doc.Type, $"{at}.documents[{d}].type", 3);
                Required(doc.Number, $"{at}.documents[{d}].number", TravellerLimits.Code);
                State(doc.IssuingState, $"{at}.documents[{d}].issuingState");
            }
        }
        return errors;
    }

    public static async Task<ManifestResult> StoreAsync(CordonDb db, ManifestContext context, ManifestInput input, TimeProvider time, CancellationToken ct)
    {
        try
        {
            return await StoreOneAsync(db, context, input, time, ct);
        }
        finally
        {
            db.ChangeTracker.Clear(); // one context serves a whole import, list after list
        }
    }

    private static async Task<ManifestResult> StoreOneAsync(CordonDb db, ManifestContext context, ManifestInput input, TimeProvider time, CancellationToken ct)
    {
        Normalise(input);
        var errors = Validate(input);
        if (errors.Count > 0)
        {
            return new ManifestResult(input.MessageReference, ManifestOutcome.Rejected, null, null, input.Travellers.Count,
                errors.SelectMany(e => e.Value.Select(v => $"{e.Key}: {v}")).ToList());
        }
        if (input.Travellers.Any(t => t.Booking?.Payments.Any(p => p.CardHash is not null) == true))
        {
            // Card hashes are stored keyed by the installation's secret (the version's content, its hash and the travellers alike);
            // the caller's input stays as sent, so the same input given again is still the same list.
            input = JsonSerializer.Deserialize<ManifestInput>(JsonSerializer.Serialize(input, Json), Json)!;
            foreach (var payment in input.Travellers.SelectMany(t => t.Booking?.Payments ?? []).Where(p => p.CardHash is not null))
            {
                payment.CardHash = context.Cards.Key(payment.CardHash!);
            }
        }
        var reference = input.MessageReference ?? "";
        // The hash covers what the list says, not its envelope: a list re-sent under a new reference is still the same list.
        var content = JsonSerializer.Serialize(input, Json);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(Without(input), Json)));
        var date = DateOnly.FromDateTime(input.DepartureTime!.Value);
        var now = time.GetUtcNow();

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var manifest = await db.PassengerManifests.SingleOrDefaultAsync(m => m.Carrier == input.Carrier && m.Transport == input.Transport && m.DepartureDate == date
            && m.Departure == input.Departure && m.Arrival == input.Arrival && m.List == input.List, ct);
        if (manifest is not null)
        {
            if (manifest.OwningAgencyId != context.AgencyId)
            {
                return new ManifestResult(reference, ManifestOutcome.Rejected, null, null, input.Travellers.Count,
                    [$"carrier: the {input.List} list of {input.Carrier} {input.Transport} on {date:yyyy-MM-dd} was received by another agency, which alone updates it."]);
            }
            var seen = manifest.ContentHash.AsSpan().SequenceEqual(hash)
                       || (reference.Length > 0 && await db.PassengerManifestVersions.AnyAsync(v => v.ManifestId == manifest.Id && v.MessageReference == reference, ct));
            if (seen)
            {
                return new ManifestResult(reference, ManifestOutcome.Duplicate, manifest.Id, manifest.Version, manifest.TravellerCount, []);
            }
            // A replacement: the earlier travellers go (their list stays in the version table), with their screening
            // hits (the analysts' dismissals are kept by party, so the same person is not raised again).
            await db.ScreeningHits.Where(h => h.RecordType == RecordTypes.Traveller && db.Travellers.Any(t => t.ManifestId == manifest.Id && t.Id == h.RecordId))
                .ExecuteDeleteAsync(ct);
            await db.Travellers.Where(t => t.ManifestId == manifest.Id).ExecuteDeleteAsync(ct);
            manifest.Version++;
        }
        else
        {
            manifest = new PassengerManifest
            {
                OwningAgencyId = context.AgencyId, Carrier = input.Carrier!, Transport = input.Transport!, Mode = input.Mode!, List = input.List!,
                Departure = input.Departure!, Arrival = input.Arrival!, DepartureDate = date, Route = "", MessageReference = reference, ContentHash = hash,
                FirstReceivedAt = now, UpdatedBy = context.Actor.Name,
            };
            db.PassengerManifests.Add(manifest);
        }
        Describe(manifest, input, reference, hash, now, context.Actor.Name);
        db.PassengerManifestVersions.Add(new PassengerManifestVersion
        {
            ManifestId = manifest.Id, Version = manifest.Version, MessageReference = reference, ContentHash = hash, Content = content,
            ReceivedAt = now, ReceivedBy = context.Actor.Name, Source = context.Source.Length > 300 ? context.Source[..300] : context.Source,
        });
        var stored = AddTravellers(db, manifest, input.Travellers);
        await TravellerChecks.ApplyAsync(db, manifest, stored, context.Documents ?? new NationalDocumentList(db), context.StayRule, time, ct);
        // What arrived, not who was on it: the audit log keeps no personal data.
        AuditLog.Append(db, context.Actor, manifest.Version == 1 ? "travellers.manifest.receive" : "travellers.manifest.replace", RecordTypes.Traveller,
            manifest.Id.ToString(), manifest.OwningAgencyId,
            new { manifest.Carrier, manifest.Transport, date = date.ToString("yyyy-MM-dd"), manifest.List, manifest.Version, travellers = manifest.TravellerCount, reference, source = context.Source });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new ManifestResult(reference, manifest.Version == 1 ? ManifestOutcome.Accepted : ManifestOutcome.Replaced, manifest.Id, manifest.Version, input.Travellers.Count, []);
    }

    /// <summary>The list as this version has it: its route and times, reference and hash, and how many travel.</summary>
    private static void Describe(PassengerManifest manifest, ManifestInput input, string reference, byte[] hash, DateTimeOffset now, string updatedBy)
    {
        manifest.Mode = input.Mode!;
        manifest.Vessel = input.Vessel;
        manifest.DepartureTime = input.DepartureTime;
        manifest.ArrivalTime = input.ArrivalTime;
        manifest.Route = string.Join(' ', input.Route.Count > 0 ? input.Route : [input.Departure!, input.Arrival!]);
        manifest.MessageReference = reference;
        manifest.ContentHash = hash;
        manifest.TravellerCount = input.Travellers.Count;
        manifest.UpdatedAt = now;
        manifest.UpdatedBy = updatedBy;
    }

    /// <summary>The version's travellers with their documents, each with the key that finds the same person on other lists.</summary>
    private static List<Traveller> AddTravellers(CordonDb db, PassengerManifest manifest, List<TravellerInput> travellers)
    {
        var seq = 0;
        var stored = new List<Traveller>(travellers.Count);
        foreach (var t in travellers)
        {
            var traveller = new Traveller
            {
                ManifestId = manifest.Id, ManifestVersion = manifest.Version, Seq = ++seq, OwningAgencyId = manifest.OwningAgencyId,
                Marking = manifest.Marking, Caveats = manifest.Caveats, Carrier = manifest.Carrier, Transport = manifest.Transport, DepartureDate = manifest.DepartureDate,
                Role = t.Role!, Surname = t.Surname!, GivenNames = t.GivenNames, Gender = t.Gender, BirthDate = t.BirthDate, BirthPlace = t.BirthPlace,
                Nationality = t.Nationality, ResidenceCountry = t.ResidenceCountry, Address = t.Address, Embarkation = t.Embarkation, Debarkation = t.Debarkation,
                BookingReference = t.BookingReference, Seat = t.Seat, Bags = t.Bags, Booking = t.Booking,
                PersonKey = TravellerIdentity.Key(t.Surname!, t.GivenNames, t.BirthDate, t.Nationality),
            };
            var docSeq = 0;
            foreach (var d in t.Documents)
            {
                traveller.Documents.Add(new TravelDocument { Seq = ++docSeq, Type = d.Type!, Number = d.Number!, IssuingState = d.IssuingState, Expiry = d.Expiry });
            }
            db.Travellers.Add(traveller);
            stored.Add(traveller);
        }
        return stored;
    }

    /// <summary>Codes in upper case, blanks as null: the same list typed twice hashes the same.</summary>
    private static void Normalise(ManifestInput m)
    {
        // The declarations' blank-as-null trim, so both intakes hash the same way.
        static string? N(string? s) => Declarations.DeclarationValidation.Normalise(s);
        static string? U(string? s) => N(s)?.ToUpperInvariant();
        m.Carrier = U(m.Carrier);
        m.Transport = U(m.Transport);
        m.Mode = N(m.Mode)?.ToLowerInvariant() ?? "air";
        m.List = N(m.List)?.ToLowerInvariant();
        m.Departure = U(m.Departure);
        m.Arrival = U(m.Arrival);
        m.Vessel = N(m.Vessel);
        // Times are local at the place and stored without zone: a sender's "…Z" (UTC kind, which PostgreSQL refuses there) keeps its clock time.
        m.DepartureTime = m.DepartureTime is { } departs ? DateTime.SpecifyKind(departs, DateTimeKind.Unspecified) : null;
        m.ArrivalTime = m.ArrivalTime is { } arrives ? DateTime.SpecifyKind(arrives, DateTimeKind.Unspecified) : null;
        m.Route = m.Route.Select(U).Where(r => r is not null).Select(r => r!).ToList();
        foreach (var t in m.Travellers)
        {
            t.Role = N(t.Role)?.ToLowerInvariant();
            t.Surname = N(t.Surname);
            t.GivenNames = N(t.GivenNames);
            t.Gender = U(t.Gender);
            t.Nationality = U(t.Nationality);
            t.ResidenceCountry = U(t.ResidenceCountry);
            t.Embarkation = U(t.Embarkation);
            t.Debarkation = U(t.Debarkation);
            t.BookingReference = U(t.BookingReference);
            t.Seat = U(t.Seat);
            foreach (var d in t.Documents)
            {
                d.Type = U(d.Type);
                d.Number = U(d.Number)?.Replace(" ", "", StringComparison.Ordinal);
                d.IssuingState = U(d.IssuingState);
            }
        }
    }

    private static object Without(ManifestInput m) => new
    {
        m.Carrier, m.Transport, m.Mode, m.Vessel, m.List, m.Departure, m.DepartureTime, m.Arrival, m.ArrivalTime, m.Route, m.Travellers,
    };
}
