using Cordon.Common;
using Cordon.Identity;
using Cordon.Operations;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Resources;

public enum ClaimStatus
{
    Notified,
    Assessed,
    Settled,
    Refused,
}

/// <summary>
/// A claim for damage to, loss or theft of an asset, or a third party's claim against the agency: opened directly
/// or from an incident of type infrastructure damage, under the policy in force that covers the asset and the cause.
/// </summary>
public sealed class Claim : IOwnedRecord
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public required string Reference { get; set; }
    public Guid? AssetId { get; set; }
    public Guid? PolicyId { get; set; }
    public Guid? IncidentId { get; set; }
    public InsuredRisk Cause { get; set; }
    public ClaimStatus Status { get; set; } = ClaimStatus.Notified;
    public DateOnly OccurredOn { get; set; }
    public required string Description { get; set; }
    public decimal EstimatedLoss { get; set; }
    public decimal? AmountPaid { get; set; }
    public required string Currency { get; set; }
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; } = Tlp.Amber;
    public DateTimeOffset OpenedAt { get; set; }
    public required string OpenedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class ClaimConfiguration : IEntityTypeConfiguration<Claim>
{
    public void Configure(EntityTypeBuilder<Claim> b)
    {
        b.ToTable("claims");
        b.Property(c => c.Reference).HasMaxLength(40);
        b.Property(c => c.Cause).HasConversion<string>().HasMaxLength(24);
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.Description).HasMaxLength(2000);
        b.Property(c => c.Currency).HasMaxLength(3);
        b.Property(c => c.OpenedBy).HasMaxLength(200);
        b.HasIndex(c => c.Reference).IsUnique();
        b.HasIndex(c => c.AssetId);
        // One claim per damaged asset and incident: reporting the incident again opens no second claim.
        b.HasIndex(c => new { c.IncidentId, c.AssetId }).IsUnique();
    }
}

public sealed record ClaimInput(string? Asset, string? Cause, decimal? EstimatedLoss, string? Description, DateOnly? OccurredOn, string? Currency = null, Guid? IncidentId = null);

public sealed record ClaimChange(string? Status, decimal? AmountPaid);

public sealed record ClaimView(Guid Id, string Reference, Guid? AssetId, string? Asset, string Cause, string Status, DateOnly OccurredOn, string Description,
    decimal EstimatedLoss, decimal? AmountPaid, string Currency, string? Policy, Guid? IncidentId, DateTimeOffset OpenedAt, string Marking);

/// <summary>
/// One line of the losses and claims report: a group (a month "2026-01", an asset kind, a cause, or "all") in one currency:
/// how many claims, how many still open (notified or assessed), how many no policy covered, the loss estimated and the amount paid.
/// </summary>
public sealed record ClaimFigures(string Group, string Currency, int Claims, int Open, int WithoutCover, decimal EstimatedLoss, decimal Paid);

/// <summary>
/// Losses and claims of an agency whose event occurred in a period, by month, asset kind (<c>none</c> for a third-party claim
/// that names no asset) and cause, with the totals; and the cover gaps: the assets no policy in force covers on
/// <see cref="CoverOn"/> (the period's last day, or today if that is later than today).
/// </summary>
public sealed record ClaimsReport(DateOnly From, DateOnly To, List<ClaimFigures> Totals, List<ClaimFigures> ByMonth, List<ClaimFigures> ByKind, List<ClaimFigures> ByCause,
    DateOnly CoverOn, List<UncoveredAsset> CoverGaps);

/// <summary>Claims: opening (directly or from an infrastructure-damage incident), moving them through assessment to settlement or refusal, listing them.</summary>
public static class Claims
{
    public static async Task<ClaimView> OpenAsync(CordonDb db, Actor actor, ClaimInput input, DateTimeOffset now, CancellationToken ct = default)
    {
        var agency = AssetRegister.Member(actor);
        Incident? incident = null;
        if (input.IncidentId is { } incidentId)
        {
            incident = await db.Incidents.AsNoTracking().SingleOrDefaultAsync(i => i.Id == incidentId && i.OwningAgencyId == agency, ct)
                       ?? throw ValidationFailed.Field("incidentId", $"Your agency has no incident {incidentId}.");
        }
        var claim = await DraftAsync(db, actor, agency, input, incident, now, ct);
        db.Claims.Add(claim);
        await db.SaveChangesAsync(ct);
        return await ViewAsync(db, claim, ct);
    }

    /// <summary>
    /// The claim an infrastructure-damage incident opens for the asset it damaged, added to the caller's unit of work
    /// (the incident's report), so both commit together. The loss is estimated later, at assessment.
    /// </summary>
    public static async Task<Claim> OpenForIncidentAsync(CordonDb db, Actor actor, Incident incident, string asset, DateTimeOffset now, CancellationToken ct = default)
    {
        var claim = await DraftAsync(db, actor, incident.OwningAgencyId, new ClaimInput(asset, InsuredRisk.Damage.Kebab(), 0, incident.Title,
            DateOnly.FromDateTime(incident.OccurredAt.UtcDateTime)), incident, now, ct, "damagedAsset");
        db.Claims.Add(claim);
        return claim;
    }

