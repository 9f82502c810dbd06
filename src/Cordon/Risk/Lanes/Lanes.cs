using System.Text.Json;
using Cordon.Audit;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Risk.Criteria;
using Cordon.Risk.Features;
using Cordon.Risk.Language;
using Cordon.Risk.Model;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Risk.Lanes;

public sealed record CriteriaPart(double Score, int Evaluated, IReadOnlyList<FiredCriterion> Fired, IReadOnlyList<CriterionFailure> Failures);
public sealed record ModelPart(int Version, double Probability, double RevenueIfIrregular, double ExpectedRevenue, IReadOnlyList<FeatureContribution> TopFeatures);
/// <summary>Screening results as given on the declaration's facts; <see cref="Screened"/> false: no screening result was available.</summary>
public sealed record ScreeningPart(bool Screened, double? BlockHits, double? ReviewHits, double? MaxScore);

/// <summary>Everything that went into a lane decision.</summary>
public sealed record LaneExplanation(
    string Lane, string Reason, bool RandomPick, bool Forced, double Priority,
    CriteriaPart Criteria, ModelPart? Model, string? ModelAbsent, ScreeningPart Screening, CapacityUse Capacity, IReadOnlyList<string> Referrals);

public sealed record LaneDecisionView(Guid Id, Guid DeclarationId, string DeclarationNumber, string Office, DateOnly LodgedOn, string Lane, bool RandomPick, bool Forced,
    int? ModelVersion, double? Probability, double? ExpectedRevenue, double CriteriaScore, double Priority, IReadOnlyList<string> Referrals,
    LaneExplanation Explanation, DateTimeOffset DecidedAt, string DecidedBy)
{
    public static LaneDecisionView Of(LaneDecision d) => new(d.Id, d.DeclarationId, d.DeclarationNumber, d.Office, d.LodgedOn, d.Lane.Name(), d.RandomPick, d.Forced,
        d.ModelVersion, d.Probability, d.ExpectedRevenue, d.CriteriaScore, d.Priority,
        d.Referrals.Length == 0 ? [] : d.Referrals.Split(','), JsonSerializer.Deserialize<LaneExplanation>(d.Explanation, RiskModels.Json)!, d.DecidedAt, d.DecidedBy);
}

public sealed record LaneRunSummary(int Decided, int AlreadyDecided, int Green, int Yellow, int Red, int Blue, int RandomPicks, int Forced, int Offices, int? ModelVersion, int Criteria);

/// <summary>Assigning lanes to stored declarations, and reading the decisions.</summary>
public static class Lanes
{
    private sealed record Pending(RiskRow Row, LaneCandidate Candidate, ModelPart? Model, ScreeningPart Screening);

    private static readonly int BlockHits = FeatureCatalog.Screening.Find("block_hits")!.Index;
    private static readonly int ReviewHits = FeatureCatalog.Screening.Find("review_hits")!.Index;
    private static readonly int MaxScore = FeatureCatalog.Screening.Find("max_score")!.Index;

