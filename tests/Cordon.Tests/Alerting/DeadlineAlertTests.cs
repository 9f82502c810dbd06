using Cordon.Alerting;
using Cordon.Cases;
using Cordon.Tests.Cases;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Tests.Alerting;

public sealed class DeadlineAlertTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static LegalRequest Step(DateTimeOffset at, string? grounds = null) => new("per procedure", null, null, grounds, "registered mail", null, null, null, at, null);

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task The_sweep_raises_one_alert_per_overdue_deadline_and_never_a_second(string store)
    {
        await using var s = await CaseWorld.StoreAsync(store);
        await using var db = s.Open();
        var (officer, _) = await CaseWorld.OfficersAsync(s);
        var now = TestClock.Fixed; // the sweep is given its time; the seizures are in the past of the store's real clock
        var late = await Seizures.CreateAsync(db, officer, CaseWorld.Seizure() with { SeizedAt = now.AddDays(-6) }, Ct);
        var fresh = await Seizures.CreateAsync(db, officer, CaseWorld.Seizure() with { SeizedAt = now.AddHours(-1) }, Ct);
        var appealed = await Seizures.CreateAsync(db, officer, CaseWorld.Seizure() with { SeizedAt = now.AddDays(-40) }, Ct);
        await Seizures.ActAsync(db, officer, appealed.Id, LegalAction.IssueNotice, Step(now.AddDays(-39)), Ct);
        await Seizures.ActAsync(db, officer, appealed.Id, LegalAction.RecordDelivery, Step(now.AddDays(-38)), Ct);
        await Seizures.ActAsync(db, officer, appealed.Id, LegalAction.FileAppeal, Step(now.AddDays(-37), "not my goods"), Ct);

        Assert.Equal(2, await DeadlineAlerts.SweepAsync(db, now, Ct));
        Assert.Equal(0, await DeadlineAlerts.SweepAsync(db, now.AddMinutes(5), Ct));
        var alerts = await db.Alerts.AsNoTracking().Where(a => a.Kind == AlertKinds.DeadlineOverdue).ToListAsync(Ct);
        Assert.Equal(new[] { appealed.Id.ToString(), late.Id.ToString() }.Order(), alerts.Select(a => a.RecordId!).Order());
        Assert.Contains(alerts, a => a.RecordId == late.Id.ToString() && a.Title.Contains("Issue the seizure notice", StringComparison.Ordinal));
        Assert.Contains(alerts, a => a.RecordId == appealed.Id.ToString() && a.Title.Contains("Decide the appeal", StringComparison.Ordinal));
        Assert.All(alerts, a => Assert.Equal(officer.AgencyId, a.OwningAgencyId));

        // Five days on, the fresh seizure's notice is overdue too: one more alert, once.
        Assert.Equal(1, await DeadlineAlerts.SweepAsync(db, now.AddDays(5).AddHours(1), Ct));
        Assert.Equal(0, await DeadlineAlerts.SweepAsync(db, now.AddDays(6), Ct));
        Assert.Equal(1, await db.Alerts.CountAsync(a => a.Kind == AlertKinds.DeadlineOverdue && a.RecordId == fresh.Id.ToString(), Ct));

        // Once the notice is issued, that deadline is no longer overdue and nothing new is raised for it.
        await Seizures.ActAsync(db, officer, late.Id, LegalAction.IssueNotice, Step(now), Ct);
        Assert.Equal(0, await DeadlineAlerts.SweepAsync(db, now.AddDays(7), Ct));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task The_deadline_worker_sweeps_on_the_injected_clock(string store)
    {
        await using var s = await CaseWorld.StoreAsync(store);
        Guid id;
        await using (var db = s.Open())
        {
            var (officer, _) = await CaseWorld.OfficersAsync(s);
            id = (await Seizures.CreateAsync(db, officer, CaseWorld.Seizure() with { SeizedAt = TestClock.Now.AddHours(-1) }, Ct)).Id;
        }
        var services = new ServiceCollection();
        services.AddScoped(_ => s.Open());
        await using var provider = services.BuildServiceProvider();
        // Real time says the notice is not due for days; the worker's clock says it is a week later.
        var clock = new ManualClock(TestClock.Now.AddDays(7));
        using var worker = new DeadlineAlertWorker(provider.GetRequiredService<IServiceScopeFactory>(), clock, Microsoft.Extensions.Options.Options.Create(new AlertOptions()),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<DeadlineAlertWorker>.Instance);
        await worker.StartAsync(Ct);
        await Eventually.UntilAsync(async () =>
        {
            await using var db = s.Open();
            return await db.Alerts.AnyAsync(a => a.Kind == AlertKinds.DeadlineOverdue && a.RecordId == id.ToString(), Ct);
        }, TimeSpan.FromSeconds(5), () => "the worker raised no deadline alert within 5 s", TimeSpan.FromMilliseconds(50));
        await worker.StopAsync(Ct);
    }
}
