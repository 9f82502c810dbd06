using Cordon.Cases;
using Cordon.Messaging;
using Cordon.Operations;
using Cordon.Sharing;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Cordon.Tests.Messaging;

/// <summary>Retention per channel kind: a closed channel's messages go once its kind's retention has passed, a case channel waits for its case, the audit trace stays.</summary>
public sealed class RetentionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTimeOffset T = TestClock.Fixed;
    private static readonly ChannelKeys Keys = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    private static Case NewCase(string reference, Guid owner, CaseStatus status) => new()
    {
        Reference = reference, Title = $"Cigarette smuggling {reference}", OwningAgencyId = owner, Status = status, CreatedAt = T, CreatedBy = "test", UpdatedAt = T, UpdatedBy = "test",
    };

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Closed_channels_lose_their_messages_after_their_kinds_retention_a_case_channel_waits_for_its_case_and_the_audit_trace_stays(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        var (nbp, nca) = (await s.ActorAsync("bp.officer"), await s.ActorAsync("officer"));
        var options = new MessagingOptions { Retention = new RetentionDays { Operation = "30", Case = "30", Group = "10" } };
        var clock = new ManualClock(T);
        Guid operationChannel, groupChannel, openCaseChannel, closedCaseChannel, liveChannel, openCase;
        var posted = new List<Guid>();
        await using (var db = s.Open())
        {
            await OperationsDemo.SeedAsync(db, TestClock.Now, Ct);
            var operation = await db.Operations.FirstAsync(o => o.Name == OperationsDemo.OperationName, Ct);
            var (held, done) = (NewCase("C-RET-1", nbp.AgencyId!.Value, CaseStatus.Open), NewCase("C-RET-2", nbp.AgencyId!.Value, CaseStatus.Closed));
            db.Cases.AddRange(held, done);
            await db.SaveChangesAsync(Ct);
            openCase = held.Id;
            async Task<Guid> Create(string kind, Guid? link, string name, DateTimeOffset? ends)
            {
                var id = (await Channels.CreateAsync(db, nbp, Keys, new ChannelInput(kind, link, name, kind == "group" ? "Tip-offs" : null, ends, null, null, ["NCA"]), T, Ct)).Id;
                posted.Add((await ChannelMessages.PostAsync(db, nbp, Keys, id, new MessageInput($"{name}: truck left Antwerp"), T.AddHours(1), Ct)).Id);
                posted.Add((await ChannelMessages.PostAsync(db, nca, Keys, id, new MessageInput($"{name}: stopped at Hazeldonk"), T.AddHours(2), Ct)).Id);
                return id;
            }
            operationChannel = await Create("operation", operation.Id, "Kempen field", null);
            groupChannel = await Create("group", null, "Border watch", T.AddDays(2));
            openCaseChannel = await Create("case", held.Id, "Case C-RET-1", null);
            closedCaseChannel = await Create("case", done.Id, "Case C-RET-2", null);
            liveChannel = await Create("operation", operation.Id, "Kempen standing", null);
            // An edit (an earlier version) and read receipts in the operation channel.
            await ChannelMessages.EditAsync(db, nbp, Keys, operationChannel, posted[0], new MessageEdit("Kempen field: truck left Antwerp at 09:40"), T.AddHours(3), Ct);
            Assert.Equal(2, await ChannelMessages.MarkReadAsync(db, await AccessPolicy.ForAsync(db, nca, Purpose.Investigation, T, Ct), operationChannel, T.AddHours(4), Ct));
            foreach (var id in new[] { operationChannel, openCaseChannel, closedCaseChannel })
            {
                await Channels.CloseAsync(db, nbp, id, T.AddDays(1), Ct);
            }
        }

        async Task<int> SweepAt(DateTimeOffset at)
        {
            clock.Now = at;
            await using var db = s.Open();
            return await ChannelRetention.SweepAsync(db, options, clock.GetUtcNow(), Ct);
        }
        async Task<Channel> Row(Guid id)
        {
            await using var db = s.Open();
            return await db.Channels.AsNoTracking().SingleAsync(c => c.Id == id, Ct);
        }

        // The group ended on day 2 and keeps 10 days; the others closed on day 1 and keep 30.
        Assert.Equal(0, await SweepAt(T.AddDays(12).AddMinutes(-1)));
        Assert.Equal(1, await SweepAt(T.AddDays(12)));
        Assert.Equal(T.AddDays(12), (await Row(groupChannel)).PurgedAt);
        Assert.Equal(0, await SweepAt(T.AddDays(30)));
        Assert.Equal(2, await SweepAt(T.AddDays(31)));
        Assert.Equal(T.AddDays(31), (await Row(operationChannel)).PurgedAt);
        Assert.Equal(T.AddDays(31), (await Row(closedCaseChannel)).PurgedAt);
        // The case still open holds its channel; the channel still open is never due.
        Assert.Null((await Row(openCaseChannel)).PurgedAt);
        Assert.Equal(0, await SweepAt(T.AddDays(400)));
        Assert.Null((await Row(liveChannel)).PurgedAt);

        await using (var db = s.Open())
        {
            // Bodies, earlier versions and receipts are gone; the channel, its members and its marking stay, its key destroyed.
            var purgedIds = new[] { operationChannel, groupChannel, closedCaseChannel };
            Assert.False(await db.ChannelMessages.AnyAsync(m => purgedIds.Contains(m.ChannelId), Ct));
            Assert.False(await db.ChannelMessageVersions.AnyAsync(Ct));
            Assert.False(await db.MessageReceipts.AnyAsync(r => r.ChannelId == operationChannel, Ct));
            Assert.Empty((await Row(operationChannel)).WrappedKey);
            Assert.Equal(2, await db.ChannelMembers.CountAsync(m => m.ChannelId == operationChannel, Ct));
            var view = await Channels.GetAsync(db, nca, operationChannel, clock.GetUtcNow(), Ct);
            Assert.Equal((T.AddDays(31), 0, true), (view.PurgedAt, view.Messages, view.Closed));
            Assert.Empty(await ChannelMessages.ListAsync(db, await AccessPolicy.ForAsync(db, nca, Purpose.Investigation, T, Ct), Keys, operationChannel, Ct));
            // The other channels' messages are untouched and still open.
            Assert.Equal(["Kempen standing: truck left Antwerp", "Kempen standing: stopped at Hazeldonk"],
                (await ChannelMessages.ListAsync(db, await AccessPolicy.ForAsync(db, nca, Purpose.Investigation, T, Ct), Keys, liveChannel, Ct)).Select(m => m.Text));

            // One purge entry per channel, with the counts; the entries of every post stay.
            var purges = await db.AuditEntries.AsNoTracking().Where(e => e.Action == "channel.purge").OrderBy(e => e.LeafIndex).ToListAsync(Ct);
            Assert.Equal(groupChannel.ToString(), purges[0].RecordId);
            Assert.Equal(new[] { operationChannel, closedCaseChannel }.Select(c => c.ToString()).Order(StringComparer.Ordinal),
                purges.Skip(1).Select(e => e.RecordId!).Order(StringComparer.Ordinal));
            var operationPurge = purges.Single(e => e.RecordId == operationChannel.ToString());
            Assert.Equal(("system", nbp.AgencyId), (operationPurge.ActorKind, operationPurge.RecordAgencyId));
            Assert.Contains("\"messages\":2", operationPurge.Details, StringComparison.Ordinal);
            Assert.Contains("\"versions\":1", operationPurge.Details, StringComparison.Ordinal);
            Assert.Contains("\"receipts\":2", operationPurge.Details, StringComparison.Ordinal);
            Assert.Contains("\"retentionDays\":30", operationPurge.Details, StringComparison.Ordinal);
            var created = await db.AuditEntries.AsNoTracking().Where(e => e.Action == "message.create").Select(e => e.RecordId).ToListAsync(Ct);
            Assert.All(posted, id => Assert.Contains(id.ToString(), created));
        }

        // The case closes: the retention worker (on the test's clock) purges its channel at its next pass.
        await using (var db = s.Open())
        {
            var held = await db.Cases.SingleAsync(c => c.Id == openCase, Ct);
            held.Status = CaseStatus.Closed;
            await db.SaveChangesAsync(Ct);
        }
        var services = new ServiceCollection();
        services.AddScoped(_ => s.Open());
        await using var provider = services.BuildServiceProvider();
        clock.Now = T.AddDays(401);
        using var worker = new ChannelRetentionWorker(provider.GetRequiredService<IServiceScopeFactory>(), clock, Options.Create(options), NullLogger<ChannelRetentionWorker>.Instance);
        await worker.StartAsync(Ct);
        await Eventually.UntilAsync(async () => (await Row(openCaseChannel)).PurgedAt == T.AddDays(401), TimeSpan.FromSeconds(10),
            () => "the retention worker did not purge the channel of the closed case within 10 s", TimeSpan.FromMilliseconds(50));
        await worker.StopAsync(Ct);
        Assert.Equal(0, await SweepAt(T.AddDays(402)));
    }

    [Fact]
    public void Retention_settings_are_days_or_forever_per_kind_and_a_wrong_one_stops_the_start_naming_the_key()
    {
        static IOptions<MessagingOptions> Options(Dictionary<string, string?> settings)
        {
            var services = new ServiceCollection().AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
            return MessagingOptions.AddMessagingOptions(services).BuildServiceProvider().GetRequiredService<IOptions<MessagingOptions>>();
        }
        var defaults = Options([]).Value;
        Assert.Equal((TimeSpan.FromDays(365), (TimeSpan?)null, TimeSpan.FromDays(365), TimeSpan.FromDays(90)),
            (defaults.RetentionOf(ChannelKind.Operation), defaults.RetentionOf(ChannelKind.Case), defaults.RetentionOf(ChannelKind.Incident), defaults.RetentionOf(ChannelKind.Group)));
        var set = Options(new() { ["Cordon:Messaging:Retention:Case"] = "3650", ["Cordon:Messaging:Retention:Group"] = "Forever" }).Value;
        Assert.Equal((TimeSpan.FromDays(3650), (TimeSpan?)null), (set.RetentionOf(ChannelKind.Case), set.RetentionOf(ChannelKind.Group)));
        var wrong = Assert.Throws<OptionsValidationException>(() => Options(new() { ["Cordon:Messaging:Retention:Incident"] = "0" }).Value);
        Assert.Contains("Cordon:Messaging:Retention:Incident is '0': use a number of days from 1 to 36500 after the channel closes, or 'forever'.", wrong.Message, StringComparison.Ordinal);
    }
}
