using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Federation;

/// <summary>Where a received copy came from, in words, for the record's page.</summary>
public static class FederationProvenance
{
    /// <summary>"Received from partner installation alpha (agency NCA, agreement …, version 2) on …; read-only.", or null for our own records.</summary>
    public static async Task<string?> DescribeAsync(CordonDb db, Guid localRecordId, CancellationToken ct = default)
    {
        var copy = await db.FederationCopies.AsNoTracking().FirstOrDefaultAsync(c => c.LocalRecordId == localRecordId, ct);
        if (copy is null)
        {
            return null;
        }
        var partner = await db.FederationPartners.AsNoTracking().Where(p => p.Id == copy.PartnerId).Select(p => p.Name).FirstOrDefaultAsync(ct) ?? "?";
        return $"Received from partner installation {partner} (owned there by {copy.OriginAgencyCode}, shared under agreement {copy.AgreementId}, "
               + $"version {copy.Version}) on {copy.ReceivedAt:yyyy-MM-dd HH:mm} UTC: a read-only copy, redacted by the sender, never passed on.";
    }
}
