using Cordon.Common;
using Cordon.Identity;
using Cordon.Operations;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Resources;

/// <summary>What a policy insures against, and what a claim is for.</summary>
public enum InsuredRisk
{
    Damage,
    Loss,
    Theft,
    ThirdPartyLiability,
}

/// <summary>An insurance policy over some of an agency's assets: the insurer, what it covers, for how much, from when until when.</summary>
public sealed class InsurancePolicy : IOwnedRecord
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public required string Insurer { get; set; }
    public required string PolicyNumber { get; set; }
    public Guid[] AssetIds { get; set; } = [];
    public InsuredRisk[] Risks { get; set; } = [];
    public decimal SumInsured { get; set; }
    public decimal Deductible { get; set; }
    public required string Currency { get; set; }
    public DateOnly ValidFrom { get; set; }
    public DateOnly ValidUntil { get; set; }
    public Guid OwningAgencyId { get; set; }
    public Tlp Marking { get; set; } = Tlp.Amber;
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }

    public bool InForceOn(DateOnly day) => ValidFrom <= day && day <= ValidUntil;
}

internal sealed class InsurancePolicyConfiguration : IEntityTypeConfiguration<InsurancePolicy>
{
    public void Configure(EntityTypeBuilder<InsurancePolicy> b)
    {
        b.ToTable("insurance_policies");
        b.Property(p => p.Insurer).HasMaxLength(200);
        b.Property(p => p.PolicyNumber).HasMaxLength(80);
        b.Property(p => p.Currency).HasMaxLength(3);
        b.Property(p => p.AssetIds).AsJson();
        b.Property(p => p.Risks).AsJson();
        b.HasIndex(p => new { p.OwningAgencyId, p.PolicyNumber }).IsUnique();
    }
}

public sealed record PolicyInput(string? Insurer, string? PolicyNumber, string[]? Assets, string[]? Risks, decimal? SumInsured, decimal? Deductible, string? Currency,
    DateOnly? ValidFrom, DateOnly? ValidUntil, string? Marking = null);

public sealed record PolicyView(Guid Id, string Insurer, string PolicyNumber, List<string> Assets, string[] Risks, decimal SumInsured, decimal Deductible, string Currency,
    DateOnly ValidFrom, DateOnly ValidUntil, string State, int DaysLeft, string Marking);

public sealed record UncoveredAsset(Guid Id, string Code, string Name, string Kind, string Status);

