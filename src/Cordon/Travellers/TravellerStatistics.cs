using System.Globalization;
using Cordon.Audit;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Screening.Hits;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Travellers;

/// <summary>
/// What the traveller statistics cover: a period of crossing days (and of the lists' departure dates), an optional crossing
/// point and owning agency. Without an end, the period ends today; without a start, it is the four weeks to its end.
/// </summary>
public sealed record TravellerStatisticsQuery(DateOnly? From = null, DateOnly? To = null, string? Point = null, string? Agency = null);

/// <summary>The crossings at one point on one day.</summary>
public sealed record PointDay(string Point, DateOnly Day, int Entries, int Exits, int Refusals);

/// <summary>The crossings at one point over the period.</summary>
public sealed record PointTotal(string Point, int Entries, int Exits, int Refusals);

/// <summary>Refusals of entry with the same reason ("withheld": another agency's, whose reasons the reader may not see).</summary>
public sealed record RefusalReasonCount(string Reason, int Refusals);

/// <summary>Travellers of the period's lists by the action their checks decided (none, secondary inspection, alert, referral).</summary>
public sealed record DecisionCount(string Action, int Travellers);

/// <summary>Watch-list hits on travellers by list, by the analysts' review so far.</summary>
public sealed record WatchListHitCount(string List, int Open, int Confirmed, int Dismissed);

/// <summary>Travellers' documents found on a lost and stolen list (as it was when the traveller was checked), by list and status.</summary>
public sealed record DocumentHitCount(string List, string Status, int Documents);

/// <summary>How many records of each agency the figures rest on.</summary>
public sealed record TravellerStatisticsSource(string Agency, int Crossings, int Travellers, int WatchListHits, int DocumentHits);

public sealed record TravellerStatisticsReport(
    DateOnly From, DateOnly To, string? Point, string? Agency, string Purpose,
    int Crossings, int Entries, int Exits, int Refusals, int Travellers,
    IReadOnlyList<PointDay> ByPointAndDay, IReadOnlyList<PointTotal> ByPoint, IReadOnlyList<RefusalReasonCount> RefusalsByReason,
    IReadOnlyList<DecisionCount> ByDecision, IReadOnlyList<WatchListHitCount> WatchListHits, IReadOnlyList<DocumentHitCount> DocumentHits,
    IReadOnlyList<TravellerStatisticsSource> Sources);

/// <summary>One figure of the report as a CSV row: the CSV export is exactly these rows.</summary>
public sealed record TravellerFigure(string Section, string Key, string Measure, string Value);

/// <summary>
/// Statistics on travellers and border crossings (issue 18, point 7): crossings per crossing point per day, refusals by
/// reason, referrals and secondary inspections by decision, watch-list and lost/stolen document hits by list. Every figure
/// is counted in the store through the access policy for the statistics purpose: the reader's own records, and another
/// agency's only as far as an agreement covering travellers (and screening hits, for their hits) lets it count them.
/// </summary>
public static class TravellerStatistics
{
    /// <summary>Who reads the statistics (the menu asks this too): the roles that see travellers.</summary>
    public const Roles Readers = Roles.Officer | Roles.Analyst | Roles.Supervisor;

    /// <summary>The reason of another agency's refusal the reader may not see, and of a refusal recorded without one.</summary>
    public const string Withheld = "withheld";

    public const string CsvHeader = "section,key,measure,value";

    /// <summary>
    /// A refusal reason is free text an officer wrote about a person: grouped by its words only where the reader sees the
    /// person's personal fields (the surname stands for them), otherwise counted as withheld.
    /// </summary>
    private const string PersonalProxy = "surname";

