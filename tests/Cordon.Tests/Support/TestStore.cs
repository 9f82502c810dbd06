using Cordon.Storage;

namespace Cordon.Tests.Support;

/// <summary>
/// A fresh, migrated database on a real store for one test: a temporary SQLite file, or a new
/// database in the throwaway PostgreSQL cluster. PostgreSQL tests are skipped, with the reason,
/// where PostgreSQL is not installed.
/// </summary>
public sealed class TestStore : IAsyncDisposable
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary>Both stores, for [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))].</summary>
    public static TheoryData<string> Both => [Sqlite, Postgres];

    public StorageSetup.StoreSettings Settings { get; }
    public string Kind { get; }
    private readonly string? _sqliteFile;

    private TestStore(string kind, StorageSetup.StoreSettings settings, string? sqliteFile)
    {
        Kind = kind;
        Settings = settings;
        _sqliteFile = sqliteFile;
    }

    public static async Task<TestStore> CreateAsync(string kind)
    {
        TestStore store;
        if (kind == Postgres)
        {
            var cluster = PostgresCluster.Instance;
            if (cluster.Unavailable is { } reason)
            {
                Assert.Skip(reason);
            }
            store = new TestStore(kind, new StorageSetup.StoreSettings(DatabaseProvider.Postgres, cluster.CreateDatabase()), null);
        }
        else
        {
            var file = Path.Combine(Path.GetTempPath(), $"cordon-test-{Guid.NewGuid():N}.db");
            store = new TestStore(kind, new StorageSetup.StoreSettings(DatabaseProvider.Sqlite, $"Data Source={file};Pooling=false"), file);
        }
        await using var db = store.Open();
        await Migrator.MigrateAsync(db);
        return store;
    }

    /// <summary>A new context: use one per unit of work, as the server does per request.</summary>
    public CordonDb Open() => StorageSetup.Open(Settings);

    /// <summary>The configuration keys the server and CLI read, for this store.</summary>
    public Dictionary<string, string?> Configuration => new()
    {
        ["Database:Provider"] = Settings.Provider.ToString(),
        ["ConnectionStrings:Cordon"] = Settings.ConnectionString,
    };

    public ValueTask DisposeAsync()
    {
        if (_sqliteFile is not null)
        {
            foreach (var f in new[] { _sqliteFile, _sqliteFile + "-wal", _sqliteFile + "-shm" })
            {
                try
                {
                    File.Delete(f);
                }
                catch (IOException)
                {
                }
            }
        }
        else
        {
            PostgresCluster.Instance.DropDatabase(Settings.ConnectionString);
        }
        return ValueTask.CompletedTask;
    }
}
