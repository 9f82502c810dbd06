using Microsoft.EntityFrameworkCore.Storage;
using Cordon.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Cordon.Operations.Detections;

/// <summary>
/// The bulk path for detections, the high-volume rows of sensor ingest: binary COPY on PostgreSQL, one
/// prepared insert reused for every row on SQLite, inside the caller's transaction (so detections, the
/// tracks they move, any incidents and the batch's audit entry commit together). EF's change tracker
/// costs far more per row than the insert itself at thousands of detections per second.
/// </summary>
internal static class DetectionWriter
{
    private const string Columns = "\"Id\", \"SensorId\", \"SourceUid\", \"Kind\", \"How\", \"Latitude\", \"Longitude\", \"Hae\", \"Ce\", \"Le\", \"ObservedAt\", \"StaleAt\", \"ReceivedAt\", \"TrackId\", \"SourceKey\", \"OwningAgencyId\", \"Marking\"";

    public static async Task WriteAsync(CordonDb db, IReadOnlyList<SensorDetection> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction() ?? throw new InvalidOperationException("Detections are written inside the ingest transaction.");
        if (connection is NpgsqlConnection pg)
        {
            await using var copy = await pg.BeginBinaryImportAsync($"COPY sensor_detections ({Columns}) FROM STDIN (FORMAT BINARY)", ct);
            foreach (var d in rows)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(d.Id, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(d.SensorId, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(d.SourceUid, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(d.Kind, NpgsqlDbType.Varchar, ct);
                await WriteNullableAsync(copy, d.How, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(d.Latitude, NpgsqlDbType.Double, ct);
                await copy.WriteAsync(d.Longitude, NpgsqlDbType.Double, ct);
                await WriteNullableAsync(copy, d.Hae, NpgsqlDbType.Double, ct);
                await WriteNullableAsync(copy, d.Ce, NpgsqlDbType.Double, ct);
                await WriteNullableAsync(copy, d.Le, NpgsqlDbType.Double, ct);
                await copy.WriteAsync(d.ObservedAt, NpgsqlDbType.TimestampTz, ct);
                await WriteNullableAsync(copy, d.StaleAt, NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(d.ReceivedAt, NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(d.TrackId, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(d.SourceKey, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(d.OwningAgencyId, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync((int)d.Marking, NpgsqlDbType.Integer, ct);
            }
            await copy.CompleteAsync(ct);
            return;
        }
        var sqlite = (SqliteConnection)connection;
        await using var insert = sqlite.CreateCommand();
        insert.Transaction = (SqliteTransaction)transaction;
        insert.CommandText = $"INSERT INTO sensor_detections ({Columns}) VALUES ($id, $sensor, $uid, $kind, $how, $lat, $lon, $hae, $ce, $le, $observed, $stale, $received, $track, $key, $agency, $marking)";
        var p = new Dictionary<string, SqliteParameter>();
        foreach (var name in new[] { "$id", "$sensor", "$uid", "$kind", "$how", "$lat", "$lon", "$hae", "$ce", "$le", "$observed", "$stale", "$received", "$track", "$key", "$agency", "$marking" })
        {
            p[name] = insert.Parameters.Add(new SqliteParameter { ParameterName = name });
        }
        await insert.PrepareAsync(ct);
        foreach (var d in rows)
        {
            // The same representations EF uses on SQLite: upper-case GUID text, instants as UTC ticks.
            p["$id"].Value = Guid(d.Id);
            p["$sensor"].Value = d.SensorId;
            p["$uid"].Value = d.SourceUid;
            p["$kind"].Value = d.Kind;
            p["$how"].Value = (object?)d.How ?? DBNull.Value;
            p["$lat"].Value = d.Latitude;
            p["$lon"].Value = d.Longitude;
            p["$hae"].Value = (object?)d.Hae ?? DBNull.Value;
            p["$ce"].Value = (object?)d.Ce ?? DBNull.Value;
            p["$le"].Value = (object?)d.Le ?? DBNull.Value;
            p["$observed"].Value = d.ObservedAt.UtcTicks;
            p["$stale"].Value = (object?)d.StaleAt?.UtcTicks ?? DBNull.Value;
            p["$received"].Value = d.ReceivedAt.UtcTicks;
            p["$track"].Value = Guid(d.TrackId);
            p["$key"].Value = d.SourceKey;
            p["$agency"].Value = Guid(d.OwningAgencyId);
            p["$marking"].Value = (int)d.Marking;
            insert.ExecuteNonQuery(); // SQLite runs synchronously anyway: no task per row
        }
    }

    private const string TrackColumns = "\"Id\", \"SourceUid\", \"Kind\", \"FirstSeen\", \"LastSeen\", \"LastLatitude\", \"LastLongitude\", \"DetectionCount\", \"InsideAreas\", \"LastDetectionId\", \"PatternState\", \"OwningAgencyId\", \"Marking\"";
    private const string TrackUpdate = "ON CONFLICT (\"Id\") DO UPDATE SET \"SourceUid\" = excluded.\"SourceUid\", \"FirstSeen\" = excluded.\"FirstSeen\", \"LastSeen\" = excluded.\"LastSeen\", "
        + "\"LastLatitude\" = excluded.\"LastLatitude\", \"LastLongitude\" = excluded.\"LastLongitude\", \"DetectionCount\" = excluded.\"DetectionCount\", \"InsideAreas\" = excluded.\"InsideAreas\", "
        + "\"LastDetectionId\" = excluded.\"LastDetectionId\", \"PatternState\" = excluded.\"PatternState\"";

    /// <summary>Inserts new tracks and moves existing ones (upsert by id), inside the caller's transaction.</summary>
    public static async Task WriteTracksAsync(CordonDb db, IReadOnlyCollection<SensorTrack> tracks, CancellationToken ct)
    {
        if (tracks.Count == 0)
        {
            return;
        }
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction() ?? throw new InvalidOperationException("Tracks are written inside the ingest transaction.");
        if (connection is NpgsqlConnection pg)
        {
            // One statement for the whole batch: the rows travel as arrays and are unnested server-side.
            await using var cmd = new NpgsqlCommand(
                $"INSERT INTO sensor_tracks ({TrackColumns}) SELECT * FROM unnest(@id, @uid, @kind, @first, @last, @lat, @lon, @n, @inside, @lastdet, @state, @agency, @marking) {TrackUpdate}",
                pg, (NpgsqlTransaction)transaction);
            cmd.Parameters.Add(new NpgsqlParameter("id", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = tracks.Select(t => t.Id).ToArray() });
            cmd.Parameters.Add(new NpgsqlParameter("uid", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { Value = tracks.Select(t => t.SourceUid).ToArray() });
            cmd.Parameters.Add(new NpgsqlParameter("kind", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { Value = tracks.Select(t => t.Kind).ToArray() });
            cmd.Parameters.Add(new NpgsqlParameter("first", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = tracks.Select(t => t.FirstSeen).ToArray() });
            cmd.Parameters.Add(new NpgsqlParameter("last", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = tracks.Select(t => t.LastSeen).ToArray() });
            cmd.Parameters.Add(new NpgsqlParameter("lat", NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = tracks.Select(t => t.LastLatitude).ToArray() });
            cmd.Parameters.Add(new NpgsqlParameter("lon", NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = tracks.Select(t => t.LastLongitude).ToArray() });
            cmd.Parameters.Add(new NpgsqlParameter("n", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = tracks.Select(t => t.DetectionCount).ToArray() });
            cmd.Parameters.Add(new NpgsqlParameter("inside", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { Value = tracks.Select(t => t.InsideAreas).ToArray() });
            cmd.Parameters.Add(new NpgsqlParameter("lastdet", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = tracks.Select(t => t.LastDetectionId).ToArray() });
            cmd.Parameters.Add(new NpgsqlParameter("state", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { Value = tracks.Select(t => t.PatternState).ToArray() });
            cmd.Parameters.Add(new NpgsqlParameter("agency", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = tracks.Select(t => t.OwningAgencyId).ToArray() });
            cmd.Parameters.Add(new NpgsqlParameter("marking", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = tracks.Select(t => (int)t.Marking).ToArray() });
            await cmd.ExecuteNonQueryAsync(ct);
            return;
        }
        await using var upsert = ((SqliteConnection)connection).CreateCommand();
        upsert.Transaction = (SqliteTransaction)transaction;
        upsert.CommandText = $"INSERT INTO sensor_tracks ({TrackColumns}) VALUES ($id, $uid, $kind, $first, $last, $lat, $lon, $n, $inside, $lastdet, $state, $agency, $marking) {TrackUpdate}";
        var p = new Dictionary<string, SqliteParameter>();
        foreach (var name in new[] { "$id", "$uid", "$kind", "$first", "$last", "$lat", "$lon", "$n", "$inside", "$lastdet", "$state", "$agency", "$marking" })
        {
            p[name] = upsert.Parameters.Add(new SqliteParameter { ParameterName = name });
        }
        await upsert.PrepareAsync(ct);
        foreach (var t in tracks)
        {
            p["$id"].Value = Guid(t.Id);
            p["$uid"].Value = (object?)t.SourceUid ?? DBNull.Value;
            p["$kind"].Value = t.Kind;
            p["$first"].Value = t.FirstSeen.UtcTicks;
            p["$last"].Value = t.LastSeen.UtcTicks;
            p["$lat"].Value = t.LastLatitude;
            p["$lon"].Value = t.LastLongitude;
            p["$n"].Value = t.DetectionCount;
            p["$inside"].Value = t.InsideAreas;
            p["$lastdet"].Value = t.LastDetectionId is { } last ? Guid(last) : DBNull.Value;
            p["$state"].Value = t.PatternState;
            p["$agency"].Value = Guid(t.OwningAgencyId);
            p["$marking"].Value = (int)t.Marking;
            upsert.ExecuteNonQuery();
        }
    }

    private static string Guid(Guid g) => g.ToString().ToUpperInvariant();

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken ct) where T : class
        => value is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(value, type, ct);

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken ct) where T : struct
        => value is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(value.Value, type, ct);
}
