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
}
