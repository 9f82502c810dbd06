using System.Globalization;
using Cordon.Audit;
using Cordon.Cases;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Risk.Lanes;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Risk.Performance;

/// <summary>
/// What the performance view covers: a period of lodgement and optional office, lane, HS prefix and owning agency. Without
/// an end, the period ends on the latest lodgement day the reader may count (today when none); without a start, it is the
/// twelve weeks to its end.
/// </summary>
public sealed record PerformanceQuery(DateOnly? From = null, DateOnly? To = null, string? Office = null, string? Lane = null, string? Hs = null, string? Agency = null);

/// <summary>Checks and what they found, for one group (a lane, a selection reason, a week).</summary>
public sealed record CheckFigures(int Inspected, int AwaitingOutcome, int Irregular, double? DetectionRate, double Revenue, double? RevenuePerInspection);

/// <summary>One lane: how many declarations it took, what its checks found, and how long its goods took from lodgement to release.</summary>
public sealed record LanePerformance(string Lane, int Declarations, double? Share, CheckFigures Checks, int Released, double? MedianReleaseHours, double? P90ReleaseHours);

/// <summary>Checks grouped by why the lane chose them: random, screening, criteria, model (or withheld when the owner's agreement keeps its targeting).</summary>
public sealed record ReasonPerformance(string Reason, CheckFigures Checks);

/// <summary>Authorised economic operators: their share of decided declarations and how often they were checked, against the others.</summary>
public sealed record AeoPerformance(int Declarations, double? Share, int Checked, double? InspectionRate, int OthersDeclarations, int OthersChecked, double? OthersInspectionRate);

/// <summary>Checks that found nothing, and the hours those traders' goods waited from lodgement to release.</summary>
public sealed record ComplianceBurden(int FoundNothing, double? ShareOfInspected, int Released, double HoursWaited, double? MedianHours);

public sealed record WeekPerformance(DateOnly From, DateOnly To, int Declarations, int Decided, int Checked, double? InspectionRate, CheckFigures Checks, int Seizures, double? MedianReleaseHours);

/// <summary>How many records of each agency the figures rest on: the reader's own and what agreements let it count.</summary>
public sealed record PerformanceSource(string Agency, int Declarations, int LaneDecisions, int Outcomes, int Releases);

public sealed record PerformanceReport(
    DateOnly From, DateOnly To, string? Office, string? Lane, string? Hs, string? Agency, string Purpose,
    int Declarations, int Decided, int Checked, double? InspectionRate, CheckFigures Checks,
    IReadOnlyList<LanePerformance> ByLane, IReadOnlyList<ReasonPerformance> ByReason, AeoPerformance Aeo, ComplianceBurden Burden,
    SeizureStatistics Seizures, IReadOnlyList<WeekPerformance> Weeks, IReadOnlyList<PerformanceSource> Sources);

/// <summary>One figure of the report as a CSV row: the CSV export is exactly these rows.</summary>
public sealed record PerformanceFigure(string Section, string Key, string Measure, string Value);

/// <summary>
/// Enforcement performance over a period (issue 21, part 1): declarations, lanes and what their checks found, revenue
/// recovered, seizures, release times, AEO traders and the burden on compliant traders, by lane, selection reason and
/// week. Every figure is counted through the access policy for the statistics purpose: the reader's own records, and
/// another agency's only as far as an agreement in force lets the reader use them for statistics. Counts are grouped in
/// the store; only the checked and released declarations come back as rows (their times give the medians).
/// </summary>
public static class EnforcementPerformance
{
    /// <summary>Who reads the performance view (the menu asks this too).</summary>
    public const Roles Readers = Roles.Analyst | Roles.Supervisor | Roles.AgencyAdmin | Roles.Operator;

    public static readonly string[] Lanes = ["red", "yellow", "blue", "green"];
    public static readonly string[] Reasons = ["random", "screening", "criteria", "model", "withheld"];

