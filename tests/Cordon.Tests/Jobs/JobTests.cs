using System.Collections.Concurrent;
using Cordon.Common;
using Cordon.Demo;
using Cordon.Identity;
using Cordon.Jobs;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cordon.Tests.Jobs;

public sealed class JobTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Processes items 0..Count-1, committing a checkpoint every Batch items; records each item it handles.</summary>
    private sealed class CountingHandler(ConcurrentBag<(Guid Job, int Item)> seen, int? dieAfter = null, CancellationTokenSource? node = null) : IJobHandler
    {
        public sealed record Input(int Count, int Batch, bool Fail = false);
        public sealed record Position(int Next);

        public string Kind => "test.count";

        public async Task<object?> RunAsync(JobContext context)
        {
            var input = context.Payload<Input>();
            if (input.Fail)
            {
                throw new InvalidOperationException("the input file is unreadable");
            }
            var next = context.Checkpoint<Position>()?.Next ?? 0;
            while (next < input.Count)
            {
                var end = Math.Min(input.Count, next + input.Batch);
                for (var i = next; i < end; i++)
                {
                    seen.Add((context.Job.Id, i));
                }
                next = end;
                await context.ReportAsync(next, input.Count, $"item {next}", new Position(next));
                if (dieAfter is { } limit && next >= limit)
                {
                    await node!.CancelAsync(); // the node goes down after committing this batch
                    context.Cancellation.ThrowIfCancellationRequested();
                }
            }
            return new { processed = input.Count };
        }
    }

    private static async Task<Actor> OfficerAsync(TestStore s, string name = "officer")
    {
        await using var db = s.Open();
        if (!await db.Users.AnyAsync(Ct))
        {
            await DemoSeed.SeedAsync(db, TestClock.Now, Ct);
        }
        var user = await db.Users.SingleAsync(u => u.UserName == name, Ct);
        return new Actor(user.Id, user.AgencyId, user.Roles, user.UserName, ActorKind.User);
    }

    private static JobRunner Runner(TestStore s, IJobHandler handler, TimeSpan? staleAfter = null)
        => new(s.Settings, [handler], new EmptyServices(), TestClock.Real, NullLogger<JobRunner>.Instance) { StaleAfter = staleAfter ?? TimeSpan.FromMinutes(1) };

    private sealed class EmptyServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_queued_job_runs_to_completion_with_progress_and_result(string store)
    {
        await using var s = await TestStore.CreateAsync(store);
        var officer = await OfficerAsync(s);
        Job job;
        await using (var db = s.Open())
        {
            job = await JobQueue.EnqueueAsync(db, officer, "test.count", "Count to 50", new CountingHandler.Input(50, 10), TestClock.Now, ct: Ct);
        }
        var seen = new ConcurrentBag<(Guid, int)>();
        Assert.True(await Runner(s, new CountingHandler(seen)).RunOneAsync(Ct));
        Assert.False(await Runner(s, new CountingHandler(seen)).RunOneAsync(Ct));

        await using (var db = s.Open())
        {
            var view = await JobQueue.GetAsync(db, officer, job.Id, Ct);
            Assert.Equal(JobStatus.Succeeded, view.Status);
            Assert.Equal(50, view.Done);
            Assert.Equal(1.0, view.Fraction);
            Assert.Contains("\"processed\":50", view.Result, StringComparison.Ordinal);
        }
        Assert.Equal(50, seen.Count);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Concurrent_runners_never_take_the_same_job(string store)
    {
        await using var s = await TestStore.CreateAsync(store);
        var officer = await OfficerAsync(s);
        var ids = new List<Guid>();
        await using (var db = s.Open())
        {
            for (var i = 0; i < 24; i++)
            {
                ids.Add((await JobQueue.EnqueueAsync(db, officer, "test.count", $"job {i}", new CountingHandler.Input(5, 5), TestClock.Now, ct: Ct)).Id);
            }
        }
        var seen = new ConcurrentBag<(Guid Job, int Item)>();
        var runners = Enumerable.Range(0, 4).Select(_ => Runner(s, new CountingHandler(seen))).ToList();
        await Task.WhenAll(runners.Select(r => Task.Run(async () =>
        {
            while (await r.RunOneAsync(Ct))
            {
            }
        }, Ct)));

        // Every job ran exactly once: each of its five items was seen once.
        Assert.Equal(24 * 5, seen.Count);
        Assert.All(seen.GroupBy(x => x.Job), g => Assert.Equal(5, g.Count()));
        await using var check = s.Open();
        Assert.Equal(24, await check.Jobs.CountAsync(j => j.Status == JobStatus.Succeeded && j.Attempts == 1, Ct));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_job_whose_node_died_is_resumed_from_its_checkpoint_by_another_node(string store)
    {
        await using var s = await TestStore.CreateAsync(store);
        var officer = await OfficerAsync(s);
        Job job;
        await using (var db = s.Open())
        {
            job = await JobQueue.EnqueueAsync(db, officer, "test.count", "Count to 100", new CountingHandler.Input(100, 10), TestClock.Now, ct: Ct);
        }
        var seen = new ConcurrentBag<(Guid Job, int Item)>();
        using var firstNode = new CancellationTokenSource();
        var first = Runner(s, new CountingHandler(seen, dieAfter: 40, node: firstNode));
        await first.RunOneAsync(firstNode.Token);

        await using (var db = s.Open())
        {
            var interrupted = await db.Jobs.AsNoTracking().SingleAsync(j => j.Id == job.Id, Ct);
            Assert.Equal(JobStatus.Running, interrupted.Status);
            Assert.Equal(40, interrupted.Done);
        }
        // The heartbeat is stale at once for this runner, as if a minute had passed.
        var second = Runner(s, new CountingHandler(seen), staleAfter: TimeSpan.Zero);
        Assert.True(await second.RunOneAsync(Ct));

        await using (var db = s.Open())
        {
            var done = await db.Jobs.AsNoTracking().SingleAsync(j => j.Id == job.Id, Ct);
            Assert.Equal(JobStatus.Succeeded, done.Status);
            Assert.Equal(2, done.Attempts);
        }
        // Nothing processed twice, nothing skipped.
        Assert.Equal(Enumerable.Range(0, 100), seen.Select(x => x.Item).Order());
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Failures_and_cancellations_are_recorded(string store)
    {
        await using var s = await TestStore.CreateAsync(store);
        var officer = await OfficerAsync(s);
        Job failing, queued;
        await using (var db = s.Open())
        {
            failing = await JobQueue.EnqueueAsync(db, officer, "test.count", "Bad input", new CountingHandler.Input(10, 5, Fail: true), TestClock.Now, ct: Ct);
            queued = await JobQueue.EnqueueAsync(db, officer, "test.count", "Not wanted", new CountingHandler.Input(10, 5), TestClock.Now, ct: Ct);
            Assert.Equal(JobStatus.Cancelled, (await JobQueue.CancelAsync(db, officer, queued.Id, TestClock.Now, Ct)).Status);
            await Assert.ThrowsAsync<Conflict>(() => JobQueue.CancelAsync(db, officer, queued.Id, TestClock.Now, Ct));
        }
        Assert.True(await Runner(s, new CountingHandler([])).RunOneAsync(Ct));
        Assert.False(await Runner(s, new CountingHandler([])).RunOneAsync(Ct));
        await using (var db = s.Open())
        {
            var failed = await JobQueue.GetAsync(db, officer, failing.Id, Ct);
            Assert.Equal(JobStatus.Failed, failed.Status);
            Assert.Equal("the input file is unreadable", failed.Error);
        }
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_running_job_stops_at_its_next_report_when_cancelled(string store)
    {
        await using var s = await TestStore.CreateAsync(store);
        var officer = await OfficerAsync(s);
        Job job;
        await using (var db = s.Open())
        {
            job = await JobQueue.EnqueueAsync(db, officer, "test.count", "Long", new CountingHandler.Input(1000, 1), TestClock.Now, ct: Ct);
        }
        var seen = new ConcurrentBag<(Guid Job, int Item)>();
        var cancelOnce = new CancelAfterFirstReport(s, officer, job.Id, new CountingHandler(seen));
        Assert.True(await Runner(s, cancelOnce).RunOneAsync(Ct));
        await using var check = s.Open();
        var view = await JobQueue.GetAsync(check, officer, job.Id, Ct);
        Assert.Equal(JobStatus.Cancelled, view.Status);
        Assert.True(seen.Count < 1000);
    }

    private sealed class CancelAfterFirstReport(TestStore s, Actor actor, Guid id, IJobHandler inner) : IJobHandler
    {
        public string Kind => inner.Kind;

        public async Task<object?> RunAsync(JobContext context)
        {
            await using (var db = s.Open())
            {
                await JobQueue.CancelAsync(db, actor, id, TestClock.Now, CancellationToken.None);
            }
            return await inner.RunAsync(context);
        }
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Another_agency_cannot_see_or_cancel_a_job(string store)
    {
        await using var s = await TestStore.CreateAsync(store);
        var officer = await OfficerAsync(s);
        var borderOfficer = await OfficerAsync(s, "bp.officer");
        await using var db = s.Open();
        var job = await JobQueue.EnqueueAsync(db, officer, "test.count", "Customs only", new CountingHandler.Input(1, 1), TestClock.Now, ct: Ct);
        await Assert.ThrowsAsync<NotFound>(() => JobQueue.GetAsync(db, borderOfficer, job.Id, Ct));
        await Assert.ThrowsAsync<NotFound>(() => JobQueue.CancelAsync(db, borderOfficer, job.Id, TestClock.Now, Ct));
        Assert.Empty(await JobQueue.ListAsync(db, borderOfficer, ct: Ct));
        Assert.Single(await JobQueue.ListAsync(db, officer, ct: Ct));
    }
}