/// <summary>
/// Insurance of the register's assets: policies with what they cover and until when, the policies lapsing within
/// a number of days, and the assets no policy in force covers. Policies stay with their agency: they are not shared.
/// </summary>
public static class Insurance
{
    public static async Task<PolicyView> AddPolicyAsync(CordonDb db, Actor actor, PolicyInput input, DateTimeOffset now, CancellationToken ct = default)
    {
        var agency = AssetRegister.Member(actor);
        var errors = new FieldErrors();
        var insurer = input.Insurer?.Trim() ?? "";
        if (insurer.Length is 0 or > 200)
        {
            errors.Add("insurer", "A policy names its insurer, in 1 to 200 characters.");
        }
        var number = input.PolicyNumber?.Trim() ?? "";
        if (number.Length is 0 or > 80)
        {
            errors.Add("policyNumber", "A policy has a number of 1 to 80 characters.");
        }
        var codes = (input.Assets ?? []).Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim().ToUpperInvariant()).Distinct().ToList();
        var assets = await db.Assets.AsNoTracking().Where(a => a.OwningAgencyId == agency && codes.Contains(a.Code)).ToDictionaryAsync(a => a.Code, ct);
        foreach (var code in codes.Where(c => !assets.ContainsKey(c)))
        {
            errors.Add("assets", $"Your agency has no asset {code}.");
        }
        if (codes.Count == 0)
        {
            errors.Add("assets", "A policy covers at least one asset of the register.");
        }
        var risks = new List<InsuredRisk>();
        foreach (var r in input.Risks ?? [])
        {
            if (EnumText.TryParse<InsuredRisk>(r, out var risk))
            {
                risks.Add(risk);
            }
            else
            {
                errors.Add("risks", $"'{r}' is not a risk: {EnumText.Choices<InsuredRisk>()}.");
            }
        }
        if (risks.Count == 0 && input.Risks is not { Length: > 0 })
        {
            errors.Add("risks", $"A policy covers at least one risk: {EnumText.Choices<InsuredRisk>()}.");
        }
        if (input.SumInsured is not > 0)
        {
            errors.Add("sumInsured", "The sum insured is a positive amount.");
        }
        if (input.Deductible is < 0 || input.Deductible > input.SumInsured)
        {
            errors.Add("deductible", "The deductible is between zero and the sum insured.");
        }
        var currency = Currency(input.Currency, errors);
        if (input.ValidFrom is not { } from || input.ValidUntil is not { } until || until < from)
        {
            errors.Add("validUntil", "A policy runs from a day (validFrom) until a day not before it (validUntil).");
        }
        var marking = input.Marking is null ? Tlp.Amber : Markings.Parse(input.Marking);
        errors.ThrowIfAny();
        if (await db.InsurancePolicies.AnyAsync(p => p.OwningAgencyId == agency && p.PolicyNumber == number, ct))
        {
            throw ValidationFailed.Field("policyNumber", $"Policy {number} is already recorded.");
        }
        var policy = new InsurancePolicy
        {
            Insurer = insurer, PolicyNumber = number, AssetIds = codes.Select(c => assets[c].Id).ToArray(), Risks = risks.Distinct().ToArray(),
            SumInsured = input.SumInsured!.Value, Deductible = input.Deductible ?? 0, Currency = currency, ValidFrom = input.ValidFrom!.Value, ValidUntil = input.ValidUntil!.Value,
            OwningAgencyId = agency, Marking = marking, CreatedAt = now, CreatedBy = actor.Name,
        };
        db.InsurancePolicies.Add(policy);
        await db.SaveChangesAsync(ct);
        return View(policy, assets.Values.ToDictionary(a => a.Id, a => a.Code), AssetRegister.Today(now));
    }

    internal static string Currency(string? text, FieldErrors errors, string field = "currency")
    {
        var currency = string.IsNullOrWhiteSpace(text) ? "EUR" : text.Trim().ToUpperInvariant();
        if (!Reference.ReferenceData.Instance.Currencies.IsCurrent(currency))
        {
            errors.Add(field, $"'{currency}' is not an ISO 4217 currency code.");
        }
        return currency;
    }

    /// <summary>The agency's policies, those lapsing soonest first.</summary>
    public static async Task<List<PolicyView>> ListAsync(CordonDb db, Actor actor, DateTimeOffset now, CancellationToken ct = default)
    {
        var agency = actor.AgencyId ?? throw new Forbidden("Only a member of an agency keeps insurance policies.");
        var policies = await db.InsurancePolicies.AsNoTracking().Where(p => p.OwningAgencyId == agency).ToListAsync(ct);
        var codes = await db.Assets.AsNoTracking().Where(a => a.OwningAgencyId == agency).ToDictionaryAsync(a => a.Id, a => a.Code, ct);
        var today = AssetRegister.Today(now);
        return policies.OrderBy(p => p.ValidUntil).ThenBy(p => p.PolicyNumber, StringComparer.Ordinal).Select(p => View(p, codes, today)).ToList();
    }

    /// <summary>The agency's assets (lost ones excepted) that no policy in force on <paramref name="day"/> covers.</summary>
    public static async Task<List<UncoveredAsset>> UncoveredAsync(CordonDb db, Guid agency, DateOnly day, CancellationToken ct = default)
    {
        var covered = (await db.InsurancePolicies.AsNoTracking().Where(p => p.OwningAgencyId == agency && p.ValidFrom <= day && p.ValidUntil >= day).ToListAsync(ct))
            .SelectMany(p => p.AssetIds).ToHashSet();
        return (await db.Assets.AsNoTracking().Where(a => a.OwningAgencyId == agency && a.Status != AssetStatus.Lost).OrderBy(a => a.Code).ToListAsync(ct))
            .Where(a => !covered.Contains(a.Id)).Select(a => new UncoveredAsset(a.Id, a.Code, a.Name, a.Kind.Kebab(), a.Status.Kebab())).ToList();
    }

    /// <summary>Policies (of every agency) whose last day is on or before <paramref name="until"/>: lapsing soon, or lapsed.</summary>
    public static Task<List<InsurancePolicy>> LapsingAsync(CordonDb db, DateOnly until, CancellationToken ct = default)
        => db.InsurancePolicies.AsNoTracking().Where(p => p.ValidUntil <= until).OrderBy(p => p.ValidUntil).ToListAsync(ct);

    private static PolicyView View(InsurancePolicy p, IReadOnlyDictionary<Guid, string> codes, DateOnly today)
        => new(p.Id, p.Insurer, p.PolicyNumber, p.AssetIds.Select(id => codes.GetValueOrDefault(id) ?? id.ToString()).Order(StringComparer.Ordinal).ToList(),
            p.Risks.Select(r => r.Kebab()).ToArray(), p.SumInsured, p.Deductible, p.Currency, p.ValidFrom, p.ValidUntil,
            today < p.ValidFrom ? "not-yet-in-force" : today > p.ValidUntil ? "lapsed" : "in-force", p.ValidUntil.DayNumber - today.DayNumber, p.Marking.Label());
}
