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
        var run = new Run(agencyId, from, to, office, options, await RiskModels.ActiveAsync(db, agencyId, ct), await RiskCriteria.LiveSetAsync(db, agencyId, ct),
            (await db.LaneDecisions.Where(d => d.OwningAgencyId == agencyId && d.LodgedOn >= from && d.LodgedOn <= to)
                .Select(d => d.DeclarationId).ToListAsync(ct)).ToHashSet());
        await ScoreAsync(db, run, progress, ct);
        var tally = await DecideAsync(db, actor, run, ct);
        var summary = new LaneRunSummary(run.Pending.Count, run.Decided.Count, tally.Green, tally.Yellow, tally.Red, tally.Blue, tally.Random, tally.Forced,
            tally.Offices, run.Active?.Version, run.Criteria.Count);
        AuditLog.Append(db, new AuditEvent(AuditActor.Of(actor), "risk.lanes.assign")
        {
            RecordType = RecordTypesLane, RecordAgencyId = agencyId,
            Details = new { from, to, office, summary.Decided, summary.Red, summary.Yellow, summary.Blue, summary.Green, summary.RandomPicks, summary.ModelVersion },
        });
        await TradeMessages.ClearanceAnswers.StageAsync(db, agencyId, tally.ToAnswer, tally.Now, ct);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        await CriterionFaults.ReportAsync(db, agencyId, run.Faults, ct);
        db.ChangeTracker.Clear();
        // No declaration in a red or yellow lane is released without a recorded outcome: each gets its inspection now.
        foreach (var (declaration, lane, reason) in tally.ToInspect)
        {
            await Cases.Inspections.OpenForLaneAsync(db, actor, declaration, lane, $"{lane.Name()} lane: {reason}", ct);
            db.ChangeTracker.Clear();
        }
        return summary;
    }

    /// <summary>One lane run: what it decides with, and the candidates its feature pass found.</summary>
    private sealed record Run(Guid AgencyId, DateOnly From, DateOnly To, string? Office, LaneOptions Options, (RiskModel Model, int Version)? Active,
        CriteriaSet Criteria, HashSet<Guid> Decided)
    {
        public List<Pending> Pending { get; } = [];
        public List<(CriterionFailure, string)> Faults { get; } = [];
    }

    /// <summary>
    /// The feature pass: every undecided declaration of the period (and office) with its screening results, criteria outcome and
    /// model score. Features use only declarations before each one's date and outcomes learnt before the period.
    /// </summary>
    private static async Task ScoreAsync(CordonDb db, Run run, Func<PassProgress, Task>? progress, CancellationToken ct)
    {
        var (hits, waiting) = await ScreeningAsync(db, run, ct);
        var history = new FeatureHistory(outcomesKnownBefore: run.From);
        var scope = new EvaluationScope();
        var total = await db.Declarations.CountAsync(d => d.OwningAgencyId == run.AgencyId && d.LodgedOn <= run.To, ct);
        long done = 0;
        var x = new float[ModelInput.Count];
        await foreach (var chunk in RiskData.ChunksAsync(db, null, run.To, run.AgencyId, run.Options.AuthorisedOperators, ct))
        {
            history.Run(chunk, row =>
            {
                if (row.LodgedOn < run.From || run.Decided.Contains(row.Id) || (run.Office is not null && row.Facts.Office != run.Office))
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
                var outcome = run.Criteria.Evaluate(facts, history, scope);
                foreach (var failure in outcome.Failures)
                {
                    run.Faults.Add((failure, facts.Number));
                }
                ModelPart? modelPart = null;
                ModelScore? score = null;
                if (run.Active is { } a)
                {
                    ModelInput.Fill(facts, x);
                    var s = a.Model.Score(x);
                    score = s;
                    modelPart = new ModelPart(a.Version, Math.Round(s.Probability, 4), Math.Round(s.RevenueIfIrregular, 2), Math.Round(s.ExpectedRevenue, 2), a.Model.Contributions(x));
                }
                var block = facts.Screening[BlockHits];
                var screening = new ScreeningPart(!double.IsNaN(block), Known(block), Known(facts.Screening[ReviewHits]), Known(facts.Screening[MaxScore]));
                var aeo = facts.Parties.Any(p => p.Aeo);
                run.Pending.Add(new Pending(row, new LaneCandidate(row.Id, outcome, score, double.IsNaN(block) ? 0 : block, aeo), modelPart, screening));
            });
            done += chunk.Count;
            if (progress is not null)
            {
                await progress(new PassProgress(done, total, "computing features and scores"));
            }
        }
    }

    /// <summary>
    /// Screening results of the period's declarations: a block-band hit forces red. A declaration still waiting in the
    /// screening backlog counts as not screened; one screened without open or confirmed hits has none.
    /// </summary>
    private static async Task<(Dictionary<Guid, (int Block, int Review, double Max)> Hits, HashSet<Guid> Waiting)> ScreeningAsync(CordonDb db, Run run, CancellationToken ct)
    {
        var inRange = db.Declarations.Where(d => d.OwningAgencyId == run.AgencyId && d.LodgedOn >= run.From && d.LodgedOn <= run.To).Select(d => d.Id);
        var hits = (await db.ScreeningHits.AsNoTracking()
                .Where(h => h.RecordType == Sharing.RecordTypes.Declaration && (h.Status == Screening.Hits.HitStatus.Open || h.Status == Screening.Hits.HitStatus.Confirmed) && inRange.Contains(h.RecordId))
                .Select(h => new { h.RecordId, h.Band, h.Score }).ToListAsync(ct))
            .GroupBy(h => h.RecordId).ToDictionary(g => g.Key, g => (Block: g.Count(h => h.Band == "block"), Review: g.Count(h => h.Band != "block"), Max: g.Max(h => h.Score)));
        var waiting = (await db.ScreeningBacklog.AsNoTracking().Where(e => inRange.Contains(e.RecordId)).Select(e => e.RecordId).ToListAsync(ct)).ToHashSet();
        return (hits, waiting);
    }

    /// <summary>What the decisions came to, and what follows from them once they are saved.</summary>
    private sealed class Tally(DateTimeOffset now)
    {
        public DateTimeOffset Now { get; } = now;
        public int Green, Yellow, Red, Blue, Random, Forced, Offices;
        public List<(Guid Declaration, Lane Lane, string Reason)> ToInspect { get; } = [];
        /// <summary>The lane goes to the declarant of a CUSDEC as a CUSRES, committed with the decision it reports.</summary>
        public List<(Guid, TradeMessages.ClearanceStatus)> ToAnswer { get; } = [];
    }

    /// <summary>Office by office and day by day, within each office's capacity: stores each candidate's lane decision with its explanation and referrals.</summary>
    private static async Task<Tally> DecideAsync(CordonDb db, Actor actor, Run run, CancellationToken ct)
    {
        var capacities = await db.OfficeCapacities.AsNoTracking().Where(c => c.OwningAgencyId == run.AgencyId).ToDictionaryAsync(c => c.Office, ct);
        var tally = new Tally(db.Clock.GetUtcNow());
        var groups = run.Pending.GroupBy(p => (p.Row.Facts.Office, p.Row.LodgedOn)).OrderBy(g => g.Key.LodgedOn).ThenBy(g => g.Key.Office, StringComparer.Ordinal).ToList();
        tally.Offices = groups.Select(g => g.Key.Office).Distinct().Count();
        var batch = 0;
        foreach (var group in groups)
        {
            var day = group.ToList();
            var n = day.Count;
            var (redCapacity, yellowCapacity) = capacities.TryGetValue(group.Key.Office, out var cap)
                ? (cap.RedPerDay, cap.YellowPerDay)
                : ((int)Math.Ceiling(n * run.Options.DefaultRedShare), (int)Math.Ceiling(n * run.Options.DefaultYellowShare));
            var (choices, use) = LaneAssigner.Assign(day.Select(p => p.Candidate).ToList(), redCapacity, yellowCapacity, run.Options);
            for (var i = 0; i < n; i++)
            {
                Store(db, actor, run, tally, day[i], choices[i], use);
                if (++batch >= 2_000)
                {
                    await TradeMessages.ClearanceAnswers.StageAsync(db, run.AgencyId, tally.ToAnswer, tally.Now, ct);
                    tally.ToAnswer.Clear();
                    await db.SaveChangesAsync(ct);
                    db.ChangeTracker.Clear();
                    batch = 0;
                }
            }
        }
        return tally;
    }

    private static void Store(CordonDb db, Actor actor, Run run, Tally tally, Pending p, LaneChoice c, CapacityUse use)
    {
        var o = p.Candidate.Criteria;
        var explanation = new LaneExplanation(c.Lane.Name(), c.Reason, c.Random, c.Forced, Math.Round(c.Priority, 2),
            new CriteriaPart(o.Score, o.Evaluated, o.Fired, o.Failures), p.Model, run.Active is null ? "No model is active for the agency: criteria and exploration only." : null,
            p.Screening, use, c.Referrals);
        var stored = new LaneDecision
        {
            DeclarationId = p.Row.Id,
            OwningAgencyId = run.AgencyId,
            Office = p.Row.Facts.Office,
            DeclarationNumber = p.Row.Facts.Number,
            LodgedOn = p.Row.LodgedOn,
            Lane = c.Lane,
            RandomPick = c.Random,
            Forced = c.Forced,
            Aeo = p.Candidate.Aeo,
            ModelVersion = p.Model?.Version,
            Probability = p.Model?.Probability,
            ExpectedRevenue = p.Model?.ExpectedRevenue,
            CriteriaScore = o.Score,
            Priority = Math.Round(c.Priority, 2),
            Referrals = string.Join(',', c.Referrals),
            Explanation = JsonSerializer.Serialize(explanation, RiskModels.Json),
            DecidedAt = tally.Now,
            DecidedBy = actor.Name,
        };
        db.LaneDecisions.Add(stored);
        RaiseReferrals(db, stored, o, p.Row.Facts);
        tally.ToAnswer.Add((p.Row.Id, TradeMessages.ClearanceStatus.ForLane(c.Lane)));
        if (c.Lane is Lane.Red or Lane.Yellow)
        {
            tally.ToInspect.Add((p.Row.Id, c.Lane, c.Reason));
        }
        switch (c.Lane)
        {
            case Lane.Green: tally.Green++; break;
            case Lane.Yellow: tally.Yellow++; break;
            case Lane.Red: tally.Red++; break;
            case Lane.Blue: tally.Blue++; break;
        }
        if (c.Random) tally.Random++;
        if (c.Forced) tally.Forced++;
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
