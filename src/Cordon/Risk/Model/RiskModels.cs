using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Cordon.Audit;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Risk.Criteria;
using Cordon.Risk.Features;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Risk.Model;

/// <summary>The evaluation printed by <c>cordon risk evaluate --json</c>: exactly the shape the issue fixes.</summary>
public sealed record EvaluationReport(
    [property: JsonPropertyName("model")] RankingQuality Model,
    [property: JsonPropertyName("baselines")] EvaluationBaselines Baselines,
    [property: JsonPropertyName("train")] RowCount Train,
    [property: JsonPropertyName("test")] RowCount Test);

public sealed record EvaluationBaselines(
    [property: JsonPropertyName("random")] RankingQuality Random,
    [property: JsonPropertyName("criteria")] RankingQuality Criteria);

public sealed record RowCount([property: JsonPropertyName("rows")] int Rows);

/// <summary>A registry entry as listed (without the trees).</summary>
public sealed record RiskModelView(Guid Id, int Version, string Algorithm, DateOnly TrainFrom, DateOnly TrainUntil, int TrainingRows, int TrainingIrregular,
    IReadOnlyList<string> Features, HoldoutEvaluation? Evaluation, bool Active, double TrainingSeconds, DateTimeOffset TrainedAt, string TrainedBy,
    string Origin = "manual", PromotionDecision? Promotion = null)
{
    public static RiskModelView Of(RiskModelRecord m) => new(m.Id, m.Version, m.Algorithm, m.TrainFrom, m.TrainUntil, m.TrainingRows, m.TrainingIrregular,
        JsonSerializer.Deserialize<string[]>(m.Features) ?? [], m.Evaluation is null ? null : JsonSerializer.Deserialize<HoldoutEvaluation>(m.Evaluation, RiskModels.Json),
        m.Active, m.TrainingSeconds, m.TrainedAt, m.TrainedBy, m.Origin, m.Promotion is null ? null : JsonSerializer.Deserialize<PromotionDecision>(m.Promotion, RiskModels.Json));
}

/// <summary>How a model did on the weeks right before its training cut-off, trained without them.</summary>
public sealed record HoldoutEvaluation(DateOnly TrainUntil, DateOnly TestFrom, DateOnly TestTo, EvaluationReport Report);

/// <summary>Progress of a pass over stored declarations.</summary>
public readonly record struct PassProgress(long Done, long Total, Wording Stage);

/// <summary>Training, evaluation and the model registry.</summary>
public static class RiskModels
{
    public const string Algorithm = "lightgbm (ML.NET 5)";
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    /// <summary>Days before the training cut-off held out to measure a newly trained model.</summary>
    public const int HoldoutDays = 28;

    private sealed record TestRow(Guid Id, float[] X, KnownOutcome Outcome, double CriteriaScore, bool CriteriaRed);

    /// <summary>One feature history fed by the shared pass, and what it collects.</summary>
    private sealed class Collector(DateOnly trainUntil, DateOnly? testFrom, DateOnly? testTo, CriteriaSet? criteria)
    {
        public readonly FeatureHistory History = new(outcomesKnownBefore: trainUntil);
        public readonly List<(float[] X, KnownOutcome Outcome)> Train = [];
        public readonly List<TestRow> Test = [];
        public DateOnly? FirstTrainDay;
        private readonly Language.EvaluationScope _scope = new();

        public void Visit(RiskRow row)
        {
            var lodged = row.LodgedOn;
            if (row.Outcome is not { } outcome)
            {
                return;
            }
            if (lodged < trainUntil)
            {
                FirstTrainDay ??= lodged;
                Train.Add((ModelInput.Of(row.Facts), outcome));
            }
            else if (testFrom is { } f && testTo is { } t && lodged >= f && lodged <= t)
            {
                var c = criteria?.Evaluate(row.Facts, History, _scope) ?? CriteriaOutcome.Nothing;
                // The outcome is kept only to score the ranking afterwards; the history never learns it.
                Test.Add(new TestRow(row.Id, ModelInput.Of(row.Facts), outcome, c.Score, c.ForcedLane == Lane.Red));
            }
        }
    }

