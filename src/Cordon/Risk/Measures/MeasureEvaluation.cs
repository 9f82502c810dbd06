using System.Globalization;
using System.Linq.Expressions;
using Cordon.Declarations;
using Cordon.Identity;
using Cordon.Risk.Lanes;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Risk.Measures;

/// <summary>Declarations of one group and period with a lane, how many were checked, inspected (outcome recorded) and found irregular.</summary>
public sealed record CellFigures(int Decided, int Checked, int Inspected, int Irregular)
{
    /// <summary>Checked (red or yellow) per declaration with a lane.</summary>
    public double? InspectionRate => Decided == 0 ? null : Checked / (double)Decided;

    /// <summary>Irregular per inspected declaration.</summary>
    public double? DetectionRate => Inspected == 0 ? null : Irregular / (double)Inspected;

    public static readonly CellFigures None = new(0, 0, 0, 0);

    public CellFigures Plus(CellFigures o) => new(Decided + o.Decided, Checked + o.Checked, Inspected + o.Inspected, Irregular + o.Irregular);
}

/// <summary>The four cells of a difference in differences: in scope and comparison, before and during the measure.</summary>
public sealed record MeasureCells(CellFigures ScopeBefore, CellFigures ScopeDuring, CellFigures ComparisonBefore, CellFigures ComparisonDuring);

/// <summary>
/// A difference-in-differences estimate of one rate, in percentage points: (in scope during − before) − (comparison
/// during − before), with its standard error and 95 % interval. <see cref="Verdict"/>: "increase" or "decrease" when the
/// interval excludes zero, "no-change-shown" when it holds zero.
/// </summary>
public sealed record DidEstimate(string Outcome, double Points, double StandardError, double Low, double High, string Verdict);

/// <summary>One week of the chart: the rates in scope and in the comparison group; <see cref="During"/> once the measure has started.</summary>
public sealed record MeasureWeek(DateOnly From, DateOnly To, bool During, CellFigures Scope, CellFigures Comparison);

/// <summary>A limit of the data the estimate rests on, as a code and its arguments (the page words it in the reader's language).</summary>
public sealed record EvaluationCaveat(string Code, IReadOnlyList<string> Arguments);

/// <summary>
/// A measure's evaluation as the reader may count it (statistics purpose): the periods, the four cells, the
/// estimates for the detection and inspection rates, whether the expected effect lies in the interval, the weekly
/// series and the caveats of the data.
/// </summary>
public sealed record MeasureEvaluation(
    DateOnly BeforeFrom, DateOnly BeforeTo, DateOnly? DuringFrom, DateOnly? DuringTo, string Purpose, string Comparison,
    MeasureCells Cells, DidEstimate? Detection, DidEstimate? Inspection, string ExpectedOutcome, double ExpectedPoints, bool? ExpectedWithinInterval,
    IReadOnlyList<MeasureWeek> Weeks, IReadOnlyList<EvaluationCaveat> Caveats);

/// <summary>
/// Evaluates a measure by difference in differences (decision record 029). The groups: declarations at the measure's
/// offices (every office when it names none) lodged in the period, in scope when they match every scope dimension the
/// measure names (an HS prefix on any line, the origin, the importer, the route), the comparison group the others at
/// the same offices in the same periods. The periods: from the start to the end (or today, or the stop), against the
/// same number of days just before the start. Counts are grouped by day in the store, through the access policy for
/// the statistics purpose: a declaration whose scope fields the reader may not see counts in neither group. The interval
/// is the normal one, the variance of each cell's rate taken as p̃(1 − p̃)/n with p̃ = (x + 1)/(n + 2), summed over the four cells.
/// </summary>
public static class MeasureEvaluator
{
    private const double Z = 1.959963984540054;

    /// <summary>Below this many inspections (or declarations with a lane, for the inspection rate) a cell's rate is said to be fragile.</summary>
    public const int FewInspections = 30;

