using Cordon.Identity;
using Cordon.Operations;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Exercises;

/// <summary>
/// The demo's finished exercise, "Kempen Shield", played three days ago: the border police (blue) follow a boat's
/// detections to an illegal crossing and work their plan — the patrol dispatched on time, the liaison informed late,
/// the customs check never done — while customs (red) handle an alert; customs' supervisor umpires. Its report lists
/// the late and missed steps, and one lesson is a review task on the border police's plan.
/// </summary>
public static class ExerciseDemo
{
    public const string Name = "Kempen Shield";

    /// <summary>The scenario file, as an exercise director would upload it (docs/exercises.md explains each field).</summary>
    public const string Scenario = """
        {
          "name": "Kempen Shield",
          "objective": "Rehearse the joint response to a night-time illegal crossing on the green border: detection, dispatch, liaison, customs check.",
          "groups": [
            { "name": "blue", "agency": "NBP", "participants": ["bp.officer", "bp.admin"] },
            { "name": "red", "agency": "NCA", "participants": ["officer", "analyst"] },
            { "name": "white", "agency": "NCA", "umpire": true, "participants": ["supervisor"] }
          ],
          "injects": [
            { "atMinutes": 0, "group": "blue", "kind": "detection", "sensor": "ex-radar-baarle", "object": "boat-1",
              "path": [[51.4301, 4.9302], [51.4352, 4.9401], [51.4398, 4.9497], [51.4441, 4.9589]], "everyMinutes": 2 },
            { "atMinutes": 7, "group": "blue", "kind": "incident", "type": "illegal-crossing", "severity": "high",
              "title": "Boat landed at the canal bank near Baarle", "latitude": 51.4441, "longitude": 4.9589 },
            { "atMinutes": 9, "group": "red", "kind": "alert", "severity": "high",
              "title": "Van with Belgian plates expected at the Poppel crossing", "summary": "A tip-off: the boat's load is moved to a white van heading for Poppel." }
          ]
        }
        """;

    public static async Task SeedAsync(StorageSetup.StoreSettings store, TimeProvider clock, CancellationToken ct = default)
    {
        await using var db = StorageSetup.Open(store, clock);
        if (await db.Exercises.AnyAsync(e => e.Name == Name, ct))
        {
            return;
        }
        var users = await db.Users.AsNoTracking().Where(u => u.UserName == "supervisor" || u.UserName == "bp.officer").ToDictionaryAsync(u => u.UserName, ct);
        var director = SignIn.ActorOf(users["supervisor"]);
        var start = new DateTimeOffset(clock.GetUtcNow().UtcDateTime.Date.AddDays(-3).AddHours(21), TimeSpan.Zero);
        var exercise = await Exercises.CreateAsync(db, director, Scenario, "TLP:AMBER", start.AddDays(-1), ct);
        await Exercises.StartAsync(db, director, exercise.Id, start, ct);
        foreach (var minutes in exercise.Injects.Select(i => i.AtMinutes).Distinct().Order())
        {
            await ExerciseInjects.PlayDueAsync(db, start.AddMinutes(minutes), ct: ct);
        }

        // The blue group's response: the patrol dispatched on time, the liaison informed 8 minutes late, the customs
        // check not done, the report to the commander on time; resolved after 70 minutes.
        var blue = await db.ExerciseGroups.AsNoTracking().Where(g => g.ExerciseId == exercise.Id && g.Name == "blue").Select(g => g.CellAgencyId!.Value).FirstAsync(ct);
        var player = SignIn.ActorOf(users["bp.officer"]) with { AgencyId = blue };
        var policy = await AccessPolicy.ForAsync(db, player, Purpose.Investigation, start, ct);
        var incident = await db.Incidents.AsNoTracking().FirstAsync(i => i.OwningAgencyId == blue, ct);
        var tasks = await db.IncidentTasks.AsNoTracking().Where(t => t.IncidentId == incident.Id).OrderBy(t => t.Order).ToListAsync(ct);
        foreach (var (order, after) in new[] { (1, 4), (2, 18), (4, 55) })
        {
            await IncidentResponse.CompleteStepAsync(db, player, policy, incident.Id, tasks[order - 1].Id, incident.ReportedAt.AddMinutes(after), ct);
        }
        await IncidentResponse.AddUpdateAsync(db, player, policy, incident.Id, "Two people and the boat held; the van was stopped at Poppel by customs.", resolve: true,
            incident.ReportedAt.AddMinutes(70), ct);

        var finished = await Exercises.FinishAsync(db, director, exercise.Id, start.AddHours(2), ct);
        var plan = finished.Report!.Concerned.First(c => c.Kind == "response-plan");
        await Exercises.AddLessonAsync(db, director, exercise.Id, new LessonInput(
            "The liaison officer was informed 8 minutes late: the partner's number was not on the duty officer's card. Add it to the plan's step.",
            null, plan.Id, DateOnly.FromDateTime(start.AddDays(30).UtcDateTime)), start.AddHours(2), ct);
    }
}