    private static async Task<Claim> DraftAsync(CordonDb db, Actor actor, Guid agency, ClaimInput input, Incident? incident, DateTimeOffset now, CancellationToken ct,
        string assetField = "asset")
    {
        var errors = new FieldErrors();
        if (!EnumText.TryParse<InsuredRisk>(input.Cause, out var cause))
        {
            errors.Add("cause", $"'{input.Cause}' is not a cause: {EnumText.Choices<InsuredRisk>()}.");
        }
        if (incident is not null && incident.Type != IncidentType.InfrastructureDamage)
        {
            errors.Add("incidentId", $"Incident {incident.Id} is not of type infrastructure-damage: claims open from damage incidents only.");
        }
        Asset? asset = null;
        if (!string.IsNullOrWhiteSpace(input.Asset))
        {
            var code = input.Asset.Trim().ToUpperInvariant();
            asset = await db.Assets.AsNoTracking().SingleOrDefaultAsync(a => a.OwningAgencyId == agency && (a.Code == code || a.SerialNumber == input.Asset.Trim()), ct);
            if (asset is null)
            {
                errors.Add(assetField, $"Your agency has no asset {code}.");
            }
        }
        else if (cause != InsuredRisk.ThirdPartyLiability)
        {
            errors.Add(assetField, "A claim for damage, loss or theft names the asset.");
        }
        if (input.EstimatedLoss is not >= 0)
        {
            errors.Add("estimatedLoss", "The estimated loss is an amount of zero or more.");
        }
        var description = input.Description?.Trim() ?? "";
        if (description.Length is 0 or > 2000)
        {
            errors.Add("description", "A claim describes what happened, in 1 to 2,000 characters.");
        }
        var today = AssetRegister.Today(now);
        var occurred = input.OccurredOn ?? today;
        if (occurred > today)
        {
            errors.Add("occurredOn", "is in the future.");
        }
        var currency = Insurance.Currency(input.Currency, errors);
        errors.ThrowIfAny();
        // The policy in force on the day that covers the asset (or, for liability, any liability cover) and the cause.
        var policies = await db.InsurancePolicies.AsNoTracking().Where(p => p.OwningAgencyId == agency && p.ValidFrom <= occurred && p.ValidUntil >= occurred).ToListAsync(ct);
        var policy = policies.Where(p => p.Risks.Contains(cause) && (asset is null || p.AssetIds.Contains(asset.Id))).OrderByDescending(p => p.SumInsured).FirstOrDefault();
        var count = await db.Claims.CountAsync(c => c.OwningAgencyId == agency, ct);
        var agencyCode = await db.Agencies.Where(a => a.Id == agency).Select(a => a.Code).SingleAsync(ct);
        return new Claim
        {
            Reference = $"CLM-{agencyCode}-{today.Year}-{count + 1:0000}-{Guid.NewGuid().ToString("N")[..4].ToUpperInvariant()}",
            AssetId = asset?.Id, PolicyId = policy?.Id, IncidentId = incident?.Id, Cause = cause, OccurredOn = occurred, Description = description,
            EstimatedLoss = input.EstimatedLoss!.Value, Currency = currency, OwningAgencyId = agency,
            Marking = incident is not null && incident.Marking > Tlp.Amber ? incident.Marking : Tlp.Amber,
            OpenedAt = now, OpenedBy = actor.Name, UpdatedAt = now,
        };
    }

    /// <summary>Moves a claim on: notified → assessed → settled (with the amount paid) or refused.</summary>
    public static async Task<ClaimView> ChangeAsync(CordonDb db, Actor actor, Guid id, ClaimChange change, DateTimeOffset now, CancellationToken ct = default)
    {
        var agency = AssetRegister.Member(actor);
        var claim = await db.Claims.SingleOrDefaultAsync(c => c.Id == id && c.OwningAgencyId == agency, ct) ?? throw new NotFound($"Your agency has no claim {id}.");
        if (!EnumText.TryParse<ClaimStatus>(change.Status, out var status))
        {
            throw ValidationFailed.Field("status", $"'{change.Status}' is not a claim status: {EnumText.Choices<ClaimStatus>()}.");
        }
        if (claim.Status is ClaimStatus.Settled or ClaimStatus.Refused)
        {
            throw new Conflict($"Claim {claim.Reference} is closed ({claim.Status.Kebab()}).");
        }
        if (status == ClaimStatus.Notified || (status == ClaimStatus.Assessed && claim.Status == ClaimStatus.Assessed))
        {
            throw new Conflict($"Claim {claim.Reference} is {claim.Status.Kebab()}: it moves on to assessed, settled or refused.");
        }
        if (status == ClaimStatus.Settled && change.AmountPaid is not >= 0)
        {
            throw ValidationFailed.Field("amountPaid", "A settled claim says the amount paid (zero or more).");
        }
        if (status != ClaimStatus.Settled && change.AmountPaid is not null)
        {
            throw ValidationFailed.Field("amountPaid", "An amount is paid only when the claim is settled.");
        }
        claim.Status = status;
        claim.AmountPaid = change.AmountPaid;
        claim.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return await ViewAsync(db, claim, ct);
    }