    /// <summary>
    /// Trains on outcomes of declarations lodged before <paramref name="trainUntil"/> and ranks those lodged in
    /// [<paramref name="testFrom"/>, <paramref name="testTo"/>]. The test window's outcomes are never learnt:
    /// not by the trees, not by the trader/route/HS6 history its features are computed from.
    /// </summary>
    public static async Task<EvaluationReport> EvaluateAsync(CordonDb db, Guid agencyId, DateOnly trainUntil, DateOnly testFrom, DateOnly testTo,
        CriteriaSet? criteria = null, TrainingOptions? options = null, Func<PassProgress, Task>? progress = null, CancellationToken ct = default)
        => (await EvaluateWithScoresAsync(db, agencyId, trainUntil, testFrom, testTo, criteria, options, progress, ct)).Report;

    /// <summary>The evaluation and the model's score (expected revenue) of each test declaration.</summary>
    internal static async Task<(EvaluationReport Report, IReadOnlyDictionary<Guid, double> Scores)> EvaluateWithScoresAsync(CordonDb db, Guid agencyId,
        DateOnly trainUntil, DateOnly testFrom, DateOnly testTo, CriteriaSet? criteria = null, TrainingOptions? options = null,
        Func<PassProgress, Task>? progress = null, CancellationToken ct = default)
    {
        if (testFrom < trainUntil)
        {
            throw ValidationFailed.Field("testFrom", $"The test window must start on or after --train-until ({trainUntil:yyyy-MM-dd}): it would overlap the training data.");
        }
        if (testTo < testFrom)
        {
            throw ValidationFailed.Field("testTo", "The test window ends before it starts.");
        }
        criteria ??= await RiskCriteria.LiveSetAsync(db, agencyId, ct);
        var collector = new Collector(trainUntil, testFrom, testTo, criteria);
        await PassAsync(db, agencyId, testTo, [collector], progress, ct);
        return Evaluate(collector, options, ct);
    }

    private static (EvaluationReport Report, IReadOnlyDictionary<Guid, double> Scores) Evaluate(Collector c, TrainingOptions? options, CancellationToken ct)
    {
        if (c.Test.Count == 0)
        {
            throw ValidationFailed.Field("testFrom", "No inspected declarations in the test window.");
        }
        var model = ModelTrainer.Train(c.Train, options);
        ct.ThrowIfCancellationRequested();
        var modelRanked = new List<Ranked>(c.Test.Count);
        var criteriaRanked = new List<Ranked>(c.Test.Count);
        var scores = new Dictionary<Guid, double>(c.Test.Count);
        foreach (var t in c.Test)
        {
            var tie = TieBreak(t.Id);
            var score = model.Score(t.X).ExpectedRevenue;
            scores[t.Id] = score;
            modelRanked.Add(new Ranked(score, t.Outcome.Illicit, t.Outcome.Revenue, tie));
            // Criteria rank forced-red first, then by summed weight; ties (most declarations score 0) in a fixed pseudo-random order.
            criteriaRanked.Add(new Ranked((t.CriteriaRed ? 1e9 : 0) + t.CriteriaScore, t.Outcome.Illicit, t.Outcome.Revenue, tie));
        }
        return (new EvaluationReport(RankingMetrics.Measure(modelRanked),
            new EvaluationBaselines(RankingMetrics.Random(modelRanked), RankingMetrics.Measure(criteriaRanked)),
            new RowCount(c.Train.Count), new RowCount(c.Test.Count)), scores);
    }

