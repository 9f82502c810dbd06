using Cordon.Common;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cordon.Audit;

public sealed record CheckpointView(long TreeSize, string RootHash, string Origin, string Note, string KeyId, DateTimeOffset CreatedAt)
{
    public static CheckpointView Of(AuditCheckpoint c) => new(c.TreeSize, Convert.ToBase64String(c.RootHash), c.Origin, c.Note, c.KeyId, c.CreatedAt);
}

/// <summary>Signed checkpoints of the log: made on demand and periodically, kept for verification.</summary>
public static class AuditCheckpoints
{
    /// <summary>Signs the log's current state, unless the latest checkpoint already covers it.</summary>
    public static async Task<AuditCheckpoint> MakeAsync(CordonDb db, AuditSigner signer, CancellationToken ct = default)
    {
        var size = await AuditTree.SizeAsync(db, ct);
        var latest = await LatestAsync(db, ct);
        if (latest is not null && latest.TreeSize == size)
        {
            return latest;
        }
        var root = await AuditTree.RootAsync(db, size, ct);
        var checkpoint = new AuditCheckpoint
        {
            CreatedAt = db.Clock.GetUtcNow(),
            TreeSize = size,
            RootHash = root,
            Origin = signer.Origin,
            Note = signer.Sign(AuditSigner.CheckpointText(signer.Origin, size, root)),
            KeyId = signer.Verifier.KeyIdHex,
        };
        db.AuditCheckpoints.Add(checkpoint);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (Storage.StoreErrors.IsWriteConflict(e))
        {
            // Another node signed the same size at the same moment: theirs stands.
            db.Entry(checkpoint).State = EntityState.Detached;
            return await db.AuditCheckpoints.AsNoTracking().SingleAsync(c => c.TreeSize == size, ct);
        }
        return checkpoint;
    }

    public static Task<AuditCheckpoint?> LatestAsync(CordonDb db, CancellationToken ct = default)
        => db.AuditCheckpoints.AsNoTracking().OrderByDescending(c => c.TreeSize).FirstOrDefaultAsync(ct);

    /// <summary>Reads origin, size and root back from a signed checkpoint note; null when it does not verify with <paramref name="verifier"/>.</summary>
    public static (string Origin, long Size, byte[] Root)? Open(NoteVerifier verifier, string note)
    {
        var text = verifier.Open(note);
        var lines = text?.Split('\n');
        if (lines is null || lines.Length < 4 || !long.TryParse(lines[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size))
        {
            return null;
        }
        try
        {
            return (lines[0], size, Convert.FromBase64String(lines[2]));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>Makes a checkpoint every Cordon:Audit:CheckpointMinutes (default 5) when the log has grown.</summary>
public sealed class PeriodicCheckpoints(IServiceScopeFactory scopes, TimeProvider clock, IOptions<AuditOptions> options, ILogger<PeriodicCheckpoints> log)
    : PeriodicSweep(scopes, clock, log)
{
    private double Minutes => options.Value.CheckpointMinutes;

    protected override string Done => "Signed {Count} audit checkpoint.";
    protected override bool Enabled => Minutes > 0;
    protected override bool AtStart => false;
    protected override TimeSpan Interval => TimeSpan.FromMinutes(Minutes);

    protected override async Task<int> SweepAsync(IServiceProvider services, CordonDb db, DateTimeOffset now, CancellationToken ct)
    {
        // The key is loaded (or created) only when the first checkpoint is due.
        await AuditCheckpoints.MakeAsync(db, services.GetRequiredService<AuditSigner>(), ct);
        return 0; // one every few minutes: not worth a line in the log each time
    }
}
