using System.Text.Json;
using Cordon.Audit;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Federation;

/// <summary>
/// Consent over the link. A partner proposes an agreement naming one of our agencies as recipient; it arrives
/// here as a pending mirror. Our agency's own admin accepts it here (<see cref="ConsentAsync"/>); the consent
/// travels back to the partner as an item of our signed outbox, and the partner's inbox puts the agreement in
/// force there (<see cref="FederationInbox"/>). No operator has to relay a letter.
/// </summary>
public static class FederationConsent
{
    public static async Task<AgreementView> ConsentAsync(CordonDb db, Actor actor, Guid agreementId, DateTimeOffset now, CancellationToken ct = default)
    {
        var mirror = await db.SharingAgreements.FirstOrDefaultAsync(a => a.Id == agreementId, ct) ?? throw new NotFound($"No agreement {agreementId}.");
        var origin = await db.FederationAgencies.AsNoTracking().FirstOrDefaultAsync(f => f.AgencyId == mirror.ProviderAgencyId, ct)
            ?? throw new Conflict("The agreement was not proposed by a partner installation: approve it under Sharing agreements.");
        if (!actor.Has(Roles.AgencyAdmin) || actor.AgencyId != mirror.RecipientAgencyId)
        {
            throw new Forbidden("Only an agency-admin of the agreement's recipient agency consents to it.");
        }
        if (mirror.Status != AgreementStatus.PendingApproval)
        {
            throw new Conflict(mirror.Status == AgreementStatus.Revoked ? "The agreement was revoked." : "The agreement is already in force.");
        }
        if (mirror.RecipientApprovedAt is not null)
        {
            throw new Conflict($"Your consent to version {mirror.Version} was already sent.");
        }
        var partner = await db.FederationPartners.FirstAsync(p => p.Id == origin.PartnerId, ct);
        var agency = await db.Agencies.AsNoTracking().FirstAsync(a => a.Id == mirror.RecipientAgencyId, ct);
        var message = new ConsentMessage(mirror.Id, mirror.Version, agency.Code, actor.Name, now);
        var item = FederationOutbox.Item(partner, ItemKinds.Consent, new FederationItem(0, ItemKinds.Consent) { Consent = message, AgreementId = mirror.Id },
            mirror.Id, null, null, mirror.RecipientAgencyId, now);
        // Numbered like every outbox item: the partner row's sequence is a concurrency token, so two nodes cannot give out one number twice.
        item.Sequence = ++partner.OutboxSequence;
        item.Body = item.Body.Replace("\"seq\":0,", $"\"seq\":{item.Sequence},", StringComparison.Ordinal);
        db.FederationOutbox.Add(item);
        mirror.RecipientApprovedAt = now;
        mirror.RecipientApprovedBy = actor.UserId;
        mirror.UpdatedAt = now;
        db.SharingAgreementVersions.Add(new SharingAgreementVersion
        {
            AgreementId = mirror.Id,
            Version = mirror.Version,
            Change = $"consent sent to partner installation {partner.Name} by {actor.Name}",
            ChangedBy = actor.UserId ?? Guid.Empty,
            ChangedAt = now,
            Snapshot = JsonSerializer.Serialize(message, FederationJson.Options),
        });
        AuditLog.Append(db, actor, "federation.agreement.consent", details: new { partner = partner.Name, agreement = mirror.Id, version = mirror.Version, seq = item.Sequence });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new Conflict("The link to the partner was busy numbering other items; consent again.");
        }
        return await Agreements.GetAsync(db, actor, mirror.Id, now, ct);
    }
}

public static partial class FederationInbox
{
    /// <summary>
    /// The partner agency's consent to an agreement we proposed to it: only from the installation that agency
    /// belongs to, only for the version in force of being proposed; the agreement then comes into force here.
    /// </summary>
    private static async Task<bool> ApplyConsentAsync(ApplyContext c, ConsentMessage m, CancellationToken ct)
    {
        var agreement = await c.Db.SharingAgreements.FirstOrDefaultAsync(a => a.Id == m.AgreementId, ct)
            ?? throw new ItemRejected("consent.agreementId", $"There is no agreement {m.AgreementId} here.");
        var recipient = await c.Db.FederationAgencies.AsNoTracking().FirstOrDefaultAsync(f => f.AgencyId == agreement.RecipientAgencyId, ct);
        if (recipient is null || recipient.PartnerId != c.Partner.Id || !recipient.RemoteCode.Equals(m.AgencyCode.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            throw new ItemRejected("consent.agencyCode", $"Agreement {m.AgreementId} does not name {c.Partner.Name}'s agency '{m.AgencyCode}' as recipient.");
        }
        if (agreement.Status == AgreementStatus.Revoked)
        {
            throw new ItemRejected("consent.agreementId", $"Agreement {m.AgreementId} was revoked.");
        }
        if (m.Version != agreement.Version)
        {
            throw new ItemRejected("consent.version", $"Consent to version {m.Version}, but agreement {m.AgreementId} is at version {agreement.Version}: its changed terms need consent again.");
        }
        if (agreement.RecipientApprovedAt is not null)
        {
            return false; // already accepted (by this consent, or recorded by an operator)
        }
        var now = c.Now;
        agreement.RecipientApprovedAt = now;
        agreement.RecipientApprovedBy = null;
        if (agreement.ProviderApprovedAt is not null)
        {
            agreement.Status = AgreementStatus.Active;
        }
        agreement.UpdatedAt = now;
        var who = m.By.Length > 200 ? m.By[..200] : m.By;
        c.Db.SharingAgreementVersions.Add(new SharingAgreementVersion
        {
            AgreementId = agreement.Id,
            Version = agreement.Version,
            Change = $"accepted by partner agency {recipient.RemoteCode} at installation {c.Partner.Name} (its agency-admin {who}, {m.At:yyyy-MM-dd HH:mm} UTC), over the signed link",
            ChangedBy = Guid.Empty,
            ChangedAt = c.Now,
            Snapshot = JsonSerializer.Serialize(m, FederationJson.Options),
        });
        AuditLog.Append(c.Db, new AuditEvent(AuditActor.System, "federation.agreement.partner-consent")
        {
            RecordAgencyId = agreement.ProviderAgencyId,
            Details = new { partner = c.Partner.Name, agreement = agreement.Id, version = m.Version, agency = recipient.RemoteCode, by = who },
        });
        return true;
    }
}