    /// <summary>
    /// Trains a model on every outcome of declarations lodged before <paramref name="until"/> (default: all),
    /// measures a twin trained without the last <see cref="HoldoutDays"/> days on those days, and stores it in the
    /// registry, active unless <paramref name="activate"/> is false.
    /// </summary>
    public static async Task<RiskModelView> TrainAsync(CordonDb db, Actor actor, Guid agencyId, DateOnly? until = null, bool activate = true,
        TrainingOptions? options = null, Func<PassProgress, Task>? progress = null, string origin = "manual", CancellationToken ct = default)
    {
        RequireAnalyst(actor, agencyId);
        var last = await db.Declarations.Where(d => d.OwningAgencyId == agencyId).MaxAsync(d => (DateOnly?)d.LodgedOn, ct)
            ?? throw ValidationFailed.Field("until", "The agency has no declarations to learn from.");
        var cutoff = until ?? last.AddDays(1);
        var holdoutFrom = cutoff.AddDays(-HoldoutDays);
        var final = new Collector(cutoff, null, null, null);
        var holdout = new Collector(holdoutFrom, holdoutFrom, cutoff.AddDays(-1), await RiskCriteria.LiveSetAsync(db, agencyId, ct));
        await PassAsync(db, agencyId, cutoff.AddDays(-1), [final, holdout], progress, ct);

        HoldoutEvaluation? evaluation = null;
        if (holdout.Test.Count > 0 && holdout.Train.Any(r => r.Outcome.Illicit) && holdout.Test.Any(r => r.Outcome.Illicit))
        {
            if (progress is not null) await progress(new PassProgress(0, 0, "training the holdout twin"));
            evaluation = new HoldoutEvaluation(holdoutFrom, holdoutFrom, cutoff.AddDays(-1), Evaluate(holdout, options, ct).Report);
        }
        if (progress is not null) await progress(new PassProgress(0, 0, "training"));
        var watch = Stopwatch.StartNew();
        var model = ModelTrainer.Train(final.Train, options);
        var seconds = watch.Elapsed.TotalSeconds;

        var version = (await db.RiskModels.Where(m => m.OwningAgencyId == agencyId).MaxAsync(m => (int?)m.Version, ct) ?? 0) + 1;
        var record = new RiskModelRecord
        {
            OwningAgencyId = agencyId,
            Version = version,
            Algorithm = Algorithm,
            TrainFrom = final.FirstTrainDay ?? cutoff,
            TrainUntil = cutoff,
            TrainingRows = final.Train.Count,
            TrainingIrregular = final.Train.Count(r => r.Outcome.Illicit),
            Features = JsonSerializer.Serialize(ModelInput.Names),
            Evaluation = evaluation is null ? null : JsonSerializer.Serialize(evaluation, Json),
            Active = activate,
            TrainingSeconds = Math.Round(seconds, 2),
            ModelBytes = model.ToBytes(),
            TrainedAt = db.Clock.GetUtcNow(),
            TrainedBy = actor.Name,
            Origin = origin,
        };
        if (activate)
        {
            await db.RiskModels.Where(m => m.OwningAgencyId == agencyId && m.Active).ExecuteUpdateAsync(s => s.SetProperty(m => m.Active, false), ct);
        }
        db.RiskModels.Add(record);
        AuditLog.Append(db, new AuditEvent(AuditActor.Of(actor), "risk.model.train")
        {
            RecordType = "risk-model", RecordId = record.Id.ToString(), RecordAgencyId = agencyId,
            Details = new { record.Version, record.TrainUntil, record.TrainingRows, record.TrainingIrregular, activate },
        });
        await db.SaveChangesAsync(ct);
        Scoring.RiskScoring.Invalidate(agencyId);
        return RiskModelView.Of(record);
    }