    /// <summary>The longest period a report covers.</summary>
    public const int ReportMaxYears = 10;

    /// <summary>
    /// The losses and claims report over the claims whose event occurred from <paramref name="from"/> to <paramref name="to"/>
    /// (both included; by default the twelve months up to today).
    /// </summary>
    public static async Task<ClaimsReport> ReportAsync(CordonDb db, Actor actor, DateOnly? from, DateOnly? to, DateTimeOffset now, CancellationToken ct = default)
    {
        var agency = actor.AgencyId ?? throw new Forbidden("Only a member of an agency keeps claims.");
        var today = AssetRegister.Today(now);
        var last = to ?? today;
        var first = from ?? new DateOnly(last.Year, last.Month, 1).AddMonths(-11);
        if (first > last)
        {
            throw ValidationFailed.Field("from", $"The report's period starts on {first:yyyy-MM-dd}, after its end on {last:yyyy-MM-dd}.");
        }
        if (first < last.AddYears(-ReportMaxYears))
        {
            throw ValidationFailed.Field("from", $"A report covers at most {ReportMaxYears} years.");
        }
        var claims = await db.Claims.AsNoTracking().Where(c => c.OwningAgencyId == agency && c.OccurredOn >= first && c.OccurredOn <= last).ToListAsync(ct);
        var assetIds = claims.Where(c => c.AssetId is not null).Select(c => c.AssetId!.Value).Distinct().ToList();
        var kinds = await db.Assets.AsNoTracking().Where(a => assetIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Kind.Kebab(), ct);
        List<ClaimFigures> By(Func<Claim, string> group) => claims.GroupBy(c => (Group: group(c), c.Currency))
            .Select(g => new ClaimFigures(g.Key.Group, g.Key.Currency, g.Count(), g.Count(c => c.Status is ClaimStatus.Notified or ClaimStatus.Assessed),
                g.Count(c => c.PolicyId is null), g.Sum(c => c.EstimatedLoss), g.Sum(c => c.AmountPaid ?? 0)))
            .OrderBy(f => f.Group, StringComparer.Ordinal).ThenBy(f => f.Currency, StringComparer.Ordinal).ToList();
        var coverOn = last < today ? last : today;
        return new ClaimsReport(first, last, By(_ => "all"), By(c => c.OccurredOn.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)),
            By(c => c.AssetId is { } a ? kinds.GetValueOrDefault(a) ?? "none" : "none"), By(c => c.Cause.Kebab()), coverOn, await Insurance.UncoveredAsync(db, agency, coverOn, ct));
    }

    public static async Task<List<ClaimView>> ListAsync(CordonDb db, Actor actor, Guid? assetId = null, CancellationToken ct = default)
    {
        var agency = actor.AgencyId ?? throw new Forbidden("Only a member of an agency keeps claims.");
        var q = db.Claims.AsNoTracking().Where(c => c.OwningAgencyId == agency);
        if (assetId is { } a)
        {
            q = q.Where(c => c.AssetId == a);
        }
        var claims = await q.ToListAsync(ct);
        var assets = await db.Assets.AsNoTracking().Where(x => x.OwningAgencyId == agency).ToDictionaryAsync(x => x.Id, x => x.Code, ct);
        var policies = await db.InsurancePolicies.AsNoTracking().Where(p => p.OwningAgencyId == agency).ToDictionaryAsync(p => p.Id, p => p.PolicyNumber, ct);
        return claims.OrderByDescending(c => c.OpenedAt).Select(c => View(c, assets, policies)).ToList();
    }

    private static async Task<ClaimView> ViewAsync(CordonDb db, Claim c, CancellationToken ct)
    {
        var asset = c.AssetId is { } a ? await db.Assets.AsNoTracking().Where(x => x.Id == a).ToDictionaryAsync(x => x.Id, x => x.Code, ct) : [];
        var policy = c.PolicyId is { } p ? await db.InsurancePolicies.AsNoTracking().Where(x => x.Id == p).ToDictionaryAsync(x => x.Id, x => x.PolicyNumber, ct) : [];
        return View(c, asset, policy);
    }

    private static ClaimView View(Claim c, IReadOnlyDictionary<Guid, string> assets, IReadOnlyDictionary<Guid, string> policies)
        => new(c.Id, c.Reference, c.AssetId, c.AssetId is { } a ? assets.GetValueOrDefault(a) : null, c.Cause.Kebab(), c.Status.Kebab(), c.OccurredOn, c.Description,
            c.EstimatedLoss, c.AmountPaid, c.Currency, c.PolicyId is { } p ? policies.GetValueOrDefault(p) : null, c.IncidentId, c.OpenedAt, c.Marking.Label());
}
