using Cordon.Audit;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Cases;

public enum BondStatus
{
    /// <summary>Held as security.</summary>
    Active,
    /// <summary>Called: the surety pays the amount (on forfeiture).</summary>
    Called,
    /// <summary>Given back: nothing more is owed.</summary>
    Discharged,
}

/// <summary>A penalty assessed against a trader for a seizure; it adds to what must be paid before release.</summary>
public sealed class Penalty : IOwnedRecord
{
    public long Id { get; set; }
    public Guid SeizureId { get; set; }
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; } = Tlp.Amber;
    public required string Trader { get; set; }
    public decimal Amount { get; set; }
    public required string Basis { get; set; }
    public DateTimeOffset AssessedAt { get; set; }
    public required string AssessedBy { get; set; }
}

/// <summary>
/// A security bond or guarantee lodged by a trader (with a surety) for a seizure: if it covers the
/// duties and penalties at stake and is valid, the goods may be released against it pending appeal;
/// on forfeiture it is called.
/// </summary>
public sealed class SecurityBond : IOwnedRecord
{
    public long Id { get; set; }
    public Guid SeizureId { get; set; }
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; } = Tlp.Amber;
    public required string Trader { get; set; }
    public required string Surety { get; set; }
    public decimal Amount { get; set; }
    public required string Currency { get; set; }
    public DateTimeOffset ValidUntil { get; set; }
    public BondStatus Status { get; set; }
    public DateTimeOffset LodgedAt { get; set; }
    public required string LodgedBy { get; set; }
    public DateTimeOffset? SettledAt { get; set; }
}