    public static async Task<TravellerStatisticsReport> ReportAsync(CordonDb db, Actor actor, TravellerStatisticsQuery query, CancellationToken ct = default)
    {
        if (actor.Kind != ActorKind.LocalOperator && (actor.AgencyId is null || (actor.Roles & Readers) == 0))
        {
            throw new Forbidden("Traveller statistics are for officers, analysts and supervisors.");
        }
        // Statistics whatever purpose the session states: agreements decide for that purpose.
        var policy = await AccessPolicy.ForAsync(db, actor, Purpose.Statistics, ct: ct);
        var countable = policy.Filter(db.BorderCrossings.AsNoTracking(), RecordTypes.Traveller);
        var end = query.To ?? DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);
        var (from, to) = (query.From ?? end.AddDays(-27), end);
        var errors = new FieldErrors();
        if (to < from)
        {
            errors.Add("to", $"The period ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd}).");
        }
        else if (to.DayNumber - from.DayNumber > 366)
        {
            errors.Add("to", "The period is at most a year (366 days).");
        }
        var point = string.IsNullOrWhiteSpace(query.Point) ? null : query.Point.Trim().ToUpperInvariant();
        if (point is not null && (point.Length is < 3 or > TravellerLimits.Code || !point.All(char.IsAsciiLetterOrDigit)))
        {
            errors.Add("point", $"'{query.Point}' is not a crossing point code: 3 to 35 letters or digits (a UN/LOCODE such as NLAMS).");
        }
        Guid? agency = null;
        if (!string.IsNullOrWhiteSpace(query.Agency))
        {
            agency = (await AgencyCodes.FindAsync(db, query.Agency, ct))?.Id;
            if (agency is null)
            {
                errors.Add("agency", $"No agency has the code '{query.Agency}'.");
            }
        }
        errors.ThrowIfAny();

        var crossings = countable.Where(c => c.Day >= from && c.Day <= to);
        var travellers = policy.Filter(db.Travellers.AsNoTracking(), RecordTypes.Traveller).Where(t => t.DepartureDate >= from && t.DepartureDate <= to);
        if (agency is { } a)
        {
            crossings = crossings.Where(c => c.OwningAgencyId == a);
            travellers = travellers.Where(t => t.OwningAgencyId == a);
        }
        if (point is not null)
        {
            crossings = crossings.Where(c => c.CrossingPoint == point);
            // A list arrives at an airport or port code; a UN/LOCODE (NLAMS) names the same place by its last three letters (AMS).
            var place = point.Length == 5 ? point[2..] : point;
            var manifests = db.PassengerManifests.AsNoTracking().Where(m => m.Arrival == point || m.Arrival == place).Select(m => m.Id);
            travellers = travellers.Where(t => manifests.Contains(t.ManifestId));
        }

        var perDay = await crossings.GroupBy(c => new { c.CrossingPoint, c.Day, c.Kind, c.OwningAgencyId })
            .Select(g => new { g.Key.CrossingPoint, g.Key.Day, g.Key.Kind, g.Key.OwningAgencyId, N = g.Count() }).ToListAsync(ct);
        var refusals = crossings.Where(c => c.Kind == CrossingKinds.Refusal);
        var reasons = await refusals.Where(policy.Sees<BorderCrossing>(RecordTypes.Traveller, PersonalProxy))
            .GroupBy(c => c.RefusalReason).Select(g => new { Reason = g.Key, N = g.Count() }).ToListAsync(ct);
        var withheldReasons = await refusals.Where(policy.Hides<BorderCrossing>(RecordTypes.Traveller, PersonalProxy)).CountAsync(ct);

        var decisions = await travellers.GroupBy(t => new { t.Action, t.OwningAgencyId }).Select(g => new { g.Key.Action, g.Key.OwningAgencyId, N = g.Count() }).ToListAsync(ct);

        // A hit is its own record (law enforcement, personal data): counted where the hits may be, of travellers that may be.
        var travellerIds = travellers.Select(t => t.Id);
        var hits = await policy.Filter(db.ScreeningHits.AsNoTracking(), RecordTypes.ScreeningHit)
            .Where(h => h.RecordType == RecordTypes.Traveller && travellerIds.Contains(h.RecordId) && h.Status != HitStatus.Closed)
            .GroupBy(h => new { h.ListName, h.Status, h.OwningAgencyId }).Select(g => new { g.Key.ListName, g.Key.Status, g.Key.OwningAgencyId, N = g.Count() }).ToListAsync(ct);

        // Which documents were found reported is part of the traveller's reasons (personal): counted where the reader sees
        // them. An entry counts when it was on the list when the traveller was checked (added before, not yet removed).
        var withReasons = travellers.Where(policy.Sees<Traveller>(RecordTypes.Traveller, "reasons")).Where(t => t.CheckedAt != null);
        var documentHits = await (from t in withReasons
                                  join d in db.TravelDocuments.AsNoTracking() on t.Id equals d.TravellerId
                                  join e in db.LostDocuments.AsNoTracking() on d.Number equals e.Number
                                  join l in db.LostDocumentLists.AsNoTracking() on e.ListId equals l.Id
                                  join added in db.LostDocumentListVersions.AsNoTracking() on new { e.ListId, Number = e.AddedInVersion } equals new { added.ListId, added.Number }
                                  where (d.IssuingState == null || d.IssuingState == e.IssuingState) && added.ImportedAt <= t.CheckedAt
                                        && (e.RemovedInVersion == null || db.LostDocumentListVersions.Any(v => v.ListId == e.ListId && v.Number == e.RemovedInVersion && v.ImportedAt > t.CheckedAt))
                                  group t by new { l.Name, e.Status, t.OwningAgencyId } into g
                                  select new { g.Key.Name, g.Key.Status, g.Key.OwningAgencyId, N = g.Count() }).ToListAsync(ct);

