using Cordon.Alerting;
using Cordon.Audit;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Travellers;

/// <summary>
/// A crossing as an officer or a device reports it. With <see cref="Mrz"/> the person and document come from
/// the machine-readable zone; otherwise from the fields.
/// </summary>
public sealed class CrossingInput
{
    /// <summary>entry, exit or refusal.</summary>
    public string? Kind { get; set; }
    public string? CrossingPoint { get; set; }
    /// <summary>When; now when absent.</summary>
    public DateTimeOffset? At { get; set; }
    public string? Mrz { get; set; }
    public string? Surname { get; set; }
    public string? GivenNames { get; set; }
    public DateOnly? BirthDate { get; set; }
    public string? Gender { get; set; }
    public string? Nationality { get; set; }
    public string? DocumentType { get; set; }
    public string? DocumentNumber { get; set; }
    public string? DocumentIssuingState { get; set; }
    public DateOnly? DocumentExpiry { get; set; }
    public string? Purpose { get; set; }
    public string? RefusalReason { get; set; }
}

/// <summary>A recorded crossing and the person's stay as it stands after it.</summary>
public sealed record CrossingRecorded(Guid Id, string Kind, string CrossingPoint, DateTimeOffset At, Guid? TravellerId, StayResult Stay);

/// <summary>One person immigration should look at: overstaying now, or whose planned departure would overstay.</summary>
public sealed record Overstayer(string PersonKey, string Surname, string? GivenNames, DateOnly? BirthDate, string Nationality, string DocumentNumber,
    string LastCrossingPoint, StayResult Stay);

/// <summary>Recording entries, exits and refusals, and the stays they make.</summary>
public static class Crossings
{
    /// <summary>The crossing's fields as given or read from the MRZ, checked; refused with every wrong field at once.</summary>
    private sealed record CheckedCrossing(string Kind, string Point, string Surname, string Nationality, string Number, string? Issuer, string Type,
        DateTimeOffset At, string? Reason);