    /// <summary>
    /// Chooses lanes for the agency's declarations lodged in [<paramref name="from"/>, <paramref name="to"/>] that have none yet,
    /// office by office and day by day, with the active criteria and model. Features use only declarations before each
    /// one's date and outcomes learnt before <paramref name="from"/>. Re-running decides only what is still undecided.
    /// </summary>
    public static async Task<LaneRunSummary> AssignAsync(CordonDb db, Actor actor, Guid agencyId, DateOnly from, DateOnly to, string? office = null,
        LaneOptions? options = null, Func<PassProgress, Task>? progress = null, CancellationToken ct = default)
    {
        options ??= LaneOptions.Default;
        if (actor.Kind != ActorKind.LocalOperator && (actor.AgencyId != agencyId || (actor.Roles & (Roles.Supervisor | Roles.Analyst | Roles.Operator)) == 0))
        {
            throw new Forbidden("Assigning lanes is for the agency's supervisors, analysts and operators.");
        }
        if (to < from)
        {
            throw ValidationFailed.Field("to", "The period ends before it starts.");
        }
        var active = await RiskModels.ActiveAsync(db, agencyId, ct);
        var criteria = await RiskCriteria.LiveSetAsync(db, agencyId, ct);
        var capacities = await db.OfficeCapacities.AsNoTracking().Where(c => c.OwningAgencyId == agencyId).ToDictionaryAsync(c => c.Office, ct);
        var decided = (await db.LaneDecisions.Where(d => d.OwningAgencyId == agencyId && d.LodgedOn >= from && d.LodgedOn <= to)
            .Select(d => d.DeclarationId).ToListAsync(ct)).ToHashSet();

        // Screening results of the period's declarations: a block-band hit forces red. A declaration still waiting in the
        // screening backlog counts as not screened; one screened without open or confirmed hits has none.
        var inRange = db.Declarations.Where(d => d.OwningAgencyId == agencyId && d.LodgedOn >= from && d.LodgedOn <= to).Select(d => d.Id);
        var hits = (await db.ScreeningHits.AsNoTracking()
                .Where(h => h.RecordType == Sharing.RecordTypes.Declaration && (h.Status == Screening.Hits.HitStatus.Open || h.Status == Screening.Hits.HitStatus.Confirmed) && inRange.Contains(h.RecordId))
                .Select(h => new { h.RecordId, h.Band, h.Score }).ToListAsync(ct))
            .GroupBy(h => h.RecordId).ToDictionary(g => g.Key, g => (Block: g.Count(h => h.Band == "block"), Review: g.Count(h => h.Band != "block"), Max: g.Max(h => h.Score)));
        var waiting = (await db.ScreeningBacklog.AsNoTracking().Where(e => inRange.Contains(e.RecordId)).Select(e => e.RecordId).ToListAsync(ct)).ToHashSet();

        var history = new FeatureHistory(outcomesKnownBefore: from);
        var scope = new EvaluationScope();
        var pending = new List<Pending>();
        var faults = new List<(CriterionFailure, string)>();
        var total = await db.Declarations.CountAsync(d => d.OwningAgencyId == agencyId && d.LodgedOn <= to, ct);
        long done = 0;
        var x = new float[ModelInput.Count];
        await foreach (var chunk in RiskData.ChunksAsync(db, null, to, agencyId, options.AuthorisedOperators, ct))
        {
            history.Run(chunk, row =>
            {
                if (row.LodgedOn < from || decided.Contains(row.Id) || (office is not null && row.Facts.Office != office))
                {
                    return;
                }
                var facts = row.Facts;
                if (!waiting.Contains(row.Id))
                {
                    var h = hits.GetValueOrDefault(row.Id);
                    facts.Screening.Set(BlockHits, h.Block);
                    facts.Screening.Set(ReviewHits, h.Review);
                    facts.Screening.Set(MaxScore, h.Max);
                }
                var outcome = criteria.Evaluate(facts, history, scope);
                foreach (var failure in outcome.Failures)
                {
                    faults.Add((failure, facts.Number));
                }
                ModelPart? modelPart = null;
                ModelScore? score = null;
                if (active is { } a)
                {
                    ModelInput.Fill(facts, x);
                    var s = a.Model.Score(x);
                    score = s;
                    modelPart = new ModelPart(a.Version, Math.Round(s.Probability, 4), Math.Round(s.RevenueIfIrregular, 2), Math.Round(s.ExpectedRevenue, 2), a.Model.Contributions(x));
                }
                var block = facts.Screening[BlockHits];
                var screening = new ScreeningPart(!double.IsNaN(block), Known(block), Known(facts.Screening[ReviewHits]), Known(facts.Screening[MaxScore]));
                var aeo = facts.Parties.Any(p => p.Aeo);
                pending.Add(new Pending(row, new LaneCandidate(row.Id, outcome, score, double.IsNaN(block) ? 0 : block, aeo), modelPart, screening));
            });
            done += chunk.Count;
            if (progress is not null)
            {
                await progress(new PassProgress(done, total, "computing features and scores"));
            }
        }

        int green = 0, yellow = 0, red = 0, blue = 0, random = 0, forced = 0;
        var now = db.Clock.GetUtcNow();
        var groups = pending.GroupBy(p => (p.Row.Facts.Office, p.Row.LodgedOn)).OrderBy(g => g.Key.LodgedOn).ThenBy(g => g.Key.Office, StringComparer.Ordinal).ToList();
        var batch = 0;
        var toInspect = new List<(Guid Declaration, Lane Lane, string Reason)>();
        // The lane goes to the declarant of a CUSDEC as a CUSRES, committed with the decision it reports.
        var toAnswer = new List<(Guid, TradeMessages.ClearanceStatus)>();
        foreach (var group in groups)
        {
            var day = group.ToList();
            var n = day.Count;
            var (redCapacity, yellowCapacity) = capacities.TryGetValue(group.Key.Office, out var cap)
                ? (cap.RedPerDay, cap.YellowPerDay)
                : ((int)Math.Ceiling(n * options.DefaultRedShare), (int)Math.Ceiling(n * options.DefaultYellowShare));
            var (choices, use) = LaneAssigner.Assign(day.Select(p => p.Candidate).ToList(), redCapacity, yellowCapacity, options);
            for (var i = 0; i < n; i++)
            {
                var p = day[i];
                var c = choices[i];
                var o = p.Candidate.Criteria;
                var explanation = new LaneExplanation(c.Lane.Name(), c.Reason, c.Random, c.Forced, Math.Round(c.Priority, 2),
                    new CriteriaPart(o.Score, o.Evaluated, o.Fired, o.Failures), p.Model, active is null ? "No model is active for the agency: criteria and exploration only." : null,
                    p.Screening, use, c.Referrals);
                var stored = new LaneDecision
                {
                    DeclarationId = p.Row.Id,
                    OwningAgencyId = agencyId,
                    Office = p.Row.Facts.Office,
                    DeclarationNumber = p.Row.Facts.Number,
                    LodgedOn = p.Row.LodgedOn,
                    Lane = c.Lane,
                    RandomPick = c.Random,
                    Forced = c.Forced,
                    ModelVersion = p.Model?.Version,
                    Probability = p.Model?.Probability,
                    ExpectedRevenue = p.Model?.ExpectedRevenue,
                    CriteriaScore = o.Score,
                    Priority = Math.Round(c.Priority, 2),
                    Referrals = string.Join(',', c.Referrals),
                    Explanation = JsonSerializer.Serialize(explanation, RiskModels.Json),
                    DecidedAt = now,
                    DecidedBy = actor.Name,
                };
                db.LaneDecisions.Add(stored);
                RaiseReferrals(db, stored, o, p.Row.Facts);
                toAnswer.Add((p.Row.Id, TradeMessages.ClearanceStatus.ForLane(c.Lane)));
                if (c.Lane is Lane.Red or Lane.Yellow)
                {
                    toInspect.Add((p.Row.Id, c.Lane, c.Reason));
                }
                switch (c.Lane)
                {
                    case Lane.Green: green++; break;
                    case Lane.Yellow: yellow++; break;
                    case Lane.Red: red++; break;
                    case Lane.Blue: blue++; break;
                }
                if (c.Random) random++;
                if (c.Forced) forced++;
                if (++batch >= 2_000)
                {
                    await TradeMessages.ClearanceAnswers.StageAsync(db, agencyId, toAnswer, now, ct);
                    toAnswer.Clear();
                    await db.SaveChangesAsync(ct);
                    db.ChangeTracker.Clear();
                    batch = 0;
                }
            }
        }
        var summary = new LaneRunSummary(pending.Count, decided.Count, green, yellow, red, blue, random, forced,
            groups.Select(g => g.Key.Office).Distinct().Count(), active?.Version, criteria.Count);
        AuditLog.Append(db, new AuditEvent(AuditActor.Of(actor), "risk.lanes.assign")
        {
            RecordType = RecordTypesLane, RecordAgencyId = agencyId,
            Details = new { from, to, office, summary.Decided, summary.Red, summary.Yellow, summary.Blue, summary.Green, summary.RandomPicks, summary.ModelVersion },
        });
        await TradeMessages.ClearanceAnswers.StageAsync(db, agencyId, toAnswer, now, ct);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        await CriterionFaults.ReportAsync(db, agencyId, faults, ct);
        db.ChangeTracker.Clear();
        // No declaration in a red or yellow lane is released without a recorded outcome: each gets its inspection now.
        foreach (var (declaration, lane, reason) in toInspect)
        {
            await Cases.Inspections.OpenForLaneAsync(db, actor, declaration, lane, $"{lane.Name()} lane: {reason}", ct);
            db.ChangeTracker.Clear();
        }
        return summary;
    }

