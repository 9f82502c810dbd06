using System.Text.Json;
using Cordon.Audit;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Federation;

public sealed record PartnerApprovalRequest(string? Reference);

public sealed record NewPartner(string? Name, string? BaseUrl, string? FederationKey, string? AuditKey);

public sealed record NewPartnerAgency(string? Code, string? RemoteCode, string? Name, string? Country, string? Kind);

public sealed record PartnerAgencyView(string Code, string RemoteCode, string Name);

public sealed record WitnessView(long TreeSize, string RootHash, bool Consistent, string? Problem, DateTimeOffset At);

/// <summary>A partner and how the link stands: cursors both ways, the last error, the last checkpoint witnessed.</summary>
public sealed record PartnerView(
    Guid Id, string Name, string BaseUrl, string FederationKey, string AuditKey, IReadOnlyList<PartnerAgencyView> Agencies,
    long OutboxSequence, long AckedSequence, long Pending, DateTimeOffset? LastSentAt, int Attempts, DateTimeOffset? NextAttemptAt,
    string? LastError, DateTimeOffset? LastErrorAt, long InboundSequence, DateTimeOffset? LastReceivedAt, string? InboundError,
    WitnessView? LastWitnessed, long ReceivedCopies);

/// <summary>What an installation tells others so they can pair with it.</summary>
public sealed record InstallationView(string Installation, string FederationKey, string AuditKey);