    private static CheckedCrossing Check(CrossingInput input, DateTimeOffset now)
    {
        var errors = new FieldErrors();
        var kind = input.Kind?.Trim().ToLowerInvariant();
        if (kind is null || !CrossingKinds.All.Contains(kind))
        {
            errors.Add("kind", $"'{input.Kind}' is not one of {string.Join(", ", CrossingKinds.All)}.");
        }
        var point = input.CrossingPoint?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(point) || point.Length > TravellerLimits.Code)
        {
            errors.Add("crossingPoint", $"A crossing point code of 1 to {TravellerLimits.Code} characters is required.");
        }
        ReadMrz(input, now, errors);
        var surname = input.Surname?.Trim();
        if (string.IsNullOrEmpty(surname) || surname.Length > TravellerLimits.Name)
        {
            errors.Add("surname", $"A surname of 1 to {TravellerLimits.Name} characters is required (or the mrz).");
        }
        var nationality = input.Nationality?.Trim().ToUpperInvariant();
        if (nationality is null || !MrzReader.IsKnownState(nationality))
        {
            errors.Add("nationality", $"'{input.Nationality}' is not an ICAO or ISO 3166-1 alpha-3 code.");
        }
        var number = DocumentNumbers.Normalise(input.DocumentNumber ?? "");
        if (number.Length is 0 or > TravellerLimits.Code)
        {
            errors.Add("documentNumber", $"A document number of 1 to {TravellerLimits.Code} letters and digits is required (or the mrz).");
        }
        var issuer = input.DocumentIssuingState?.Trim().ToUpperInvariant();
        if (issuer is not null && !MrzReader.IsKnownState(issuer))
        {
            errors.Add("documentIssuingState", $"'{issuer}' is not an ICAO or ISO 3166-1 alpha-3 code.");
        }
        var type = (input.DocumentType?.Trim().ToUpperInvariant() ?? "P") is { Length: > 0 and <= 3 } t ? t : null;
        if (type is null)
        {
            errors.Add("documentType", "A document type is at most 3 letters (P, I, V …).");
        }
        var at = input.At ?? now;
        if (at > now.AddMinutes(5))
        {
            errors.Add("at", $"{at:O} is in the future.");
        }
        var reason = input.RefusalReason?.Trim();
        if (kind == CrossingKinds.Refusal && string.IsNullOrEmpty(reason))
        {
            errors.Add("refusalReason", "A refusal names its reason.");
        }
        if (reason?.Length > 300 || input.Purpose?.Trim().Length > 100)
        {
            errors.Add(reason?.Length > 300 ? "refusalReason" : "purpose", "is too long (reason 300, purpose 100 characters).");
        }
        errors.ThrowIfAny();
        return new CheckedCrossing(kind!, point!, surname!, nationality!, number, issuer, type!, at, reason);
    }

    /// <summary>A machine-readable zone, when given, fills the person's and the document's fields.</summary>
    private static void ReadMrz(CrossingInput input, DateTimeOffset now, FieldErrors errors)
    {
        if (input.Mrz is not { Length: > 0 } mrz)
        {
            return;
        }
        try
        {
            var zone = MrzReader.Read(mrz, DateOnly.FromDateTime(now.UtcDateTime));
            input.Surname = zone.Surname;
            input.GivenNames = zone.GivenNames.Length > 0 ? zone.GivenNames : null;
            input.BirthDate = zone.BirthDate;
            input.Gender = zone.Sex is "M" or "F" ? zone.Sex : "X";
            input.Nationality = zone.Nationality;
            input.DocumentType = zone.DocumentType;
            input.DocumentNumber = zone.DocumentNumber;
            input.DocumentIssuingState = zone.IssuingState;
            input.DocumentExpiry = zone.ExpiryDate;
        }
        catch (MrzFormatException e)
        {
            errors.Add("mrz", e.Message);
        }
    }

    /// <summary>One alert per overstay, to immigration and the recording agency: the exit after it, or a second crossing, finds it raised already.</summary>
    private static async Task AlertOverstayAsync(CordonDb db, BorderCrossing crossing, StayResult stay, Guid? travellerId, CancellationToken ct)
    {
        var alertKey = $"{TravellerAlertKinds.Overstay}:{crossing.PersonKey}:{stay.OverstayedSince:yyyy-MM-dd}";
        if (!stay.Overstayed || crossing.Kind == CrossingKinds.Refusal || await db.Alerts.AnyAsync(a => a.Key == alertKey, ct))
        {
            return;
        }
        var agency = crossing.OwningAgencyId;
        var immigration = await TravellerChecks.ImmigrationAsync(db, ct);
        Alerts.Raise(db, new AlertDraft(TravellerAlertKinds.Overstay, $"Overstay found at {crossing.CrossingPoint}: {crossing.Kind}", agency, crossing.Marking)
        {
            RecordType = RecordTypes.Traveller, RecordId = travellerId?.ToString(), Caveats = crossing.Caveats, Severity = AlertSeverity.High,
            RaisedBy = "travellers", Summary = stay.Summary, Office = crossing.CrossingPoint, ReferredTo = immigration?.Code,
            Recipients = immigration is { } to ? [to.Id, agency] : null,
            Key = alertKey,
        });
    }

    public static async Task<CrossingRecorded> RecordAsync(CordonDb db, Actor actor, CrossingInput input, ShortStayRule rule, TimeProvider time, string source,
        CancellationToken ct)
    {
        if (!actor.Has(Roles.Officer) && !actor.Has(Roles.Supervisor))
        {
            throw new Forbidden("Recording a border crossing needs the officer or supervisor role.");
        }
        var agency = actor.AgencyId ?? throw new Forbidden("A crossing is recorded by an officer of an agency; the local operator belongs to none.");
        var now = time.GetUtcNow();
        var (kind, point, surname, nationality, number, issuer, type, at, reason) = Check(input, now);
        var key = TravellerIdentity.Key(surname, input.GivenNames?.Trim(), input.BirthDate, nationality);
        // The same person on one of the agency's own passenger lists, latest first: the crossing joins their record.
        var travellerId = await db.Travellers.AsNoTracking().Where(x => x.OwningAgencyId == agency && x.PersonKey == key)
            .OrderByDescending(x => x.DepartureDate).Select(x => (Guid?)x.Id).FirstOrDefaultAsync(ct);
        var crossing = new BorderCrossing
        {
            OwningAgencyId = agency, Kind = kind, CrossingPoint = point, At = at, Day = DateOnly.FromDateTime(at.UtcDateTime), Officer = actor.Name,
            Purpose = input.Purpose?.Trim() is { Length: > 0 } p ? p : null, RefusalReason = kind == CrossingKinds.Refusal ? reason : null,
            Surname = surname, GivenNames = input.GivenNames?.Trim() is { Length: > 0 } g ? g : null, BirthDate = input.BirthDate,
            Gender = input.Gender?.Trim().ToUpperInvariant() is { Length: 1 } sex ? sex : null, Nationality = nationality, DocumentType = type,
            DocumentNumber = number, DocumentIssuingState = issuer, DocumentExpiry = input.DocumentExpiry, PersonKey = key, TravellerId = travellerId,
            Source = source,
        };
        db.BorderCrossings.Add(crossing);
        var earlier = await db.BorderCrossings.AsNoTracking().Where(c => c.PersonKey == key).Select(c => new { c.Day, c.Kind }).ToListAsync(ct);
        var stay = StayCalculator.Compute(earlier.Select(c => (c.Day, c.Kind)).Append((crossing.Day, crossing.Kind)), nationality, crossing.Day, rule);
        await AlertOverstayAsync(db, crossing, stay, travellerId, ct);
        // The kind and the place, not the person: the audit log keeps no personal data.
        AuditLog.Append(db, actor, "travellers.crossing.record", RecordTypes.Traveller, crossing.Id.ToString(), agency,
            new { kind, crossingPoint = point, at, source });
        await db.SaveChangesAsync(ct);
        return new CrossingRecorded(crossing.Id, crossing.Kind, crossing.CrossingPoint, crossing.At, travellerId, stay);
    }

    /// <summary>A person's stay on <paramref name="asOf"/> from every crossing recorded for them.</summary>
    public static async Task<(StayResult Stay, int Refusals)> StayAsync(CordonDb db, string personKey, string? nationality, ShortStayRule rule, DateOnly asOf,
        DateOnly? plannedExit, CancellationToken ct)
    {
        var crossings = await db.BorderCrossings.AsNoTracking().Where(c => c.PersonKey == personKey).Select(c => new { c.Day, c.Kind }).ToListAsync(ct);
        return (StayCalculator.Compute(crossings.Select(c => (c.Day, c.Kind)), nationality, asOf, rule, plannedExit),
            crossings.Count(c => c.Kind == CrossingKinds.Refusal));
    }

    /// <summary>
    /// The crossings the reader may see, newest first (a person's, a point's, or all), with personal fields
    /// withheld as the agreement says.
    /// </summary>
    public static async Task<List<BorderCrossing>> ListAsync(CordonDb db, AccessPolicy policy, string? personKey, string? crossingPoint, int take, CancellationToken ct)
    {
        var q = policy.Filter(db.BorderCrossings.AsNoTracking(), RecordTypes.Traveller);
        if (personKey is { Length: > 0 })
        {
            q = q.Where(c => c.PersonKey == personKey);
        }
        if (crossingPoint?.Trim().ToUpperInvariant() is { Length: > 0 } point)
        {
            q = q.Where(c => c.CrossingPoint == point);
        }
        var rows = await q.OrderByDescending(c => c.At).Take(Math.Clamp(take, 1, 1000)).ToListAsync(ct);
        return await RedactedAsync(db, policy, rows, "crossings", ct);
    }

    /// <summary>
    /// Everyone under the rule whose crossings the reader may see and who is in the country overstaying on
    /// <paramref name="asOf"/>, longest overstay first.
    /// </summary>
    public static async Task<List<Overstayer>> OverstayersAsync(CordonDb db, AccessPolicy policy, ShortStayRule rule, DateOnly asOf, CancellationToken ct)
    {
        // People whose last crossing is an entry: only they can be overstaying now.
        var visible = policy.Filter(db.BorderCrossings.AsNoTracking(), RecordTypes.Traveller).Where(c => c.Kind != CrossingKinds.Refusal);
        var inside = await visible.GroupBy(c => c.PersonKey).Select(g => new { Key = g.Key, Last = g.Max(c => c.At) })
            .Join(visible, g => new { g.Key, g.Last }, c => new { Key = c.PersonKey, Last = c.At }, (g, c) => c)
            .Where(c => c.Kind == CrossingKinds.Entry).ToListAsync(ct);
        var result = new List<Overstayer>();
        foreach (var chunk in (await RedactedAsync(db, policy, inside, "overstayers", ct)).Where(c => rule.Applies(c.Nationality)).Chunk(500))
        {
            var keys = chunk.Select(c => c.PersonKey).ToList();
            var all = (await db.BorderCrossings.AsNoTracking().Where(c => keys.Contains(c.PersonKey)).Select(c => new { c.PersonKey, c.Day, c.Kind }).ToListAsync(ct))
                .ToLookup(c => c.PersonKey);
            foreach (var last in chunk)
            {
                var stay = StayCalculator.Compute(all[last.PersonKey].Select(c => (c.Day, c.Kind)), last.Nationality, asOf, rule);
                if (stay.OverstayingNow)
                {
                    result.Add(new Overstayer(last.PersonKey, last.Surname, last.GivenNames, last.BirthDate, last.Nationality, last.DocumentNumber, last.CrossingPoint, stay));
                }
            }
        }
        return result.OrderByDescending(o => o.Stay.OverstayDays).ThenBy(o => o.Surname, StringComparer.Ordinal).ToList();
    }

    /// <summary>Crossings as the reader may see them: names, birth date and document number withheld where the policy redacts a traveller's.</summary>
    public static async Task<List<BorderCrossing>> RedactedAsync(CordonDb db, AccessPolicy policy, List<BorderCrossing> rows, string path, CancellationToken ct)
    {
        var decisions = new RowDecisions(policy, RecordTypes.Traveller);
        var shown = new List<BorderCrossing>(rows.Count);
        foreach (var c in rows)
        {
            var decision = decisions.For(c.OwningAgencyId, c.Marking, c.Caveats, c.Id);
            if (!decision.Allowed)
            {
                continue;
            }
            if (decision.RedactedFields.Contains("surname"))
            {
                c.Surname = "[withheld]";
                c.GivenNames = null;
                c.BirthDate = null;
                c.DocumentNumber = "[withheld]";
                c.DocumentExpiry = null;
                c.Officer = "[withheld]";
            }
            shown.Add(c);
        }
        await SharedReads.AuditRowsAsync(db, policy, decisions, path, ct);
        return shown;
    }
}
