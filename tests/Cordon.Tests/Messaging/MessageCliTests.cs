using System.Text.Json;
using Cordon.Messaging;
using Cordon.Sharing;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Cordon.Tests.Messaging;

public sealed class MessageCliTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<(int Exit, string Out, string Err)> Cordon(TestStore store, params string[] args) => CliRun.RunAsync(store.Settings, args);

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_warning_posted_from_the_command_line_is_listed_for_the_partner_with_the_vehicle_withheld(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        var now = TestClock.Now; // the command line runs on the system clock
        // The same server key as the command (environment or the data directory's key file).
        var keys = ChannelKeys.Load(new ConfigurationBuilder().AddEnvironmentVariables().Build());
        Guid channel;
        await using (var db = s.Open())
        {
            var (nbp, pca) = (await s.ActorAsync("bp.officer"), await s.ActorAsync("pca.officer"));
            db.SharingAgreements.Add(new SharingAgreement
            {
                Title = "Messaging", ProviderAgencyId = nbp.AgencyId!.Value, RecipientAgencyId = pca.AgencyId!.Value, RecordTypes = [RecordTypes.Message], MaxMarking = Tlp.Amber,
                Purposes = [Purpose.Investigation], Redactions = [new RedactionRule(["warning.vehicle"], [RecordTypes.Message])], ValidFrom = now.AddDays(-1), ValidUntil = now.AddDays(30),
                Status = AgreementStatus.Active, ProviderApprovedAt = now.AddDays(-1), RecipientApprovedAt = now.AddDays(-1),
            });
            await db.SaveChangesAsync(Ct);
            channel = (await Channels.CreateAsync(db, nbp, keys, new ChannelInput("group", null, "Border watch", "Tip-offs", now.AddDays(2), null, null, ["PCA"]), now, Ct)).Id;
        }

        var posted = await Cordon(s, "messages", "post", channel.ToString(), "--as", "bp.officer", "--warning", "Stolen excavator on a low-loader", "--where", "E19 northbound",
            "--vehicle", "BE-1-ABC-123", "--confidence", "high", "--json");
        Assert.True(posted.Exit == 0, posted.Err);
        var refused = await Cordon(s, "messages", "post", channel.ToString(), "--as", "bp.officer", "--text", "source", "--marking", "TLP:RED");
        Assert.Equal(2, refused.Exit);
        Assert.Contains("cannot be posted in channel 'Border watch', which is marked TLP:AMBER", refused.Err, StringComparison.Ordinal);

        // A file from disk, sealed with the message; a missing one refused by name.
        var note = Path.Combine(Path.GetTempPath(), $"cordon-cli-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(note, "Low-loader seen at the Meer rest area", Ct);
        try
        {
            var attached = await Cordon(s, "messages", "post", channel.ToString(), "--as", "bp.officer", "--text", "Photo of the plate follows", "--attach", note);
            Assert.True(attached.Exit == 0, attached.Err);
            var missing = await Cordon(s, "messages", "post", channel.ToString(), "--as", "bp.officer", "--text", "x", "--attach", note + ".gone");
            Assert.Equal(2, missing.Exit);
            Assert.Contains(".gone does not exist", missing.Err, StringComparison.Ordinal);
            var mine = await Cordon(s, "messages", "list", channel.ToString(), "--as", "bp.officer", "--json");
            using var mineJson = JsonDocument.Parse(mine.Out);
            var file = mineJson.RootElement.EnumerateArray().Last().GetProperty("attachments").EnumerateArray().Single();
            Assert.Equal((Path.GetFileName(note), "text/plain", 37), (file.GetProperty("fileName").GetString(), file.GetProperty("contentType").GetString(), file.GetProperty("size").GetInt32()));
        }
        finally
        {
            File.Delete(note);
        }

        var listed = await Cordon(s, "messages", "list", channel.ToString(), "--as", "pca.officer", "--json");
        Assert.True(listed.Exit == 0, listed.Err);
        using var json = JsonDocument.Parse(listed.Out);
        var warning = json.RootElement.EnumerateArray().First().GetProperty("warning");
        Assert.Equal("Stolen excavator on a low-loader", warning.GetProperty("what").GetString());
        Assert.Equal(JsonValueKind.Null, warning.GetProperty("vehicle").ValueKind);

        // Search as the partner: the Warning by its words, never by the vehicle withheld from it.
        var found = await Cordon(s, "messages", "search", "EXCAVATOR low-loader", "--as", "pca.officer", "--json");
        Assert.True(found.Exit == 0, found.Err);
        using (var foundJson = JsonDocument.Parse(found.Out))
        {
            Assert.Equal("Stolen excavator on a low-loader", foundJson.RootElement.EnumerateArray().Single().GetProperty("warning").GetProperty("what").GetString());
        }
        Assert.Equal("[]", (await Cordon(s, "messages", "search", "BE-1-ABC-123", "--as", "pca.officer", "--json")).Out.Trim());

        var channels = await Cordon(s, "messages", "list", "--as", "nis.officer", "--json");
        Assert.Equal("[]", channels.Out.Trim());
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Rotate_keys_rewraps_from_the_previous_key_file_in_batches_reports_json_and_after_it_the_new_key_alone_reads(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        var folder = Path.Combine(Path.GetTempPath(), $"cordon-keys-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var keyFile = Path.Combine(folder, "messaging.key");
            var (a, b) = (System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
            await File.WriteAllTextAsync(keyFile, Convert.ToBase64String(a) + "\n", Ct);
            var now = TestClock.Now; // the command line runs on the system clock
            var channels = new List<Guid>();
            await using (var db = s.Open())
            {
                var nbp = await s.ActorAsync("bp.officer");
                var underA = new ChannelKeys(a);
                foreach (var name in new[] { "Watch north", "Watch south" })
                {
                    var id = (await Channels.CreateAsync(db, nbp, underA, new ChannelInput("group", null, name, "Tip-offs", now.AddDays(2), null, null, ["NCA"]), now, Ct)).Id;
                    await ChannelMessages.PostAsync(db, nbp, underA, id, new MessageInput($"{name}: van turning back"), now, Ct);
                    channels.Add(id);
                }
            }

            // B becomes current, A moves to the previous list: reads go on, then the rotation re-wraps one channel a batch.
            await File.WriteAllTextAsync(keyFile, Convert.ToBase64String(b) + "\n", Ct);
            await File.WriteAllTextAsync(keyFile + ".previous", "# retired 2026-12-07\n" + Convert.ToBase64String(a) + "\n", Ct);
            var read = await Cordon(s, "messages", "list", channels[0].ToString(), "--as", "officer", "--key-file", keyFile, "--json");
            Assert.True(read.Exit == 0, read.Err);
            Assert.Contains("Watch north: van turning back", read.Out, StringComparison.Ordinal);
            var rotated = await Cordon(s, "messages", "rotate-keys", "--key-file", keyFile, "--batch", "1");
            Assert.True(rotated.Exit == 0, rotated.Err);
            Assert.Contains("Re-wrapped 1 of 2 channel key(s)", rotated.Out, StringComparison.Ordinal);
            Assert.Contains("Re-wrapped 2 of 2 channel key(s)", rotated.Out, StringComparison.Ordinal);
            Assert.Contains($"Re-wrapped 2 channel key(s) with {ChannelKeys.IdOf(b)} (from {ChannelKeys.IdOf(a)}: 2); 0 already under it.", rotated.Out, StringComparison.Ordinal);

            var again = await Cordon(s, "messages", "rotate-keys", "--key-file", keyFile, "--json");
            Assert.True(again.Exit == 0, again.Err);
            using (var json = JsonDocument.Parse(again.Out))
            {
                Assert.Equal((0, 2, ChannelKeys.IdOf(b)), (json.RootElement.GetProperty("rewrapped").GetInt32(), json.RootElement.GetProperty("alreadyCurrent").GetInt32(),
                    json.RootElement.GetProperty("currentKeyId").GetString()));
            }
            await using (var db = s.Open())
            {
                var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Action == "channel.keys.rotate").OrderBy(e => e.LeafIndex).ToListAsync(Ct);
                Assert.Equal(2, entries.Count);
                Assert.All(entries, e => Assert.Equal("local-operator", e.ActorKind));
                Assert.Contains("\"rewrapped\":2", entries[0].Details, StringComparison.Ordinal);
            }

            // A retired: B alone reads; a node whose key file still holds only A is told which channel and key it lacks.
            File.Delete(keyFile + ".previous");
            var withB = await Cordon(s, "messages", "list", channels[1].ToString(), "--as", "officer", "--key-file", keyFile, "--json");
            Assert.True(withB.Exit == 0, withB.Err);
            Assert.Contains("Watch south: van turning back", withB.Out, StringComparison.Ordinal);
            await File.WriteAllTextAsync(keyFile, Convert.ToBase64String(a) + "\n", Ct);
            var withA = await Cordon(s, "messages", "list", channels[1].ToString(), "--as", "officer", "--key-file", keyFile);
            Assert.Equal(2, withA.Exit);
            Assert.Contains($"Channel 'Watch south' ({channels[1]}) has its key wrapped by server key {ChannelKeys.IdOf(b)}, which this node does not hold", withA.Err, StringComparison.Ordinal);

            // Rotation never makes up a key: a key file that is not there is refused.
            var missing = await Cordon(s, "messages", "rotate-keys", "--key-file", Path.Combine(folder, "typo.key"));
            Assert.Equal(2, missing.Exit);
            Assert.Contains("typo.key does not exist", missing.Err, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(folder, "typo.key")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
