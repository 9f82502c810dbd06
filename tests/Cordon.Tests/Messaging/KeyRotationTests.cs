using Cordon.Identity;
using Cordon.Messaging;
using Cordon.Sharing;
using Cordon.Storage;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Messaging;

/// <summary>Rotating the server key that wraps channel keys: old keys stay readable, the re-wrap runs in batches beside reads and posts, the old key can then go.</summary>
public sealed class KeyRotationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTimeOffset T = TestClock.Fixed;
    private static readonly byte[] A = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly byte[] B = Enumerable.Range(101, 32).Select(i => (byte)i).ToArray();

    private static async Task<Guid> ChannelAsync(CordonDb db, Actor owner, ChannelKeys keys, string name)
        => (await Channels.CreateAsync(db, owner, keys, new ChannelInput("group", null, name, "Tip-offs between customs and police", T.AddDays(30), null, null, ["NCA"]), T, Ct)).Id;

    /// <summary>Every channel's conversation as the reader sees it with <paramref name="keys"/>: channel name → texts.</summary>
    private static async Task<Dictionary<string, string[]>> ReadAllAsync(TestStore s, Actor reader, ChannelKeys keys)
    {
        await using var db = s.Open();
        var policy = await AccessPolicy.ForAsync(db, reader, Purpose.Investigation, T, Ct);
        var read = new Dictionary<string, string[]>();
        foreach (var channel in await db.Channels.AsNoTracking().OrderBy(c => c.Name).ToListAsync(Ct))
        {
            read[channel.Name] = (await ChannelMessages.ListAsync(db, policy, keys, channel.Id, Ct)).Select(m => m.Text ?? "").ToArray();
        }
        return read;
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Channels_under_key_A_stay_readable_while_B_becomes_current_are_rewrapped_in_batches_and_then_need_only_B(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        var (nbp, nca) = (await s.ActorAsync("bp.officer"), await s.ActorAsync("officer"));
        var underA = new ChannelKeys(A);
        var (idA, idB) = (ChannelKeys.IdOf(A), ChannelKeys.IdOf(B));
        var names = new[] { "Channel 1", "Channel 2", "Channel 3" };
        await using (var db = s.Open())
        {
            foreach (var name in names)
            {
                var channel = await ChannelAsync(db, nbp, underA, name);
                var first = await ChannelMessages.PostAsync(db, nbp, underA, channel, new MessageInput($"{name}: truck left Antwerp"), T, Ct);
                await ChannelMessages.PostAsync(db, nca, underA, channel, new MessageInput($"{name}: seen at Hazeldonk"), T.AddMinutes(5), Ct);
                await ChannelMessages.EditAsync(db, nbp, underA, channel, first.Id, new MessageEdit($"{name}: truck left Antwerp at 09:40"), T.AddMinutes(6), Ct);
            }
        }
        var before = await ReadAllAsync(s, nca, underA);
        Assert.Equal(["Channel 1: truck left Antwerp at 09:40", "Channel 1: seen at Hazeldonk"], before["Channel 1"]);

        // The operator makes B current and keeps A as previous: everything still reads, a new channel is wrapped with B.
        var rolled = new ChannelKeys(B, [A]);
        Assert.Equal(idB, rolled.KeyId);
        Assert.Equal([idA], rolled.PreviousKeyIds);
        Assert.Equal(before, await ReadAllAsync(s, nca, rolled));
        Guid channel4;
        await using (var db = s.Open())
        {
            channel4 = await ChannelAsync(db, nbp, rolled, "Channel 4");
            await ChannelMessages.PostAsync(db, nbp, rolled, channel4, new MessageInput("Channel 4: new under B"), T.AddMinutes(10), Ct);
            Assert.Equal(idB, (await db.Channels.AsNoTracking().SingleAsync(c => c.Id == channel4, Ct)).KeyId);
            // An earlier version (sealed with its channel's key) opens too.
            var edited = await db.ChannelMessages.AsNoTracking().FirstAsync(m => m.Version == 2, Ct);
            var policy = await AccessPolicy.ForAsync(db, nbp, Purpose.Investigation, T, Ct);
            Assert.EndsWith("truck left Antwerp", Assert.Single(await ChannelMessages.VersionsAsync(db, policy, rolled, edited.ChannelId, edited.Id, Ct)).Text, StringComparison.Ordinal);
        }

        // Rotation, two channels a batch. Between batches, nodes with either configuration read everything and post.
        var progress = new List<(int Done, int Total)>();
        KeyRotationResult result;
        await using (var db = s.Open())
        {
            result = await ChannelKeyRotation.RotateAsync(db, Actor.LocalOperator, rolled, 2, async (done, total) =>
            {
                progress.Add((done, total));
                if (done < total)
                {
                    var midway = await ReadAllAsync(s, nca, rolled);
                    Assert.Equal(before["Channel 3"], midway["Channel 3"]);
                    // A node given B only as a previous key (the first step of a rolling change) reads the re-wrapped channels too.
                    Assert.Equal(midway, await ReadAllAsync(s, nca, new ChannelKeys(A, [B])));
                    await using var other = s.Open();
                    var notYet = await other.Channels.AsNoTracking().FirstAsync(c => c.KeyId == idA, Ct);
                    await ChannelMessages.PostAsync(other, nca, rolled, notYet.Id, new MessageInput($"{notYet.Name}: posted during the rotation"), T.AddMinutes(20), Ct);
                }
            }, Ct);
        }
        Assert.Equal([(2, 3), (3, 3)], progress);
        Assert.Equal((idB, 3, 1, 2), (result.CurrentKeyId, result.Rewrapped, result.AlreadyCurrent, result.Batches));
        Assert.Equal(new Dictionary<string, int> { [idA] = 3 }, result.RewrappedFrom);
        Assert.Empty(result.Unreadable);

        await using (var db = s.Open())
        {
            Assert.All(await db.Channels.AsNoTracking().ToListAsync(Ct), c => Assert.Equal(idB, c.KeyId));
            // One entry for the run, with counts and key ids, and no key material.
            var entry = Assert.Single(await db.AuditEntries.AsNoTracking().Where(e => e.Action == "channel.keys.rotate").ToListAsync(Ct));
            Assert.Equal(("local-operator", RecordTypes.Message), (entry.ActorKind, entry.RecordType));
            Assert.Contains($"\"to\":\"{idB}\"", entry.Details, StringComparison.Ordinal);
            Assert.Contains($"\"{idA}\":3", entry.Details, StringComparison.Ordinal);
            Assert.Contains("\"rewrapped\":3", entry.Details, StringComparison.Ordinal);
            foreach (var key in new[] { A, B })
            {
                Assert.DoesNotContain(Convert.ToBase64String(key), entry.Details, StringComparison.Ordinal);
                Assert.DoesNotContain(Convert.ToHexString(key), entry.Details, StringComparison.OrdinalIgnoreCase);
            }

            // Idempotent: a second run finds nothing to do.
            var again = await ChannelKeyRotation.RotateAsync(db, Actor.LocalOperator, rolled, 2, null, Ct);
            Assert.Equal((0, 4, 0), (again.Rewrapped, again.AlreadyCurrent, again.Batches));
        }

        // A is removed from configuration: B alone reads everything, including the message posted mid-rotation.
        var after = await ReadAllAsync(s, nca, new ChannelKeys(B));
        Assert.All(names, n => Assert.Equal(before[n], after[n].Where(t => !t.EndsWith("during the rotation", StringComparison.Ordinal))));
        Assert.Equal(["Channel 4: new under B"], after["Channel 4"]);
        Assert.Single(names, n => after[n].Contains($"{n}: posted during the rotation"));

        // A node left with only A fails clearly, naming the channel and the key id it lacks.
        var stale = await Assert.ThrowsAsync<ServerKeyMissing>(() => ReadAllAsync(s, nca, new ChannelKeys(A)));
        Assert.Equal(idB, stale.KeyId);
        Assert.Contains($"({stale.ChannelId}) has its key wrapped by server key {idB}, which this node does not hold", stale.Message, StringComparison.Ordinal);
        Assert.Contains("Channel 1", stale.Message, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_channel_under_a_key_no_node_holds_is_left_as_it_is_and_named_while_the_others_are_rewrapped(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        var nbp = await s.ActorAsync("bp.officer");
        var lost = Enumerable.Range(201, 32).Select(i => (byte)i).ToArray();
        Guid orphan;
        await using (var db = s.Open())
        {
            orphan = await ChannelAsync(db, nbp, new ChannelKeys(lost), "Orphan");
            await ChannelAsync(db, nbp, new ChannelKeys(A), "Kept");
            var result = await ChannelKeyRotation.RotateAsync(db, Actor.LocalOperator, new ChannelKeys(B, [A]), 10, null, Ct);
            Assert.Equal(1, result.Rewrapped);
            var unreadable = Assert.Single(result.Unreadable);
            Assert.Equal((orphan, "Orphan", ChannelKeys.IdOf(lost)), (unreadable.Channel, unreadable.Name, unreadable.KeyId));
            Assert.Equal(ChannelKeys.IdOf(lost), (await db.Channels.AsNoTracking().SingleAsync(c => c.Id == orphan, Ct)).KeyId);
        }
    }
}
