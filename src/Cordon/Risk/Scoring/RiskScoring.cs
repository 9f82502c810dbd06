using System.Collections.Concurrent;
using Cordon.Common;
using Cordon.Declarations;
using Cordon.Identity;
using Cordon.Risk.Criteria;
using Cordon.Risk.Features;
using Cordon.Risk.Lanes;
using Cordon.Risk.Language;
using Cordon.Risk.Model;
using Cordon.Screening.Hits;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Risk.Scoring;

/// <summary>What the features of a scored declaration were computed from.</summary>
/// <param name="KnownBefore">Declarations lodged before this date (and outcomes known by it) make up the history; null: the agency had none.</param>
/// <param name="Cached">True: the agency's live history (built once, reused); false: a pass built for this declaration alone (it was lodged before the live history's date).</param>
public sealed record HistoryBasis(DateOnly? KnownBefore, long Declarations, long Outcomes, bool Cached, DateTimeOffset BuiltAt);

/// <summary>A proposed lane for one declaration, with the full explanation of its score.</summary>
/// <param name="Stored">True when the declaration is stored (scored by id); false for a posted declaration scored without storing it.</param>
/// <param name="Priority">The ranking key used by lane assignment: expected revenue plus criteria points.</param>
/// <param name="Decided">The stored lane decision, when lanes were already assigned to it (the proposal does not change it).</param>
public sealed record RiskScore(
    Guid? DeclarationId, string Number, string Office, DateOnly LodgedOn, bool Stored,
    double Priority, string ProposedLane, string Reason, bool Forced, IReadOnlyList<string> Referrals,
    CriteriaPart Criteria, ModelPart? Model, string? ModelAbsent, ScreeningPart Screening,
    IReadOnlyDictionary<string, double> Features, CutOffs? OfficeCutOffs, HistoryBasis History, string? Decided);

/// <summary>The lowest priority that was risk-picked into red and yellow at the office on its recent decided days.</summary>
public sealed record CutOffs(DateOnly From, DateOnly To, double? Red, double? Yellow);

/// <summary>
/// Scoring one declaration on demand: features from the agency's live history (built by one pass and kept
/// in memory, refreshed when the model, the criteria or the declarations change), the live criteria and the
/// active model, and a lane proposal against the office's recent cut-offs. The daily lane assignment stays
/// the decision; this is what an officer or a border system asks "how risky is this one, and why".
/// </summary>
public static class RiskScoring
{
    /// <summary>How often a live state checks (one query) whether the model, criteria or declarations changed.</summary>
    public static TimeSpan RecheckAfter { get; set; } = TimeSpan.FromSeconds(30);

    private const int CutOffDays = 7;
    private static readonly int BlockHits = FeatureCatalog.Screening.Find("block_hits")!.Index;
    private static readonly int ReviewHits = FeatureCatalog.Screening.Find("review_hits")!.Index;
    private static readonly int MaxScore = FeatureCatalog.Screening.Find("max_score")!.Index;

    private sealed record Stamp(int? ModelVersion, int Criteria, int CriteriaVersions, DateTimeOffset? CriteriaChanged, DateOnly? LastLodged, int Capacities);

    /// <summary>Everything scoring needs of one agency, immutable once built (read by many requests at once).</summary>
    private sealed class LiveState
    {
        public required FeatureHistory History { get; init; }
        public required HistoryBasis Basis { get; init; }
        public required CriteriaSet Criteria { get; init; }
        public (RiskModel Model, int Version)? Model { get; init; }
        public required Dictionary<string, CutOffs> CutOffs { get; init; }
        public required Stamp Stamp { get; init; }
        public DateTimeOffset CheckedAt { get; set; }
    }

    private static readonly ConcurrentDictionary<(string Store, Guid Agency), Lazy<Task<LiveState>>> States = new();

    /// <summary>Forgets the live states (after a model is trained or activated, a criterion saved): the next score rebuilds.</summary>
    public static void Invalidate(Guid agencyId)
    {
        foreach (var key in States.Keys.Where(k => k.Agency == agencyId).ToList())
        {
            States.TryRemove(key, out _);
        }
    }

