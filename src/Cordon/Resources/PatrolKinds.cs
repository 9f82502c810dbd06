using Cordon.Common;
using Cordon.Identity;
using Cordon.Operations;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Resources;

/// <summary>
/// A kind of patrol an agency runs ("river patrol", "green border") and the qualifications every member of
/// such a patrol needs. <see cref="Refuse"/> says what planning does with a member who lacks one: refuse the
/// plan, or plan it with a warning. The agency's own planning setting, like its response plans.
/// </summary>
public sealed class PatrolKind : ICaveatedRecord
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public required string Name { get; set; }
    /// <summary>Qualification kinds by their kebab names ("boat-licence"), so new kinds never change stored rows.</summary>
    public string[] Needs { get; set; } = [];
    public bool Refuse { get; set; }
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; } = Tlp.Green;
    public Caveats Caveats { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    internal QualificationKind[] NeededKinds => QualificationNeeds.Kinds(Needs);
}

internal sealed class PatrolKindConfiguration : IEntityTypeConfiguration<PatrolKind>
{
    public void Configure(EntityTypeBuilder<PatrolKind> b)
    {
        b.ToTable("patrol_kinds");
        b.Property(k => k.Name).HasMaxLength(60);
        b.Property(k => k.Needs).AsJson();
        b.Ignore(k => k.NeededKinds);
        b.HasIndex(k => new { k.OwningAgencyId, k.Name }).IsUnique();
    }
}

public sealed record PatrolKindInput(string? Name, string[]? Needs, bool? Refuse);

public sealed record PatrolKindView(Guid Id, string Name, string[] Needs, bool Refuse);

/// <summary>
/// Skills against needs: the patrol kinds an agency configures, and the check planning runs on a patrol of a kind,
/// each member against each needed qualification with the same "valid through the whole patrol" rule as a duty's.
/// </summary>
public static class PatrolKinds
{
    public static async Task<List<PatrolKindView>> ListAsync(CordonDb db, Actor actor, CancellationToken ct = default)
    {
        var agency = actor.AgencyId ?? throw new Forbidden("Only a member of an agency has patrol kinds.");
        var kinds = await db.PatrolKinds.AsNoTracking().Where(k => k.OwningAgencyId == agency).ToListAsync(ct);
        return kinds.OrderBy(k => k.Name, StringComparer.Ordinal).Select(View).ToList();
    }

    /// <summary>Creates the kind, or replaces the needs and the refuse setting of the agency's kind of that name.</summary>
    public static async Task<PatrolKindView> SetAsync(CordonDb db, Actor actor, PatrolKindInput input, DateTimeOffset now, CancellationToken ct = default)
    {
        var agency = Configurer(actor);
        var errors = new FieldErrors();
        var name = input.Name?.Trim() ?? "";
        if (name.Length is 0 or > 60)
        {
            errors.Add("name", "A patrol kind needs a name of 1 to 60 characters.");
        }
        var needs = new List<QualificationKind>();
        var given = input.Needs ?? [];
        for (var i = 0; i < given.Length; i++)
        {
            if (EnumText.TryParse<QualificationKind>(given[i], out var k))
            {
                needs.Add(k);
            }
            else
            {
                errors.Add($"needs[{i}]", $"'{given[i]}' is not a qualification: {EnumText.Choices<QualificationKind>()}.");
            }
        }
        errors.ThrowIfAny();
        var kind = await db.PatrolKinds.SingleOrDefaultAsync(k => k.OwningAgencyId == agency && k.Name == name, ct);
        if (kind is null)
        {
            kind = new PatrolKind { Name = name, OwningAgencyId = agency };
            db.PatrolKinds.Add(kind);
        }
        kind.Needs = needs.Distinct().Select(n => n.Kebab()).ToArray();
        kind.Refuse = input.Refuse ?? false;
        kind.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return View(kind);
    }

    public static async Task RemoveAsync(CordonDb db, Actor actor, Guid id, CancellationToken ct = default)
    {
        var agency = Configurer(actor);
        var kind = await db.PatrolKinds.SingleOrDefaultAsync(k => k.Id == id && k.OwningAgencyId == agency, ct)
                   ?? throw new NotFound($"Your agency has no patrol kind {id}.");
        db.PatrolKinds.Remove(kind);
        await db.SaveChangesAsync(ct);
    }

    private static Guid Configurer(Actor actor)
    {
        if (!actor.Has(Roles.Supervisor) && !actor.Has(Roles.AgencyAdmin))
        {
            throw new Forbidden("Configuring patrol kinds needs the supervisor or agency-admin role.");
        }
        return actor.AgencyId ?? throw new Forbidden("Only a member of an agency has patrol kinds.");
    }

    private static PatrolKindView View(PatrolKind k) => new(k.Id, k.Name, k.Needs, k.Refuse);
}
