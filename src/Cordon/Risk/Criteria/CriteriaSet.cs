using Cordon.Risk.Language;

namespace Cordon.Risk.Criteria;

/// <summary>What evaluation needs of a criterion: its expression and actions, independent of storage.</summary>
public sealed record CriterionDefinition(
    Guid Id, string Name, int Version, string Expression, CriterionStatus Status,
    double? Weight, Lane? Lane, string? ReferTo, DateOnly? ValidFrom = null, DateOnly? ValidTo = null);

/// <summary>A criterion that fired, with what it contributed: the explanation of its part in a decision.</summary>
public sealed record FiredCriterion(
    Guid Id, string Name, int Version, CriterionStatus Status,
    // Weight added to the score (0 for a shadow criterion, whose would-be weight is in Weight).
    double Contribution, double? Weight, Lane? Lane, string? ReferTo,
    // Numbers of the items that matched, for an item-level criterion; empty otherwise.
    IReadOnlyList<int> Items)
{
    public bool Shadow => Status == CriterionStatus.Shadow;
}

/// <summary>A criterion that could not be evaluated on this declaration (step or time limit, or a runtime fault); it counts as not fired.</summary>
public sealed record CriterionFailure(Guid Id, string Name, int Version, string Reason);

/// <summary>The result of evaluating a set of criteria on one declaration.</summary>
public sealed record CriteriaOutcome(
    double Score, Lane? ForcedLane, IReadOnlyList<string> Referrals,
    IReadOnlyList<FiredCriterion> Fired, IReadOnlyList<CriterionFailure> Failures, int Evaluated)
{
    public static readonly CriteriaOutcome Nothing = new(0, null, [], [], [], 0);
}

/// <summary>
/// Criteria compiled once, evaluated against many declarations. Drafts and retired criteria are left
/// out; shadow criteria are evaluated and reported but contribute nothing. Thread-safe: each call
/// uses its own <see cref="EvaluationScope"/> (pass one per thread to avoid the allocation).
/// </summary>
public sealed class CriteriaSet
{
    private readonly Entry[] _entries;

    private sealed record Entry(CriterionDefinition Definition, CompiledExpression Expression, int FromDay, int ToDay);

    private CriteriaSet(Entry[] entries) => _entries = entries;

    public int Count => _entries.Length;

    /// <summary>The agency codes the set's live criteria refer to.</summary>
    public IReadOnlyList<string> ReferralTargets => _entries.Select(e => e.Definition.ReferTo).OfType<string>().Distinct().ToList();

    /// <summary>Compiles every active and shadow criterion. Throws <see cref="InvalidExpression"/> naming the criterion if one does not compile.</summary>
    public static CriteriaSet Compile(IEnumerable<CriterionDefinition> criteria, RiskSchema? schema = null, ExpressionLimits? limits = null)
    {
        var entries = new List<Entry>();
        foreach (var c in criteria.Where(c => c.Status is CriterionStatus.Active or CriterionStatus.Shadow))
        {
            CompiledExpression compiled;
            try
            {
                compiled = RiskExpression.Compile(c.Expression, schema, limits);
            }
            catch (InvalidExpression e)
            {
                // Saved criteria were checked at save time; this only happens after the schema lost a name.
                throw new InvalidExpression(e.Errors.Select(x => x with { Message = $"criterion '{c.Name}' v{c.Version}: {x.Message}" }).ToList());
            }
            entries.Add(new Entry(c, compiled, c.ValidFrom?.DayNumber ?? int.MinValue, c.ValidTo?.DayNumber ?? int.MaxValue));
        }
        // Active before shadow, then by name: explanations read in a stable order.
        return new CriteriaSet(entries.OrderBy(e => e.Definition.Status == CriterionStatus.Active ? 0 : 1)
            .ThenBy(e => e.Definition.Name, StringComparer.Ordinal).ToArray());
    }

    /// <param name="on">The day to judge validity periods on instead of the lodgement date.</param>
    /// <param name="today">The day an undated declaration is judged on (the caller's clock); needed only when a criterion has a validity period.</param>
    public CriteriaOutcome Evaluate(DeclarationFacts declaration, IRiskStatistics? statistics = null, EvaluationScope? scope = null, DateOnly? on = null, DateOnly? today = null)
    {
        scope ??= new EvaluationScope();
        statistics ??= NoRiskStatistics.Instance;
        return Run(scope, (on ?? declaration.LodgementDate ?? today)?.DayNumber, s => s.Begin(declaration, statistics));
    }

    /// <summary>Evaluates criteria written for travellers (<see cref="RiskSchema.Travellers"/>) on one traveller, validity judged on the day of travel.</summary>
    public CriteriaOutcome Evaluate(TravellerFacts traveller, EvaluationScope scope, DateOnly travelDay)
        => Run(scope, travelDay.DayNumber, s => s.Begin(traveller));

    private CriteriaOutcome Run(EvaluationScope scope, int? day, Action<EvaluationScope> begin)
    {
        List<FiredCriterion>? fired = null;
        List<CriterionFailure>? failures = null;
        List<string>? referrals = null;
        var items = scope.MatchedItems;
        var evaluated = 0;
        var score = 0.0;
        Lane? lane = null;
        foreach (var entry in _entries)
        {
            if (day is null && (entry.FromDay != int.MinValue || entry.ToDay != int.MaxValue))
            {
                throw new ArgumentException($"Criterion '{entry.Definition.Name}' has a validity period: an undated declaration needs the day to judge it on (today).", "today");
            }
            if (day < entry.FromDay || day > entry.ToDay)
            {
                continue;
            }
            evaluated++;
            begin(scope);
            items.Clear();
            bool hit;
            try
            {
                hit = entry.Expression.Evaluate(scope, entry.Expression.ItemLevel ? items : null);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Any fault (a limit, a date out of range, an overflow...) is this criterion's alone: it counts as
                // not fired, is reported against it, and the other criteria still decide.
                var d = entry.Definition;
                (failures ??= []).Add(new CriterionFailure(d.Id, d.Name, d.Version, e is EvaluationLimitExceeded ? e.Message : $"runtime fault: {e.Message}"));
                continue;
            }
            if (!hit)
            {
                continue;
            }
            var c = entry.Definition;
            var shadow = c.Status == CriterionStatus.Shadow;
            (fired ??= []).Add(new FiredCriterion(c.Id, c.Name, c.Version, c.Status, shadow ? 0 : c.Weight ?? 0, c.Weight, c.Lane, c.ReferTo,
                entry.Expression.ItemLevel ? items.ToArray() : []));
            if (shadow)
            {
                continue;
            }
            score += c.Weight ?? 0;
            if (c.Lane is { } l && (lane is null || l > lane))
            {
                lane = l;
            }
            if (c.ReferTo is { } agency && !(referrals ??= []).Contains(agency))
            {
                referrals.Add(agency);
            }
        }
        referrals?.Sort(StringComparer.Ordinal);
        return new CriteriaOutcome(score, lane, (IReadOnlyList<string>?)referrals ?? [], (IReadOnlyList<FiredCriterion>?)fired ?? [],
            (IReadOnlyList<CriterionFailure>?)failures ?? [], evaluated);
    }
}
