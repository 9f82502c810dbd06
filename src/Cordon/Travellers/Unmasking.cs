using Cordon.Audit;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Messaging;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Travellers;

/// <summary>
/// A supervisor's recorded authorisation to see masked traveller data (decision 030): one traveller or a whole flight's list,
/// for one user of the owning agency (the supervisor or a named colleague), with the reason, until a time. Administrative:
/// the store audits it with its values, and the owner's access review lists it with every use.
/// </summary>
public sealed class UnmaskAuthorisation
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OwningAgencyId { get; set; }
    public Guid? TravellerId { get; set; }
    public Guid? ManifestId { get; set; }
    /// <summary>The user name of who may unmask.</summary>
    public required string Grantee { get; set; }
    public required string Reason { get; set; }
    public required string GrantedBy { get; set; }
    public DateTimeOffset GrantedAt { get; set; }
    public DateTimeOffset ValidUntil { get; set; }
}

public sealed record UnmaskRequest(Guid? Traveller, Guid? Manifest, string? Grantee, string? Reason, int? Days);

public sealed record UnmaskAuthorisationView(Guid Id, Guid? Traveller, Guid? Manifest, string Grantee, string Reason, string GrantedBy, DateTimeOffset GrantedAt,
    DateTimeOffset ValidUntil)
{
    public static UnmaskAuthorisationView Of(UnmaskAuthorisation a) => new(a.Id, a.TravellerId, a.ManifestId, a.Grantee, a.Reason, a.GrantedBy, a.GrantedAt, a.ValidUntil);
}

/// <summary>A masked traveller as its authorised reader sees it: the original values, and the authorisation that allowed it.</summary>
public sealed record UnmaskedTraveller(Traveller Traveller, string Owner, UnmaskAuthorisationView Authorisation);

/// <summary>Recording unmasking authorisations and reading a masked traveller under one.</summary>
public static class Unmasking
{
    public const int DefaultDays = 7;

    /// <summary>A supervisor of the owning agency records who may see a masked traveller (or a flight's masked travellers), why and until when.</summary>
    public static async Task<UnmaskAuthorisationView> AuthoriseAsync(CordonDb db, Actor actor, UnmaskRequest r, TravellerRetentionOptions options, CancellationToken ct = default)
    {
        if (!actor.Has(Roles.Supervisor) || actor.AgencyId is not { } agency)
        {
            throw new Forbidden("Only a supervisor of the agency that received the passenger data authorises unmasking it.");
        }
        var errors = new FieldErrors();
        if (r.Traveller is null == r.Manifest is null)
        {
            errors.Add("traveller", "Name either one traveller or one passenger list (manifest), not both.");
        }
        var reason = TextInput.Trim(r.Reason);
        if (reason is null || reason.Length > 1000)
        {
            errors.Add("reason", "Say why the masked data is needed (up to 1000 characters), e.g. the case or the request it serves.");
        }
        var days = r.Days ?? DefaultDays;
        if (days < 1 || days > options.MaxAuthorisationDays)
        {
            errors.Add("days", $"{days} days: an authorisation lasts 1 to {options.MaxAuthorisationDays} days.");
        }
        errors.ThrowIfAny();
        Guid owner;
        if (r.Traveller is { } travellerId)
        {
            owner = await db.Travellers.Where(t => t.Id == travellerId).Select(t => (Guid?)t.OwningAgencyId).SingleOrDefaultAsync(ct)
                    ?? throw new NotFound($"No traveller {travellerId}.");
        }
        else
        {
            var manifestId = r.Manifest!.Value;
            owner = await db.PassengerManifests.Where(m => m.Id == manifestId).Select(m => (Guid?)m.OwningAgencyId).SingleOrDefaultAsync(ct)
                    ?? throw new NotFound($"No passenger list {manifestId}.");
        }
        if (owner != agency)
        {
            throw new Forbidden($"Traveller data {r.Traveller ?? r.Manifest} belongs to another agency: only a supervisor of that agency authorises unmasking it.");
        }
        var grantee = TextInput.Trim(r.Grantee)?.ToLowerInvariant() ?? actor.Name;
        if (!await db.Users.AnyAsync(u => u.UserName == grantee && u.AgencyId == agency, ct))
        {
            throw ValidationFailed.Field("grantee", $"'{grantee}' is not a user of your agency: unmasking is authorised for the owner's own users only.");
        }
        var now = db.Clock.GetUtcNow();
        var authorisation = new UnmaskAuthorisation
        {
            OwningAgencyId = agency, TravellerId = r.Traveller, ManifestId = r.Manifest, Grantee = grantee, Reason = reason!, GrantedBy = actor.Name,
            GrantedAt = now, ValidUntil = now.AddDays(days),
        };
        db.UnmaskAuthorisations.Add(authorisation);
        await db.SaveChangesAsync(ct);
        return UnmaskAuthorisationView.Of(authorisation);
    }