    /// <summary>A change of the in-scope inspection rate beyond this many points means the checks compare differently selected declarations.</summary>
    public const double SelectionShiftPoints = 5;

    /// <summary>The longest before period: a measure running longer is compared with the year before its start.</summary>
    public const int LongestPeriodDays = 365;

    private sealed record DayRow(DateOnly Day, int Decided, int Checked, int Inspected, int Irregular);

    public static async Task<MeasureEvaluation> EvaluateAsync(CordonDb db, Actor actor, Measure m, DateOnly today, CancellationToken ct = default)
    {
        var policy = await AccessPolicy.ForAsync(db, actor, Purpose.Statistics, ct: ct);
        var caveats = new List<EvaluationCaveat>();
        var started = today >= m.StartsOn;
        // A stop decision moved the end to the day it was taken.
        var duringTo = Min(m.EndsOn, today);
        // Before a measure starts, the baseline is as long as the measure is planned to run.
        var days = Math.Min((started ? duringTo : m.EndsOn).DayNumber - m.StartsOn.DayNumber + 1, LongestPeriodDays);
        var beforeTo = m.StartsOn.AddDays(-1);
        var beforeFrom = m.StartsOn.AddDays(-Math.Max(days, 1));
        if (!started)
        {
            caveats.Add(new("not-started", [D(m.StartsOn)]));
        }
        else if (duringTo < m.EndsOn)
        {
            caveats.Add(new("running", [D(duringTo), D(m.EndsOn)]));
        }
        var periodTo = started ? duringTo : Min(beforeTo, today);

        var declarations = policy.Filter(db.Declarations.AsNoTracking(), RecordTypes.Declaration).Where(d => d.LodgedOn >= beforeFrom && d.LodgedOn <= periodTo);
        // A filter runs only on values the reader sees: a declaration whose scope fields are withheld is in neither group.
        foreach (var field in SeenFields(m))
        {
            declarations = declarations.Where(policy.Sees<Declaration>(RecordTypes.Declaration, field));
        }
        if (m.Offices.Count > 0)
        {
            var offices = m.Offices;
            declarations = declarations.Where(d => offices.Contains(d.Office));
        }
        var lanes = policy.Filter(db.LaneDecisions.AsNoTracking(), RecordTypes.LaneDecision);
        var outcomes = policy.Filter(db.InspectionOutcomes.AsNoTracking(), RecordTypes.Inspection);
        var inScope = InScope(m);
        var scopeDays = await DaysAsync(declarations.Where(inScope), lanes, outcomes, ct);
        var comparisonDays = await DaysAsync(declarations.Where(Not(inScope)), lanes, outcomes, ct);

        CellFigures Sum(IEnumerable<DayRow> rows, DateOnly from, DateOnly to)
            => rows.Where(r => r.Day >= from && r.Day <= to).Aggregate(CellFigures.None, (a, r) => a.Plus(new CellFigures(r.Decided, r.Checked, r.Inspected, r.Irregular)));
        var cells = new MeasureCells(
            Sum(scopeDays, beforeFrom, beforeTo), started ? Sum(scopeDays, m.StartsOn, duringTo) : CellFigures.None,
            Sum(comparisonDays, beforeFrom, beforeTo), started ? Sum(comparisonDays, m.StartsOn, duringTo) : CellFigures.None);

        var detection = Estimate("detection-rate", cells, c => (c.Irregular, c.Inspected));
        var inspection = Estimate("inspection-rate", cells, c => (c.Checked, c.Decided));
        var expected = m.ExpectedOutcome == MeasureOutcome.DetectionRate ? detection : inspection;
        bool? within = expected is null ? null : m.ExpectedPoints >= expected.Low && m.ExpectedPoints <= expected.High;

        var weeks = new List<MeasureWeek>();
        // Weeks are counted from the start, so the start falls between two weeks of the chart.
        for (var from = m.StartsOn.AddDays(-7 * (int)Math.Ceiling(Math.Max(days, 1) / 7.0)); from <= periodTo; from = from.AddDays(7))
        {
            var (a, b) = (Max(from, beforeFrom), Min(from.AddDays(6), periodTo));
            if (b < a)
            {
                continue;
            }
            weeks.Add(new MeasureWeek(a, b, a >= m.StartsOn, Sum(scopeDays, a, b), Sum(comparisonDays, a, b)));
        }

        Caveats(m, cells, started, beforeFrom, periodTo, scopeDays.Concat(comparisonDays).Select(r => r.Day).DefaultIfEmpty(periodTo).Min(), caveats);
        await CriteriaCaveatsAsync(db, m, beforeFrom, periodTo, caveats, ct);
        await AuditForeignAsync(db, policy, declarations, ct);
        return new MeasureEvaluation(beforeFrom, beforeTo, started ? m.StartsOn : null, started ? duringTo : null, Purpose.Statistics.Name(), Comparison(m),
            cells, detection, inspection, EnumName(m.ExpectedOutcome), m.ExpectedPoints, within, weeks, caveats);
    }

