using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Support;

/// <summary>
/// A fresh, migrated database on a real store for one test: a temporary SQLite file, or a new
/// database in the throwaway PostgreSQL cluster, both copied from one migrated template. PostgreSQL tests are skipped, with the reason,
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

    private readonly bool _demo;

    private TestStore(string kind, StorageSetup.StoreSettings settings, string? sqliteFile, bool demo = false)
    {
        Kind = kind;
        Settings = settings;
        _sqliteFile = sqliteFile;
        _demo = demo;
    }

    /// <summary>
    /// A PostgreSQL standby as the server sees one: a read-only database holding what this store held when it was
    /// created (so what is written to the store afterwards is missing there, as on a standby that lags).
    /// </summary>
    public async Task<string> StandbyAsync()
    {
        var connection = PostgresCluster.Instance.CreateDatabase(await (_demo ? PostgresDemoTemplate : PostgresTemplate).Value);
        await using var admin = new Npgsql.NpgsqlConnection(PostgresCluster.Instance.AdminConnection);
        await admin.OpenAsync();
        await using var readOnly = new Npgsql.NpgsqlCommand($"ALTER DATABASE \"{new Npgsql.NpgsqlConnectionStringBuilder(connection).Database}\" SET default_transaction_read_only = on", admin);
        await readOnly.ExecuteNonQueryAsync();
        return connection;
    }

    /// <summary>A fresh migrated store; with <paramref name="demo"/>, one that already holds the demo world (as the server seeds it).</summary>
    public static async Task<TestStore> CreateAsync(string kind, bool demo = false)
    {
        if (kind == Postgres)
        {
            var cluster = PostgresCluster.Instance;
            if (cluster.Unavailable is { } reason)
            {
                Assert.Skip(reason);
            }
            var template = await (demo ? PostgresDemoTemplate : PostgresTemplate).Value;
            return new TestStore(kind, new StorageSetup.StoreSettings(DatabaseProvider.Postgres, cluster.CreateDatabase(template)), null, demo);
        }
        var file = Path.Combine(Path.GetTempPath(), $"cordon-test-{Guid.NewGuid():N}.db");
        File.Copy(await (demo ? SqliteDemoTemplate : SqliteTemplate).Value, file);
        return new TestStore(kind, new StorageSetup.StoreSettings(DatabaseProvider.Sqlite, $"Data Source={file};Pooling=false"), file);
    }

    /// <summary>A store with nothing in it, not even the schema (a new install, or where a restore goes); its SQLite file is in the temp folder.</summary>
    public static StorageSetup.StoreSettings Empty(string kind)
    {
        if (kind == Postgres)
        {
            if (PostgresCluster.Instance.Unavailable is { } reason)
            {
                Assert.Skip(reason);
            }
            return new(DatabaseProvider.Postgres, PostgresCluster.Instance.CreateDatabase());
        }
        return new(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(Path.GetTempPath(), $"cordon-empty-{Guid.NewGuid():N}.db")};Pooling=false");
    }

    // Why: migrating every test's database from the first migration took most of the suite's time;
    // each store is migrated once per run (MigrationTests still migrate from empty) and copied per test.
    private static readonly Lazy<Task<string>> SqliteTemplate = new(() => SqliteTemplateAsync(db => Migrator.MigrateAsync(db)), LazyThreadSafetyMode.ExecutionAndPublication);

    // Why: seeding the demo (3,000 declarations through the intake, screening, a trained model) took seconds for
    // every test that starts a demo server; it is seeded once per store per run, the way the server does, and copied.
    private static readonly Lazy<Task<string>> SqliteDemoTemplate = new(async () =>
    {
        var seeded = await CreateAsync(Sqlite);
        await SeedDemoAsync(seeded);
        return await SqliteTemplateAsync(_ => Task.CompletedTask, seeded._sqliteFile!);
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<Task<string>> PostgresDemoTemplate = new(async () =>
    {
        var seeded = await CreateAsync(Postgres);
        await SeedDemoAsync(seeded);
        Npgsql.NpgsqlConnection.ClearAllPools();
        return new Npgsql.NpgsqlConnectionStringBuilder(seeded.Settings.ConnectionString).Database!;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// The server's own start-up seeding (Build and Prepare, as Program.cs), then the server runs until the work the
    /// seeding queued is done: the intake's screening backlog (every demo record) and the list import's rescreen.
    /// </summary>
    // Why: every demo server a test started screened the demo's 3,469 records again in the background, competing with
    // the test for the CPU; the run's first server does it once, as the browser tests' seeded data directory has it.
    private static async Task SeedDemoAsync(TestStore store)
    {
        var args = store.Configuration.Select(kv => $"--{kv.Key}={kv.Value}")
            .Append("--Cordon:Demo=true").Append("--environment=Development")
            .Append("--Cordon:Jobs:PollMilliseconds=100").Append("--Cordon:Screening:PollMilliseconds=100")
            .ToArray();
        await using var app = Cordon.Server.CordonServer.Build(args, b => Microsoft.AspNetCore.TestHost.WebHostBuilderExtensions.UseTestServer(b.WebHost));
        await Cordon.Server.CordonServer.PrepareAsync(app);
        await app.StartAsync();
        await using (var db = store.Open())
        {
            // Settled when nothing waits to be screened and no job is queued or running, twice in a row
            // (the backlog watcher queues the intake job a poll after the backlog appears).
            var settled = 0;
            await Eventually.UntilAsync(async () =>
            {
                var busy = await db.ScreeningBacklog.AnyAsync()
                    || await db.Jobs.AnyAsync(j => j.Status == Cordon.Jobs.JobStatus.Queued || j.Status == Cordon.Jobs.JobStatus.Running);
                settled = busy ? 0 : settled + 1;
                return settled == 2;
            }, TimeSpan.FromMinutes(5), () => "the demo's background work did not finish within 5 minutes");
        }
        await app.StopAsync();
    }

    /// <summary>Migrates (or takes) a SQLite file and writes it as one self-contained template file in WAL mode.</summary>
    private static async Task<string> SqliteTemplateAsync(Func<CordonDb, Task> prepare, string? source = null)
    {
        var file = Path.Combine(Path.GetTempPath(), $"cordon-template-{Environment.ProcessId}-{Guid.NewGuid():N}.db");
        var migrated = source ?? file + ".migrating";
        var settings = new StorageSetup.StoreSettings(DatabaseProvider.Sqlite, $"Data Source={migrated};Pooling=false");
        await using (var db = StorageSetup.Open(settings, TestClock.Real))
        {
            await prepare(db);
            // One self-contained file (no -wal beside it) that File.Copy can duplicate.
            var vacuum = "VACUUM INTO '" + file.Replace("'", "''") + "'";
            await db.Database.ExecuteSqlRawAsync(vacuum);
        }
        // VACUUM INTO writes a rollback-journal file; the server's databases are in WAL, so the copies are too.
        await using (var copy = StorageSetup.Open(new StorageSetup.StoreSettings(DatabaseProvider.Sqlite, $"Data Source={file};Pooling=false"), TestClock.Real))
        {
            await copy.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }
        foreach (var f in new[] { migrated, migrated + "-wal", migrated + "-shm" })
        {
            File.Delete(f);
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(file);
        return file;
    }

    private static readonly Lazy<Task<string>> PostgresTemplate = new(async () =>
    {
        var cluster = PostgresCluster.Instance;
        var connection = cluster.CreateDatabase(template: null);
        await using (var db = StorageSetup.Open(new StorageSetup.StoreSettings(DatabaseProvider.Postgres, connection), TestClock.Real))
        {
            await Migrator.MigrateAsync(db);
        }
        // CREATE DATABASE … TEMPLATE refuses while anyone is connected to the template.
        Npgsql.NpgsqlConnection.ClearAllPools();
        return new Npgsql.NpgsqlConnectionStringBuilder(connection).Database!;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A new context: use one per unit of work, as the server does per request.</summary>
    public CordonDb Open() => StorageSetup.Open(Settings, TestClock.Real);

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