    /// <summary>The authorisation in force that lets <paramref name="actor"/> unmask the traveller, or null.</summary>
    public static Task<UnmaskAuthorisation?> InForceAsync(CordonDb db, Actor actor, Guid travellerId, Guid manifestId, Guid owner, CancellationToken ct)
    {
        var now = db.Clock.GetUtcNow();
        return db.UnmaskAuthorisations.AsNoTracking()
            .Where(a => a.OwningAgencyId == owner && a.Grantee == actor.Name && a.GrantedAt <= now && a.ValidUntil > now
                        && (a.TravellerId == travellerId || a.ManifestId == manifestId))
            .OrderByDescending(a => a.ValidUntil).FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// A masked traveller with its original values, for a user an authorisation in force names; every use is audited
    /// (<c>travellers.unmask</c>, with the authorisation, never the values). Anyone else is refused, naming what is missing.
    /// </summary>
    public static async Task<UnmaskedTraveller> ReadAsync(CordonDb db, Actor actor, ChannelKeys keys, Guid id, CancellationToken ct = default)
    {
        var t = await db.Travellers.AsNoTracking().Include(x => x.Documents).SingleOrDefaultAsync(x => x.Id == id, ct)
                ?? throw new NotFound($"No traveller {id}.");
        var owner = await db.Agencies.Where(a => a.Id == t.OwningAgencyId).Select(a => a.Code).SingleAsync(ct);
        if (t.Masked is null)
        {
            throw new Conflict($"Traveller {id} is not masked: read it as any record, under the access policy.");
        }
        // A person answers for each unmasking: an API key (an agency's machine) never unmasks.
        var authorisation = actor.Kind == ActorKind.User && actor.AgencyId == t.OwningAgencyId
            ? await InForceAsync(db, actor, t.Id, t.ManifestId, t.OwningAgencyId, ct) : null;
        if (authorisation is null)
        {
            throw new Forbidden($"Traveller {id} is masked under the retention rules: seeing it needs an authorisation in force, recorded with a reason by a supervisor of {owner}, that names you.");
        }
        t.Documents = [.. t.Documents.OrderBy(d => d.Seq)];
        TravellerMasking.Unmask(t, await db.TravellerMasks.AsNoTracking().Where(m => m.TravellerId == id).ToListAsync(ct), keys);
        AuditLog.Append(db, actor, "travellers.unmask", RecordTypes.Traveller, id.ToString(), t.OwningAgencyId,
            new { authorisation = authorisation.Id, grantedBy = authorisation.GrantedBy, masked = t.Masked });
        await db.SaveChangesAsync(ct);
        return new UnmaskedTraveller(t, owner, UnmaskAuthorisationView.Of(authorisation));
    }
}

internal sealed class UnmaskAuthorisationConfiguration : IEntityTypeConfiguration<UnmaskAuthorisation>
{
    public void Configure(EntityTypeBuilder<UnmaskAuthorisation> b)
    {
        b.ToTable("traveller_unmask_authorisations");
        b.HasIndex(a => new { a.OwningAgencyId, a.Grantee, a.ValidUntil });
        b.HasIndex(a => a.TravellerId);
        b.HasIndex(a => a.ManifestId);
        b.Property(a => a.Grantee).HasMaxLength(200);
        b.Property(a => a.Reason).HasMaxLength(1000);
        b.Property(a => a.GrantedBy).HasMaxLength(200);
    }
}