    public static async Task<List<RiskModelView>> ListAsync(CordonDb db, Actor actor, Guid? agencyId = null, CancellationToken ct = default)
    {
        var query = db.RiskModels.AsNoTracking();
        if (actor.Kind != ActorKind.LocalOperator)
        {
            query = query.Where(m => m.OwningAgencyId == actor.AgencyId);
        }
        else if (agencyId is { } a)
        {
            query = query.Where(m => m.OwningAgencyId == a);
        }
        // Skip the model bytes: a list never needs the trees.
        var rows = await query.OrderByDescending(m => m.Version).Select(m => new RiskModelRecord
        {
            Id = m.Id, OwningAgencyId = m.OwningAgencyId, Marking = m.Marking, Version = m.Version, Algorithm = m.Algorithm, TrainFrom = m.TrainFrom,
            TrainUntil = m.TrainUntil, TrainingRows = m.TrainingRows, TrainingIrregular = m.TrainingIrregular, Features = m.Features,
            Evaluation = m.Evaluation, Active = m.Active, TrainingSeconds = m.TrainingSeconds, ModelBytes = Array.Empty<byte>(), TrainedAt = m.TrainedAt, TrainedBy = m.TrainedBy,
            Origin = m.Origin, Promotion = m.Promotion,
        }).ToListAsync(ct);
        return rows.Select(RiskModelView.Of).ToList();
    }

