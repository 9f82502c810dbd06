using System.Net.Http.Json;
using Cordon.Alerting;
using Cordon.Audit;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Federation;

public sealed record PublishedCheckpoint(long TreeSize, string RootHash, string Note);


/// <summary>
/// Witnessing a partner's audit log: fetch its latest signed checkpoint, check the signature with the
/// partner's audit key, and check that it extends the last checkpoint we accepted (RFC 9162 consistency
/// proof; a smaller tree, or another root at the same size, cannot). Each fetch is stored. When the
/// partner's log no longer extends what we saw, it was rewritten: we raise an alert (once, until the log
/// is consistent with our last good view again) and keep the last good checkpoint as the reference.
/// </summary>
public static class CheckpointWitness
{
    public const string AlertKind = "federation.log-rewritten";

    public static async Task<FederationWitness?> WitnessAsync(CordonDb db, FederationPartner partner, HttpClient http, DateTimeOffset now, CancellationToken ct = default)
    {
        var baseUri = new Uri(partner.BaseUrl.TrimEnd('/') + "/");
        var published = await http.GetFromJsonAsync<PublishedCheckpoint>(new Uri(baseUri, "api/federation/checkpoint"), ct)
            ?? throw new HttpRequestException($"{partner.Name} returned no checkpoint.");
        var opened = AuditCheckpoints.Open(NoteVerifier.Parse(partner.AuditKey), published.Note);
        if (opened is not { } checkpoint)
        {
            // Not signed with the key we were given: not evidence of anything the partner said; record, do not accept.
            return await RecordAsync(db, partner, now, 0, [], published.Note, false, "The checkpoint is not signed with the partner's audit key.", alert: false, ct);
        }
        var lastGood = await db.FederationWitnesses.AsNoTracking().Where(w => w.PartnerId == partner.Id && w.Consistent).OrderByDescending(w => w.TreeSize).ThenByDescending(w => w.Id).FirstOrDefaultAsync(ct);
        if (lastGood is null)
        {
            return await RecordAsync(db, partner, now, checkpoint.Size, checkpoint.Root, published.Note, true, null, false, ct); // first sight: trusted on first use
        }
        string? problem = null;
        if (checkpoint.Size < lastGood.TreeSize)
        {
            problem = $"The log shrank: its checkpoint has {checkpoint.Size} entries, but we witnessed {lastGood.TreeSize} on {lastGood.At:u}.";
        }
        else if (checkpoint.Size == lastGood.TreeSize)
        {
            if (checkpoint.Root.AsSpan().SequenceEqual(lastGood.RootHash))
            {
                return null; // nothing new
            }
            problem = $"Another root at the same size {checkpoint.Size}: the log's history was rewritten.";
        }
        else if (lastGood.TreeSize > 0)
        {
            var proof = await http.GetFromJsonAsync<PublishedConsistency>(new Uri(baseUri, $"api/federation/consistency?from={lastGood.TreeSize}&to={checkpoint.Size}"), ct)
                ?? throw new HttpRequestException($"{partner.Name} returned no consistency proof.");
            var hashes = proof.Proof.Select(Convert.FromBase64String).ToList();
            if (!Merkle.VerifyConsistency((ulong)lastGood.TreeSize, (ulong)checkpoint.Size, hashes, lastGood.RootHash, checkpoint.Root))
            {
                problem = $"The checkpoint at size {checkpoint.Size} does not extend the one witnessed at size {lastGood.TreeSize}: the log's history was rewritten.";
            }
        }
        return await RecordAsync(db, partner, now, checkpoint.Size, checkpoint.Root, published.Note, problem is null, problem, problem is not null, ct);
    }

    private static async Task<FederationWitness> RecordAsync(CordonDb db, FederationPartner partner, DateTimeOffset now, long size, byte[] root, string note, bool consistent, string? problem, bool alert, CancellationToken ct)
    {
        var latest = await db.FederationWitnesses.AsNoTracking().Where(w => w.PartnerId == partner.Id).OrderByDescending(w => w.Id).FirstOrDefaultAsync(ct);
        var witness = new FederationWitness { At = now, PartnerId = partner.Id, TreeSize = size, RootHash = root, Note = note.Length > 2000 ? note[..2000] : note, Consistent = consistent, Problem = problem };
        db.FederationWitnesses.Add(witness);
        AuditLog.Append(db, new AuditEvent(AuditActor.System, consistent ? "federation.witness" : "federation.witness-failed")
        {
            Details = new { partner = partner.Name, treeSize = size, root = Convert.ToBase64String(root), problem },
        });
        // One alert per incident: only when the previous fetch was still fine.
        if (alert && latest?.Consistent != false && await AlertOwnerAsync(db, ct) is { } owner)
        {
            Alerts.Raise(db, new AlertDraft(AlertKind, $"Partner installation {partner.Name} rewrote its audit log", owner, Tlp.Amber)
            {
                Severity = AlertSeverity.High,
                Summary = problem ?? "",
                Data = new { partner = partner.Name, treeSize = size, root = Convert.ToBase64String(root) },
            });
        }
        await db.SaveChangesAsync(ct);
        return witness;
    }

    /// <summary>The agency that receives the installation's own alerts: that of the first operator (alerts are owned records).</summary>
    private static async Task<Guid?> AlertOwnerAsync(CordonDb db, CancellationToken ct)
    {
        var operators = await db.Users.AsNoTracking().OrderBy(u => u.CreatedAt).Select(u => new { u.Roles, u.AgencyId }).ToListAsync(ct);
        return operators.FirstOrDefault(u => (u.Roles & Roles.Operator) != 0)?.AgencyId
            ?? await db.Agencies.AsNoTracking().Where(a => !db.FederationAgencies.Any(f => f.AgencyId == a.Id)).OrderBy(a => a.CreatedAt).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct);
    }
}
