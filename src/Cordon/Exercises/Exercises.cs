using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cordon.Audit;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Operations;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Exercises;

public sealed record GroupView(string Name, bool Umpire, string Agency, string? Cell, IReadOnlyList<string> Participants);

public sealed record InjectView(int Position, double AtMinutes, DateTimeOffset? DueAt, string Group, string Kind, string Summary, DateTimeOffset? PlayedAt, string? RecordId, string? Error);

public sealed record LessonView(Guid Id, string Text, string? Procedure, string? ResponsePlan, DateOnly ReviewBy, DateTimeOffset RecordedAt, string RecordedBy);

public sealed record ExerciseView(
    Guid Id, string Reference, string Name, string Objective, string Status, string Agency, string Marking, DateTimeOffset CreatedAt, string CreatedBy,
    DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string? FinishedBy, IReadOnlyList<GroupView> Groups, IReadOnlyList<InjectView> Injects,
    IReadOnlyList<LessonView> Lessons, string? MyGroup, AfterActionReport? Report);

public sealed record LessonInput(string? Text, string? Procedure, Guid? ResponsePlanId, DateOnly? ReviewBy);

/// <summary>
/// Joint exercises: a scenario file becomes an exercise; starting it makes one cell per group (an agency of kind
/// exercise-cell, with copies of the response plans of the agency the group stands for) and gives the umpire group
/// agreements over every playing cell; the runner plays the injects into the cells when due; participants enter their
/// group's cell and work there with the ordinary pages; finishing it records the training and freezes the after-action
/// report, whose lessons become review tasks on the procedures and plans concerned.
/// </summary>
public static class Exercises
{
    public const string LessonAlertKind = "exercise.lesson";

    /// <summary>Who directs exercises: supervisors and agency administrators of the directing agency.</summary>
    public static bool MayDirect(Actor actor) => actor.Has(Roles.Supervisor) || actor.Has(Roles.AgencyAdmin);

