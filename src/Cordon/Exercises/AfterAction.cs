using Cordon.Common;
using Cordon.Operations;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Exercises;

public sealed record StepResult(int Order, string Title, string Role, DateTimeOffset DueAt, DateTimeOffset? DoneAt, string? DoneBy, string Result, double? MinutesLate);

public sealed record IncidentResult(
    Guid Id, string Group, string Title, string Type, string? ResponsePlan, DateTimeOffset ReportedAt, double? MinutesToAcknowledge, double? MinutesToResolve,
    IReadOnlyList<StepResult> Steps);

public sealed record GroupResult(string Group, int Incidents, int Acknowledged, int Resolved, double? MedianMinutesToAcknowledge, double? MedianMinutesToResolve,
    int StepsOnTime, int StepsLate, int StepsMissed, int StepsOpen);

/// <summary>A procedure or plan the exercise put to the test: where lessons become review tasks.</summary>
public sealed record Concerned(string Kind, Guid Id, string Name, string Agency, string? Reference = null);

public sealed record AfterActionReport(
    DateTimeOffset At, bool Final, IReadOnlyList<GroupResult> Groups, IReadOnlyList<IncidentResult> Incidents, IReadOnlyList<StepResult> LateSteps,
    int InjectsPlayed, int InjectsFailed, int InjectsNotPlayed, IReadOnlyList<Concerned> Concerned);

/// <summary>
/// The after-action report: each playing group's incidents measured against the response plan copied into its cell —
/// time to acknowledge (the first step done or update), time to resolve, and each step on time, late or missed (not done
/// when the exercise finished) — with the procedures and plans concerned. Read from the cells' own records; while the
/// exercise runs it is the picture so far ("open" steps), once finished it is final.
/// </summary>
public static class AfterAction
{
    public static async Task<AfterActionReport> BuildAsync(CordonDb db, Exercise exercise, IReadOnlyList<ExerciseGroup> groups, DateTimeOffset now, CancellationToken ct)
    {
        var final = exercise.Status == ExerciseStatus.Finished;
        var end = exercise.FinishedAt ?? now;
        var playing = groups.Where(g => !g.Umpire && g.CellAgencyId is not null).ToDictionary(g => g.CellAgencyId!.Value, g => g.Name);
        var cells = playing.Keys.ToList();
        var incidents = await db.Incidents.AsNoTracking().Where(i => cells.Contains(i.OwningAgencyId)).OrderBy(i => i.ReportedAt).ToListAsync(ct);
        var ids = incidents.Select(i => i.Id).ToList();
        var tasks = (await db.IncidentTasks.AsNoTracking().Where(t => ids.Contains(t.IncidentId)).ToListAsync(ct)).ToLookup(t => t.IncidentId);
        var planIds = incidents.Select(i => i.ResponsePlanId).OfType<Guid>().Distinct().ToList();
        var plans = await db.ResponsePlans.AsNoTracking().Where(p => planIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var results = incidents.Select(i => new IncidentResult(
            i.Id, playing[i.OwningAgencyId], i.Title, i.Type.Kebab(), i.ResponsePlanId is { } p ? plans.GetValueOrDefault(p) : null, i.ReportedAt,
            Minutes(i.ReportedAt, i.RespondedAt), Minutes(i.ReportedAt, i.ResolvedAt),
            tasks[i.Id].OrderBy(t => t.Order).Select(t => Step(t, end, final)).ToList())).ToList();
        var groupResults = groups.Where(g => !g.Umpire).Select(g =>
        {
            var mine = results.Where(r => r.Group == g.Name).ToList();
            var steps = mine.SelectMany(r => r.Steps).ToList();
            return new GroupResult(g.Name, mine.Count, mine.Count(r => r.MinutesToAcknowledge is not null), mine.Count(r => r.MinutesToResolve is not null),
                Median(mine.Select(r => r.MinutesToAcknowledge)), Median(mine.Select(r => r.MinutesToResolve)),
                steps.Count(s => s.Result == "on-time"), steps.Count(s => s.Result == "late"), steps.Count(s => s.Result is "missed" or "overdue"), steps.Count(s => s.Result == "open"));
        }).ToList();
        var injects = await db.ExerciseInjects.AsNoTracking().Where(i => i.ExerciseId == exercise.Id).Select(i => new { i.PlayedAt, i.Error }).ToListAsync(ct);
        return new AfterActionReport(now, final, groupResults, results,
            results.SelectMany(r => r.Steps).Where(s => s.Result is "late" or "missed" or "overdue").ToList(),
            injects.Count(i => i.PlayedAt is not null && i.Error is null), injects.Count(i => i.Error is not null), injects.Count(i => i.PlayedAt is null),
            await ConcernedAsync(db, groups, incidents.Select(i => i.Type).Distinct().ToList(), ct));
    }

    private static StepResult Step(IncidentTask t, DateTimeOffset end, bool final)
    {
        // Not done: missed once the exercise is over; while it runs, overdue past its due time and open before.
        var result = t.DoneAt is { } done ? (done <= t.DueAt ? "on-time" : "late")
            : final ? "missed"
            : t.DueAt < end ? "overdue" : "open";
        double? late = t.DoneAt is { } d && d > t.DueAt ? Math.Round((d - t.DueAt).TotalMinutes, 1)
            : t.DoneAt is null && t.DueAt < end ? Math.Round((end - t.DueAt).TotalMinutes, 1) : null;
        return new StepResult(t.Order, t.Title, t.Role, t.DueAt, t.DoneAt, t.DoneBy, result, late);
    }

    /// <summary>The real plans for the incident types played and the incident procedures of the agencies taking part.</summary>
    private static async Task<List<Concerned>> ConcernedAsync(CordonDb db, IReadOnlyList<ExerciseGroup> groups, List<IncidentType> types, CancellationToken ct)
    {
        var parents = groups.Where(g => !g.Umpire).Select(g => g.ParentAgencyId).Distinct().ToList();
        var codes = await db.Agencies.AsNoTracking().Where(a => parents.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Code, ct);
        var plans = await db.ResponsePlans.AsNoTracking().Where(p => parents.Contains(p.OwningAgencyId) && types.Contains(p.IncidentType)).ToListAsync(ct);
        var procedures = (await db.Procedures.AsNoTracking().Where(p => parents.Contains(p.OwningAgencyId) && p.CurrentVersion != null).ToListAsync(ct))
            .Where(p => p.Processes.Contains(Procedures.ProcedureProcesses.Incident) || p.Processes.Contains(Procedures.ProcedureProcesses.Patrol)).ToList();
        return plans.Select(p => new Concerned("response-plan", p.Id, p.Name, codes[p.OwningAgencyId]))
            .Concat(procedures.Select(p => new Concerned("procedure", p.Id, $"{p.Reference} {p.Title}", codes[p.OwningAgencyId], p.Reference)))
            .OrderBy(c => c.Agency, StringComparer.Ordinal).ThenBy(c => c.Kind, StringComparer.Ordinal).ThenBy(c => c.Name, StringComparer.Ordinal).ToList();
    }

    private static double? Minutes(DateTimeOffset from, DateTimeOffset? to) => to is { } t ? Math.Round((t - from).TotalMinutes, 1) : null;

    private static double? Median(IEnumerable<double?> values)
    {
        var sorted = values.OfType<double>().Order().ToList();
        if (sorted.Count == 0)
        {
            return null;
        }
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : Math.Round((sorted[mid - 1] + sorted[mid]) / 2, 1);
    }
}
