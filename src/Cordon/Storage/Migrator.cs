using Microsoft.EntityFrameworkCore;

namespace Cordon.Storage;

public static class Migrator
{
    /// <summary>Applies pending migrations; returns the names applied.</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(CordonDb db, CancellationToken ct = default)
    {
        await MarkPreSquashStoreAsync(db, ct);
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count > 0)
        {
            if (db.Provider == DatabaseProvider.Sqlite && (await db.Database.GetAppliedMigrationsAsync(ct)).Any())
            {
                await CopySqliteFileAsync(db, pending[^1], ct);
            }
            await db.Database.MigrateAsync(ct);
        }
        if (db.Provider == DatabaseProvider.Sqlite)
        {
            // WAL lets the server read while an import writes; it persists in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
        return pending;
    }

    /// <summary>
    /// The 25 pre-release migrations per store were squashed into one Initial migration (decision 023). A store
    /// that ran all of them has exactly Initial's schema (checked column by column, index by index, on both stores;
    /// only a few leftover column defaults differ, which EF never relies on), so its history is rewritten to say
    /// Initial. A store stopped part-way through the old set is refused: it must first be brought up to date by a
    /// version that still has those migrations.
    /// </summary>
    private static async Task MarkPreSquashStoreAsync(CordonDb db, CancellationToken ct)
    {
        var applied = (await db.Database.GetAppliedMigrationsAsync(ct)).ToList();
        var last = db.Provider == DatabaseProvider.Sqlite ? "20261206191008_AlertOfficeAsLongAsRecordOffice" : "20261206191335_AlertOfficeAsLongAsRecordOffice";
        var migrations = db.Database.GetMigrations().ToList();
        var known = migrations.ToHashSet(StringComparer.Ordinal);
        if (applied.Count == 0 || applied.Any(known.Contains))
        {
            return;
        }
        if (!applied.Contains(last, StringComparer.Ordinal))
        {
            throw new InvalidOperationException(
                $"The {db.Provider} store was created by a pre-release Cordon and was last migrated to {applied[^1]}. "
                + $"Bring it up to date with Cordon at commit {LastPreSquashCommit} (cordon db migrate), then run this version.");
        }
        var initial = migrations[0];
        var version = Microsoft.EntityFrameworkCore.Infrastructure.ProductInfo.GetVersion();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlRawAsync("""DELETE FROM "__migrations" """, ct);
        await db.Database.ExecuteSqlAsync($"""INSERT INTO "__migrations" ("MigrationId", "ProductVersion") VALUES ({initial}, {version})""", ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>The last commit whose migrations still include the pre-release set.</summary>
    public const string LastPreSquashCommit = "a0af4f1";

    /// <summary>
    /// SQLite table rebuilds run with foreign keys off, outside the migration's transaction: a crash in the
    /// middle would leave the file half-upgraded. Upgrading an existing file therefore copies it first
    /// (cordon.db.before-NAME), consistently, while nothing else writes.
    /// </summary>
    private static async Task CopySqliteFileAsync(CordonDb db, string upTo, CancellationToken ct)
    {
        var source = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
        if (string.IsNullOrEmpty(source) || source == ":memory:")
        {
            return;
        }
        var copy = $"{Path.GetFullPath(source)}.before-{upTo}";
        File.Delete(copy);
        await db.Database.ExecuteSqlAsync($"VACUUM INTO {copy}", ct);
    }
}