    private const string RecordTypesLane = Sharing.RecordTypes.LaneDecision;

    /// <summary>
    /// A criterion whose action refers the declaration to an agency raises one <c>criterion.referral</c> alert per agency,
    /// in the caller's change tracker: it commits with the lane decision or not at all. Subscribers of the referred agency
    /// receive it under the access policy (an agreement sharing the owner's alerts with them); shadow criteria refer nobody.
    /// </summary>
    internal static void RaiseReferrals(CordonDb db, LaneDecision decision, CriteriaOutcome outcome, DeclarationFacts facts)
    {
        foreach (var agency in outcome.Referrals)
        {
            var by = outcome.Fired.Where(f => !f.Shadow && f.ReferTo == agency).ToList();
            var names = string.Join(", ", by.Select(f => $"'{f.Name}' v{f.Version}"));
            var item = by.SelectMany(f => f.Items).Select(n => facts.Items.FirstOrDefault(i => i.Number == n)).FirstOrDefault(i => i is not null) ?? facts.Items.FirstOrDefault();
            Alerting.Alerts.Raise(db, new Alerting.AlertDraft(Alerting.AlertKinds.CriterionReferral,
                $"Referral to {agency}: declaration {decision.DeclarationNumber} at {decision.Office}", decision.OwningAgencyId, decision.Marking)
            {
                RecordType = RecordTypesLane,
                RecordId = decision.Id.ToString(),
                Severity = decision.Lane == Lane.Red ? Alerting.AlertSeverity.High : Alerting.AlertSeverity.Medium,
                Office = decision.Office,
                Commodity = item?.HsCode,
                ReferredTo = agency,
                Summary = $"Criteria {names} refer declaration {decision.DeclarationNumber} (lodged {decision.LodgedOn:yyyy-MM-dd}, {decision.Lane.Name()} lane) to {agency}.",
                Data = new
                {
                    referredTo = agency, declarationId = decision.DeclarationId, number = decision.DeclarationNumber, lane = decision.Lane.Name(),
                    lodgedOn = decision.LodgedOn, criteria = by.Select(f => new { f.Id, f.Name, f.Version }).ToList(),
                },
            });
        }
    }

