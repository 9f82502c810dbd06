using Cordon.Alerting;
using Cordon.Common;
using Cordon.Exercises;
using Cordon.Identity;
using Cordon.Messaging;
using Cordon.Operations;
using Cordon.Sharing;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Exercises;

public sealed class ExerciseTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Two playing groups and an umpire; blue follows a boat to an illegal crossing, red gets an alert.</summary>
    private const string Scenario = """
        {
          "name": "Green border drill",
          "objective": "Rehearse the response to an illegal crossing.",
          "groups": [
            { "name": "blue", "agency": "NBP", "participants": ["bp.officer"] },
            { "name": "red", "agency": "NCA", "participants": ["officer"] },
            { "name": "white", "agency": "NCA", "umpire": true, "participants": ["supervisor"] }
          ],
          "injects": [
            { "atMinutes": 0, "group": "blue", "kind": "detection", "sensor": "ex-radar", "object": "boat-7",
              "path": [[51.430, 4.930], [51.435, 4.940], [51.440, 4.950]], "everyMinutes": 1 },
            { "atMinutes": 3, "group": "blue", "kind": "incident", "type": "illegal-crossing", "severity": "high",
              "title": "Boat landed near Baarle", "latitude": 51.44, "longitude": 4.95 },
            { "atMinutes": 4, "group": "red", "kind": "alert", "severity": "high", "title": "Van expected at Poppel" },
            { "atMinutes": 4, "group": "red", "kind": "message", "text": "Liaison: the van carries Belgian plates." }
          ]
        }
        """;

    private static async Task<Guid> PlanAsync(TestStore s)
    {
        await using var db = s.Open();
        var plan = await IncidentResponse.SavePlanAsync(db, await s.ActorAsync("bp.admin"), new IncidentResponse.PlanInput("illegal-crossing", "Illegal crossing", ["NCA", "PCA"],
        [
            new PlanStep("Dispatch the nearest patrol", "duty officer", "NBP", 5, "NBP shift commander"),
            new PlanStep("Customs check of what was found", "customs officer", "NCA", 30, "NCA supervisor"),
        ]), Ct);
        return plan.Id;
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task An_exercise_with_two_groups_and_an_umpire_plays_its_scenario_apart_from_real_work_and_reports_the_late_steps(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        var plan = await PlanAsync(s);
        var t0 = TestClock.WholeSeconds(TestClock.Now).AddMinutes(-30);
        var director = await s.ActorAsync("supervisor");
        Guid id;
        await using (var db = s.Open())
        {
            // An officer does not direct; the director does.
            await Assert.ThrowsAsync<Forbidden>(async () => await Cordon.Exercises.Exercises.CreateAsync(db, await s.ActorAsync("officer"), Scenario, null, t0, Ct));
            var created = await Cordon.Exercises.Exercises.CreateAsync(db, director, Scenario, "TLP:AMBER", t0, Ct);
            Assert.Equal("planned", created.Status);
            Assert.Equal(6, created.Injects.Count); // the path became three detections
            Assert.Equal([0.0, 1, 2, 3, 4, 4], created.Injects.Select(i => i.AtMinutes));
            id = created.Id;
            var started = await Cordon.Exercises.Exercises.StartAsync(db, director, id, t0, Ct);
            Assert.Equal(["EX1-BLUE", "EX1-RED", "EX1-WHITE"], started.Groups.Select(g => g.Cell));
        }

        // The runner plays what is due, each inject once however often it runs.
        await using (var db = s.Open())
        {
            Assert.Equal(2, await ExerciseInjects.PlayDueAsync(db, t0.AddMinutes(1.5), Keys, Ct));
            Assert.Equal(0, await ExerciseInjects.PlayDueAsync(db, t0.AddMinutes(1.5), Keys, Ct));
            Assert.Equal(4, await ExerciseInjects.PlayDueAsync(db, t0.AddMinutes(5), Keys, Ct));
        }
        var cells = await CellsAsync(s, id);
        var blue = (await s.ActorAsync("bp.officer")) with { AgencyId = cells["blue"] };
        var red = (await s.ActorAsync("officer")) with { AgencyId = cells["red"] };
        var umpire = director with { AgencyId = cells["white"] };

        // Each group sees its own side on the live map and in its alerts; the umpire sees both.
        var blueMap = await MapAsync(s, blue, t0.AddMinutes(5));
        var incident = Assert.Single(blueMap.Incidents);
        Assert.StartsWith("EXERCISE: Boat landed near Baarle", incident.Title, StringComparison.Ordinal);
        Assert.Equal(3, Assert.Single(blueMap.Tracks).Detections);
        Assert.DoesNotContain(await AlertTitlesAsync(s, blue), t => t.Contains("Van expected", StringComparison.Ordinal));
        var redMap = await MapAsync(s, red, t0.AddMinutes(5));
        Assert.Empty(redMap.Incidents);
        Assert.Empty(redMap.Tracks);
        Assert.Contains("EXERCISE: Van expected at Poppel", await AlertTitlesAsync(s, red));
        // Red's message arrives in its group's channel; blue has no such channel.
        Assert.Equal(["EXERCISE: Liaison: the van carries Belgian plates."], await MessagesAsync(s, red, t0.AddMinutes(5)));
        Assert.Empty(await MessagesAsync(s, blue, t0.AddMinutes(5)));
        var umpireMap = await MapAsync(s, umpire, t0.AddMinutes(5));
        Assert.Single(umpireMap.Incidents);
        Assert.Single(umpireMap.Tracks);
        Assert.Contains("EXERCISE: Van expected at Poppel", await AlertTitlesAsync(s, umpire));

        // Nothing of it in real work: not on the border police's or customs' map, alerts or incident list, nor a
        // partner's, nor in any statistics, even the operator's, who reads the store directly.
        foreach (var user in new[] { "bp.officer", "officer", "supervisor", "pca.officer" })
        {
            var real = await s.ActorAsync(user);
            var map = await MapAsync(s, real, t0.AddMinutes(5));
            Assert.DoesNotContain(map.Incidents, i => i.Title?.StartsWith("EXERCISE", StringComparison.Ordinal) == true);
            Assert.DoesNotContain(map.Tracks, t => t.Agency.StartsWith("EX1-", StringComparison.Ordinal));
            Assert.DoesNotContain(await AlertTitlesAsync(s, real), t => t.StartsWith("EXERCISE", StringComparison.Ordinal));
            Assert.Empty(await MessagesAsync(s, real, t0.AddMinutes(5)));
        }
        await using (var db = s.Open())
        {
            var statistics = await AccessPolicy.ForAsync(db, Actor.LocalOperator, Purpose.Statistics, t0, Ct);
            Assert.Equal(0, await statistics.Filter(db.Incidents.AsNoTracking(), RecordTypes.Incident).CountAsync(i => cells.Values.Contains(i.OwningAgencyId), Ct));
            Assert.Equal(1, await db.Incidents.CountAsync(i => cells.Values.Contains(i.OwningAgencyId), Ct));
            var partner = await AccessPolicy.ForAsync(db, await s.ActorAsync("pca.officer"), Purpose.RiskAnalysis, t0, Ct);
            Assert.Equal(0, await partner.Filter(db.Alerts.AsNoTracking(), RecordTypes.Alert, onward: true).CountAsync(a => cells.Values.Contains(a.OwningAgencyId), Ct));
        }

        // The incident was played at +5 (the runner's pass): blue dispatches at +12, 2 minutes late, and never does the customs check.
        await using (var db = s.Open())
        {
            var policy = await AccessPolicy.ForAsync(db, blue, Purpose.Investigation, t0.AddMinutes(12), Ct);
            var first = await db.IncidentTasks.AsNoTracking().Where(t => t.IncidentId == incident.Id).OrderBy(t => t.Order).FirstAsync(Ct);
            await IncidentResponse.CompleteStepAsync(db, blue, policy, incident.Id, first.Id, t0.AddMinutes(12), Ct);
            // A real officer cannot work the exercise's incident.
            var realPolicy = await AccessPolicy.ForAsync(db, await s.ActorAsync("bp.officer"), Purpose.Investigation, t0.AddMinutes(12), Ct);
            await Assert.ThrowsAnyAsync<CordonException>(() => IncidentResponse.CompleteStepAsync(db, realPolicy.Actor, realPolicy, incident.Id, first.Id, t0.AddMinutes(12), Ct));
        }

        // Sessions: a participant's session stays in the cell while the exercise runs.
        await using (var db = s.Open())
        {
            var user = await db.Users.AsNoTracking().SingleAsync(u => u.UserName == "bp.officer", Ct);
            var inside = await Sessions.CheckAsync(db, user.Id, user.SecurityStamp, new IdentitySettings(), cells["blue"].ToString(), Ct);
            Assert.Equal(cells["blue"], inside!.Actor.AgencyId);
            var elsewhere = await Sessions.CheckAsync(db, user.Id, user.SecurityStamp, new IdentitySettings(), cells["red"].ToString(), Ct);
            Assert.Equal(user.AgencyId, elsewhere!.Actor.AgencyId);
            Assert.Null(elsewhere.ExerciseCell);
            Assert.Equal(cells["blue"], await Cordon.Exercises.Exercises.CellToEnterAsync(db, (await s.ActorAsync("bp.officer")), id, Ct));
            await Assert.ThrowsAsync<Conflict>(async () => await Cordon.Exercises.Exercises.CellToEnterAsync(db, await s.ActorAsync("bp.admin"), id, Ct));
        }

        // Finishing freezes the report: the dispatch late, the customs check missed; the training record gets it.
        await using (var db = s.Open())
        {
            var finished = await Cordon.Exercises.Exercises.FinishAsync(db, director, id, t0.AddMinutes(60), Ct);
            var report = finished.Report!;
            Assert.True(report.Final);
            var late = report.LateSteps.Select(x => (x.Title, x.Result, x.MinutesLate)).ToList();
            Assert.Equal([("Dispatch the nearest patrol", "late", (double?)2), ("Customs check of what was found", "missed", 25)], late);
            var group = report.Groups.Single(g => g.Group == "blue");
            Assert.Equal((1, 1, 0, 0, 1, 1), (group.Incidents, group.Acknowledged, group.Resolved, group.StepsOnTime, group.StepsLate, group.StepsMissed));
            Assert.Equal(7, group.MedianMinutesToAcknowledge);
            Assert.Equal((6, 0, 0), (report.InjectsPlayed, report.InjectsFailed, report.InjectsNotPlayed));
            Assert.Contains(report.Concerned, c => c.Kind == "response-plan" && c.Id == plan);
            var training = await db.TrainingSessions.AsNoTracking().SingleAsync(t => t.Title.Contains("Green border drill"), Ct);
            Assert.Equal(["bp.officer", "officer", "supervisor"], training.Participants);
            // The exercise is over: no one enters it, and a session inside is back home.
            await Assert.ThrowsAsync<Conflict>(async () => await Cordon.Exercises.Exercises.CellToEnterAsync(db, await s.ActorAsync("bp.officer"), id, Ct));
            var user = await db.Users.AsNoTracking().SingleAsync(u => u.UserName == "bp.officer", Ct);
            Assert.Equal(user.AgencyId, (await Sessions.CheckAsync(db, user.Id, user.SecurityStamp, new IdentitySettings(), cells["blue"].ToString(), Ct))!.Actor.AgencyId);
        }

        // A lesson becomes a review task on the plan: its owner is alerted.
        await using (var db = s.Open())
        {
            await Assert.ThrowsAsync<ValidationFailed>(() => Cordon.Exercises.Exercises.AddLessonAsync(db, director, id, new LessonInput("x", null, null, null), t0.AddMinutes(61), Ct));
            await Cordon.Exercises.Exercises.AddLessonAsync(db, director, id, new LessonInput("Dispatch was late: the duty officer had no boat crew on call.", null, plan,
                DateOnly.FromDateTime(t0.AddDays(30).UtcDateTime)), t0.AddMinutes(61), Ct);
            var alert = await db.Alerts.AsNoTracking().SingleAsync(a => a.Kind == Cordon.Exercises.Exercises.LessonAlertKind, Ct);
            Assert.Equal((await s.ActorAsync("bp.admin")).AgencyId, alert.OwningAgencyId);
            Assert.Contains("response plan 'Illegal crossing'", alert.Title, StringComparison.Ordinal);
            var actions = await db.AuditEntries.AsNoTracking().Where(e => e.RecordType == RecordTypes.Exercise && e.RecordId == id.ToString()).Select(e => e.Action).ToListAsync(Ct);
            Assert.Contains("exercise.lesson", actions);
            Assert.True(actions.Count >= 4, string.Join(", ", actions)); // created, started, finished, lesson
        }
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_scenario_file_is_refused_with_every_problem_named_by_its_place(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        await using var db = s.Open();
        var director = await s.ActorAsync("supervisor");
        var bad = Scenario.Replace("\"NBP\"", "\"XXX\"", StringComparison.Ordinal).Replace("\"officer\"]", "\"nobody\"]", StringComparison.Ordinal)
            .Replace("\"latitude\": 51.44", "\"latitude\": 151.44", StringComparison.Ordinal).Replace("\"group\": \"red\"", "\"group\": \"green\"", StringComparison.Ordinal);
        var refused = await Assert.ThrowsAsync<ValidationFailed>(() => Cordon.Exercises.Exercises.CreateAsync(db, director, bad, null, TestClock.Fixed, Ct));
        Assert.Contains("injects[1].latitude", refused.Errors.Keys);
        Assert.Contains("injects[2].group", refused.Errors.Keys);
        var notJson = await Assert.ThrowsAsync<ValidationFailed>(() => Cordon.Exercises.Exercises.CreateAsync(db, director, "{ \"name\": ", null, TestClock.Fixed, Ct));
        Assert.Contains("scenario", notJson.Errors.Keys);
        // The file reads, but names an agency and a user that do not exist.
        var unknown = Scenario.Replace("\"NBP\"", "\"XXX\"", StringComparison.Ordinal).Replace("\"officer\"]", "\"nobody\"]", StringComparison.Ordinal);
        var named = await Assert.ThrowsAsync<ValidationFailed>(() => Cordon.Exercises.Exercises.CreateAsync(db, director, unknown, null, TestClock.Fixed, Ct));
        Assert.Equal(["groups[0].agency", "groups[1].participants[0]"], named.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(0, await db.Exercises.CountAsync(Ct));
    }

    private static readonly ChannelKeys Keys = new(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>The texts of the exercise channels' messages the actor may read.</summary>
    private static async Task<List<string>> MessagesAsync(TestStore s, Actor actor, DateTimeOffset now)
    {
        await using var db = s.Open();
        var policy = await AccessPolicy.ForAsync(db, actor, Purpose.Investigation, now, Ct);
        var texts = new List<string>();
        foreach (var channel in (await Channels.ListAsync(db, actor, now, Ct)).Where(c => c.Name.StartsWith("EXERCISE", StringComparison.Ordinal)))
        {
            texts.AddRange((await ChannelMessages.ListAsync(db, policy, Keys, channel.Id, Ct)).Select(m => m.Text ?? ""));
        }
        return texts;
    }

    private static async Task<Dictionary<string, Guid>> CellsAsync(TestStore s, Guid exercise)
    {
        await using var db = s.Open();
        return await db.ExerciseGroups.AsNoTracking().Where(g => g.ExerciseId == exercise).ToDictionaryAsync(g => g.Name, g => g.CellAgencyId!.Value, Ct);
    }

    private static async Task<MapSnapshot> MapAsync(TestStore s, Actor actor, DateTimeOffset now)
    {
        await using var db = s.Open();
        return await LiveMap.SnapshotAsync(db, await AccessPolicy.ForAsync(db, actor, Purpose.Investigation, now, Ct), now, null, Ct);
    }

    private static async Task<List<string>> AlertTitlesAsync(TestStore s, Actor actor)
    {
        await using var db = s.Open();
        var list = await Alerts.ListAsync(db, await AccessPolicy.ForAsync(db, actor, Purpose.Investigation, ct: Ct), 500, Ct);
        return list.Select(a => a.GetProperty("title").GetString() ?? "").ToList();
    }
}
