using System.Text.Json;
using Cordon.Storage;
using Cordon.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Storage;

public sealed class BackupTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly string _folder = Directory.CreateTempSubdirectory("cordon-backup-test-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Task<(int Exit, string Out, string Err)> Cordon(StorageSetup.StoreSettings store, params string[] args) => CliRun.RunAsync(store, args);

    private static async Task<StoreCounts> CountAsync(StorageSetup.StoreSettings settings)
    {
        await using var db = StorageSetup.Open(settings, TestClock.Real);
        return new StoreCounts(await db.Agencies.CountAsync(Ct), await db.Users.CountAsync(Ct), await db.Declarations.CountAsync(Ct), await db.AuditEntries.CountAsync(Ct));
    }

    private sealed record StoreCounts(int Agencies, int Users, int Declarations, int AuditEntries);

    private async Task<TestStore> SeededAsync(string kind)
    {
        var store = await TestStore.CreateAsync(kind);
        await using (var db = store.Open())
        {
            await global::Cordon.Demo.DemoSeed.SeedAsync(db, TestClock.Now, Ct);
        }
        await global::Cordon.Demo.DemoSeed.SeedDeclarationsAsync(store.Settings, TestClock.Real, count: 120, ct: Ct);
        return store;
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_backup_restores_into_an_empty_store_with_every_count_checked_and_the_audit_log_verified(string kind)
    {
        await using var store = await SeededAsync(kind);
        var file = Path.Combine(_folder, "cordon.backup");
        var key = Path.Combine(_folder, "audit-signing.key");

        var backup = await Cordon(store.Settings, "backup", file, "--key-file", key);
        Assert.True(backup.Exit == 0, backup.Err + backup.Out);
        Assert.Contains("Backed up", backup.Out, StringComparison.Ordinal);
        var before = await CountAsync(store.Settings);
        using (var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(BackupManifest.PathFor(file), Ct)))
        {
            var rows = manifest.RootElement.GetProperty("rows");
            Assert.Equal(before.Declarations, rows.GetProperty("declarations").GetInt64());
            Assert.Equal(before.Agencies, rows.GetProperty("agencies").GetInt64());
            // The backup signed its own checkpoint, which is in the copy: the log is checked against a signature.
            Assert.StartsWith(global::Cordon.Audit.AuditSigner.DefaultOrigin, manifest.RootElement.GetProperty("checkpoint").GetString(), StringComparison.Ordinal);
            Assert.True(manifest.RootElement.GetProperty("auditEntries").GetInt64() > 0);
        }

        var target = TestStore.Empty(kind);
        var restore = await Cordon(target, "restore", file);
        Assert.True(restore.Exit == 0, restore.Err + restore.Out);
        Assert.Contains("every count matches the manifest", restore.Out, StringComparison.Ordinal);
        Assert.Contains("audit log verified", restore.Out, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync(target));
        await using (var restored = StorageSetup.Open(target, TestClock.Real))
        {
            Assert.Empty(await restored.Database.GetPendingMigrationsAsync(Ct));
        }

        // A second restore into the now-filled store is refused: nothing is mixed.
        var again = await Cordon(target, "restore", file);
        Assert.Equal(2, again.Exit);
        Assert.Contains("is not empty", again.Err, StringComparison.Ordinal);
        // And a backup never overwrites an earlier one.
        var overwrite = await Cordon(store.Settings, "backup", file, "--key-file", key);
        Assert.Equal(2, overwrite.Exit);
        Assert.Contains("exists already", overwrite.Err, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_restore_that_does_not_match_the_manifest_says_which_table_differs_and_exits_1(string kind)
    {
        await using var store = await SeededAsync(kind);
        var file = Path.Combine(_folder, "cordon.backup");
        Assert.Equal(0, (await Cordon(store.Settings, "backup", file, "--key-file", Path.Combine(_folder, "k.key"))).Exit);
        var manifestFile = BackupManifest.PathFor(file);
        var text = await File.ReadAllTextAsync(manifestFile, Ct);
        var declarations = (await CountAsync(store.Settings)).Declarations;
        await File.WriteAllTextAsync(manifestFile, text.Replace($"\"declarations\": {declarations}", $"\"declarations\": {declarations + 1}", StringComparison.Ordinal), Ct);

        var restore = await Cordon(TestStore.Empty(kind), "restore", file);
        Assert.Equal(1, restore.Exit);
        Assert.Contains($"declarations: {declarations:N0} rows restored, the backup's manifest says {declarations + 1:N0}", restore.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_backup_file_whose_audit_entry_was_edited_fails_verification_on_restore_naming_the_entry()
    {
        // The SQLite backup is a database anyone holding it could edit: the restore's verification must notice.
        await using var store = await SeededAsync(TestStore.Sqlite);
        var file = Path.Combine(_folder, "cordon.backup");
        Assert.Equal(0, (await Cordon(store.Settings, "backup", file, "--key-file", Path.Combine(_folder, "k.key"))).Exit);
        await using (var edit = new SqliteConnection($"Data Source={file};Pooling=false"))
        {
            await edit.OpenAsync(Ct);
            await using var command = edit.CreateCommand();
            command.CommandText = "UPDATE audit_entries SET \"ActorName\" = 'someone else' WHERE \"LeafIndex\" = 2";
            Assert.Equal(1, await command.ExecuteNonQueryAsync(Ct));
        }

        var restore = await Cordon(TestStore.Empty(TestStore.Sqlite), "restore", file);
        Assert.Equal(1, restore.Exit);
        Assert.Contains("RESTORED WITH PROBLEMS", restore.Out, StringComparison.Ordinal);
        Assert.Contains("Entry 2 (", restore.Out, StringComparison.Ordinal);
        Assert.Contains("does not match its leaf hash", restore.Out, StringComparison.Ordinal);
    }
}
