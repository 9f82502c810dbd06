using System.Text.RegularExpressions;
using Cordon.Audit;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Reference;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Risk.Measures;

/// <summary>A new measure. Lists may be empty except that at least one of HS prefixes, origins, traders and routes names the scope.</summary>
public sealed record MeasureInput(string? Title, string? Objective, string[]? Offices, string[]? HsPrefixes, string[]? Origins, string[]? Traders, string[]? Routes,
    Guid[]? Criteria, Guid[]? Operations, Guid[]? Patrols, DateOnly? StartsOn, DateOnly? EndsOn, DateOnly? InterimReviewOn,
    string? ExpectedEffect, string? ExpectedOutcome, double? ExpectedPoints, string? Marking = null, string[]? Caveats = null);

/// <summary>An interim review ("interim") or the final assessment ("final") with its decision: continue, change or stop.</summary>
public sealed record MeasureReviewInput(string? Kind, string? Decision, string? Text, DateOnly? NextReviewOn = null);

/// <summary>A record the measure links to; its name only for readers of the owning agency (a partner sees that a link exists).</summary>
public sealed record MeasureLink(Guid Id, string? Name);

public sealed record MeasureReviewView(Guid Id, string Kind, string Decision, string Text, string ReviewedBy, DateTimeOffset ReviewedAt,
    double? EstimatePoints, double? LowPoints, double? HighPoints);

/// <summary>A measure as it leaves its owner (the shared view): its record, links and reviews, without the evaluation (counted per reader).</summary>
public sealed record MeasureView(Guid Id, string Reference, string Title, string Objective, string Owner, string Marking, string[] Caveats,
    IReadOnlyList<string> Offices, IReadOnlyList<string> HsPrefixes, IReadOnlyList<string> Origins, IReadOnlyList<string> Traders, IReadOnlyList<string> Routes,
    IReadOnlyList<MeasureLink> Criteria, IReadOnlyList<MeasureLink> Operations, IReadOnlyList<MeasureLink> Patrols,
    DateOnly StartsOn, DateOnly EndsOn, DateOnly? InterimReviewOn, string ExpectedEffect, string ExpectedOutcome, double ExpectedPoints, string Status,
    bool InterimReviewDue, bool FinalAssessmentDue, IReadOnlyList<MeasureReviewView> Reviews, string CreatedBy, string UpdatedBy);

/// <summary>One measure with its evaluation as the reader may count it.</summary>
public sealed record MeasureReport(MeasureView Measure, MeasureEvaluation Evaluation);

/// <summary>
/// Enforcement measures (issue 21, point 3): recording them, reading them under the access policy (another agency
/// reads a measure only under an agreement covering "measure"), their evaluation (<see cref="MeasureEvaluator"/>) and
/// their interim reviews and final assessment.
/// </summary>
public static partial class Measures
{
    /// <summary>Who records measures and their reviews (the Risk menu shows them the pages).</summary>
    public const Roles Writers = Roles.Analyst | Roles.Supervisor;
    /// <summary>Who reads measures and their evaluation.</summary>
    public const Roles Readers = Roles.Analyst | Roles.Supervisor | Roles.AgencyAdmin | Roles.Operator;

    public const int LongestDays = 3 * 366;