    private static double? Known(double v) => double.IsNaN(v) ? null : v;

    /// <summary>Sets an office's daily capacity (physical inspections and documentary checks).</summary>
    public static async Task<OfficeCapacity> SetCapacityAsync(CordonDb db, Actor actor, Guid agencyId, string office, int red, int yellow, CancellationToken ct = default)
    {
        if (actor.Kind != ActorKind.LocalOperator && (actor.AgencyId != agencyId || (actor.Roles & (Roles.Supervisor | Roles.Operator)) == 0))
        {
            throw new Forbidden("Office capacity is set by the agency's supervisors.");
        }
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(office) || office.Length > Declarations.DeclarationLimits.Code) errors.Add("office", "An office code is required (at most 35 characters).");
        if (red is < 0 or > 100_000) errors.Add("red", "Red capacity must be 0–100000 per day.");
        if (yellow is < 0 or > 100_000) errors.Add("yellow", "Yellow capacity must be 0–100000 per day.");
        errors.ThrowIfAny();
        var row = await db.OfficeCapacities.SingleOrDefaultAsync(c => c.OwningAgencyId == agencyId && c.Office == office, ct);
        if (row is null)
        {
            row = new OfficeCapacity { OwningAgencyId = agencyId, Office = office.Trim().ToUpperInvariant(), UpdatedBy = actor.Name };
            db.OfficeCapacities.Add(row);
        }
        row.RedPerDay = red;
        row.YellowPerDay = yellow;
        row.UpdatedAt = db.Clock.GetUtcNow();
        row.UpdatedBy = actor.Name;
        AuditLog.Append(db, new AuditEvent(AuditActor.Of(actor), "risk.capacity.set") { RecordType = "office-capacity", RecordId = row.Office, RecordAgencyId = agencyId, Details = new { red, yellow } });
        await db.SaveChangesAsync(ct);
        return row;
    }
}