    /// <summary>The lane assigner's reason for a declaration forced red by a watch-list block hit (see <see cref="LaneAssigner"/>).</summary>
    private const string BlockHitReason = "Watch-list block hit";

    public const string CsvHeader = "section,key,measure,value";

    private sealed record CheckRow(Guid Owner, Guid DeclarationId, DateOnly Day, Lane Lane, string Reason, bool Aeo, bool HasOutcome, bool Illicit, decimal Revenue);

    private sealed record ReleaseRow(Guid Owner, Guid DeclarationId, DateOnly Day, Lane? Lane, double Hours);

    public static async Task<PerformanceReport> ReportAsync(CordonDb db, Actor actor, PerformanceQuery query, CancellationToken ct = default)
    {
        if (actor.Kind != ActorKind.LocalOperator && (actor.AgencyId is null || (actor.Roles & Readers) == 0))
        {
            throw new Forbidden("Enforcement performance is for analysts, supervisors and agency administrators.");
        }
        // The figures are statistics whatever purpose the session states: agreements decide for that purpose.
        var policy = await AccessPolicy.ForAsync(db, actor, Purpose.Statistics, ct: ct);
        var countable = policy.Filter(db.Declarations.AsNoTracking(), RecordTypes.Declaration);
        var end = query.To ?? await countable.MaxAsync(d => (DateOnly?)d.LodgedOn, ct) ?? DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);
        query = query with { To = end, From = query.From ?? end.AddDays(-83) };
        var (periodFrom, periodTo) = (query.From.Value, end);
        var errors = new FieldErrors();
        if (periodTo < periodFrom)
        {
            errors.Add("to", $"The period ends ({periodTo:yyyy-MM-dd}) before it starts ({periodFrom:yyyy-MM-dd}).");
        }
        else if (periodTo.DayNumber - periodFrom.DayNumber > 731)
        {
            errors.Add("to", "The period is at most two years.");
        }
        var office = string.IsNullOrWhiteSpace(query.Office) ? null : query.Office.Trim().ToUpperInvariant();
        Lane? lane = null;
        if (!string.IsNullOrWhiteSpace(query.Lane))
        {
            if (LaneText.TryParse(query.Lane, out var l))
            {
                lane = l;
            }
            else
            {
                errors.Add("lane", $"'{query.Lane}' is not a lane: red, yellow, blue or green.");
            }
        }
        var hs = string.IsNullOrWhiteSpace(query.Hs) ? null : query.Hs.Trim().Replace(".", "", StringComparison.Ordinal);
        if (hs is not null && (hs.Length is < 2 or > 10 || !hs.All(char.IsAsciiDigit)))
        {
            errors.Add("hs", $"'{query.Hs}' is not an HS prefix: 2 to 10 digits (chapter 09, heading 0901...).");
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

        var declarations = countable.Where(d => d.LodgedOn >= periodFrom && d.LodgedOn <= periodTo);
        if (agency is { } a)
        {
            declarations = declarations.Where(d => d.OwningAgencyId == a);
        }
        if (office is not null)
        {
            // A filter on a field applies only to rows whose field the reader sees, so a withheld office is never guessed.
            declarations = policy.WhereSeen(declarations, RecordTypes.Declaration, "office", d => d.Office == office);
        }
        if (hs is not null)
        {
            declarations = policy.WhereSeen(declarations, RecordTypes.Declaration, "items.hsCode", d => d.Items.Any(i => i.HsCode.StartsWith(hs)));
        }
        var allLanes = policy.Filter(db.LaneDecisions.AsNoTracking(), RecordTypes.LaneDecision);
        if (lane is { } only)
        {
            declarations = declarations.Where(d => allLanes.Any(l => l.DeclarationId == d.Id && l.Lane == only));
        }
        var ids = declarations.Select(d => d.Id);
        var lanes = allLanes.Where(l => ids.Contains(l.DeclarationId));
        // An outcome is the finding of the declaration's inspection: read as an inspection record.
        var outcomes = policy.Filter(db.InspectionOutcomes.AsNoTracking(), RecordTypes.Inspection);
        // A release is a step of the declaration's processing, shared as the declaration is.
        var releases = policy.Filter(db.DeclarationReleases.AsNoTracking(), RecordTypes.Declaration);

        var perDay = await declarations.GroupBy(d => new { d.LodgedOn, d.OwningAgencyId }).Select(g => new { g.Key.LodgedOn, g.Key.OwningAgencyId, N = g.Count() }).ToListAsync(ct);
        var lanesPerDay = await lanes.GroupBy(l => new { l.LodgedOn, l.OwningAgencyId, l.Lane, l.Aeo }).Select(g => new { g.Key.LodgedOn, g.Key.OwningAgencyId, g.Key.Lane, g.Key.Aeo, N = g.Count() }).ToListAsync(ct);

        // Why a check was chosen is the owner's targeting: where the reader's agreement withholds the criteria and
        // scores, a risk pick counts as "withheld" (a random pick stays random: that field is shared).
        async Task<List<CheckRow>> ChecksAsync(IQueryable<LaneDecision> source, bool reasonSeen)
        {
            var rows = await (from l in source
                              where l.Lane == Lane.Red || l.Lane == Lane.Yellow
                              from o in outcomes.Where(o => o.DeclarationId == l.DeclarationId).DefaultIfEmpty()
                              select new
                              {
                                  l.OwningAgencyId, l.DeclarationId, l.LodgedOn, l.Lane, l.RandomPick, l.Forced, l.Aeo, l.CriteriaScore,
                                  Screening = l.Forced && l.Explanation.Contains(BlockHitReason),
                                  HasOutcome = o != null, Illicit = o != null && o.Illicit, Revenue = o == null ? 0m : o.Revenue,
                              }).ToListAsync(ct);
            return rows.Select(r => new CheckRow(r.OwningAgencyId, r.DeclarationId, r.LodgedOn, r.Lane,
                r.RandomPick ? "random" : !reasonSeen ? "withheld" : r.Screening ? "screening" : r.Forced || r.CriteriaScore > 0 ? "criteria" : "model",
                r.Aeo, r.HasOutcome, r.Illicit, r.Revenue)).ToList();
        }
        var checks = await ChecksAsync(lanes.Where(policy.Sees<LaneDecision>(RecordTypes.LaneDecision, "criteriaScore")), true);
        checks.AddRange(await ChecksAsync(lanes.Where(policy.Hides<LaneDecision>(RecordTypes.LaneDecision, "criteriaScore")), false));

        var released = (await (from r in releases
                               join d in declarations on r.DeclarationId equals d.Id
                               from l in lanes.Where(l => l.DeclarationId == d.Id).DefaultIfEmpty()
                               select new { r.OwningAgencyId, d.Id, d.LodgedOn, d.FirstReceivedAt, r.ReleasedAt, Lane = l == null ? (Lane?)null : l.Lane }).ToListAsync(ct))
            .Select(r => new ReleaseRow(r.OwningAgencyId, r.Id, r.LodgedOn, r.Lane, (r.ReleasedAt - r.FirstReceivedAt).TotalHours)).ToList();

        // As the seizure statistics read them: each seizure cleared by path, so a withheld office or commodity groups as withheld.
        var seizureRows = (await SeizureReporting.RowsAsync(db, policy, periodFrom, periodTo, ct))
            .Where(r => (office is null || r.Office == office) && (hs is null || (r.HsCode?.StartsWith(hs, StringComparison.Ordinal) ?? false))).ToList();
        var codes = await AgencyCodes.ByIdAsync(db, ct);
        if (agency is { } owner)
        {
            var code = codes.GetValueOrDefault(owner);
            seizureRows = seizureRows.Where(r => r.Agency == code).ToList();
        }

        await AuditForeignAsync(db, policy, perDay.Select(p => (p.OwningAgencyId, p.N)), lanesPerDay.Select(p => (p.OwningAgencyId, p.N)),
            checks.Where(c => c.HasOutcome).Select(c => (c.Owner, 1)), released.Select(r => (r.Owner, 1)), ct);

        var declared = perDay.Sum(p => p.N);
        var decided = lanesPerDay.Sum(p => p.N);
        var checkedCount = lanesPerDay.Where(p => p.Lane is Lane.Red or Lane.Yellow).Sum(p => p.N);

        var byLane = Lanes.Select(name =>
        {
            LaneText.TryParse(name, out var l);
            var n = lanesPerDay.Where(p => p.Lane == l).Sum(p => p.N);
            var hours = released.Where(r => r.Lane == l).Select(r => r.Hours).ToList();
            return new LanePerformance(name, n, Rate(n, decided), Figures(checks.Where(c => c.Lane == l)), hours.Count, Percentile(hours, 0.5), Percentile(hours, 0.9));
        }).ToList();
        var byReason = Reasons.Select(reason => new ReasonPerformance(reason, Figures(checks.Where(c => c.Reason == reason))))
            .Where(r => r.Reason != "withheld" || r.Checks.Inspected + r.Checks.AwaitingOutcome > 0).ToList();

        var aeoDecided = lanesPerDay.Where(p => p.Aeo).Sum(p => p.N);
        var aeoChecked = lanesPerDay.Where(p => p.Aeo && p.Lane is Lane.Red or Lane.Yellow).Sum(p => p.N);
        var aeo = new AeoPerformance(aeoDecided, Rate(aeoDecided, decided), aeoChecked, Rate(aeoChecked, aeoDecided),
            decided - aeoDecided, checkedCount - aeoChecked, Rate(checkedCount - aeoChecked, decided - aeoDecided));

        var inspected = checks.Count(c => c.HasOutcome);
        var compliant = checks.Where(c => c.HasOutcome && !c.Illicit).Select(c => c.DeclarationId).ToHashSet();
        var waited = released.Where(r => compliant.Contains(r.DeclarationId)).Select(r => r.Hours).ToList();
        var burden = new ComplianceBurden(compliant.Count, Rate(compliant.Count, inspected), waited.Count, Math.Round(waited.Sum(), 2), Percentile(waited, 0.5));

        var weeks = new List<WeekPerformance>();
        for (var start = WeekStart(periodFrom); start <= periodTo; start = start.AddDays(7))
        {
            var (from, to) = (Max(start, periodFrom), Min(start.AddDays(6), periodTo));
            bool In(DateOnly d) => d >= from && d <= to;
            var weekDecided = lanesPerDay.Where(p => In(p.LodgedOn)).Sum(p => p.N);
            var weekChecked = lanesPerDay.Where(p => In(p.LodgedOn) && p.Lane is Lane.Red or Lane.Yellow).Sum(p => p.N);
            var weekSeizures = seizureRows.Where(r => In(DateOnly.ParseExact(r.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture))).Select(r => r.Seizure).Distinct().Count();
            weeks.Add(new WeekPerformance(from, to, perDay.Where(p => In(p.LodgedOn)).Sum(p => p.N), weekDecided, weekChecked, Rate(weekChecked, weekDecided),
                Figures(checks.Where(c => In(c.Day))), weekSeizures, Percentile(released.Where(r => In(r.Day)).Select(r => r.Hours).ToList(), 0.5)));
        }

        var owners = perDay.Select(p => p.OwningAgencyId).Concat(lanesPerDay.Select(p => p.OwningAgencyId)).Distinct();
        var sources = owners.Select(o => new PerformanceSource(codes.GetValueOrDefault(o) ?? o.ToString(), perDay.Where(p => p.OwningAgencyId == o).Sum(p => p.N),
                lanesPerDay.Where(p => p.OwningAgencyId == o).Sum(p => p.N), checks.Count(c => c.Owner == o && c.HasOutcome), released.Count(r => r.Owner == o)))
            .OrderBy(s => s.Agency, StringComparer.Ordinal).ToList();

        return new PerformanceReport(periodFrom, periodTo, office, lane?.Name(), hs, agency is { } ag ? codes.GetValueOrDefault(ag) : null, Purpose.Statistics.Name(),
            declared, decided, checkedCount, Rate(checkedCount, decided), Figures(checks), byLane, byReason, aeo, burden,
            SeizureReporting.Statistics(seizureRows), weeks, sources);
    }