    /// <summary>How the comparison group was taken, as a code: the page and the decision record say it in words.</summary>
    private static string Comparison(Measure m) => m.Offices.Count > 0 ? "same-offices-outside-scope" : "all-offices-outside-scope";

    public static string EnumName(MeasureOutcome o) => o == MeasureOutcome.DetectionRate ? "detection-rate" : "inspection-rate";

    /// <summary>The estimator on its own, over the four cells (successes, trials) of one rate; null when a cell has no trial.</summary>
    public static DidEstimate? Estimate(string outcome, MeasureCells c, Func<CellFigures, (int X, int N)> of)
    {
        var cells = new[] { of(c.ScopeDuring), of(c.ScopeBefore), of(c.ComparisonDuring), of(c.ComparisonBefore) };
        if (cells.Any(x => x.N == 0))
        {
            return null;
        }
        static double P((int X, int N) x) => x.X / (double)x.N;
        var did = P(cells[0]) - P(cells[1]) - (P(cells[2]) - P(cells[3]));
        // The adjusted rate (x + 1)/(n + 2) in the variance keeps a cell with no (or only) irregular findings from claiming no uncertainty.
        var variance = cells.Sum(x =>
        {
            var p = (x.X + 1.0) / (x.N + 2.0);
            return p * (1 - p) / x.N;
        });
        var se = Math.Sqrt(variance) * 100;
        var points = did * 100;
        var (low, high) = (points - Z * se, points + Z * se);
        var verdict = low > 0 ? "increase" : high < 0 ? "decrease" : "no-change-shown";
        return new DidEstimate(outcome, Math.Round(points, 4), Math.Round(se, 4), Math.Round(low, 4), Math.Round(high, 4), verdict);
    }

    private static async Task<List<DayRow>> DaysAsync(IQueryable<Declaration> declarations, IQueryable<LaneDecision> lanes, IQueryable<InspectionOutcome> outcomes, CancellationToken ct)
    {
        var rows = from d in declarations
                   join l in lanes on d.Id equals l.DeclarationId
                   from o in outcomes.Where(o => o.DeclarationId == d.Id).DefaultIfEmpty()
                   let isCheck = l.Lane == Lane.Red || l.Lane == Lane.Yellow
                   select new { d.LodgedOn, Checked = isCheck ? 1 : 0, Inspected = isCheck && o != null ? 1 : 0, Irregular = isCheck && o != null && o.Illicit ? 1 : 0 };
        return (await rows.GroupBy(r => r.LodgedOn)
                .Select(g => new { Day = g.Key, Decided = g.Count(), Checked = g.Sum(r => r.Checked), Inspected = g.Sum(r => r.Inspected), Irregular = g.Sum(r => r.Irregular) })
                .ToListAsync(ct))
            .Select(g => new DayRow(g.Day, g.Decided, g.Checked, g.Inspected, g.Irregular)).OrderBy(r => r.Day).ToList();
    }

