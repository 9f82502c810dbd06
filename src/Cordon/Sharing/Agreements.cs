using System.Text.Json;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Sharing;

public sealed record AgreementTerms(
    string? Title, string? Provider, string? Recipient, string[]? RecordTypes, string? MaxMarking, string[]? Purposes,
    RedactionRule[]? Redactions, bool OnwardSharing, DateTimeOffset? ValidFrom, DateTimeOffset? ValidUntil, bool PersonalData = false);

public sealed record AgreementView(
    Guid Id, int Version, string Title, string Provider, string Recipient, string[] RecordTypes, string MaxMarking, string[] Purposes,
    IReadOnlyList<RedactionRule> Redactions, bool OnwardSharing, DateTimeOffset ValidFrom, DateTimeOffset ValidUntil, string Status,
    bool InForce, DateTimeOffset? ProviderApprovedAt, DateTimeOffset? RecipientApprovedAt, DateTimeOffset? RevokedAt, string? RevocationReason, bool PersonalData = false);

public sealed record AgreementVersionView(int Version, string Change, string ChangedBy, DateTimeOffset ChangedAt, JsonElement Terms);

/// <summary>
/// The agreement lifecycle. An agency-admin of either party proposes or changes an agreement (each
/// change is a new version and needs both approvals again); it is in force once an agency-admin of
/// each party has approved the current version; either party revokes it, with effect at once. Both
/// parties (and operators) read it; no one else does.
/// </summary>
public static class Agreements
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public static async Task<AgreementView> ProposeAsync(CordonDb db, Actor actor, AgreementTerms terms, DateTimeOffset now, CancellationToken ct = default)
    {
        var agreement = new SharingAgreement { Title = "", CreatedBy = actor.UserId ?? Guid.Empty, CreatedAt = now, UpdatedAt = now };
        await ApplyTermsAsync(db, agreement, terms, now, ct);
        EnsurePartyAdmin(actor, agreement);
        ApproveAsParty(actor, agreement, now);
        db.SharingAgreements.Add(agreement);
        var view = await RecordVersionAsync(db, actor, agreement, "proposed", now, ct);
        await db.SaveChangesAsync(ct);
        return view;
    }

    public static async Task<AgreementView> ChangeAsync(CordonDb db, Actor actor, Guid id, AgreementTerms terms, DateTimeOffset now, CancellationToken ct = default)
    {
        var agreement = await VisibleAgreementAsync(db, actor, id, ct);
        EnsurePartyAdmin(actor, agreement);
        if (agreement.Status == AgreementStatus.Revoked)
        {
            throw new Conflict("A revoked agreement cannot be changed; propose a new one.");
        }
        var provider = agreement.ProviderAgencyId;
        var recipient = agreement.RecipientAgencyId;
        await ApplyTermsAsync(db, agreement, terms, now, ct);
        if (agreement.ProviderAgencyId != provider || agreement.RecipientAgencyId != recipient)
        {
            throw ValidationFailed.Field("provider", "The parties of an agreement cannot change; propose a new agreement.");
        }
        agreement.Version++;
        agreement.Status = AgreementStatus.PendingApproval;
        agreement.ProviderApprovedAt = agreement.RecipientApprovedAt = null;
        agreement.ProviderApprovedBy = agreement.RecipientApprovedBy = null;
        ApproveAsParty(actor, agreement, now);
        agreement.UpdatedAt = now;
        var view = await RecordVersionAsync(db, actor, agreement, "terms changed", now, ct);
        await db.SaveChangesAsync(ct);
        return view;
    }

    public static async Task<AgreementView> ApproveAsync(CordonDb db, Actor actor, Guid id, DateTimeOffset now, CancellationToken ct = default)
    {
        var agreement = await VisibleAgreementAsync(db, actor, id, ct);
        EnsurePartyAdmin(actor, agreement);
        if (agreement.Status == AgreementStatus.Revoked)
        {
            throw new Conflict("The agreement was revoked; it cannot be approved.");
        }
        if (await db.FederationAgencies.AnyAsync(f => f.AgencyId == agreement.ProviderAgencyId, ct))
        {
            // A partner installation's proposal: the consent must travel back to it (Federation/FederationConsent).
            throw new Conflict($"Agreement {id} was proposed by a partner installation: consent with POST /api/federation/agreements/{id}/consent.");
        }
        if (!ApproveAsParty(actor, agreement, now))
        {
            throw new Conflict("Your agency has already approved this version.");
        }
        agreement.UpdatedAt = now;
        var view = await RecordVersionAsync(db, actor, agreement, agreement.Status == AgreementStatus.Active ? "approved: in force" : "approved by one party", now, ct);
        await db.SaveChangesAsync(ct);
        return view;
    }

    public static async Task<AgreementView> RevokeAsync(CordonDb db, Actor actor, Guid id, string? reason, DateTimeOffset now, CancellationToken ct = default)
    {
        var agreement = await VisibleAgreementAsync(db, actor, id, ct);
        EnsurePartyAdmin(actor, agreement);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw ValidationFailed.Field("reason", "Say why the agreement is revoked.");
        }
        if (agreement.Status == AgreementStatus.Revoked)
        {
            throw new Conflict("The agreement is already revoked.");
        }
        agreement.Status = AgreementStatus.Revoked;
        agreement.RevokedAt = now;
        agreement.RevokedBy = actor.UserId;
        agreement.RevocationReason = reason.Trim();
        agreement.UpdatedAt = now;
        var view = await RecordVersionAsync(db, actor, agreement, "revoked", now, ct);
        await db.SaveChangesAsync(ct);
        return view;
    }

    public static IQueryable<SharingAgreement> Visible(CordonDb db, Actor actor)
        => actor.IsOperator ? db.SharingAgreements : db.SharingAgreements.Where(a => a.ProviderAgencyId == actor.AgencyId || a.RecipientAgencyId == actor.AgencyId);

    public static async Task<List<AgreementView>> ListAsync(CordonDb db, Actor actor, DateTimeOffset now, CancellationToken ct = default)
    {
        var agreements = await Visible(db, actor).AsNoTracking().OrderByDescending(a => a.UpdatedAt).ToListAsync(ct);
        var codes = await AgencyCodes.ByIdAsync(db, ct);
        return agreements.Select(a => View(a, codes, now)).ToList();
    }

    public static async Task<AgreementView> GetAsync(CordonDb db, Actor actor, Guid id, DateTimeOffset now, CancellationToken ct = default)
        => await ViewAsync(db, await VisibleAgreementAsync(db, actor, id, ct), now, ct);

    public static async Task<List<AgreementVersionView>> VersionsAsync(CordonDb db, Actor actor, Guid id, CancellationToken ct = default)
    {
        await VisibleAgreementAsync(db, actor, id, ct);
        var versions = await db.SharingAgreementVersions.AsNoTracking().Where(v => v.AgreementId == id).OrderBy(v => v.Id).ToListAsync(ct);
        var names = await db.Users.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.UserName, ct);
        return versions.Select(v => new AgreementVersionView(v.Version, v.Change, names.GetValueOrDefault(v.ChangedBy) ?? "operator", v.ChangedAt,
            JsonDocument.Parse(v.Snapshot).RootElement.Clone())).ToList();
    }

    private static async Task<SharingAgreement> VisibleAgreementAsync(CordonDb db, Actor actor, Guid id, CancellationToken ct)
        => await Visible(db, actor).FirstOrDefaultAsync(a => a.Id == id, ct) ?? throw new NotFound($"No agreement {id} between your agency and another.");

    /// <summary>Whether the actor may propose, change, approve or revoke an agreement between these two agencies; pages ask this rather than repeat it.</summary>
    public static bool MayDecide(Actor actor, Guid providerAgencyId, Guid recipientAgencyId)
        => actor.IsOperator || actor.Kind == ActorKind.LocalOperator
           || (actor.Has(Roles.AgencyAdmin) && (actor.AgencyId == providerAgencyId || actor.AgencyId == recipientAgencyId));

    private static void EnsurePartyAdmin(Actor actor, SharingAgreement a)
    {
        if (!MayDecide(actor, a.ProviderAgencyId, a.RecipientAgencyId))
        {
            throw new Forbidden("Only an agency-admin of one of the two parties can propose, change, approve or revoke an agreement.");
        }
    }

    /// <summary>Records the actor's agency's approval; true when it was new. Both approvals make the agreement active.</summary>
    private static bool ApproveAsParty(Actor actor, SharingAgreement a, DateTimeOffset now)
    {
        if (actor.Kind == ActorKind.LocalOperator || actor.IsOperator && actor.AgencyId != a.ProviderAgencyId && actor.AgencyId != a.RecipientAgencyId)
        {
            return false; // An operator runs the system; only the parties consent.
        }
        var changed = false;
        if (actor.AgencyId == a.ProviderAgencyId && a.ProviderApprovedAt is null)
        {
            (a.ProviderApprovedAt, a.ProviderApprovedBy, changed) = (now, actor.UserId, true);
        }
        else if (actor.AgencyId == a.RecipientAgencyId && a.RecipientApprovedAt is null)
        {
            (a.RecipientApprovedAt, a.RecipientApprovedBy, changed) = (now, actor.UserId, true);
        }
        if (a.ProviderApprovedAt is not null && a.RecipientApprovedAt is not null)
        {
            a.Status = AgreementStatus.Active;
        }
        return changed;
    }

    private static async Task ApplyTermsAsync(CordonDb db, SharingAgreement a, AgreementTerms t, DateTimeOffset now, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var title = t.Title?.Trim() ?? "";
        if (title.Length is < 3 or > 300)
        {
            errors.Add("title", "Title must be 3 to 300 characters.");
        }
        var provider = await FindAgencyAsync(db, t.Provider, "provider", errors, ct);
        var recipient = await FindAgencyAsync(db, t.Recipient, "recipient", errors, ct);
        if (provider is not null && provider == recipient)
        {
            errors.Add("recipient", "An agreement is between two different agencies.");
        }
        var types = (t.RecordTypes ?? []).Select(r => r.Trim().ToLowerInvariant()).Distinct().ToArray();
        if (types.Length == 0)
        {
            errors.Add("recordTypes", $"Name at least one record type: {string.Join(", ", RecordTypes.All)}.");
        }
        foreach (var unknown in types.Where(r => !RecordTypes.All.Contains(r)))
        {
            errors.Add("recordTypes", $"'{unknown}' is not a record type; record types are: {string.Join(", ", RecordTypes.All)}.");
        }
        if (!TlpText.TryParse(t.MaxMarking, out var marking))
        {
            errors.Add("maxMarking", "Marking must be one of TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT, TLP:RED.");
        }
        var purposes = new List<Purpose>();
        foreach (var p in t.Purposes ?? [])
        {
            if (PurposeNames.TryParse(p, out var purpose))
            {
                purposes.Add(purpose);
            }
            else
            {
                errors.Add("purposes", $"'{p}' is not a purpose; purposes are: {string.Join(", ", PurposeNames.All.Select(x => x.Name))}.");
            }
        }
        if (purposes.Count == 0 && (t.Purposes ?? []).Length == 0)
        {
            errors.Add("purposes", "Name at least one permitted purpose.");
        }
        var redactions = (t.Redactions ?? []).ToList();
        for (var i = 0; i < redactions.Count; i++)
        {
            if (redactions[i].Fields is not { Length: > 0 } || redactions[i].Fields.Any(string.IsNullOrWhiteSpace))
            {
                errors.Add($"redactions[{i}].fields", "A redaction names at least one field (or @personal).");
            }
        }
        var from = t.ValidFrom ?? now;
        var until = t.ValidUntil ?? from.AddYears(1);
        if (until <= from)
        {
            errors.Add("validUntil", "The agreement must end after it starts.");
        }
        errors.ThrowIfAny();

        a.Title = title;
        a.ProviderAgencyId = provider!.Value;
        a.RecipientAgencyId = recipient!.Value;
        a.RecordTypes = types;
        a.MaxMarking = marking;
        a.Purposes = purposes.Distinct().ToArray();
        a.Redactions = redactions;
        a.OnwardSharing = t.OnwardSharing;
        a.PersonalData = t.PersonalData;
        a.ValidFrom = from;
        a.ValidUntil = until;
    }

    private static async Task<Guid?> FindAgencyAsync(CordonDb db, string? code, string field, FieldErrors errors, CancellationToken ct)
    {
        var id = await AgencyCodes.IdOfAsync(db, code, ct);
        if (id is null)
        {
            if (string.IsNullOrWhiteSpace(code))
            {
                errors.Add(field, "Name the agency by its code.");
            }
            else
            {
                errors.Add(field, $"There is no agency with code '{code}'.");
            }
        }
        return id;
    }

    /// <summary>Adds the history row for a lifecycle event; returns the view it snapshots.</summary>
    private static async Task<AgreementView> RecordVersionAsync(CordonDb db, Actor actor, SharingAgreement a, string change, DateTimeOffset now, CancellationToken ct)
    {
        var view = await ViewAsync(db, a, now, ct);
        db.SharingAgreementVersions.Add(new SharingAgreementVersion
        {
            AgreementId = a.Id,
            Version = a.Version,
            Change = change,
            ChangedBy = actor.UserId ?? Guid.Empty,
            ChangedAt = now,
            Snapshot = JsonSerializer.Serialize(view, Json),
        });
        return view;
    }

    private static async Task<AgreementView> ViewAsync(CordonDb db, SharingAgreement a, DateTimeOffset now, CancellationToken ct)
        => View(a, await AgencyCodes.ByIdAsync(db, ct), now);

    private static AgreementView View(SharingAgreement a, IReadOnlyDictionary<Guid, string> codes, DateTimeOffset now) => new(
        a.Id, a.Version, a.Title, codes.GetValueOrDefault(a.ProviderAgencyId) ?? "?", codes.GetValueOrDefault(a.RecipientAgencyId) ?? "?",
        a.RecordTypes, a.MaxMarking.Label(), a.Purposes.Select(p => p.Name()).ToArray(), a.Redactions, a.OnwardSharing, a.ValidFrom, a.ValidUntil,
        a.Status.ToString(), a.InForce(now), a.ProviderApprovedAt, a.RecipientApprovedAt, a.RevokedAt, a.RevocationReason, a.PersonalData);
}
