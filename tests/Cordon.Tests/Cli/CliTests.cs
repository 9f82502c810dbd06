using System.Text.Json;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Cli;

public sealed class CliTests
{
    private static Task<(int Exit, string Out, string Err)> Cordon(TestStore store, params string[] args) => CliRun.RunAsync(store.Settings, args);

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Only_db_migrate_changes_the_schema_and_other_commands_refuse_an_unmigrated_store(string store)
    {
        var empty = TestStore.Empty(store);
        Task<(int Exit, string Out, string Err)> Run(params string[] args) => CliRun.RunAsync(empty, args);

        var list = await Run("agencies", "list");
        Assert.Equal(2, list.Exit);
        Assert.Contains("run 'cordon db migrate' first", list.Err, StringComparison.Ordinal);
        await using (var db = global::Cordon.Storage.StorageSetup.Open(empty, TestClock.Real))
        {
            Assert.Empty(await db.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken)); // listing did not migrate
        }
        Assert.Equal(0, (await Run("db", "migrate")).Exit);
        Assert.Equal(0, (await Run("agencies", "list")).Exit);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Agencies_users_and_api_keys_are_administered_from_the_command_line(string store)
    {
        await using var s = await TestStore.CreateAsync(store);
        Assert.Equal(0, (await Cordon(s, "db", "migrate")).Exit);
        Assert.Equal(0, (await Cordon(s, "agencies", "add", "--code", "NCA", "--name", "National Customs", "--kind", "customs", "--country", "NL")).Exit);

        var added = await Cordon(s, "users", "add", "--user", "alice", "--agency", "NCA", "--roles", "officer,analyst", "--unit", " Schiphol  cargo team ", "--json");
        Assert.Equal(0, added.Exit);
        using (var json = JsonDocument.Parse(added.Out))
        {
            var generated = json.RootElement.GetProperty("generatedPassword").GetString();
            Assert.False(string.IsNullOrEmpty(generated));
        }

        var list = await Cordon(s, "users", "list", "--json");
        using (var users = JsonDocument.Parse(list.Out))
        {
            var alice = users.RootElement.EnumerateArray().Single();
            Assert.Equal("alice", alice.GetProperty("userName").GetString());
            Assert.Equal(["officer", "analyst"], alice.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).ToArray());
            Assert.Equal("Schiphol cargo team", alice.GetProperty("unit").GetString());
        }
        Assert.Contains("Schiphol cargo team", (await Cordon(s, "users", "list")).Out, StringComparison.Ordinal);

        var reset = await Cordon(s, "users", "reset-password", "alice");
        Assert.Equal(0, reset.Exit);
        Assert.Contains("one-time password", reset.Out, StringComparison.Ordinal);

        var key = await Cordon(s, "apikeys", "create", "--name", "port system", "--agency", "NCA", "--roles", "officer", "--json");
        Assert.Equal(0, key.Exit);
        string prefix;
        using (var json = JsonDocument.Parse(key.Out))
        {
            prefix = json.RootElement.GetProperty("key").GetProperty("prefix").GetString()!;
            Assert.StartsWith("cdn_" + prefix + "_", json.RootElement.GetProperty("secret").GetString(), StringComparison.Ordinal);
        }
        Assert.Equal(0, (await Cordon(s, "apikeys", "revoke", prefix)).Exit);
        Assert.Contains("revoked", (await Cordon(s, "apikeys", "list")).Out, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Passenger_lists_import_from_a_PAXLST_file_with_each_message_stored_or_refused_and_a_rerun_stores_nothing_twice(string store)
    {
        await using var s = await TestStore.CreateAsync(store);
        Assert.Equal(0, (await Cordon(s, "db", "migrate")).Exit);
        Assert.Equal(0, (await Cordon(s, "agencies", "add", "--code", "NBP", "--name", "National Border Police", "--kind", "border-police", "--country", "NL")).Exit);
        var file = Path.Combine(Path.GetTempPath(), $"paxlst-{Guid.NewGuid():N}.edi");
        await File.WriteAllTextAsync(file, Travellers.PaxlstSamples.ThreeWithOneBad, System.Text.Encoding.Latin1, TestContext.Current.CancellationToken);
        try
        {
            var first = await Cordon(s, "import", "passengers", file, "--format", "paxlst", "--agency", "NBP", "--json");
            Assert.True(first.Exit == 0, first.Err);
            using (var json = JsonDocument.Parse(first.Out))
            {
                var r = json.RootElement;
                Assert.Equal((2, 1, 2), (r.GetProperty("accepted").GetInt32(), r.GetProperty("rejected").GetInt32(), r.GetProperty("travellers").GetInt32()));
                var refused = r.GetProperty("lists").EnumerateArray().Single(l => l.GetProperty("outcome").GetString() == "rejected");
                Assert.StartsWith("interchange ACM000099, UNH 2 (A2), segment 12 UNT", refused.GetProperty("errors")[0].GetString(), StringComparison.Ordinal);
            }
            var again = await Cordon(s, "import", "passengers", file, "--format", "paxlst", "--agency", "NBP");
            Assert.Equal(0, again.Exit);
            Assert.Contains("Duplicates", again.Out, StringComparison.Ordinal);
            Assert.Contains("UNH 2 (A2)", again.Out, StringComparison.Ordinal);
            using var db = s.Open();
            Assert.Equal(2, db.Travellers.Count());
            Assert.Equal(2, db.PassengerManifestVersions.Count());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Bad_input_exits_non_zero_with_the_reason_and_changes_nothing(string store)
    {
        await using var s = await TestStore.CreateAsync(store);
        var bad = await Cordon(s, "agencies", "add", "--code", "BAD", "--name", "Bad", "--kind", "spies", "--country", "QQ");
        Assert.Equal(2, bad.Exit);
        Assert.Contains("kind", bad.Err, StringComparison.Ordinal);
        Assert.Contains("'QQ'", bad.Err, StringComparison.Ordinal);

        var noAgency = await Cordon(s, "users", "add", "--user", "bob", "--agency", "NOPE", "--roles", "officer", "--password", "Good-Password-2026");
        Assert.Equal(2, noAgency.Exit);
        Assert.Contains("NOPE", noAgency.Err, StringComparison.Ordinal);

        Assert.Equal("[]", (await Cordon(s, "agencies", "list", "--json")).Out.Trim());
        Assert.Equal("[]", (await Cordon(s, "users", "list", "--json")).Out.Trim());
    }
}