    public static async Task<RiskModelView> ActivateAsync(CordonDb db, Actor actor, Guid agencyId, int version, CancellationToken ct = default)
    {
        RequireAnalyst(actor, agencyId);
        var record = await db.RiskModels.SingleOrDefaultAsync(m => m.OwningAgencyId == agencyId && m.Version == version, ct)
            ?? throw new NotFound($"No risk model version {version}.");
        // Set-based updates: a tracked copy may be stale after an earlier bulk deactivation.
        await db.RiskModels.Where(m => m.OwningAgencyId == agencyId && m.Active && m.Id != record.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.Active, false), ct);
        await db.RiskModels.Where(m => m.Id == record.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.Active, true), ct);
        record.Active = true;
        AuditLog.Append(db, new AuditEvent(AuditActor.Of(actor), "risk.model.activate") { RecordType = "risk-model", RecordId = record.Id.ToString(), RecordAgencyId = agencyId, Details = new { version } });
        await db.SaveChangesAsync(ct);
        Scoring.RiskScoring.Invalidate(agencyId);
        return RiskModelView.Of(record);
    }

    /// <summary>How a registered model ranked the declarations lodged in the weeks after its training cut-off.</summary>
    public sealed record AfterTraining(int Version, DateOnly From, DateOnly To, int Rows, RankingQuality Model, RankingQuality Random);

    /// <summary>
    /// Scores the declarations lodged in the <paramref name="weeks"/> weeks from the model's cut-off with the stored trees
    /// (features as known at each date, as in live use) and measures the ranking against the outcomes known now.
    /// </summary>
    public static async Task<AfterTraining> AfterTrainingAsync(CordonDb db, Guid agencyId, int version, int weeks = 4, CancellationToken ct = default)
    {
        if (weeks is < 1 or > 104)
        {
            throw ValidationFailed.Field("weeks", "Between 1 and 104 weeks.");
        }
        var record = await db.RiskModels.AsNoTracking().Where(m => m.OwningAgencyId == agencyId && m.Version == version)
            .Select(m => new { m.TrainUntil, m.ModelBytes }).SingleOrDefaultAsync(ct) ?? throw new NotFound($"No risk model version {version}.");
        var from = record.TrainUntil;
        var to = from.AddDays(7 * weeks - 1);
        var measured = await MeasureWindowAsync(db, agencyId, RiskModel.FromBytes(record.ModelBytes), from, to, null, ct)
            ?? throw ValidationFailed.Field("weeks", $"No inspected declarations lodged {from:yyyy-MM-dd} … {to:yyyy-MM-dd} yet.");
        return new AfterTraining(version, from, to, measured.Rows, measured.Quality, measured.Random);
    }

    /// <summary>
    /// Scores the inspected declarations lodged in [<paramref name="from"/>, <paramref name="to"/>] with a model's trees
    /// (features as known at each date; outcomes from <paramref name="outcomesKnownBefore"/> on not learnt, when given)
    /// and measures the ranking; null when the window has no inspected declaration.
    /// </summary>
    public static async Task<(int Rows, RankingQuality Quality, RankingQuality Random)?> MeasureWindowAsync(CordonDb db, Guid agencyId, RiskModel model,
        DateOnly from, DateOnly to, DateOnly? outcomesKnownBefore, CancellationToken ct = default)
    {
        var history = new FeatureHistory(outcomesKnownBefore);
        var ranked = new List<Ranked>();
        var x = new float[ModelInput.Count];
        await foreach (var chunk in RiskData.ChunksAsync(db, null, to, agencyId, ct: ct))
        {
            history.Run(chunk, row =>
            {
                if (row.LodgedOn < from || row.Outcome is not { } o)
                {
                    return;
                }
                ModelInput.Fill(row.Facts, x);
                ranked.Add(new Ranked(model.Score(x).ExpectedRevenue, o.Illicit, o.Revenue, TieBreak(row.Id)));
            });
        }
        return ranked.Count == 0 ? null : (ranked.Count, RankingMetrics.Measure(ranked), RankingMetrics.Random(ranked));
    }

    /// <summary>
    /// Measures every registered model (or <paramref name="version"/> only) on each of the <paramref name="weeks"/> weeks
    /// after its cut-off that have inspected declarations, in one pass, and stores one row per model and week (replacing
    /// an earlier measurement: outcomes arrive late). Returns the rows stored.
    /// </summary>
    public static async Task<int> MeasureWeeksAsync(CordonDb db, Guid agencyId, int weeks = 12, int? version = null, CancellationToken ct = default)
    {
        if (weeks is < 1 or > 104)
        {
            throw ValidationFailed.Field("weeks", "Between 1 and 104 weeks.");
        }
        var records = await db.RiskModels.AsNoTracking().Where(m => m.OwningAgencyId == agencyId && (version == null || m.Version == version))
            .Select(m => new { m.Version, m.TrainUntil, m.ModelBytes, m.Marking }).ToListAsync(ct);
        if (records.Count == 0)
        {
            if (version is not null) throw new NotFound($"No risk model version {version}.");
            return 0;
        }
        var models = records.Select(r => (r.Version, From: r.TrainUntil, Model: RiskModel.FromBytes(r.ModelBytes), r.Marking)).ToList();
        var buckets = new Dictionary<(int Version, int Week), List<Ranked>>();
        var first = models.Min(m => m.From);
        var last = models.Max(m => m.From).AddDays(7 * weeks - 1);
        var history = new FeatureHistory();
        var x = new float[ModelInput.Count];
        await foreach (var chunk in RiskData.ChunksAsync(db, null, last, agencyId, ct: ct))
        {
            history.Run(chunk, row =>
            {
                if (row.LodgedOn < first || row.Outcome is not { } o)
                {
                    return;
                }
                var filled = false;
                foreach (var m in models)
                {
                    var week = (row.LodgedOn.DayNumber - m.From.DayNumber) / 7 + 1;
                    if (row.LodgedOn < m.From || week > weeks)
                    {
                        continue;
                    }
                    if (!filled)
                    {
                        ModelInput.Fill(row.Facts, x);
                        filled = true;
                    }
                    if (!buckets.TryGetValue((m.Version, week), out var list))
                    {
                        buckets[(m.Version, week)] = list = [];
                    }
                    list.Add(new Ranked(m.Model.Score(x).ExpectedRevenue, o.Illicit, o.Revenue, TieBreak(row.Id)));
                }
            });
        }
        var versions = models.Select(m => m.Version).ToList();
        await db.RiskModelWeeks.Where(w => w.OwningAgencyId == agencyId && versions.Contains(w.ModelVersion)).ExecuteDeleteAsync(ct);
        var now = db.Clock.GetUtcNow();
        foreach (var ((v, week), rows) in buckets.OrderBy(b => b.Key.Version).ThenBy(b => b.Key.Week))
        {
            var m = models.First(x => x.Version == v);
            var q = RankingMetrics.Measure(rows);
            var from = m.From.AddDays(7 * (week - 1));
            db.RiskModelWeeks.Add(new RiskModelWeek
            {
                OwningAgencyId = agencyId, Marking = m.Marking, ModelVersion = v, Week = week, From = from, To = from.AddDays(6),
                Rows = rows.Count, Irregular = rows.Count(r => r.Irregular), PrecisionAt5 = q.N["5"].Precision, RevenueAt5 = q.N["5"].Revenue, Auc = q.Auc, MeasuredAt = now,
            });
        }
        await db.SaveChangesAsync(ct);
        return buckets.Count;
    }

    /// <summary>The stored weeks after training of the agency's models, by version then week.</summary>
    public static async Task<List<RiskModelWeekView>> WeeksAsync(CordonDb db, Guid agencyId, CancellationToken ct = default)
        => (await db.RiskModelWeeks.AsNoTracking().Where(w => w.OwningAgencyId == agencyId).OrderBy(w => w.ModelVersion).ThenBy(w => w.Week).ToListAsync(ct))
            .Select(RiskModelWeekView.Of).ToList();

    /// <summary>The agency's active model and its version, or null when none was trained.</summary>
    public static async Task<(RiskModel Model, int Version)?> ActiveAsync(CordonDb db, Guid agencyId, CancellationToken ct = default)
    {
        var record = await db.RiskModels.AsNoTracking().Where(m => m.OwningAgencyId == agencyId && m.Active)
            .Select(m => new { m.Version, m.ModelBytes }).FirstOrDefaultAsync(ct);
        return record is null ? null : (RiskModel.FromBytes(record.ModelBytes), record.Version);
    }

    /// <summary>One pass over the agency's declarations up to <paramref name="to"/>, feeding every collector.</summary>
    private static async Task PassAsync(CordonDb db, Guid agencyId, DateOnly to, IReadOnlyList<Collector> collectors, Func<PassProgress, Task>? progress, CancellationToken ct)
    {
        var total = await db.Declarations.CountAsync(d => d.OwningAgencyId == agencyId && d.LodgedOn <= to, ct);
        long done = 0;
        await foreach (var chunk in RiskData.ChunksAsync(db, null, to, agencyId, ct: ct))
        {
            foreach (var c in collectors)
            {
                c.History.Run(chunk, c.Visit);
            }
            done += chunk.Count;
            if (progress is not null)
            {
                await progress(new PassProgress(done, total, "computing features"));
            }
        }
    }

    /// <summary>A fixed pseudo-random order for ties, from the declaration id (so no ordering of the data leaks into a ranking).</summary>
    public static ulong TieBreak(Guid id)
    {
        Span<byte> b = stackalloc byte[16];
        id.TryWriteBytes(b);
        var h = BitConverter.ToUInt64(b) ^ (BitConverter.ToUInt64(b[8..]) * 0x9E3779B97F4A7C15UL);
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdUL;
        h ^= h >> 33;
        return h;
    }

    /// <summary>Who trains, measures and activates an agency's models (the menu asks this too).</summary>
    public const Roles Modellers = Roles.Analyst | Roles.Supervisor | Roles.Operator;

    public static void RequireAnalyst(Actor actor, Guid agencyId)
    {
        if (actor.Kind == ActorKind.LocalOperator)
        {
            return;
        }
        if (actor.AgencyId != agencyId || (actor.Roles & Modellers) == 0)
        {
            throw new Forbidden("Training and activating risk models is for the agency's analysts, supervisors and operators.");
        }
    }
}