    public static RecordRef Ref(Measure m) => new(RecordTypes.Measure, m.OwningAgencyId, m.Marking, m.Caveats, m.Id.ToString());

    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.UtcDateTime);

    public static async Task<MeasureView> CreateAsync(CordonDb db, Actor actor, MeasureInput input, DateTimeOffset now, CancellationToken ct = default)
    {
        var agency = actor.AgencyId is { } a && (actor.Roles & Writers) != 0
            ? a : throw new Forbidden("Measures are recorded by an agency's analysts and supervisors.");
        var errors = new FieldErrors();
        var title = Text(input.Title, MeasureLimits.Title, out var ok);
        if (!ok)
        {
            errors.Add("measure.title", $"A measure needs a title of 1 to {MeasureLimits.Title} characters.");
        }
        var objective = Text(input.Objective, MeasureLimits.Objective, out ok);
        if (!ok)
        {
            errors.Add("measure.objective", $"A measure needs an objective of 1 to {MeasureLimits.Objective} characters.");
        }
        var effect = Text(input.ExpectedEffect, MeasureLimits.ExpectedEffect, out ok);
        if (!ok)
        {
            errors.Add("measure.expectedEffect", $"Say the expected effect in 1 to {MeasureLimits.ExpectedEffect} characters.");
        }
        var offices = Codes(input.Offices, "measure.offices", OfficeCode(), errors, out var bad);
        foreach (var c in bad)
        {
            errors.Add("measure.offices", $"'{c}' is not a customs office code (two letters and up to 15 letters or digits: NL000396).");
        }
        var hs = Codes(input.HsPrefixes?.Select(h => h?.Replace(".", "", StringComparison.Ordinal)).ToArray(), "measure.hsPrefixes", HsPrefix(), errors, out bad);
        foreach (var c in bad)
        {
            errors.Add("measure.hsPrefixes", $"'{c}' is not an HS prefix: 2 to 10 digits (chapter 24, heading 2402...).");
        }
        var origins = Codes(input.Origins, "measure.origins", Alpha2(), errors, out bad);
        foreach (var c in bad.Concat(origins.Where(o => ReferenceData.Instance.Countries.ByAlpha2(o) is null)))
        {
            errors.Add("measure.origins", $"'{c}' is not a country code of ISO 3166 (alpha-2, such as CN).");
        }
        var traders = Codes(input.Traders, "measure.traders", TraderCode(), errors, out bad);
        foreach (var c in bad)
        {
            errors.Add("measure.traders", $"'{c}' is not a trader code (1 to 35 letters or digits, such as an EORI).");
        }
        var routes = Codes(input.Routes, "measure.routes", RouteCode(), errors, out bad);
        foreach (var c in bad)
        {
            errors.Add("measure.routes", $"'{c}' is not a route: the ports of loading and discharge as UN/LOCODEs, CNSHA-NLRTM.");
        }
        if (hs.Count + origins.Count + traders.Count + routes.Count == 0 && !errors.Any)
        {
            errors.Add("measure.scope", "Name the scope: at least one HS prefix, origin, trader or route (the declarations outside it are the comparison group).");
        }
        var (starts, ends, interim) = (input.StartsOn, input.EndsOn, input.InterimReviewOn);
        if (starts is null)
        {
            errors.Add("measure.startsOn", "A measure needs a start date.");
        }
        if (ends is null)
        {
            errors.Add("measure.endsOn", "A measure needs an end date.");
        }
        if (starts is { } s && ends is { } e)
        {
            if (e <= s)
            {
                errors.Add("measure.endsOn", $"The measure ends ({e:yyyy-MM-dd}) on or before it starts ({s:yyyy-MM-dd}).");
            }
            else if (e.DayNumber - s.DayNumber > LongestDays)
            {
                errors.Add("measure.endsOn", "A measure runs for at most three years: record a new one to go on.");
            }
            if (interim is { } i && (i <= s || i > e))
            {
                errors.Add("measure.interimReviewOn", $"The interim review ({i:yyyy-MM-dd}) falls after the start and no later than the end.");
            }
        }
        var outcome = MeasureOutcome.DetectionRate;
        if (!string.IsNullOrWhiteSpace(input.ExpectedOutcome) && !TryOutcome(input.ExpectedOutcome, out outcome))
        {
            errors.Add("measure.expectedOutcome", $"'{input.ExpectedOutcome}' is not an outcome a measure is evaluated on: detection-rate or inspection-rate.");
        }
        if (input.ExpectedPoints is not { } points || !double.IsFinite(points) || points is < -100 or > 100)
        {
            errors.Add("measure.expectedPoints", "Give the expected effect in percentage points, -100 to 100 (5 for five points more).");
            points = 0;
        }
        var marking = Tlp.Amber;
        if (!string.IsNullOrWhiteSpace(input.Marking) && !TlpText.TryParse(input.Marking, out marking))
        {
            errors.Add("measure.marking", $"'{input.Marking}' is not a TLP marking: use TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT or TLP:RED.");
        }
        var caveats = input.Caveats is null ? Caveats.LawEnforcementOnly : CaveatsOf(input.Caveats, errors);
        var (criteria, operations, patrols) = await LinksAsync(db, agency, input, errors, ct);
        errors.ThrowIfAny();

        var own = await db.Agencies.Where(x => x.Id == agency).Select(x => x.Code).SingleAsync(ct);
        var count = await db.Measures.CountAsync(m => m.OwningAgencyId == agency, ct);
        var measure = new Measure
        {
            Reference = $"MEA-{own}-{count + 1:0000}", Title = title, Objective = objective, OwningAgencyId = agency, Marking = marking, Caveats = caveats,
            Offices = offices, HsPrefixes = hs, Origins = origins, Traders = traders, Routes = routes,
            CriteriaIds = criteria, OperationIds = operations, PatrolIds = patrols,
            StartsOn = starts!.Value, EndsOn = ends!.Value, InterimReviewOn = interim, ExpectedEffect = effect, ExpectedOutcome = outcome, ExpectedPoints = points,
            Status = MeasureStatus.Active, CreatedAt = now, CreatedBy = actor.Name, UpdatedAt = now, UpdatedBy = actor.Name,
        };
        db.Measures.Add(measure);
        await db.SaveChangesAsync(ct);
        return await ViewAsync(db, measure, actor, now, ct);
    }

    /// <summary>The linked criteria, operations and patrol plans: each must exist and be the agency's own (or, for an operation, one it takes part in).</summary>
    private static async Task<(List<Guid> Criteria, List<Guid> Operations, List<Guid> Patrols)> LinksAsync(CordonDb db, Guid agency, MeasureInput input, FieldErrors errors, CancellationToken ct)
    {
        var criteria = (input.Criteria ?? []).Distinct().ToList();
        var operations = (input.Operations ?? []).Distinct().ToList();
        var patrols = (input.Patrols ?? []).Distinct().ToList();
        foreach (var (field, list) in new[] { ("measure.criteria", criteria), ("measure.operations", operations), ("measure.patrols", patrols) })
        {
            if (list.Count > MeasureLimits.Links)
            {
                errors.Add(field, $"A measure links at most {MeasureLimits.Links} records of a kind.");
            }
        }
        var ownCriteria = await db.RiskCriteria.AsNoTracking().Where(c => criteria.Contains(c.Id) && c.OwningAgencyId == agency).Select(c => c.Id).ToListAsync(ct);
        foreach (var id in criteria.Except(ownCriteria))
        {
            errors.Add("measure.criteria", $"No risk criterion {id} of your agency.");
        }
        var code = await db.Agencies.Where(x => x.Id == agency).Select(x => x.Code).SingleAsync(ct);
        var foundOperations = await db.Operations.AsNoTracking().Where(o => operations.Contains(o.Id)).Select(o => new { o.Id, o.OwningAgencyId, o.Participants }).ToListAsync(ct);
        var ownOperations = foundOperations.Where(o => o.OwningAgencyId == agency || o.Participants.Contains(code)).Select(o => o.Id).ToList();
        foreach (var id in operations.Except(ownOperations))
        {
            errors.Add("measure.operations", $"No operation {id} that your agency leads or takes part in.");
        }
        var foundPatrols = await db.Patrols.AsNoTracking().Where(p => patrols.Contains(p.Id)).Select(p => new { p.Id, p.OwningAgencyId, p.OperationId }).ToListAsync(ct);
        var ownPatrols = foundPatrols.Where(p => p.OwningAgencyId == agency || ownOperations.Contains(p.OperationId)).Select(p => p.Id).ToList();
        foreach (var id in patrols.Except(ownPatrols))
        {
            errors.Add("measure.patrols", $"No patrol plan {id} of your agency or of an operation the measure links.");
        }
        return (criteria, operations, patrols);
    }

    /// <summary>
    /// Records an interim review or the final assessment with its decision. An interim review sets the next one (or none);
    /// "stop" ends the measure that day; the final assessment closes it. The estimate of the expected outcome at that moment is kept with the review.
    /// </summary>
    public static async Task<MeasureReport> ReviewAsync(CordonDb db, Actor actor, Guid id, MeasureReviewInput input, DateTimeOffset now, CancellationToken ct = default)
    {
        var measure = await db.Measures.FirstOrDefaultAsync(m => m.Id == id, ct) ?? throw new NotFound($"No measure {id}.");
        if (actor.Kind != ActorKind.LocalOperator && (actor.AgencyId != measure.OwningAgencyId || (actor.Roles & Writers) == 0))
        {
            throw new Forbidden("Reviewing a measure is for its owner's analysts and supervisors.");
        }
        if (measure.Status == MeasureStatus.Closed)
        {
            throw new Conflict($"Measure {measure.Reference} is closed: its final assessment is recorded.");
        }
        var today = Today(now);
        var errors = new FieldErrors();
        var kind = MeasureReviewKind.Interim;
        if (!Enum.TryParse(input.Kind?.Trim(), true, out kind) || !Enum.IsDefined(kind))
        {
            errors.Add("review.kind", $"'{input.Kind}' is not a kind of review: interim or final.");
        }
        var decision = MeasureDecision.Continue;
        if (!Enum.TryParse(input.Decision?.Trim(), true, out decision) || !Enum.IsDefined(decision))
        {
            errors.Add("review.decision", $"'{input.Decision}' is not a decision: continue, change or stop.");
        }
        var text = Text(input.Text, MeasureLimits.ReviewText, out var ok);
        if (!ok)
        {
            errors.Add("review.text", $"Say what the review found and why, in 1 to {MeasureLimits.ReviewText} characters.");
        }
        if (input.NextReviewOn is { } next && (next <= today || next > measure.EndsOn))
        {
            errors.Add("review.nextReviewOn", $"The next interim review ({next:yyyy-MM-dd}) falls after today and no later than the measure's end ({measure.EndsOn:yyyy-MM-dd}).");
        }
        errors.ThrowIfAny();
        if (kind == MeasureReviewKind.Final && measure.Status == MeasureStatus.Active && today < measure.EndsOn && decision != MeasureDecision.Stop)
        {
            throw new Conflict($"Measure {measure.Reference} runs until {measure.EndsOn:yyyy-MM-dd}: record an interim review, or a final assessment that stops it.");
        }

        var evaluation = await MeasureEvaluator.EvaluateAsync(db, actor, measure, today, ct);
        var estimate = measure.ExpectedOutcome == MeasureOutcome.DetectionRate ? evaluation.Detection : evaluation.Inspection;
        db.MeasureReviews.Add(new MeasureReview
        {
            MeasureId = measure.Id, Kind = kind, Decision = decision, Text = text, ReviewedBy = actor.Name, ReviewedAt = now,
            EstimatePoints = estimate?.Points, LowPoints = estimate?.Low, HighPoints = estimate?.High,
        });
        if (decision == MeasureDecision.Stop && measure.Status == MeasureStatus.Active)
        {
            // Stopped today: the evaluation's "during" period ends here.
            measure.EndsOn = today < measure.EndsOn ? (today > measure.StartsOn ? today : measure.StartsOn.AddDays(1)) : measure.EndsOn;
            measure.Status = MeasureStatus.Stopped;
        }
        measure.InterimReviewOn = kind == MeasureReviewKind.Interim && decision != MeasureDecision.Stop ? input.NextReviewOn : null;
        if (kind == MeasureReviewKind.Final)
        {
            measure.Status = MeasureStatus.Closed;
        }
        measure.UpdatedAt = now;
        measure.UpdatedBy = actor.Name;
        AuditLog.Append(db, new AuditEvent(AuditActor.Of(actor), "measure.review")
        {
            RecordType = RecordTypes.Measure, RecordId = measure.Id.ToString(), RecordAgencyId = measure.OwningAgencyId,
            Details = new { kind = Name(kind), decision = Name(decision), estimate = estimate?.Points, low = estimate?.Low, high = estimate?.High },
        });
        await db.SaveChangesAsync(ct);
        var view = await ViewAsync(db, measure, actor, now, ct);
        return new MeasureReport(view, await MeasureEvaluator.EvaluateAsync(db, actor, measure, today, ct));
    }

    /// <summary>The measures the reader may see (own, and others' as agreements allow), without their evaluation.</summary>
    public static async Task<List<MeasureView>> ListAsync(CordonDb db, AccessPolicy policy, DateTimeOffset now, CancellationToken ct = default)
    {
        Readable(policy.Actor);
        var rows = await policy.Filter(db.Measures.AsNoTracking(), RecordTypes.Measure).OrderByDescending(m => m.StartsOn).ThenBy(m => m.Reference).ToListAsync(ct);
        var codes = await AgencyCodes.ByIdAsync(db, ct);
        var today = Today(now);
        return await SharedReads.ViewsAsync(db, policy, rows, Ref, m => Summary(m, codes.GetValueOrDefault(m.OwningAgencyId) ?? "", today, [], [], [], []), "list", ct);
    }

    /// <summary>One measure read under the policy (audited; a denial names the missing agreement), with its evaluation counted for the reader.</summary>
    public static async Task<MeasureReport> ReadAsync(CordonDb db, AccessPolicy policy, Guid id, string? breakGlass, DateTimeOffset now, CancellationToken ct = default)
    {
        Readable(policy.Actor);
        var measure = await db.Measures.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct) ?? throw new NotFound($"No measure {id}.");
        var decision = await SharedReads.AuthorizeAsync(db, policy, Ref(measure), breakGlass, ct);
        var view = Redaction.Clear(await ViewAsync(db, measure, policy.Actor, now, ct), decision.RedactedFields);
        return new MeasureReport(view, await MeasureEvaluator.EvaluateAsync(db, policy.Actor, measure, Today(now), ct));
    }

    private static void Readable(Actor actor)
    {
        if (actor.Kind != ActorKind.LocalOperator && (actor.AgencyId is null || (actor.Roles & Readers) == 0))
        {
            throw new Forbidden("Measures and their evaluation are for analysts, supervisors and agency administrators.");
        }
    }

    /// <summary>The full view; linked records are named only for a reader of the owning agency (null reader: the view as it leaves).</summary>
    public static async Task<MeasureView> ViewAsync(CordonDb db, Measure m, Actor? reader, DateTimeOffset now, CancellationToken ct)
    {
        var owner = await db.Agencies.Where(a => a.Id == m.OwningAgencyId).Select(a => a.Code).SingleAsync(ct);
        var named = reader is not null && (reader.AgencyId == m.OwningAgencyId || reader.Kind == ActorKind.LocalOperator);
        var (cIds, oIds, pIds) = (m.CriteriaIds, m.OperationIds, m.PatrolIds);
        var criteria = named ? await db.RiskCriteria.AsNoTracking().Where(c => cIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct) : [];
        var operations = named ? await db.Operations.AsNoTracking().Where(o => oIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct) : [];
        var patrols = named ? await db.Patrols.AsNoTracking().Where(p => pIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct) : [];
        var reviews = await db.MeasureReviews.AsNoTracking().Where(r => r.MeasureId == m.Id).OrderBy(r => r.ReviewedAt).ToListAsync(ct);
        return Summary(m, owner, Today(now), Links(cIds, criteria), Links(oIds, operations), Links(pIds, patrols),
            reviews.Select(r => new MeasureReviewView(r.Id, Name(r.Kind), Name(r.Decision), r.Text, r.ReviewedBy, r.ReviewedAt, r.EstimatePoints, r.LowPoints, r.HighPoints)).ToList());
    }

    private static List<MeasureLink> Links(List<Guid> ids, Dictionary<Guid, string> names) => ids.Select(i => new MeasureLink(i, names.GetValueOrDefault(i))).ToList();

    private static MeasureView Summary(Measure m, string owner, DateOnly today, IReadOnlyList<MeasureLink> criteria, IReadOnlyList<MeasureLink> operations,
        IReadOnlyList<MeasureLink> patrols, IReadOnlyList<MeasureReviewView> reviews)
        => new(m.Id, m.Reference, m.Title, m.Objective, owner, m.Marking.Label(), m.Caveats.Names(), m.Offices, m.HsPrefixes, m.Origins, m.Traders, m.Routes,
            criteria.Count > 0 ? criteria : m.CriteriaIds.Select(i => new MeasureLink(i, null)).ToList(),
            operations.Count > 0 ? operations : m.OperationIds.Select(i => new MeasureLink(i, null)).ToList(),
            patrols.Count > 0 ? patrols : m.PatrolIds.Select(i => new MeasureLink(i, null)).ToList(),
            m.StartsOn, m.EndsOn, m.InterimReviewOn, m.ExpectedEffect, MeasureEvaluator.EnumName(m.ExpectedOutcome), m.ExpectedPoints, Name(m.Status),
            InterimDue(m, today), FinalDue(m, today), reviews, m.CreatedBy, m.UpdatedBy);

    public static bool InterimDue(Measure m, DateOnly today) => m.Status == MeasureStatus.Active && m.InterimReviewOn is { } due && due <= today;

    public static bool FinalDue(Measure m, DateOnly today) => m.Status == MeasureStatus.Stopped || (m.Status == MeasureStatus.Active && m.EndsOn < today);

    public static string Name<T>(T value) where T : struct, Enum => EnumText.Kebab(value);

    public static bool TryOutcome(string? text, out MeasureOutcome outcome)
    {
        var t = (text ?? "").Trim().ToLowerInvariant();
        outcome = t == "inspection-rate" ? MeasureOutcome.InspectionRate : MeasureOutcome.DetectionRate;
        return t is "detection-rate" or "inspection-rate";
    }

    private static string Text(string? given, int max, out bool ok)
    {
        var t = (given ?? "").Trim();
        ok = t.Length > 0 && t.Length <= max;
        return t;
    }

    /// <summary>The codes given, trimmed, upper-cased and once each; those not matching <paramref name="pattern"/> come back in <paramref name="bad"/>.</summary>
    private static List<string> Codes(string?[]? given, string field, Regex pattern, FieldErrors errors, out List<string> bad)
    {
        var codes = (given ?? []).Select(c => (c ?? "").Trim().ToUpperInvariant()).Where(c => c.Length > 0).Distinct().ToList();
        bad = [];
        if (codes.Count > MeasureLimits.ScopeItems)
        {
            errors.Add(field, $"A scope names at most {MeasureLimits.ScopeItems} values of a kind.");
            return [];
        }
        bad = codes.Where(c => !pattern.IsMatch(c)).ToList();
        return codes.Where(c => pattern.IsMatch(c)).ToList();
    }

    private static Caveats CaveatsOf(IEnumerable<string?> given, FieldErrors errors)
    {
        var caveats = Caveats.None;
        foreach (var c in given.Where(c => !string.IsNullOrWhiteSpace(c) && !c.Trim().Equals("none", StringComparison.OrdinalIgnoreCase)))
        {
            if (CaveatText.TryParse(c, out var one))
            {
                caveats |= one;
            }
            else
            {
                errors.Add("measure.caveats", $"'{c}' is not a caveat: no-onward-sharing, law-enforcement-only, personal-data.");
            }
        }
        return caveats;
    }

    [GeneratedRegex("^[A-Z]{2}[A-Z0-9]{1,15}$")]
    private static partial Regex OfficeCode();

    [GeneratedRegex("^[0-9]{2,10}$")]
    private static partial Regex HsPrefix();

    [GeneratedRegex("^[A-Z]{2}$")]
    private static partial Regex Alpha2();

    [GeneratedRegex("^[A-Z0-9]{1,35}$")]
    private static partial Regex TraderCode();

    [GeneratedRegex("^[A-Z]{2}[A-Z0-9]{3}-[A-Z]{2}[A-Z0-9]{3}$")]
    private static partial Regex RouteCode();
}