    public static async Task<ExerciseView> CreateAsync(CordonDb db, Actor actor, string? scenarioText, string? marking, DateTimeOffset now, CancellationToken ct = default)
    {
        var agency = actor.AgencyId ?? throw new Forbidden("Only a member of an agency directs an exercise.");
        if (!MayDirect(actor) || await IsCellAsync(db, agency, ct))
        {
            throw new Forbidden("Directing an exercise needs the supervisor or agency-admin role, outside any exercise.");
        }
        var scenario = ExerciseScenario.Read(scenarioText);
        var errors = new FieldErrors();
        var tlp = OperationPlanning.ParseMarking(marking, Tlp.Amber, errors);
        var codes = scenario.Groups.Select(g => g.Agency).Distinct().ToList();
        var agencies = await db.Agencies.AsNoTracking().Where(a => codes.Contains(a.Code) && a.Kind != AgencyKind.ExerciseCell).ToDictionaryAsync(a => a.Code, ct);
        var names = scenario.Groups.SelectMany(g => g.Participants).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => names.Contains(u.UserName)).ToDictionaryAsync(u => u.UserName, ct);
        for (var i = 0; i < scenario.Groups.Count; i++)
        {
            var g = scenario.Groups[i];
            if (!agencies.ContainsKey(g.Agency))
            {
                errors.Add($"groups[{i}].agency", $"'{g.Agency}' is not an agency.");
            }
            for (var j = 0; j < g.Participants.Count; j++)
            {
                if (!users.TryGetValue(g.Participants[j], out var user) || user.Disabled)
                {
                    errors.Add($"groups[{i}].participants[{j}]", $"'{g.Participants[j]}' is not an active user.");
                }
            }
        }
        errors.ThrowIfAny();
        var year = now.Year;
        var count = await db.Exercises.CountAsync(e => e.Reference.StartsWith($"EX-{year}-"), ct);
        var exercise = new Exercise
        {
            Reference = $"EX-{year}-{count + 1:0000}", Name = scenario.Name, Objective = scenario.Objective, Scenario = scenarioText!,
            ScenarioSha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(scenarioText!))), Status = ExerciseStatus.Planned,
            OwningAgencyId = agency, Marking = tlp, CreatedAt = now, CreatedBy = actor.Name,
        };
        db.Exercises.Add(exercise);
        foreach (var g in scenario.Groups)
        {
            var group = new ExerciseGroup { ExerciseId = exercise.Id, Name = g.Name, Umpire = g.Umpire, ParentAgencyId = agencies[g.Agency].Id };
            db.ExerciseGroups.Add(group);
            db.ExerciseParticipants.AddRange(g.Participants.Select(p => new ExerciseParticipant { ExerciseId = exercise.Id, GroupId = group.Id, UserId = users[p].Id }));
        }
        db.ExerciseInjects.AddRange(scenario.Injects.Select((inject, i) => new ExerciseInject
        {
            ExerciseId = exercise.Id, Position = i + 1, AtMinutes = inject.AtMinutes, GroupName = inject.Group, Kind = inject.Kind, Content = inject.Fields.GetRawText(),
        }));
        await db.SaveChangesAsync(ct);
        return await ReadAsync(db, actor, exercise.Id, now, ct);
    }

    /// <summary>Starts the exercise: its cells, the plans copied into them, the umpire's agreements; injects are due from now.</summary>
    public static async Task<ExerciseView> StartAsync(CordonDb db, Actor actor, Guid id, DateTimeOffset now, CancellationToken ct = default)
    {
        var exercise = await DirectedAsync(db, actor, id, ct);
        if (exercise.Status != ExerciseStatus.Planned)
        {
            throw new Conflict($"Exercise {exercise.Reference} is {exercise.Status.Kebab()}: only a planned exercise starts.");
        }
        var groups = await db.ExerciseGroups.Where(g => g.ExerciseId == id).OrderBy(g => g.Name).ToListAsync(ct);
        var parents = await db.Agencies.AsNoTracking().Where(a => groups.Select(g => g.ParentAgencyId).Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        var number = int.Parse(exercise.Reference[(exercise.Reference.LastIndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var cells = new Dictionary<Guid, Agency>();
        foreach (var g in groups)
        {
            var parent = parents[g.ParentAgencyId];
            var cell = new Agency
            {
                Code = $"EX{number}-{g.Name.ToUpperInvariant()}", Name = $"EXERCISE {exercise.Reference} {g.Name} ({parent.Code})",
                Kind = AgencyKind.ExerciseCell, Country = parent.Country, CreatedAt = now,
            };
            db.Agencies.Add(cell);
            g.CellAgencyId = cell.Id;
            cells[g.Id] = cell;
            // Every alert the cell may read reaches its participants' inbox, as an agency-wide subscription would at home.
            db.AlertSubscriptions.Add(new Alerting.AlertSubscription
            {
                AgencyId = cell.Id, Name = $"Exercise {exercise.Reference}: every alert", MaxMarking = Tlp.Red, Purpose = Purpose.Investigation,
                Channel = Alerting.AlertChannel.Ui, CreatedAt = now, CreatedBy = actor.Name,
            });
        }
        // A copied plan notifies and assigns within the exercise: a real agency's code becomes its group's cell, and
        // an agency not playing is not notified at all.
        var cellOf = groups.Where(g => !g.Umpire).GroupBy(g => parents[g.ParentAgencyId].Code).ToDictionary(x => x.Key, x => cells[x.First().Id].Code, StringComparer.Ordinal);
        foreach (var g in groups.Where(g => !g.Umpire))
        {
            var plans = await db.ResponsePlans.AsNoTracking().Where(p => p.OwningAgencyId == g.ParentAgencyId).ToListAsync(ct);
            db.ResponsePlans.AddRange(plans.Select(p => new ResponsePlan
            {
                IncidentType = p.IncidentType, Name = p.Name, OwningAgencyId = cells[g.Id].Id, Marking = p.Marking,
                NotifyAgencies = p.NotifyAgencies.Where(cellOf.ContainsKey).Select(c => cellOf[c]).ToArray(),
                Steps = p.Steps.Select(s => s with { OwnerAgency = cellOf.GetValueOrDefault(s.OwnerAgency, s.OwnerAgency) }).ToList(),
            }));
        }
        if (groups.FirstOrDefault(g => g.Umpire) is { } umpire)
        {
            foreach (var g in groups.Where(g => !g.Umpire))
            {
                db.SharingAgreements.Add(new SharingAgreement
                {
                    Title = $"Exercise {exercise.Reference}: the umpire reads {g.Name}", ProviderAgencyId = cells[g.Id].Id, RecipientAgencyId = cells[umpire.Id].Id,
                    RecordTypes = [.. RecordTypes.All], MaxMarking = Tlp.Red, Purposes = Enum.GetValues<Purpose>(), PersonalData = true,
                    ValidFrom = now, ValidUntil = now.AddYears(10), Status = AgreementStatus.Active,
                    ProviderApprovedBy = actor.UserId, ProviderApprovedAt = now, RecipientApprovedBy = actor.UserId, RecipientApprovedAt = now,
                    CreatedBy = actor.UserId ?? Guid.Empty, CreatedAt = now, UpdatedAt = now,
                });
            }
        }
        exercise.Status = ExerciseStatus.Running;
        exercise.StartedAt = now;
        await db.SaveChangesAsync(ct);
        return await ReadAsync(db, actor, id, now, ct);
    }

    /// <summary>
    /// Finishes the exercise: injects not yet played stay unplayed (the report says so), the participants' training
    /// record gets the exercise, and the cells stay as its record (read-only from then: no one can enter them).
    /// </summary>
    public static async Task<ExerciseView> FinishAsync(CordonDb db, Actor actor, Guid id, DateTimeOffset now, CancellationToken ct = default)
    {
        var exercise = await DirectedAsync(db, actor, id, ct);
        if (exercise.Status != ExerciseStatus.Running)
        {
            throw new Conflict($"Exercise {exercise.Reference} is {exercise.Status.Kebab()}: only a running exercise finishes.");
        }
        exercise.Status = ExerciseStatus.Finished;
        exercise.FinishedAt = now;
        exercise.FinishedBy = actor.Name;
        var participants = await (from p in db.ExerciseParticipants
                                  join u in db.Users on p.UserId equals u.Id
                                  where p.ExerciseId == id
                                  orderby u.UserName
                                  select u.UserName).ToListAsync(ct);
        db.TrainingSessions.Add(new TrainingSession
        {
            Title = $"Exercise {exercise.Reference}: {exercise.Name}", HeldAt = exercise.StartedAt ?? now, Participants = participants.ToArray(),
            OwningAgencyId = exercise.OwningAgencyId, Marking = Tlp.Green,
        });
        await db.SaveChangesAsync(ct);
        return await ReadAsync(db, actor, id, now, ct);
    }

    /// <summary>The cell the actor plays in: their group's, while the exercise runs.</summary>
    public static async Task<Guid> CellToEnterAsync(CordonDb db, Actor actor, Guid id, CancellationToken ct = default)
    {
        var user = actor.UserId ?? throw new Forbidden("Only a signed-in participant enters an exercise.");
        var exercise = await db.Exercises.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct) ?? throw new NotFound($"There is no exercise {id}.");
        var cell = await (from p in db.ExerciseParticipants
                          join g in db.ExerciseGroups on p.GroupId equals g.Id
                          where p.ExerciseId == id && p.UserId == user
                          select g.CellAgencyId).FirstOrDefaultAsync(ct);
        if (exercise.Status != ExerciseStatus.Running || cell is null)
        {
            throw new Conflict($"Exercise {exercise.Reference} is {exercise.Status.Kebab()}: its participants enter it while it runs.");
        }
        return cell.Value;
    }

    /// <summary>Whether <paramref name="user"/> still plays in <paramref name="cell"/> (a session in an exercise checks it on each request).</summary>
    public static Task<bool> PlaysInAsync(CordonDb db, Guid user, Guid cell, CancellationToken ct = default)
        => (from p in db.ExerciseParticipants
            join g in db.ExerciseGroups on p.GroupId equals g.Id
            join e in db.Exercises on g.ExerciseId equals e.Id
            where p.UserId == user && g.CellAgencyId == cell && e.Status == ExerciseStatus.Running
            select p.Id).AnyAsync(ct);

    public static async Task<List<ExerciseView>> ListAsync(CordonDb db, Actor actor, DateTimeOffset now, CancellationToken ct = default)
    {
        var ids = await Readable(db, actor).OrderByDescending(e => e.CreatedAt).Select(e => e.Id).Take(200).ToListAsync(ct);
        var views = new List<ExerciseView>();
        foreach (var id in ids)
        {
            views.Add(await ViewAsync(db, actor, id, withReport: false, now, ct));
        }
        return views;
    }

    public static async Task<ExerciseView> ReadAsync(CordonDb db, Actor actor, Guid id, DateTimeOffset now, CancellationToken ct = default)
    {
        if (!await Readable(db, actor).AnyAsync(e => e.Id == id, ct))
        {
            throw new NotFound($"There is no exercise {id} you take part in or direct.");
        }
        return await ViewAsync(db, actor, id, withReport: true, now, ct);
    }

    /// <summary>
    /// Records a lesson: a review task on the procedure or response plan concerned. A procedure's next review is
    /// brought forward to the lesson's date (its overdue-review alert follows from that); the owner of either gets an
    /// alert with the lesson.
    /// </summary>
    public static async Task<LessonView> AddLessonAsync(CordonDb db, Actor actor, Guid id, LessonInput input, DateTimeOffset now, CancellationToken ct = default)
    {
        var exercise = await DirectedAsync(db, actor, id, ct);
        var errors = new FieldErrors();
        var text = input.Text?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > ExerciseLimits.Lesson)
        {
            errors.Add("text", $"is required, at most {ExerciseLimits.Lesson} characters.");
        }
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (input.ReviewBy is not { } reviewBy || reviewBy < today)
        {
            errors.Add("reviewBy", "is required: the date by which the procedure or plan is reviewed, today or later.");
        }
        var parents = await db.ExerciseGroups.AsNoTracking().Where(g => g.ExerciseId == id).Select(g => g.ParentAgencyId).Distinct().ToListAsync(ct);
        Procedures.Procedure? procedure = null;
        ResponsePlan? plan = null;
        if (!string.IsNullOrWhiteSpace(input.Procedure))
        {
            procedure = await db.Procedures.FirstOrDefaultAsync(p => p.Reference == input.Procedure.Trim() && parents.Contains(p.OwningAgencyId), ct);
            if (procedure is null)
            {
                errors.Add("procedure", $"'{input.Procedure}' is not a procedure of an agency taking part.");
            }
        }
        if (input.ResponsePlanId is { } planId)
        {
            plan = await db.ResponsePlans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == planId && parents.Contains(p.OwningAgencyId), ct);
            if (plan is null)
            {
                errors.Add("responsePlanId", "is not a response plan of an agency taking part.");
            }
        }
        if (procedure is null && plan is null && !errors.Any)
        {
            errors.Add("procedure", "name the procedure or the response plan the lesson is for.");
        }
        if (exercise.Status != ExerciseStatus.Finished)
        {
            errors.Add("exercise", $"Exercise {exercise.Reference} is {exercise.Status.Kebab()}: lessons are drawn once it has finished.");
        }
        errors.ThrowIfAny();
        var lesson = new ExerciseLesson
        {
            ExerciseId = id, Text = text!, ProcedureId = procedure?.Id, ResponsePlanId = plan?.Id, ReviewBy = input.ReviewBy!.Value, RecordedAt = now, RecordedBy = actor.Name,
        };
        db.ExerciseLessons.Add(lesson);
        if (procedure is not null && (procedure.NextReviewOn is null || procedure.NextReviewOn > lesson.ReviewBy))
        {
            procedure.NextReviewOn = lesson.ReviewBy;
        }
        var (owner, what, type, record) = procedure is not null
            ? (procedure.OwningAgencyId, $"procedure {procedure.Reference}", RecordTypes.Procedure, procedure.Id.ToString())
            : (plan!.OwningAgencyId, $"response plan '{plan.Name}'", (string?)null, (string?)null); // plans are not a record type: the alert stands alone
        Alerting.Alerts.Raise(db, new Alerting.AlertDraft(LessonAlertKind, $"Review {what} by {lesson.ReviewBy:yyyy-MM-dd}: lesson of exercise {exercise.Reference}", owner, exercise.Marking)
        {
            RecordType = type, RecordId = record, Caveats = exercise.Caveats, Summary = text!, Severity = Alerting.AlertSeverity.Medium, Recipients = [owner], RaisedBy = "exercises",
            Data = new { exercise = exercise.Reference, reviewBy = lesson.ReviewBy, procedure = procedure?.Reference, plan = plan?.Name },
        });
        AuditLog.Append(db, new AuditEvent(AuditActor.Of(actor), "exercise.lesson")
        {
            RecordType = RecordTypes.Exercise, RecordId = exercise.Id.ToString(), RecordAgencyId = exercise.OwningAgencyId,
            Details = new { lesson.Text, procedure = procedure?.Reference, plan = plan?.Name, lesson.ReviewBy },
        });
        await db.SaveChangesAsync(ct);
        return new LessonView(lesson.Id, lesson.Text, procedure?.Reference, plan?.Name, lesson.ReviewBy, lesson.RecordedAt, lesson.RecordedBy);
    }

    /// <summary>Exercises the actor directs (their agency's) or takes part in.</summary>
    private static IQueryable<Exercise> Readable(CordonDb db, Actor actor)
    {
        var agency = actor.AgencyId;
        var user = actor.UserId;
        return db.Exercises.AsNoTracking().Where(e => e.OwningAgencyId == agency || db.ExerciseParticipants.Any(p => p.ExerciseId == e.Id && p.UserId == user));
    }

    private static async Task<Exercise> DirectedAsync(CordonDb db, Actor actor, Guid id, CancellationToken ct)
    {
        var exercise = await db.Exercises.FirstOrDefaultAsync(e => e.Id == id, ct);
        if (exercise is null || (exercise.OwningAgencyId != actor.AgencyId && !await db.ExerciseParticipants.AnyAsync(p => p.ExerciseId == id && p.UserId == actor.UserId, ct)))
        {
            throw new NotFound($"There is no exercise {id} you take part in or direct.");
        }
        if (exercise.OwningAgencyId != actor.AgencyId || !MayDirect(actor))
        {
            throw new Forbidden($"Exercise {exercise.Reference} is directed by a supervisor or agency administrator of its agency.");
        }
        return exercise;
    }

    private static Task<bool> IsCellAsync(CordonDb db, Guid agency, CancellationToken ct)
        => db.Agencies.AnyAsync(a => a.Id == agency && a.Kind == AgencyKind.ExerciseCell, ct);

    private static async Task<ExerciseView> ViewAsync(CordonDb db, Actor actor, Guid id, bool withReport, DateTimeOffset now, CancellationToken ct)
    {
        var e = await db.Exercises.AsNoTracking().FirstAsync(x => x.Id == id, ct);
        var groups = await db.ExerciseGroups.AsNoTracking().Where(g => g.ExerciseId == id).OrderBy(g => g.Umpire).ThenBy(g => g.Name).ToListAsync(ct);
        var agencyIds = groups.SelectMany(g => new[] { g.ParentAgencyId, g.CellAgencyId ?? Guid.Empty }).Append(e.OwningAgencyId).ToList();
        var codes = await db.Agencies.AsNoTracking().Where(a => agencyIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Code, ct);
        var people = await (from p in db.ExerciseParticipants
                            join u in db.Users on p.UserId equals u.Id
                            where p.ExerciseId == id
                            select new { p.GroupId, p.UserId, u.UserName }).ToListAsync(ct);
        var mine = people.FirstOrDefault(p => p.UserId == actor.UserId)?.GroupId;
        var injects = await db.ExerciseInjects.AsNoTracking().Where(i => i.ExerciseId == id).OrderBy(i => i.Position).ToListAsync(ct);
        var lessons = await db.ExerciseLessons.AsNoTracking().Where(l => l.ExerciseId == id).OrderBy(l => l.RecordedAt).ToListAsync(ct);
        var procedureIds = lessons.Select(l => l.ProcedureId).OfType<Guid>().ToList();
        var planIds = lessons.Select(l => l.ResponsePlanId).OfType<Guid>().ToList();
        var procedures = await db.Procedures.AsNoTracking().Where(p => procedureIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Reference, ct);
        var plans = await db.ResponsePlans.AsNoTracking().Where(p => planIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        return new ExerciseView(
            e.Id, e.Reference, e.Name, e.Objective, e.Status.Kebab(), codes.GetValueOrDefault(e.OwningAgencyId, "?"), e.Marking.Label(), e.CreatedAt, e.CreatedBy,
            e.StartedAt, e.FinishedAt, e.FinishedBy,
            groups.Select(g => new GroupView(g.Name, g.Umpire, codes.GetValueOrDefault(g.ParentAgencyId, "?"), g.CellAgencyId is { } c ? codes.GetValueOrDefault(c) : null,
                people.Where(p => p.GroupId == g.Id).Select(p => p.UserName).Order(StringComparer.Ordinal).ToList())).ToList(),
            injects.Select(i => new InjectView(i.Position, i.AtMinutes, e.StartedAt?.AddMinutes(i.AtMinutes), i.GroupName, i.Kind, ExerciseInjects.Summary(i), i.PlayedAt, i.RecordId, i.Error)).ToList(),
            lessons.Select(l => new LessonView(l.Id, l.Text, l.ProcedureId is { } p ? procedures.GetValueOrDefault(p) : null,
                l.ResponsePlanId is { } r ? plans.GetValueOrDefault(r) : null, l.ReviewBy, l.RecordedAt, l.RecordedBy)).ToList(),
            groups.FirstOrDefault(g => g.Id == mine)?.Name,
            withReport && e.StartedAt is not null ? await AfterAction.BuildAsync(db, e, groups, now, ct) : null);
    }

    internal static JsonElement Fields(ExerciseInject inject) => JsonDocument.Parse(inject.Content).RootElement;
}
