using Microsoft.EntityFrameworkCore;

namespace Cordon.Storage;

public static class Migrator
{
    /// <summary>Applies pending migrations; returns the names applied.</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(CordonDb db, CancellationToken ct = default)
    {
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