    /// <summary>Scores a stored declaration (the caller has authorised reading it). Screening runs first if the declaration is still waiting for it.</summary>
    public static async Task<RiskScore> ScoreStoredAsync(CordonDb db, Guid declarationId, LaneOptions? options = null, CancellationToken ct = default)
    {
        var d = await db.Declarations.AsNoTracking().Include(x => x.Items).SingleOrDefaultAsync(x => x.Id == declarationId, ct)
            ?? throw new NotFound($"No declaration {declarationId}.");
        var hits = await DeclarationScreening.OpenHitsAsync(db, declarationId, ct);
        var decided = await db.LaneDecisions.AsNoTracking().Where(l => l.DeclarationId == declarationId).Select(l => (Lane?)l.Lane).FirstOrDefaultAsync(ct);
        return await ScoreAsync(db, d, hits, stored: true, decided, options, ct);
    }

    /// <summary>
    /// Scores a declaration posted in the intake format without storing it, with the actor's agency's criteria and model.
    /// Invalid input throws <see cref="ValidationFailed"/> with the intake's field paths. Parties are not screened (nothing is stored to screen).
    /// </summary>
    public static async Task<RiskScore> ScorePostedAsync(CordonDb db, Actor actor, DeclarationInput input, LaneOptions? options = null, CancellationToken ct = default)
    {
        var agency = actor.AgencyId ?? throw new Forbidden("Scoring uses an agency's criteria and model: only members of an agency can score.");
        RequireScorer(actor);
        var errors = new RecordErrors();
        var valid = DeclarationValidation.Validate(input, errors, DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime));
        if (valid is null)
        {
            throw errors.ToRefusal();
        }
        var d = ToEntity(valid, agency);
        return await ScoreAsync(db, d, null, stored: false, null, options, ct);
    }

    public static void RequireScorer(Actor actor)
    {
        if (actor.Kind != ActorKind.LocalOperator && (actor.Roles & (Roles.Officer | Roles.Analyst | Roles.Supervisor | Roles.Operator)) == 0)
        {
            throw new Forbidden("Scoring declarations is for the agency's officers, analysts, supervisors and operators.");
        }
    }

    private static async Task<RiskScore> ScoreAsync(CordonDb db, Declaration d, IReadOnlyList<DeclarationHit>? hits, bool stored, Lane? decided, LaneOptions? options, CancellationToken ct)
    {
        using var timing = Common.CordonTelemetry.Time(Common.CordonTelemetry.ScoringDuration);
        options ??= LaneOptions.Default;
        var state = await StateAsync(db, d.OwningAgencyId, ct);
        var facts = DeclarationMapper.ToFacts(d, options.AuthorisedOperators.Count == 0 ? null : options.AuthorisedOperators.ToList());
        ScreeningPart screening;
        if (hits is null)
        {
            screening = new ScreeningPart(false, null, null, null);
        }
        else
        {
            double block = hits.Count(h => h.Band == "block"), review = hits.Count(h => h.Band != "block"), max = hits.Count == 0 ? 0 : hits.Max(h => h.Score);
            facts.Screening.Set(BlockHits, block);
            facts.Screening.Set(ReviewHits, review);
            facts.Screening.Set(MaxScore, max);
            screening = new ScreeningPart(true, block, review, max);
        }

        FeatureHistory history;
        HistoryBasis basis;
        if (state.Basis.KnownBefore is not { } known || d.LodgedOn >= known)
        {
            history = state.History;
            basis = state.Basis;
        }
        else
        {
            // Lodged before the live history's date: its features may use only what was known before its own date.
            (history, basis) = await BuildHistoryAsync(db, d.OwningAgencyId, d.LodgedOn, ct);
        }
        history.Compute(facts);
        var outcome = state.Criteria.Evaluate(facts, history, new EvaluationScope(), today: DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime));
        if (outcome.Failures.Count > 0)
        {
            await CriterionFaults.ReportAsync(db, d.OwningAgencyId, outcome.Failures.Select(f => (f, d.Number)), ct);
        }
        ModelPart? modelPart = null;
        ModelScore? score = null;
        if (state.Model is { } m)
        {
            var x = new float[ModelInput.Count];
            ModelInput.Fill(facts, x);
            var s = m.Model.Score(x);
            score = s;
            modelPart = new ModelPart(m.Version, Math.Round(s.Probability, 4), Math.Round(s.RevenueIfIrregular, 2), Math.Round(s.ExpectedRevenue, 2), m.Model.Contributions(x));
        }
        var aeo = facts.Parties.Any(p => p.Aeo);
        var cut = state.CutOffs.GetValueOrDefault(d.Office);
        var (lane, reason, forced, priority, referrals) = Propose(outcome, score, screening.BlockHits ?? 0, aeo, cut, options);
        var features = facts.Features.Known().ToDictionary(k => k.Key, k => Math.Round(k.Value, 6));
        return new RiskScore(stored ? d.Id : null, d.Number, d.Office, d.LodgedOn, stored, Math.Round(priority, 2), lane.Name(), reason, forced, referrals,
            new CriteriaPart(outcome.Score, outcome.Evaluated, outcome.Fired, outcome.Failures), modelPart,
            state.Model is null ? "No model is active for the agency: criteria only." : null, screening, features, cut, basis, decided?.Name());
    }

    /// <summary>The lane the daily assignment would likely give, from forced actions and the office's recent cut-offs (no exploration draw: that is drawn per day).</summary>
    internal static (Lane Lane, string Reason, bool Forced, double Priority, IReadOnlyList<string> Referrals) Propose(
        CriteriaOutcome c, ModelScore? model, double blockHits, bool aeo, CutOffs? cut, LaneOptions options)
    {
        var priority = ((model?.ExpectedRevenue ?? 0) + c.Score * options.RevenuePerWeightPoint) * (aeo ? options.AeoPriorityFactor : 1);
        var referrals = c.Referrals.ToList();
        if (blockHits > 0)
        {
            if (!referrals.Contains(options.BlockReferral)) referrals.Add(options.BlockReferral);
            return (Lane.Red, $"Watch-list block hit ({blockHits:0} party): always red, referred to {options.BlockReferral}.", true, priority, referrals);
        }
        if (c.ForcedLane is { } f && f != Lane.Green)
        {
            var names = string.Join(", ", c.Fired.Where(x => x.Lane == f && !x.Shadow).Select(x => $"'{x.Name}'"));
            return (f, $"Forced {f.Name()} by criterion {names}.", true, priority, referrals);
        }
        var p = model?.Probability ?? 0;
        var points = c.Score > 0;
        bool Qualifies(double minimum) => p >= minimum || points;
        if (cut is null)
        {
            // No recent decisions at the office: thresholds alone, capacity unknown.
            if (Qualifies(options.MinimumRedProbability)) return (Lane.Red, "Qualifies for physical inspection (no recent lane decisions at the office to compare with: capacity not considered).", false, priority, referrals);
            if (Qualifies(options.MinimumYellowProbability)) return (Lane.Yellow, "Qualifies for a documentary check (no recent lane decisions at the office: capacity not considered).", false, priority, referrals);
            return (Lane.Green, "Risk below the thresholds for a check: release.", false, priority, referrals);
        }
        if (cut.Red is { } r && priority >= r && Qualifies(options.MinimumRedProbability))
        {
            return (Lane.Red, $"Priority {priority:0.##} is at or above the office's red cut-off ({r:0.##}, {cut.From:yyyy-MM-dd} … {cut.To:yyyy-MM-dd}).", false, priority, referrals);
        }
        if (cut.Yellow is { } y && priority >= y && Qualifies(options.MinimumYellowProbability))
        {
            return (Lane.Yellow, $"Priority {priority:0.##} is below the red cut-off but at or above the yellow one ({y:0.##}).", false, priority, referrals);
        }
        if (priority > 0 && Qualifies(options.MinimumBlueProbability))
        {
            return (Lane.Blue, "Qualifies for a check but ranks below the office's recent cut-offs: post-clearance audit.", false, priority, referrals);
        }
        return (Lane.Green, "Risk below the thresholds for a check: release.", false, priority, referrals);
    }

    private static async Task<LiveState> StateAsync(CordonDb db, Guid agencyId, CancellationToken ct)
    {
        var key = (db.Database.GetConnectionString() ?? "", agencyId);
        while (true)
        {
            var settings = new StorageSetup.StoreSettings(db.Provider, key.Item1);
            var lazy = States.GetOrAdd(key, _ => new Lazy<Task<LiveState>>(() => Task.Run(() => BuildStateAsync(() => StorageSetup.Open(settings, db.Clock), agencyId))));
            LiveState state;
            try
            {
                state = await lazy.Value.WaitAsync(ct);
            }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
                States.TryRemove(new KeyValuePair<(string, Guid), Lazy<Task<LiveState>>>(key, lazy));
                throw;
            }
            if (db.Clock.GetUtcNow() - state.CheckedAt < RecheckAfter)
            {
                return state;
            }
            var stamp = await StampAsync(db, agencyId, ct);
            if (stamp == state.Stamp)
            {
                state.CheckedAt = db.Clock.GetUtcNow();
                return state;
            }
            States.TryRemove(new KeyValuePair<(string, Guid), Lazy<Task<LiveState>>>(key, lazy));
        }
    }

    private static async Task<Stamp> StampAsync(CordonDb db, Guid agencyId, CancellationToken ct)
    {
        var model = await db.RiskModels.Where(m => m.OwningAgencyId == agencyId && m.Active).Select(m => (int?)m.Version).FirstOrDefaultAsync(ct);
        var criteria = db.RiskCriteria.Where(c => c.OwningAgencyId == agencyId);
        var count = await criteria.CountAsync(ct);
        var versions = await criteria.SumAsync(c => (int?)c.Version, ct) ?? 0;
        DateTimeOffset? changed = count == 0 ? null : (await criteria.Select(c => c.UpdatedAt).ToListAsync(ct)).Max();
        var last = await db.Declarations.Where(d => d.OwningAgencyId == agencyId).MaxAsync(d => (DateOnly?)d.LodgedOn, ct);
        var capacities = await db.OfficeCapacities.CountAsync(c => c.OwningAgencyId == agencyId, ct);
        return new Stamp(model, count, versions, changed, last, capacities);
    }

    private static async Task<LiveState> BuildStateAsync(Func<CordonDb> open, Guid agencyId)
    {
        // Its own connection: the state outlives the request that started building it.
        await using var db = open();
        var stamp = await StampAsync(db, agencyId, CancellationToken.None);
        var (history, basis) = await BuildHistoryAsync(db, agencyId, stamp.LastLodged, CancellationToken.None);
        var cutOffs = new Dictionary<string, CutOffs>(StringComparer.Ordinal);
        var lastDecided = await db.LaneDecisions.Where(l => l.OwningAgencyId == agencyId).MaxAsync(l => (DateOnly?)l.LodgedOn);
        if (lastDecided is { } to)
        {
            var from = to.AddDays(-(CutOffDays - 1));
            var picks = await db.LaneDecisions.AsNoTracking()
                .Where(l => l.OwningAgencyId == agencyId && l.LodgedOn >= from && !l.RandomPick && !l.Forced && (l.Lane == Lane.Red || l.Lane == Lane.Yellow))
                .Select(l => new { l.Office, l.Lane, l.Priority }).ToListAsync();
            var offices = await db.LaneDecisions.Where(l => l.OwningAgencyId == agencyId && l.LodgedOn >= from).Select(l => l.Office).Distinct().ToListAsync();
            foreach (var office in offices)
            {
                var red = picks.Where(p => p.Office == office && p.Lane == Lane.Red).Select(p => (double?)p.Priority).Min();
                var yellow = picks.Where(p => p.Office == office && p.Lane == Lane.Yellow).Select(p => (double?)p.Priority).Min();
                cutOffs[office] = new CutOffs(from, to, red, yellow);
            }
        }
        return new LiveState
        {
            History = history,
            Basis = basis,
            Criteria = await RiskCriteria.LiveSetAsync(db, agencyId),
            Model = await RiskModels.ActiveAsync(db, agencyId),
            CutOffs = cutOffs,
            Stamp = stamp,
            CheckedAt = db.Clock.GetUtcNow(),
        };
    }

    /// <summary>History of the agency's declarations lodged before <paramref name="before"/> (all outcomes known by then), positioned on that day.</summary>
    private static async Task<(FeatureHistory, HistoryBasis)> BuildHistoryAsync(CordonDb db, Guid agencyId, DateOnly? before, CancellationToken ct)
    {
        var history = new FeatureHistory();
        if (before is not { } day)
        {
            return (history, new HistoryBasis(null, 0, 0, true, db.Clock.GetUtcNow()));
        }
        await foreach (var chunk in RiskData.ChunksAsync(db, null, day.AddDays(-1), agencyId, ct: ct))
        {
            history.Run(chunk, static _ => { });
        }
        history.BeginDay(day.DayNumber);
        return (history, new HistoryBasis(day, history.Declarations, history.Outcomes, true, db.Clock.GetUtcNow()));
    }

    /// <summary>A validated intake declaration as an (unsaved) entity, so it is mapped to facts exactly as a stored one.</summary>
    private static Declaration ToEntity(ValidDeclaration v, Guid agencyId)
    {
        var i = v.Input;
        var d = new Declaration
        {
            OwningAgencyId = agencyId,
            Marking = v.Marking,
            Kind = v.Kind,
            Office = i.Office!,
            Declarant = i.Declarant!,
            Number = i.Number!,
            LodgedOn = v.LodgedOn,
            TransportMode = v.TransportMode,
            Conveyance = i.Conveyance,
            ImporterCode = i.Importer?.Id, ImporterName = i.Importer?.Name, ImporterAddress = i.Importer?.Address, ImporterCountry = i.Importer?.Country,
            ExporterCode = i.Exporter?.Id, ExporterName = i.Exporter?.Name, ExporterAddress = i.Exporter?.Address, ExporterCountry = i.Exporter?.Country,
            ConsigneeCode = i.Consignee?.Id, ConsigneeName = i.Consignee?.Name, ConsigneeAddress = i.Consignee?.Address, ConsigneeCountry = i.Consignee?.Country,
            OriginCountry = i.OriginCountry, ExportCountry = i.ExportCountry, DestinationCountry = i.DestinationCountry,
            PortOfLoading = i.PortOfLoading, PortOfDischarge = i.PortOfDischarge, Currency = i.Currency,
            ContentHash = [],
            UpdatedBy = "score",
            Opaque = v.Opaque,
        };
        var items = i.Items ?? [];
        for (var n = 0; n < items.Count; n++)
        {
            var it = items[n];
            d.Items.Add(new DeclarationItem
            {
                DeclarationId = d.Id, Line = n + 1, HsCode = it.HsCode!, Description = it.Description, Quantity = it.Quantity, Unit = it.Unit,
                GrossKg = it.GrossKg, NetKg = it.NetKg, Fob = it.Fob, Cif = it.Cif, Duties = it.Duties, Taxes = it.Taxes,
            });
        }
        d.ItemCount = items.Count;
        d.TotalFob = i.TotalFob ?? (items.All(x => x.Fob is not null) ? items.Sum(x => x.Fob!.Value) : null);
        d.TotalCif = i.TotalCif ?? (items.All(x => x.Cif is not null) ? items.Sum(x => x.Cif!.Value) : null);
        return d;
    }
}