/// <summary>Pairing with partner installations and representing their agencies here (operators only).</summary>
public static class FederationPartners
{
    public static async Task<PartnerView> AddAsync(CordonDb db, Actor actor, Installation self, NewPartner r, DateTimeOffset now, CancellationToken ct = default)
    {
        EnsureOperator(actor);
        var errors = new FieldErrors();
        var name = r.Name?.Trim() ?? "";
        if (!Installation.IsValidName(name))
        {
            errors.Add("name", "The partner's installation name: lower-case letters, digits, dots or hyphens, starting with a letter.");
        }
        else if (name == self.Name)
        {
            errors.Add("name", "An installation does not pair with itself.");
        }
        else if (await db.FederationPartners.AnyAsync(p => p.Name == name, ct))
        {
            errors.Add("name", $"Partner '{name}' is already configured.");
        }
        if (!Uri.TryCreate(r.BaseUrl?.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            errors.Add("baseUrl", "The partner's base URL, e.g. https://cordon.partner.example.");
        }
        NoteVerifier? federationKey = null;
        try
        {
            federationKey = NoteVerifier.Parse(r.FederationKey ?? "");
            if (federationKey.Name != name)
            {
                errors.Add("federationKey", $"The federation key is named '{federationKey.Name}', not '{name}'.");
            }
        }
        catch (FormatException e)
        {
            errors.Add("federationKey", $"Paste the partner's federation key (GET /api/federation/identity there): {e.Message}");
        }
        try
        {
            NoteVerifier.Parse(r.AuditKey ?? "");
        }
        catch (FormatException e)
        {
            errors.Add("auditKey", $"Paste the partner's audit key (GET /api/federation/identity there): {e.Message}");
        }
        errors.ThrowIfAny();
        var partner = new FederationPartner { CreatedAt = now, Name = name, BaseUrl = url!.ToString().TrimEnd('/'), FederationKey = federationKey!.ToString(), AuditKey = r.AuditKey!.Trim() };
        db.FederationPartners.Add(partner);
        AuditLog.Append(db, actor, "federation.partner.add", details: new { partner = name, baseUrl = partner.BaseUrl, federationKey = partner.FederationKey, auditKey = partner.AuditKey });
        await db.SaveChangesAsync(ct);
        return (await ListAsync(db, actor, ct)).Single(p => p.Id == partner.Id);
    }

    /// <summary>Represents an agency of the partner here, so agreements can name it as recipient.</summary>
    public static async Task<PartnerAgencyView> AddAgencyAsync(CordonDb db, Actor actor, string partnerName, NewPartnerAgency r, CancellationToken ct = default)
    {
        EnsureOperator(actor);
        var partner = await db.FederationPartners.AsNoTracking().FirstOrDefaultAsync(p => p.Name == partnerName, ct) ?? throw new NotFound($"No partner installation '{partnerName}'.");
        var errors = new FieldErrors();
        var code = r.Code?.Trim().ToUpperInvariant() ?? "";
        var remote = r.RemoteCode?.Trim().ToUpperInvariant() ?? "";
        if (code.Length is < 2 or > 16)
        {
            errors.Add("code", "The local code of the partner's agency: 2 to 16 characters, e.g. BETA-NCA.");
        }
        else if (await db.Agencies.AnyAsync(a => a.Code == code, ct))
        {
            errors.Add("code", $"Agency code '{code}' is taken here.");
        }
        if (remote.Length is < 1 or > 16)
        {
            errors.Add("remoteCode", "The agency's code at the partner installation.");
        }
        else if (await db.FederationAgencies.AnyAsync(f => f.PartnerId == partner.Id && f.RemoteCode == remote, ct))
        {
            errors.Add("remoteCode", $"{partner.Name}'s agency '{remote}' is already represented here.");
        }
        if (string.IsNullOrWhiteSpace(r.Name) || r.Name.Trim().Length > 200)
        {
            errors.Add("name", "The agency's name (1 to 200 characters).");
        }
        var country = r.Country?.Trim().ToUpperInvariant() ?? "";
        if (Reference.ReferenceData.Instance.Countries.ByAlpha2(country) is null)
        {
            errors.Add("country", "The agency's ISO 3166-1 alpha-2 country.");
        }
        var kind = AgencyKind.PartnerCustomsAbroad;
        if (r.Kind is { Length: > 0 } k && (!EnumText.TryParse(k, out kind) || kind == AgencyKind.ExerciseCell))
        {
            errors.Add("kind", $"One of {string.Join(", ", Enum.GetNames<AgencyKind>().Where(n => n != nameof(AgencyKind.ExerciseCell)))}.");
        }
        errors.ThrowIfAny();
        var agency = new Agency { Code = code, Name = r.Name!.Trim(), Kind = kind, Country = country };
        db.Agencies.Add(agency);
        db.FederationAgencies.Add(new FederationAgency { AgencyId = agency.Id, PartnerId = partner.Id, RemoteCode = remote });
        AuditLog.Append(db, actor, "federation.agency.add", details: new { partner = partner.Name, code, remoteCode = remote });
        await db.SaveChangesAsync(ct);
        return new PartnerAgencyView(code, remote, agency.Name);
    }

    /// <summary>
    /// Records that the partner agency accepted an agreement that names it as recipient: its agency-admins
    /// have no account here, so an operator records their written acceptance (with its reference), which
    /// puts the agreement in force once the providing agency has approved the same version.
    /// </summary>
    public static async Task<AgreementView> RecordPartnerApprovalAsync(CordonDb db, Actor actor, Guid agreementId, string? reference, DateTimeOffset now, CancellationToken ct = default)
    {
        EnsureOperator(actor);
        if (string.IsNullOrWhiteSpace(reference) || reference.Trim().Length > 300)
        {
            throw ValidationFailed.Field("reference", "Name the partner's written acceptance (letter, message or ticket reference).");
        }
        var agreement = await db.SharingAgreements.FirstOrDefaultAsync(a => a.Id == agreementId, ct) ?? throw new NotFound($"No agreement {agreementId}.");
        var link = await db.FederationAgencies.AsNoTracking().FirstOrDefaultAsync(f => f.AgencyId == agreement.RecipientAgencyId, ct)
            ?? throw new Conflict("The agreement's recipient is not an agency of a partner installation: its own agency-admin approves it.");
        if (await db.FederationAgencies.AnyAsync(f => f.AgencyId == agreement.ProviderAgencyId, ct))
        {
            throw new Conflict("Records received from a partner are never passed on: their agency cannot provide under an agreement here.");
        }
        if (agreement.Status == AgreementStatus.Revoked)
        {
            throw new Conflict("The agreement was revoked.");
        }
        if (agreement.RecipientApprovedAt is not null)
        {
            throw new Conflict("The partner's acceptance of this version is already recorded.");
        }
        agreement.RecipientApprovedAt = now;
        agreement.RecipientApprovedBy = actor.UserId;
        if (agreement.ProviderApprovedAt is not null)
        {
            agreement.Status = AgreementStatus.Active;
        }
        agreement.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        var view = await Agreements.GetAsync(db, Actor.LocalOperator, agreementId, now, ct);
        db.SharingAgreementVersions.Add(new SharingAgreementVersion
        {
            AgreementId = agreement.Id,
            Version = agreement.Version,
            Change = $"accepted by partner agency {link.RemoteCode} (recorded by operator, ref. {reference.Trim()})",
            ChangedBy = actor.UserId ?? Guid.Empty,
            ChangedAt = now,
            Snapshot = JsonSerializer.Serialize(view),
        });
        AuditLog.Append(db, actor, "federation.agreement.partner-approval", details: new { agreement = agreementId, reference = reference.Trim(), partnerAgency = link.RemoteCode });
        await db.SaveChangesAsync(ct);
        return view;
    }

    public static async Task<List<PartnerView>> ListAsync(CordonDb db, Actor actor, CancellationToken ct = default)
    {
        EnsureOperator(actor);
        var partners = await db.FederationPartners.AsNoTracking().OrderBy(p => p.Name).ToListAsync(ct);
        var inbound = await db.FederationInbound.AsNoTracking().ToDictionaryAsync(i => i.PartnerId, ct);
        var links = await db.FederationAgencies.AsNoTracking().ToListAsync(ct);
        var agencies = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Id, ct);
        var result = new List<PartnerView>();
        foreach (var p in partners)
        {
            var witness = await db.FederationWitnesses.AsNoTracking().Where(w => w.PartnerId == p.Id).OrderByDescending(w => w.Id).FirstOrDefaultAsync(ct);
            var copies = await db.FederationCopies.CountAsync(c => c.PartnerId == p.Id, ct);
            inbound.TryGetValue(p.Id, out var i);
            result.Add(new PartnerView(p.Id, p.Name, p.BaseUrl, p.FederationKey, p.AuditKey,
                links.Where(l => l.PartnerId == p.Id && agencies.ContainsKey(l.AgencyId)).Select(l => new PartnerAgencyView(agencies[l.AgencyId].Code, l.RemoteCode, agencies[l.AgencyId].Name)).ToList(),
                p.OutboxSequence, p.AckedSequence, p.OutboxSequence - p.AckedSequence, p.LastSentAt, p.Attempts, p.NextAttemptAt, p.LastError, p.LastErrorAt,
                i?.LastSequence ?? 0, i?.LastReceivedAt, i?.LastError,
                witness is null ? null : new WitnessView(witness.TreeSize, Convert.ToBase64String(witness.RootHash), witness.Consistent, witness.Problem, witness.At), copies));
        }
        return result;
    }

    /// <summary>An agency code not yet taken: the wanted one, else with a number.</summary>
    internal static async Task<string> FreeCodeAsync(CordonDb db, string wanted, CancellationToken ct)
    {
        var stem = wanted.Length > 16 ? wanted[..16] : wanted;
        var taken = db.Agencies.Local.Select(a => a.Code).ToHashSet();
        for (var n = 1; ; n++)
        {
            var suffix = n == 1 ? "" : n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var code = stem[..Math.Min(stem.Length, 16 - suffix.Length)] + suffix;
            if (!taken.Contains(code) && !await db.Agencies.AnyAsync(a => a.Code == code, ct))
            {
                return code;
            }
        }
    }

    private static void EnsureOperator(Actor actor)
    {
        if (!actor.IsOperator)
        {
            throw new Forbidden("Only an operator pairs installations and represents partner agencies.");
        }
    }
}
