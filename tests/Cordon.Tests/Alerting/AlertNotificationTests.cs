using System.Collections.Concurrent;
using System.Diagnostics;
using Cordon.Alerting;
using Cordon.Sharing;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Alerting;

/// <summary>PostgreSQL LISTEN/NOTIFY between server nodes (SQLite has one writer process and polls).</summary>
public sealed class AlertNotificationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_committed_alert_wakes_a_second_nodes_dispatcher_at_once_and_a_rolled_back_one_does_not()
    {
        await using var s = await DemoActors.SeededStoreAsync(TestStore.Postgres);
        Guid nca;
        await using (var db = s.Open())
        {
            nca = await db.Agencies.Where(a => a.Code == "NCA").Select(a => a.Id).SingleAsync(Ct);
            db.AlertSubscriptions.Add(new AlertSubscription { CreatedAt = TestClock.Now, AgencyId = nca, Name = "all", Channel = AlertChannel.Ui });
            await db.SaveChangesAsync(Ct);
        }

        // Node B: its own listener and wake-up signal, and a poll interval far longer than the test allows.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var payloads = new ConcurrentQueue<string>();
        var wake = new Signal();
        var listening = new TaskCompletionSource();
        var listener = AlertNotifications.ListenAsync(s.Settings.ConnectionString, p =>
        {
            payloads.Enqueue(p);
            wake.Pulse();
        }, null, stop.Token, listening);
        await listening.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var dispatchedByB = new TaskCompletionSource<TimeSpan>();
        var clock = new Stopwatch();
        var nodeB = Task.Run(async () =>
        {
            await using var db = s.Open();
            while (!stop.IsCancellationRequested)
            {
                var next = wake.Next;
                if (await AlertFanOut.DispatchAsync(db, TestClock.Now, ct: stop.Token) > 0)
                {
                    dispatchedByB.TrySetResult(clock.Elapsed);
                }
                await Signal.WaitAsync(next, TimeSpan.FromSeconds(60), stop.Token);
            }
        }, stop.Token);

        // Node A rolls one alert back: no notification reaches B.
        await using (var db = s.Open())
        {
            await using var tx = await db.Database.BeginTransactionAsync(Ct);
            Alerts.Raise(db, new AlertDraft(AlertKinds.Custom, "rolled back", nca, Tlp.Amber));
            await db.SaveChangesAsync(Ct);
            await tx.RollbackAsync(Ct);
        }
        await Task.Delay(1000, Ct);
        Assert.Empty(payloads);

        // Node A commits one: B hears of it and dispatches it within seconds, not at its 60 s poll.
        await using (var db = s.Open())
        {
            Alerts.Raise(db, new AlertDraft(AlertKinds.Custom, "committed", nca, Tlp.Amber));
            clock.Start();
            await db.SaveChangesAsync(Ct);
        }
        var latency = await dispatchedByB.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.True(latency < TimeSpan.FromSeconds(5), $"dispatched after {latency.TotalMilliseconds:0} ms");
        Assert.Contains(AlertNotifications.Raised, payloads);
        await using (var db = s.Open())
        {
            var alert = await db.Alerts.SingleAsync(Ct);
            Assert.Equal("committed", alert.Title);
            Assert.NotNull(alert.DispatchedAt);
            Assert.Equal(1, await db.AlertDeliveries.CountAsync(d => d.AlertId == alert.Id, Ct));
        }
        // B's fan-out told the streams of every node.
        await Eventually.UntilAsync(() => payloads.Contains(AlertNotifications.Delivered), TimeSpan.FromSeconds(5), () => $"no '{AlertNotifications.Delivered}' notification within 5 s: {string.Join(", ", payloads)}");
        await stop.CancelAsync();
        await listener;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => nodeB);
    }
}