    /// <summary>
    /// Another agency's records the figures counted land in its access review like any read: one entry per record
    /// type and owner with how many were counted (the seizures, loaded whole, are noted by the store itself).
    /// </summary>
    private static async Task AuditForeignAsync(CordonDb db, AccessPolicy policy, IEnumerable<(Guid Owner, int N)> declarations,
        IEnumerable<(Guid Owner, int N)> lanes, IEnumerable<(Guid Owner, int N)> outcomes, IEnumerable<(Guid Owner, int N)> releases, CancellationToken ct)
    {
        if (policy.Actor.Kind == ActorKind.LocalOperator)
        {
            return;
        }
        var any = false;
        foreach (var (type, counted) in new[] { (RecordTypes.Declaration, declarations), (RecordTypes.LaneDecision, lanes), (RecordTypes.Inspection, outcomes), ("declaration-release", releases) })
        {
            foreach (var g in counted.Where(c => c.Owner != policy.Actor.AgencyId).GroupBy(c => c.Owner))
            {
                any = true;
                AuditLog.Append(db, new AuditEvent(AuditActor.Of(policy.Actor), "records.statistics")
                {
                    RecordType = type,
                    RecordAgencyId = g.Key,
                    Purpose = policy.Purpose.Name(),
                    Details = new { rows = g.Sum(c => c.N), view = "enforcement performance" },
                });
            }
        }
        if (any)
        {
            await db.SaveChangesAsync(ct);
        }
    }

