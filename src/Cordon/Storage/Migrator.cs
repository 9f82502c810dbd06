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
            await db.Database.MigrateAsync(ct);
        }
        if (db.Provider == DatabaseProvider.Sqlite)
        {
            // WAL lets the server read while an import writes; it persists in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
        return pending;
    }
}
