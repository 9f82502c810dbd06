using System.Security.Cryptography;
using Cordon.Audit;
using Cordon.Common;
using Cordon.Sharing;
using Cordon.Storage;

namespace Cordon.Declarations;

/// <summary>
/// The audit entry of a bulk intake. The intake writer is a bulk path beside EF (the store cannot see its
/// rows), so each batch, API body or file writes one summary entry instead: who sent it, the receiving
/// agency, the counts by outcome and the SHA-256 of what was sent (the file, or the JSON body), which
/// lets an auditor tie the entry to the file someone kept. Written after the records committed: a crash
/// in between loses the entry, never records.
/// </summary>
public static class IntakeAudit
{
    public static string Action(IntakeKind kind) => kind == IntakeKind.Declaration ? "declarations.import" : "consignments.import";

    public static async Task RecordAsync(CordonDb db, AuditActor actor, IntakeKind kind, IntakeContext context, IntakeSummary summary, string? sha256,
        bool complete = true, CancellationToken ct = default)
    {
        // Every intake path (one record, a batch, a file, a corrected quarantined record) ends here: count it once.
        var what = new KeyValuePair<string, object?>("kind", kind == IntakeKind.Declaration ? "declaration" : "consignment");
        CordonTelemetry.IntakeRecords.Add(summary.Accepted, what, new("outcome", "accepted"));
        CordonTelemetry.IntakeRecords.Add(summary.Amended, what, new("outcome", "amended"));
        CordonTelemetry.IntakeRecords.Add(summary.Duplicates, what, new("outcome", "duplicate"));
        CordonTelemetry.IntakeRecords.Add(summary.Rejected, what, new("outcome", "rejected"));
        AuditLog.Append(db, new AuditEvent(actor, Action(kind))
        {
            RecordType = kind == IntakeKind.Declaration ? RecordTypes.Declaration : RecordTypes.Consignment,
            RecordAgencyId = context.AgencyId,
            Details = new
            {
                source = context.Source,
                sha256,
                accepted = summary.Accepted,
                amended = summary.Amended,
                duplicates = summary.Duplicates,
                rejected = summary.Rejected,
                complete,
            },
        });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>For a file import, which writes through its own connections: the entry is stamped when the import ended on
    /// the caller's clock — the start it was given (<see cref="IntakeContext.Now"/>) and the time it took.</summary>
    public static async Task RecordAsync(StorageSetup.StoreSettings store, AuditActor actor, IntakeKind kind, IntakeContext context, IntakeSummary summary, string? sha256,
        TimeSpan took, bool complete = true, CancellationToken ct = default)
    {
        await using var db = StorageSetup.Open(store, new EndOfImport(context.Now + took));
        await RecordAsync(db, actor, kind, context, summary, sha256, complete, ct);
    }

    private sealed class EndOfImport(DateTimeOffset at) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => at;
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The file's SHA-256, read again from the start once the import is done; null for a stream that cannot seek.</summary>
    public static async Task<string?> Sha256Async(Stream stream, CancellationToken ct)
    {
        if (!stream.CanSeek)
        {
            return null;
        }
        stream.Position = 0;
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }
}