        await AuditForeignAsync(db, policy, perDay.Select(p => (p.OwningAgencyId, p.N)), decisions.Select(d => (d.OwningAgencyId, d.N)), hits.Select(h => (h.OwningAgencyId, h.N)), ct);

        var byPointAndDay = perDay.GroupBy(p => (p.CrossingPoint, p.Day)).OrderBy(g => g.Key.Day).ThenBy(g => g.Key.CrossingPoint, StringComparer.Ordinal)
            .Select(g => new PointDay(g.Key.CrossingPoint, g.Key.Day, g.Where(p => p.Kind == CrossingKinds.Entry).Sum(p => p.N),
                g.Where(p => p.Kind == CrossingKinds.Exit).Sum(p => p.N), g.Where(p => p.Kind == CrossingKinds.Refusal).Sum(p => p.N))).ToList();
        var byPoint = byPointAndDay.GroupBy(p => p.Point).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new PointTotal(g.Key, g.Sum(p => p.Entries), g.Sum(p => p.Exits), g.Sum(p => p.Refusals))).ToList();

        var byReason = reasons.GroupBy(r => string.IsNullOrWhiteSpace(r.Reason) ? Withheld : r.Reason.Trim())
            .Select(g => new RefusalReasonCount(g.Key, g.Sum(r => r.N)))
            .Concat(withheldReasons > 0 ? [new RefusalReasonCount(Withheld, withheldReasons)] : [])
            .GroupBy(r => r.Reason).Select(g => new RefusalReasonCount(g.Key, g.Sum(r => r.Refusals)))
            .OrderByDescending(r => r.Refusals).ThenBy(r => r.Reason, StringComparer.Ordinal).ToList();

        // Every action in its order, strongest last; a traveller not yet checked counts as such.
        var byDecision = TravellerActions.All.Select(action => new DecisionCount(action, decisions.Where(d => d.Action == action).Sum(d => d.N)))
            .Append(new DecisionCount("unchecked", decisions.Where(d => d.Action == null).Sum(d => d.N))).Where(d => d.Action != "unchecked" || d.Travellers > 0).ToList();

        var watchListHits = hits.GroupBy(h => h.ListName).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new WatchListHitCount(g.Key, g.Where(h => h.Status == HitStatus.Open).Sum(h => h.N), g.Where(h => h.Status == HitStatus.Confirmed).Sum(h => h.N),
                g.Where(h => h.Status == HitStatus.Dismissed).Sum(h => h.N))).ToList();
        var docHits = documentHits.GroupBy(h => (h.Name, h.Status)).OrderBy(g => g.Key.Name, StringComparer.Ordinal).ThenBy(g => g.Key.Status, StringComparer.Ordinal)
            .Select(g => new DocumentHitCount(g.Key.Name, g.Key.Status, g.Sum(h => h.N))).ToList();

        var codes = await AgencyCodes.ByIdAsync(db, ct);
        var owners = perDay.Select(p => p.OwningAgencyId).Concat(decisions.Select(d => d.OwningAgencyId)).Concat(hits.Select(h => h.OwningAgencyId)).Distinct();
        var sources = owners.Select(o => new TravellerStatisticsSource(codes.GetValueOrDefault(o) ?? o.ToString(), perDay.Where(p => p.OwningAgencyId == o).Sum(p => p.N),
                decisions.Where(d => d.OwningAgencyId == o).Sum(d => d.N), hits.Where(h => h.OwningAgencyId == o).Sum(h => h.N),
                documentHits.Where(h => h.OwningAgencyId == o).Sum(h => h.N)))
            .OrderBy(s => s.Agency, StringComparer.Ordinal).ToList();

        return new TravellerStatisticsReport(from, to, point, agency is { } ag ? codes.GetValueOrDefault(ag) : null, Purpose.Statistics.Name(),
            byPoint.Sum(p => p.Entries + p.Exits + p.Refusals), byPoint.Sum(p => p.Entries), byPoint.Sum(p => p.Exits), byPoint.Sum(p => p.Refusals),
            decisions.Sum(d => d.N), byPointAndDay, byPoint, byReason, byDecision, watchListHits, docHits, sources);
    }

    /// <summary>Another agency's records the figures counted land in its access review: one entry per record type and owner, with how many.</summary>
    private static async Task AuditForeignAsync(CordonDb db, AccessPolicy policy, IEnumerable<(Guid Owner, int N)> crossings,
        IEnumerable<(Guid Owner, int N)> travellers, IEnumerable<(Guid Owner, int N)> hits, CancellationToken ct)
    {
        if (policy.Actor.Kind == ActorKind.LocalOperator)
        {
            return;
        }
        var any = false;
        foreach (var (type, view, counted) in new[]
                 {
                     (RecordTypes.Traveller, "border crossings", crossings), (RecordTypes.Traveller, "travellers", travellers), (RecordTypes.ScreeningHit, "watch-list hits", hits),
                 })
        {
            foreach (var g in counted.Where(c => c.Owner != policy.Actor.AgencyId).GroupBy(c => c.Owner))
            {
                any = true;
                AuditLog.Append(db, new AuditEvent(AuditActor.Of(policy.Actor), "records.statistics")
                {
                    RecordType = type,
                    RecordAgencyId = g.Key,
                    Purpose = policy.Purpose.Name(),
                    Details = new { rows = g.Sum(c => c.N), view = $"traveller statistics ({view})" },
                });
            }
        }
        if (any)
        {
            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>Every figure of the report, one per row, in the order the page shows them: what the CSV export writes.</summary>
    public static IEnumerable<TravellerFigure> Figures(TravellerStatisticsReport r)
    {
        static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
        yield return new("total", "", "crossings", I(r.Crossings));
        yield return new("total", "", "entries", I(r.Entries));
        yield return new("total", "", "exits", I(r.Exits));
        yield return new("total", "", "refusals", I(r.Refusals));
        yield return new("total", "", "travellers", I(r.Travellers));
        foreach (var p in r.ByPoint)
        {
            yield return new("point", p.Point, "entries", I(p.Entries));
            yield return new("point", p.Point, "exits", I(p.Exits));
            yield return new("point", p.Point, "refusals", I(p.Refusals));
        }
        foreach (var p in r.ByPointAndDay)
        {
            var key = $"{p.Point} {p.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
            yield return new("point_day", key, "entries", I(p.Entries));
            yield return new("point_day", key, "exits", I(p.Exits));
            yield return new("point_day", key, "refusals", I(p.Refusals));
        }
        foreach (var x in r.RefusalsByReason)
        {
            yield return new("refusal_reason", x.Reason, "refusals", I(x.Refusals));
        }
        foreach (var d in r.ByDecision)
        {
            yield return new("decision", d.Action, "travellers", I(d.Travellers));
        }
        foreach (var h in r.WatchListHits)
        {
            yield return new("watch_list", h.List, "open", I(h.Open));
            yield return new("watch_list", h.List, "confirmed", I(h.Confirmed));
            yield return new("watch_list", h.List, "dismissed", I(h.Dismissed));
        }
        foreach (var h in r.DocumentHits)
        {
            yield return new("document_list", $"{h.List} {h.Status}", "documents", I(h.Documents));
        }
        foreach (var s in r.Sources)
        {
            yield return new("source", s.Agency, "crossings", I(s.Crossings));
            yield return new("source", s.Agency, "travellers", I(s.Travellers));
            yield return new("source", s.Agency, "watch_list_hits", I(s.WatchListHits));
            yield return new("source", s.Agency, "document_hits", I(s.DocumentHits));
        }
    }

    public static async Task WriteCsvAsync(TravellerStatisticsReport report, TextWriter writer)
    {
        await writer.WriteLineAsync(CsvHeader);
        foreach (var f in Figures(report))
        {
            await writer.WriteLineAsync(string.Join(',', new[] { f.Section, f.Key, f.Measure, f.Value }.Select(Cell)));
        }
    }

    private static string Cell(string s)
    {
        // Formula injection: a cell a spreadsheet would evaluate is prefixed with a quote.
        if (s.Length > 0 && "=+-@\t\r".Contains(s[0], StringComparison.Ordinal))
        {
            s = "'" + s;
        }
        return s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
    }
}