    /// <summary>The declaration fields the measure's scope reads (as the access policy names them).</summary>
    private static IEnumerable<string> SeenFields(Measure m)
    {
        if (m.Offices.Count > 0) yield return "office";
        if (m.HsPrefixes.Count > 0) yield return "items.hsCode";
        if (m.Origins.Count > 0) yield return "originCountry";
        if (m.Traders.Count > 0) yield return "importerCode";
        if (m.Routes.Count > 0)
        {
            yield return "portOfLoading";
            yield return "portOfDischarge";
        }
    }

    /// <summary>In scope: every dimension the measure names matches (offices aside: they bound both groups).</summary>
    public static Expression<Func<Declaration, bool>> InScope(Measure m)
    {
        var d = Expression.Parameter(typeof(Declaration), "d");
        var parts = new List<Expression>();
        if (m.HsPrefixes.Count > 0)
        {
            var item = Expression.Parameter(typeof(DeclarationItem), "i");
            var code = Expression.Property(item, nameof(DeclarationItem.HsCode));
            var startsWith = typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string)])!;
            var any = m.HsPrefixes.Select(p => (Expression)Expression.Call(code, startsWith, Constant(p))).Aggregate(Expression.OrElse);
            var lambda = Expression.Lambda<Func<DeclarationItem, bool>>(any, item);
            var anyMethod = typeof(Enumerable).GetMethods().Single(x => x.Name == nameof(Enumerable.Any) && x.GetParameters().Length == 2).MakeGenericMethod(typeof(DeclarationItem));
            parts.Add(Expression.Call(anyMethod, Expression.Property(d, nameof(Declaration.Items)), lambda));
        }
        parts.AddRange(Member(d, nameof(Declaration.OriginCountry), m.Origins));
        parts.AddRange(Member(d, nameof(Declaration.ImporterCode), m.Traders));
        if (m.Routes.Count > 0)
        {
            var concat = typeof(string).GetMethod(nameof(string.Concat), [typeof(string), typeof(string), typeof(string)])!;
            var route = Expression.Call(concat, Expression.Property(d, nameof(Declaration.PortOfLoading)), Expression.Constant("-"), Expression.Property(d, nameof(Declaration.PortOfDischarge)));
            parts.Add(Contains(m.Routes, route));
        }
        var body = parts.Count == 0 ? Expression.Constant(true) : parts.Aggregate(Expression.AndAlso);
        return Expression.Lambda<Func<Declaration, bool>>(body, d);
    }

    private static IEnumerable<Expression> Member(ParameterExpression d, string property, List<string> values)
    {
        if (values.Count > 0)
        {
            yield return Contains(values, Expression.Property(d, property));
        }
    }

    private static Expression Contains(List<string> values, Expression value)
    {
        var contains = typeof(List<string>).GetMethod(nameof(List<string>.Contains))!;
        return Expression.Call(Constant(values), contains, value);
    }

    // A captured value, so the store gets it as a parameter rather than a literal in the SQL text.
    private static Expression Constant<T>(T value)
    {
        var box = new Captured<T>(value);
        return Expression.Property(Expression.Constant(box), nameof(Captured<T>.Value));
    }

    private sealed class Captured<T>(T value)
    {
        public T Value { get; } = value;
    }

    private static Expression<Func<Declaration, bool>> Not(Expression<Func<Declaration, bool>> e) => Expression.Lambda<Func<Declaration, bool>>(Expression.Not(e.Body), e.Parameters);

    private static void Caveats(Measure m, MeasureCells c, bool started, DateOnly from, DateOnly to, DateOnly firstDay, List<EvaluationCaveat> caveats)
    {
        foreach (var (name, cell) in new[] { ("scope-before", c.ScopeBefore), ("scope-during", c.ScopeDuring), ("comparison-before", c.ComparisonBefore), ("comparison-during", c.ComparisonDuring) })
        {
            if ((started || name.EndsWith("before", StringComparison.Ordinal)) && cell.Inspected < FewInspections)
            {
                caveats.Add(new("few-inspections", [name, cell.Inspected.ToString(CultureInfo.InvariantCulture), FewInspections.ToString(CultureInfo.InvariantCulture)]));
            }
        }
        if (c.ComparisonBefore.Decided + c.ComparisonDuring.Decided == 0)
        {
            caveats.Add(new("no-comparison", []));
        }
        if (!started)
        {
            return;
        }
        // Data that starts after the before period does: the before period is shorter than the measure's.
        if (firstDay > from)
        {
            caveats.Add(new("short-before", [D(firstDay), D(from)]));
        }
        var before = from.AddDays((m.StartsOn.DayNumber - from.DayNumber) / 2);
        var during = m.StartsOn.AddDays((to.DayNumber - m.StartsOn.DayNumber) / 2);
        if (Season(before) != Season(during))
        {
            caveats.Add(new("seasons", [D(from), D(m.StartsOn.AddDays(-1)), D(m.StartsOn), D(to)]));
        }
        if (c.ScopeBefore.InspectionRate is { } rb && c.ScopeDuring.InspectionRate is { } rd && Math.Abs(rd - rb) * 100 > SelectionShiftPoints)
        {
            caveats.Add(new("selection-changed", [Pct(rb), Pct(rd)]));
        }
    }

    /// <summary>Meteorological seasons of the northern hemisphere: Dec–Feb, Mar–May, Jun–Aug, Sep–Nov.</summary>
    private static int Season(DateOnly d) => d.Month % 12 / 3;

    /// <summary>A linked criterion edited within the periods changes who is selected part-way through them.</summary>
    private static async Task CriteriaCaveatsAsync(CordonDb db, Measure m, DateOnly from, DateOnly to, List<EvaluationCaveat> caveats, CancellationToken ct)
    {
        if (m.CriteriaIds.Count == 0)
        {
            return;
        }
        var ids = m.CriteriaIds;
        var (start, end) = (new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        var versions = await db.RiskCriterionVersions.AsNoTracking().Where(v => ids.Contains(v.CriterionId)).Select(v => new { v.CriterionId, v.Name, v.Version, v.CreatedAt }).ToListAsync(ct);
        foreach (var v in versions.Where(v => v.Version > 1 && v.CreatedAt >= start && v.CreatedAt < end).OrderBy(v => v.CreatedAt))
        {
            caveats.Add(new("criterion-changed", [v.Name, v.Version.ToString(CultureInfo.InvariantCulture), D(DateOnly.FromDateTime(v.CreatedAt.UtcDateTime))]));
        }
        caveats.Add(new("own-criteria", [ids.Count.ToString(CultureInfo.InvariantCulture)]));
    }

    /// <summary>Another agency's declarations the evaluation counted land in its access review, as the performance view's do.</summary>
    private static async Task AuditForeignAsync(CordonDb db, AccessPolicy policy, IQueryable<Declaration> declarations, CancellationToken ct)
    {
        if (policy.Actor.Kind == ActorKind.LocalOperator)
        {
            return;
        }
        var own = policy.Actor.AgencyId;
        var foreign = await declarations.Where(d => d.OwningAgencyId != own).GroupBy(d => d.OwningAgencyId).Select(g => new { Owner = g.Key, N = g.Count() }).ToListAsync(ct);
        foreach (var g in foreign)
        {
            Audit.AuditLog.Append(db, new Audit.AuditEvent(Audit.AuditActor.Of(policy.Actor), "records.statistics")
            {
                RecordType = RecordTypes.Declaration,
                RecordAgencyId = g.Owner,
                Purpose = policy.Purpose.Name(),
                Details = new { rows = g.N, view = "measure evaluation" },
            });
        }
        if (foreign.Count > 0)
        {
            await db.SaveChangesAsync(ct);
        }
    }

    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Pct(double v) => (v * 100).ToString("0.0", CultureInfo.InvariantCulture);

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