    private static CheckFigures Figures(IEnumerable<CheckRow> rows)
    {
        var list = rows.ToList();
        var done = list.Where(r => r.HasOutcome).ToList();
        var irregular = done.Count(r => r.Illicit);
        var revenue = (double)done.Sum(r => r.Revenue);
        return new CheckFigures(done.Count, list.Count - done.Count, irregular, Rate(irregular, done.Count), revenue, done.Count == 0 ? null : Math.Round(revenue / done.Count, 2));
    }

    private static double? Rate(int part, int whole) => whole == 0 ? null : part / (double)whole;

    /// <summary>Linear interpolation between closest ranks ("type 7", as spreadsheets compute it); null without values.</summary>
    public static double? Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
        {
            return null;
        }
        var sorted = values.Order().ToList();
        var rank = p * (sorted.Count - 1);
        var (low, high) = ((int)Math.Floor(rank), (int)Math.Ceiling(rank));
        return Math.Round(sorted[low] + (sorted[high] - sorted[low]) * (rank - low), 4);
    }

    /// <summary>The Monday of the date's week.</summary>
    public static DateOnly WeekStart(DateOnly d) => d.AddDays(-(((int)d.DayOfWeek + 6) % 7));

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    /// <summary>Every figure of the report, one per row, in the order the page shows them: what the CSV export writes.</summary>
    public static IEnumerable<PerformanceFigure> Figures(PerformanceReport r)
    {
        static string N(double? v) => v is { } x ? Math.Round(x, 6).ToString("0.######", CultureInfo.InvariantCulture) : "";
        static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
        IEnumerable<PerformanceFigure> Checks(string section, string key, CheckFigures c) =>
        [
            new(section, key, "inspected", I(c.Inspected)), new(section, key, "awaiting_outcome", I(c.AwaitingOutcome)), new(section, key, "irregular", I(c.Irregular)),
            new(section, key, "detection_rate", N(c.DetectionRate)), new(section, key, "revenue", N(c.Revenue)), new(section, key, "revenue_per_inspection", N(c.RevenuePerInspection)),
        ];
        yield return new("total", "", "declarations", I(r.Declarations));
        yield return new("total", "", "decided", I(r.Decided));
        yield return new("total", "", "checked", I(r.Checked));
        yield return new("total", "", "inspection_rate", N(r.InspectionRate));
        foreach (var f in Checks("total", "", r.Checks)) yield return f;
        foreach (var l in r.ByLane)
        {
            yield return new("lane", l.Lane, "declarations", I(l.Declarations));
            yield return new("lane", l.Lane, "share", N(l.Share));
            foreach (var f in Checks("lane", l.Lane, l.Checks)) yield return f;
            yield return new("lane", l.Lane, "released", I(l.Released));
            yield return new("lane", l.Lane, "median_release_hours", N(l.MedianReleaseHours));
            yield return new("lane", l.Lane, "p90_release_hours", N(l.P90ReleaseHours));
        }
        foreach (var s in r.ByReason)
        {
            foreach (var f in Checks("reason", s.Reason, s.Checks)) yield return f;
        }
        yield return new("aeo", "aeo", "declarations", I(r.Aeo.Declarations));
        yield return new("aeo", "aeo", "share", N(r.Aeo.Share));
        yield return new("aeo", "aeo", "checked", I(r.Aeo.Checked));
        yield return new("aeo", "aeo", "inspection_rate", N(r.Aeo.InspectionRate));
        yield return new("aeo", "others", "declarations", I(r.Aeo.OthersDeclarations));
        yield return new("aeo", "others", "checked", I(r.Aeo.OthersChecked));
        yield return new("aeo", "others", "inspection_rate", N(r.Aeo.OthersInspectionRate));
        yield return new("burden", "", "found_nothing", I(r.Burden.FoundNothing));
        yield return new("burden", "", "share_of_inspected", N(r.Burden.ShareOfInspected));
        yield return new("burden", "", "released", I(r.Burden.Released));
        yield return new("burden", "", "hours_waited", N(r.Burden.HoursWaited));
        yield return new("burden", "", "median_hours", N(r.Burden.MedianHours));
        yield return new("seizures", "", "seizures", I(r.Seizures.Seizures));
        foreach (var (section, bars) in new[] { ("seizures_by_commodity", r.Seizures.ByCommodity), ("seizures_by_route", r.Seizures.ByRoute), ("seizures_by_office", r.Seizures.ByOffice) })
        {
            foreach (var b in bars)
            {
                yield return new(section, b.Key, "seizures", I(b.Seizures));
                yield return new(section, b.Key, "weight_kg", N((double)b.WeightKg));
            }
        }
        foreach (var w in r.Weeks)
        {
            var key = w.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            yield return new("week", key, "declarations", I(w.Declarations));
            yield return new("week", key, "decided", I(w.Decided));
            yield return new("week", key, "checked", I(w.Checked));
            yield return new("week", key, "inspection_rate", N(w.InspectionRate));
            foreach (var f in Checks("week", key, w.Checks)) yield return f;
            yield return new("week", key, "seizures", I(w.Seizures));
            yield return new("week", key, "median_release_hours", N(w.MedianReleaseHours));
        }
        foreach (var s in r.Sources)
        {
            yield return new("source", s.Agency, "declarations", I(s.Declarations));
            yield return new("source", s.Agency, "lane_decisions", I(s.LaneDecisions));
            yield return new("source", s.Agency, "outcomes", I(s.Outcomes));
            yield return new("source", s.Agency, "releases", I(s.Releases));
        }
    }

    public static async Task WriteCsvAsync(PerformanceReport report, TextWriter writer)
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
