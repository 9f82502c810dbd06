using Cordon.Identity;
using Cordon.Operations;
using Cordon.Operations.Detections;
using Cordon.Sharing;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Tests.Operations;

public sealed class ResponseTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ParsedMessage Msg(int i, double lat, double lon, DateTimeOffset at, string uid = "radar.t9")
        => new(i, "cot", "raw", new DetectionMessage("radar", uid, "a-u-G", "m-r", lat, lon, null, null, null, at, null), []);

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Track_entering_a_watched_area_raises_one_incident_that_starts_its_plan(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        await using var db = s.Open();
        await OperationsDemo.SeedAsync(db, TestClock.Now, Ct);
        var feed = new Actor(null, (await s.ActorAsync("bp.officer")).AgencyId, Roles.Officer, "radar", ActorKind.ApiKey);
        var t0 = TestClock.NowInWholeSeconds.AddMinutes(-30); // whole seconds: PostgreSQL keeps microseconds
        // Outside the corridor (lat 51.43), then inside (51.445), from the south.
        var batch = new[] { Msg(0, 51.430, 4.935, t0), Msg(1, 51.435, 4.935, t0.AddMinutes(1)), Msg(2, 51.440, 4.935, t0.AddMinutes(2)), Msg(3, 51.445, 4.935, t0.AddMinutes(3)) };
        var result = await SensorIngest.IngestAsync(db, feed, batch, CorrelationBounds.Default, t0.AddMinutes(4), new WatchedAreaCache(), ct: Ct);
        Assert.Equal(4, result.Accepted);
        Assert.Equal(1, result.TracksStarted);
        var incidentId = Assert.Single(result.IncidentsRaised);

        // Re-sent: recognised, nothing new, no second incident.
        var again = await SensorIngest.IngestAsync(db, feed, batch, CorrelationBounds.Default, t0.AddMinutes(5), new WatchedAreaCache(), ct: Ct);
        Assert.Equal((0, 4), (again.Accepted, again.Duplicates));
        Assert.Empty(again.IncidentsRaised);
        // Staying inside does not raise another; the track continues.
        var inside = await SensorIngest.IngestAsync(db, feed, [Msg(0, 51.446, 4.935, t0.AddMinutes(6))], CorrelationBounds.Default, t0.AddMinutes(6), new WatchedAreaCache(), ct: Ct);
        Assert.Empty(inside.IncidentsRaised);
        Assert.Equal(1, inside.TracksUpdated);

        // Written by the bulk path, read back through EF: same key formats on both stores.
        var track = await db.SensorTracks.SingleAsync(t => t.SourceUid == "radar.t9", Ct);
        Assert.Equal(5, track.DetectionCount);
        Assert.Equal(5, await db.SensorDetections.CountAsync(d => d.TrackId == track.Id && d.ObservedAt >= t0, Ct));
        Assert.Equal(t0.AddMinutes(6), track.LastSeen);

        var view = await IncidentResponse.ViewAsync(db, incidentId, t0.AddMinutes(4), Ct);
        Assert.Equal("illegal-crossing", view.Type);
        Assert.Equal("Illegal crossing at the green border", view.ResponsePlan);
        Assert.Equal(4, view.Checklist.Count);
        Assert.Equal(t0.AddMinutes(4).AddMinutes(5), view.Checklist[0].DueAt);
        Assert.Contains(view.Timeline!, u => u is { Kind: "notify", Text: "PCA notified." });
        Assert.Equal(t0, view.OccurredAt); // detection time of the track's first sighting
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Late_step_escalates_once_and_after_action_report_gives_the_times(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        await using var db = s.Open();
        await OperationsDemo.SeedAsync(db, TestClock.Now, Ct);
        var officer = await s.ActorAsync("bp.officer");
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero));
        var incident = await IncidentResponse.ReportAsync(db, officer, new IncidentInput("illegal-crossing", "high", "Group crossing the Mark", 51.45, 4.93,
            clock.GetUtcNow().AddMinutes(-3), ["NBP-VAN-1"], null, ["CASE-2026-001"], "Six persons seen crossing on foot."), clock.GetUtcNow(), Ct);
        Assert.Equal(4, incident.Checklist.Count);

        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(0, await IncidentResponse.EscalateLateStepsAsync(db, clock.GetUtcNow(), Ct));
        clock.Advance(TimeSpan.FromMinutes(2)); // step 1 (5 min) is now late
        Assert.Equal(1, await IncidentResponse.EscalateLateStepsAsync(db, clock.GetUtcNow(), Ct));
        Assert.Equal(0, await IncidentResponse.EscalateLateStepsAsync(db, clock.GetUtcNow(), Ct)); // once only

        var policy = await AccessPolicy.ForAsync(db, officer, Purpose.Investigation, clock.GetUtcNow(), Ct);
        var done = await IncidentResponse.CompleteStepAsync(db, officer, policy, incident.Id, incident.Checklist[0].Id, clock.GetUtcNow(), Ct);
        Assert.Contains(done.Timeline!, u => u.Kind == "escalation" && u.Text.Contains("escalated to NBP shift commander", StringComparison.Ordinal));
        Assert.Equal("responding", done.Status);
        clock.Advance(TimeSpan.FromMinutes(20));
        var resolved = await IncidentResponse.AddUpdateAsync(db, officer, policy, incident.Id, "Group apprehended and handed to NIS.", resolve: true, clock.GetUtcNow(), Ct);
        var aar = resolved.AfterAction;
        Assert.Equal(TimeSpan.FromMinutes(3), aar.DetectionToReport);
        Assert.Equal(TimeSpan.FromMinutes(9), aar.DetectionToResponse);
        Assert.Equal(TimeSpan.FromMinutes(29), aar.DetectionToResolution);
        Assert.Equal((1, 4, 1), (aar.StepsDone, aar.StepsTotal, aar.StepsEscalated));

        // Resolved: its remaining steps are no longer chased.
        clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal(0, await IncidentResponse.EscalateLateStepsAsync(db, clock.GetUtcNow(), Ct));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Escalation_service_escalates_on_its_timer_with_an_injected_clock(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        await using (var db = s.Open())
        {
            await OperationsDemo.SeedAsync(db, TestClock.Now, Ct);
            var officer = await s.ActorAsync("bp.officer");
            await IncidentResponse.ReportAsync(db, officer, new IncidentInput("illegal-crossing", "high", "x", 51.45, 4.93, null, null, null, null, null),
                TestClock.Now.AddHours(-2), Ct);
        }
        var services = new ServiceCollection();
        services.AddScoped(_ => s.Open());
        await using var provider = services.BuildServiceProvider();
        var clock = new ManualClock(TestClock.Now);
        using var service = new EscalationService(provider.GetRequiredService<IServiceScopeFactory>(), clock,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<EscalationService>.Instance);
        await service.StartAsync(Ct);
        await WaitForAsync(s, 4);
        await service.StopAsync(Ct);
    }

    private static Task WaitForAsync(TestStore s, int escalations) => Eventually.UntilAsync(async () =>
    {
        await using var db = s.Open();
        return await db.IncidentTasks.CountAsync(t => t.EscalatedAt != null, Ct) == escalations;
    }, TimeSpan.FromSeconds(5), () => $"expected {escalations} escalated steps", TimeSpan.FromMilliseconds(50));
}
