using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Cordon.Storage;

/// <summary>
/// SQLite keeps a deleted or overwritten value in the file's free space until the page is reused; with <c>secure_delete</c> it
/// zeroes it instead, so what retention deletes or masks (decision 030) is gone from the file too. A per-connection setting:
/// set on every connection the store opens.
/// </summary>
internal sealed class SqliteSecureDelete : DbConnectionInterceptor
{
    public static readonly SqliteSecureDelete Instance = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA secure_delete = ON;";
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA secure_delete = ON;";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
