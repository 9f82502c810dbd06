using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Cordon.Storage;

/// <summary>
/// What a failed write means, the same on both stores. Only a write conflict (a unique key another writer took first, or
/// a row changed since it was read) is the caller's to answer with "send again"; anything else (a value too long for its
/// column on PostgreSQL, a broken reference) is a fault and must surface as one, not as a retry.
/// </summary>
public static class StoreErrors
{
    /// <summary>A unique index refused the row: SQLite's constraint error 19 on a UNIQUE index, PostgreSQL's 23505.</summary>
    public static bool IsUniqueViolation(Exception e) => (e as DbUpdateException)?.InnerException is { } inner ? IsUniqueViolation(inner) : e switch
    {
        SqliteException { SqliteErrorCode: 19 } s => s.Message.Contains("UNIQUE", StringComparison.Ordinal),
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } => true,
        _ => false,
    };

    /// <summary>Another writer got there first: a unique key taken, or a row changed since it was read.</summary>
    public static bool IsWriteConflict(DbUpdateException e) => e is DbUpdateConcurrencyException || IsUniqueViolation(e);
}
