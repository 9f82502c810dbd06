using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Storage;

/// <summary>Reads <c>Database:Provider</c> and <c>ConnectionStrings:Cordon</c> and registers the matching DbContext.</summary>
public static class StorageSetup
{
    /// <summary>
    /// Where the embedded database lives unless Cordon:DataDirectory says otherwise: the user's
    /// application-data folder (~/.local/share/cordon on Linux), so the server and the CLI find the
    /// same database whichever folder they are started from.
    /// </summary>
    public static string DefaultDataDirectory
        => Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "cordon");

    /// <param name="ReadOnlyConnectionString">A standby for read-only work (<see cref="ReplicaReads"/>); PostgreSQL only.</param>
    public sealed record StoreSettings(DatabaseProvider Provider, string ConnectionString, string? ReadOnlyConnectionString = null)
    {
        /// <summary>Where the data is, without the password.</summary>
        public string Describe() => Provider == DatabaseProvider.Sqlite
            ? new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString).DataSource
            : new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString) { Password = null }.ToString();
    }

    public static StoreSettings Read(IConfiguration configuration)
    {
        var providerText = configuration["Database:Provider"] ?? "Sqlite";
        if (!Common.EnumText.TryParse<DatabaseProvider>(providerText, out var provider)
            && !providerText.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"Database:Provider is '{providerText}': use 'Sqlite' or 'Postgres'.");
        }
        if (providerText.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase))
        {
            provider = DatabaseProvider.Postgres;
        }

        var connection = configuration.GetConnectionString("Cordon");
        if (string.IsNullOrWhiteSpace(connection))
        {
            if (provider == DatabaseProvider.Postgres)
            {
                throw new InvalidOperationException(
                    "Database:Provider is Postgres but ConnectionStrings:Cordon is empty: set it (ConnectionStrings__Cordon or --connection).");
            }
            var configured = configuration["Cordon:DataDirectory"];
            var directory = string.IsNullOrWhiteSpace(configured) ? DefaultDataDirectory : Path.GetFullPath(configured);
            Directory.CreateDirectory(directory);
            connection = $"Data Source={Path.Combine(directory, "cordon.db")}";
        }
        else if (provider == DatabaseProvider.Sqlite)
        {
            EnsureSqliteDirectory(connection);
        }
        var readOnly = configuration.GetConnectionString("CordonReadOnly");
        if (!string.IsNullOrWhiteSpace(readOnly) && provider != DatabaseProvider.Postgres)
        {
            throw new InvalidOperationException(
                "ConnectionStrings:CordonReadOnly names a PostgreSQL standby for read-only work: with Database:Provider Sqlite leave it empty.");
        }
        return new StoreSettings(provider, connection, string.IsNullOrWhiteSpace(readOnly) ? null : readOnly);
    }

    public static IServiceCollection AddCordonStorage(this IServiceCollection services, IConfiguration configuration)
        => services.AddCordonStorage(Read(configuration));

    public static IServiceCollection AddCordonStorage(this IServiceCollection services, StoreSettings settings)
    {
        services.AddSingleton(settings);
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            services.AddDbContext<SqliteCordonDb>(o => ConfigureSqlite(o, settings.ConnectionString));
            services.AddScoped<CordonDb>(sp => WithClock(sp, sp.GetRequiredService<SqliteCordonDb>()));
        }
        else
        {
            services.AddDbContext<PostgresCordonDb>(o => ConfigurePostgres(o, settings.ConnectionString));
            services.AddScoped<CordonDb>(sp => WithReplica(settings, WithClock(sp, sp.GetRequiredService<PostgresCordonDb>())));
        }
        return services;
    }

    private static CordonDb WithReplica(StoreSettings settings, CordonDb db)
    {
        if (settings.ReadOnlyConnectionString is { } replica)
        {
            db.Connections = (settings.ConnectionString, replica);
        }
        return db;
    }

    private static CordonDb WithClock(IServiceProvider services, CordonDb db)
    {
        db.Clock = services.GetRequiredService<TimeProvider>();
        return db;
    }

    /// <summary>Opens a context outside dependency injection (CLI, tests, benchmarks, jobs), on the caller's clock.</summary>
    public static CordonDb Open(StoreSettings settings, TimeProvider clock)
    {
        CordonDb db;
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            var builder = new DbContextOptionsBuilder<SqliteCordonDb>();
            ConfigureSqlite(builder, settings.ConnectionString);
            db = new SqliteCordonDb(builder.Options);
        }
        else
        {
            var pg = new DbContextOptionsBuilder<PostgresCordonDb>();
            ConfigurePostgres(pg, settings.ConnectionString);
            db = new PostgresCordonDb(pg.Options);
        }
        db.Clock = clock;
        return db;
    }

    internal static void ConfigureSqlite(DbContextOptionsBuilder options, string connection)
        => options.UseSqlite(connection, o => o.MigrationsHistoryTable("__migrations")).AddInterceptors(SqliteSecureDelete.Instance)
            // Table rebuilds outside the transaction are covered by the copy Migrator takes before upgrading a file.
            .ConfigureWarnings(w => w.Log((Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.NonTransactionalMigrationOperationWarning, Microsoft.Extensions.Logging.LogLevel.Debug)));

    internal static void ConfigurePostgres(DbContextOptionsBuilder options, string connection)
        => options.UseNpgsql(connection, o => o.MigrationsHistoryTable("__migrations"));

    private static void EnsureSqliteDirectory(string connection)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connection);
        var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(directory) && builder.Mode != Microsoft.Data.Sqlite.SqliteOpenMode.Memory)
        {
            Directory.CreateDirectory(directory);
        }
    }
}
