using Cordon.Demo;
using Cordon.Storage;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Cordon.Tests.Storage;

public sealed class MigrationTests
{
    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_fresh_store_is_fully_migrated_and_a_second_migrate_applies_nothing(string store)
    {
        await using var s = await TestStore.CreateAsync(store);
        await using var db = s.Open();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
        Assert.Empty(await Migrator.MigrateAsync(db, TestContext.Current.CancellationToken));
        Assert.Equal(0, await db.Agencies.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Provider_and_connection_come_from_configuration_keys()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Cordon"] = "Host=db;Database=cordon",
        }).Build();
        var settings = StorageSetup.Read(configuration);
        Assert.Equal(DatabaseProvider.Postgres, settings.Provider);
        Assert.Equal("Host=db;Database=cordon", settings.ConnectionString);
    }

    [Fact]
    public void Postgres_without_a_connection_string_is_refused_with_the_key_to_set()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Database:Provider"] = "Postgres" }).Build();
        var e = Assert.Throws<InvalidOperationException>(() => StorageSetup.Read(configuration));
        Assert.Contains("ConnectionStrings__Cordon", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_provider_is_refused()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Database:Provider"] = "Oracle" }).Build();
        var e = Assert.Throws<InvalidOperationException>(() => StorageSetup.Read(configuration));
        Assert.Contains("'Oracle'", e.Message, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_store_created_by_the_pre_release_migrations_is_marked_as_Initial_and_takes_the_demo(string store)
    {
        var settings = TestStore.Empty(store);
        await LoadPreSquashStoreAsync(settings, store, keep: 25);
        await using (var db = StorageSetup.Open(settings, TestClock.Real))
        {
            // Marked as Initial: only the migrations added after the squash run.
            Assert.Equal(db.Database.GetMigrations().Where(m => !m.EndsWith("_Initial", StringComparison.Ordinal)), await Migrator.MigrateAsync(db, Ct));
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync(Ct));
            // The old schema carries the whole model: the demo seeds into it and reads back.
            await DemoSeed.SeedAsync(db, TestClock.Now, Ct);
        }
        await using var again = StorageSetup.Open(settings, TestClock.Real);
        Assert.Empty(await Migrator.MigrateAsync(again, Ct));
        Assert.True(await again.Agencies.CountAsync(Ct) >= 4);
        Assert.True(await again.Users.CountAsync(Ct) > 0);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_store_stopped_part_way_through_the_pre_release_migrations_is_refused_with_the_version_to_upgrade_with(string store)
    {
        var settings = TestStore.Empty(store);
        await LoadPreSquashStoreAsync(settings, store, keep: 3);
        await using var db = StorageSetup.Open(settings, TestClock.Real);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Migrator.MigrateAsync(db, Ct));
        Assert.Contains("_RiskCriteria", e.Message, StringComparison.Ordinal);
        Assert.Contains(Migrator.LastPreSquashCommit, e.Message, StringComparison.Ordinal);
        Assert.Equal(3, (await db.Database.GetAppliedMigrationsAsync(Ct)).Count());
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// Loads a dump of an empty store made by the 25 pre-release migrations (PreSquashStores/, written by sqlite3 .dump
    /// and pg_dump --inserts at commit a0af4f1), keeping the first <paramref name="keep"/> rows of its history.
    /// </summary>
    private static async Task LoadPreSquashStoreAsync(StorageSetup.StoreSettings settings, string store, int keep)
    {
        var script = await File.ReadAllTextAsync(Repository.Path("tests", "Cordon.Tests", "Storage", "PreSquashStores", store + ".sql"), Ct);
        await using (var db = StorageSetup.Open(settings, TestClock.Real))
        {
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = script;
            await command.ExecuteNonQueryAsync(Ct);
            // The dump empties search_path for its session: that connection must not go back to the pool.
            if (connection is Npgsql.NpgsqlConnection postgres)
            {
                Npgsql.NpgsqlConnection.ClearPool(postgres);
            }
        }
        await using var trim = StorageSetup.Open(settings, TestClock.Real);
        var history = (await trim.Database.GetAppliedMigrationsAsync(Ct)).ToList();
        Assert.Equal(25, history.Count);
        foreach (var later in history.Skip(keep))
        {
            await trim.Database.ExecuteSqlAsync($"""DELETE FROM "__migrations" WHERE "MigrationId" = {later}""", Ct);
        }
    }
}