internal sealed class PenaltyConfiguration : IEntityTypeConfiguration<Penalty>
{
    public void Configure(EntityTypeBuilder<Penalty> b)
    {
        b.ToTable("penalties");
        b.HasIndex(p => p.SeizureId);
        b.Property(p => p.Trader).HasMaxLength(300);
        b.Property(p => p.Basis).HasMaxLength(500);
        b.Property(p => p.AssessedBy).HasMaxLength(200);
        b.Property(p => p.Amount).HasPrecision(18, 2);
        b.HasOne<Seizure>().WithMany().HasForeignKey(p => p.SeizureId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SecurityBondConfiguration : IEntityTypeConfiguration<SecurityBond>
{
    public void Configure(EntityTypeBuilder<SecurityBond> b)
    {
        b.ToTable("security_bonds");
        b.HasIndex(x => x.SeizureId);
        b.Property(x => x.Trader).HasMaxLength(300);
        b.Property(x => x.Surety).HasMaxLength(300);
        b.Property(x => x.Currency).HasMaxLength(3);
        b.Property(x => x.LodgedBy).HasMaxLength(200);
        b.Property(x => x.Amount).HasPrecision(18, 2);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(12);
        b.HasOne<Seizure>().WithMany().HasForeignKey(x => x.SeizureId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed record PenaltyRequest(string? Trader, decimal? Amount, string? Basis);

public sealed record BondRequest(string? Trader, string? Surety, decimal? Amount, string? Currency, DateTimeOffset? ValidUntil);

public sealed record PenaltyView(long Id, string Trader, decimal Amount, string Basis, DateTimeOffset AssessedAt, string AssessedBy);

public sealed record BondView(long Id, string Trader, string Surety, decimal Amount, string Currency, DateTimeOffset ValidUntil, string Status, bool CoversPaymentDue);

/// <summary>Penalties and security bonds of a seizure.</summary>
public static class Bonds
{
    public static async Task<PenaltyView> AssessPenaltyAsync(CordonDb db, Actor actor, Guid seizureId, PenaltyRequest r, CancellationToken ct = default)
    {
        var seizure = await db.Seizures.FirstOrDefaultAsync(s => s.Id == seizureId, ct) ?? throw new NotFound($"Seizure {seizureId} does not exist.");
        RecordOwnership.EnsureOwner(actor, seizure.OwningAgencyId, $"penalties of seizure {seizure.Reference}");
        if (LegalProcess.IsTerminal(seizure.LegalState))
        {
            throw new Conflict($"The process of seizure {seizure.Reference} has ended.");
        }
        var errors = new FieldErrors();
        if (TextInput.Trim(r.Trader) is null)
        {
            errors.Add("trader", "Name the trader.");
        }
        if (r.Amount is not > 0)
        {
            errors.Add("amount", "A penalty greater than zero.");
        }
        if (TextInput.Trim(r.Basis) is null)
        {
            errors.Add("basis", "State the legal basis of the penalty.");
        }
        errors.ThrowIfAny();
        var penalty = new Penalty
        {
            SeizureId = seizureId, OwningAgencyId = seizure.OwningAgencyId, Trader = r.Trader!.Trim(), Amount = r.Amount!.Value, Basis = r.Basis!.Trim(),
            AssessedAt = StoredValues.Ms(db.Clock.GetUtcNow()), AssessedBy = actor.Name,
        };
        db.Penalties.Add(penalty);
        // What must be paid (or secured) before release grows by the penalty.
        seizure.PaymentDue += penalty.Amount;
        seizure.Version++;
        AuditLog.Append(db, actor, "seizure.penalty", RecordTypes.Seizure, seizure.Id.ToString(), seizure.OwningAgencyId, new { seizure.Reference, penalty.Amount, penalty.Basis });
        await db.SaveChangesAsync(ct);
        return new PenaltyView(penalty.Id, penalty.Trader, penalty.Amount, penalty.Basis, penalty.AssessedAt, penalty.AssessedBy);
    }

    public static async Task<BondView> LodgeAsync(CordonDb db, Actor actor, Guid seizureId, BondRequest r, CancellationToken ct = default)
    {
        var seizure = await db.Seizures.AsNoTracking().FirstOrDefaultAsync(s => s.Id == seizureId, ct) ?? throw new NotFound($"Seizure {seizureId} does not exist.");
        RecordOwnership.EnsureOwner(actor, seizure.OwningAgencyId, $"bonds of seizure {seizure.Reference}");
        var errors = new FieldErrors();
        if (TextInput.Trim(r.Trader) is null)
        {
            errors.Add("trader", "Name the trader.");
        }
        if (TextInput.Trim(r.Surety) is null)
        {
            errors.Add("surety", "Name the surety or guarantor.");
        }
        if (r.Amount is not > 0)
        {
            errors.Add("amount", "An amount greater than zero.");
        }
        if (Reference.ReferenceData.Instance.Currencies.Find(TextInput.Trim(r.Currency)?.ToUpperInvariant()) is null)
        {
            errors.Add("currency", "An ISO 4217 currency.");
        }
        if (r.ValidUntil is not { } until || until <= db.Clock.GetUtcNow())
        {
            errors.Add("validUntil", "A validity end in the future.");
        }
        errors.ThrowIfAny();
        var bond = new SecurityBond
        {
            SeizureId = seizureId, OwningAgencyId = seizure.OwningAgencyId, Trader = r.Trader!.Trim(), Surety = r.Surety!.Trim(), Amount = r.Amount!.Value,
            Currency = r.Currency!.Trim().ToUpperInvariant(), ValidUntil = StoredValues.Ms(r.ValidUntil!.Value), LodgedAt = StoredValues.Ms(db.Clock.GetUtcNow()), LodgedBy = actor.Name,
        };
        db.SecurityBonds.Add(bond);
        AuditLog.Append(db, actor, "seizure.bond", RecordTypes.Seizure, seizure.Id.ToString(), seizure.OwningAgencyId, new { seizure.Reference, bond.Amount, bond.Surety, bond.ValidUntil });
        await db.SaveChangesAsync(ct);
        return View(bond, seizure.PaymentDue, db.Clock.GetUtcNow());
    }

    /// <summary>The largest active bond still valid at <paramref name="now"/>: what can secure a release.</summary>
    internal static async Task<decimal> CoverAsync(CordonDb db, Guid seizureId, DateTimeOffset now, CancellationToken ct)
    {
        var amounts = await db.SecurityBonds.AsNoTracking().Where(b => b.SeizureId == seizureId && b.Status == BondStatus.Active).Select(b => new { b.Amount, b.ValidUntil }).ToListAsync(ct);
        return amounts.Where(b => b.ValidUntil > now).Select(b => b.Amount).DefaultIfEmpty(0).Max();
    }

    /// <summary>On forfeiture the active bonds are called; on release with payment made they are discharged.</summary>
    internal static async Task SettleAsync(CordonDb db, Guid seizureId, BondStatus to, DateTimeOffset at, CancellationToken ct)
    {
        foreach (var bond in await db.SecurityBonds.Where(b => b.SeizureId == seizureId && b.Status == BondStatus.Active).ToListAsync(ct))
        {
            bond.Status = to;
            bond.SettledAt = at;
        }
    }

    public static async Task<(List<PenaltyView> Penalties, List<BondView> Bonds)> ListAsync(CordonDb db, Seizure s, CancellationToken ct)
    {
        var penalties = await db.Penalties.AsNoTracking().Where(p => p.SeizureId == s.Id).OrderBy(p => p.Id).ToListAsync(ct);
        var bonds = await db.SecurityBonds.AsNoTracking().Where(b => b.SeizureId == s.Id).OrderBy(b => b.Id).ToListAsync(ct);
        return (penalties.Select(View).ToList(), bonds.Select(b => View(b, s.PaymentDue, db.Clock.GetUtcNow())).ToList());
    }

    internal static PenaltyView View(Penalty p) => new(p.Id, p.Trader, p.Amount, p.Basis, p.AssessedAt, p.AssessedBy);

    internal static BondView View(SecurityBond b, decimal due, DateTimeOffset now)
        => new(b.Id, b.Trader, b.Surety, b.Amount, b.Currency, b.ValidUntil, b.Status.Kebab(), b.Status == BondStatus.Active && b.ValidUntil > now && b.Amount >= due);
}
