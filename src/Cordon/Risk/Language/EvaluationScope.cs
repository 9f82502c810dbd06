using System.Diagnostics;

namespace Cordon.Risk.Language;

/// <summary>
/// The state of one evaluation: the record judged (a declaration or a traveller), the statistics, and
/// the step and time budget. One per thread; reset per criterion.
/// </summary>
public sealed class EvaluationScope
{
    private readonly ExpressionLimits _limits;
    private readonly long _maxTicks;
    private long _steps;
    private long _deadline;
    private long _nextClockCheck;

    public EvaluationScope(ExpressionLimits? limits = null)
    {
        _limits = limits ?? ExpressionLimits.Default;
        _maxTicks = (long)(_limits.MaxTime.TotalSeconds * Stopwatch.Frequency);
    }

    /// <summary>Scratch list for the item numbers an item-level criterion matched, reused across evaluations.</summary>
    internal List<int> MatchedItems { get; } = [];

    public DeclarationFacts Declaration { get; private set; } = null!;
    /// <summary>The traveller judged by a criterion written for travellers (<see cref="RiskSchema.Travellers"/>).</summary>
    public TravellerFacts Traveller { get; private set; } = null!;
    public IRiskStatistics Statistics { get; private set; } = NoRiskStatistics.Instance;

    public void Begin(DeclarationFacts declaration, IRiskStatistics statistics)
    {
        Declaration = declaration;
        Statistics = statistics;
        Restart();
    }

    public void Begin(TravellerFacts traveller)
    {
        Traveller = traveller;
        Statistics = NoRiskStatistics.Instance;
        Restart();
    }

    private void Restart()
    {
        _steps = 0;
        _deadline = 0;
        _nextClockCheck = 4096;
    }

    /// <summary>
    /// Charges <paramref name="cost"/> steps. The clock is read only every few thousand steps (and only
    /// once work gets that far), so ordinary criteria never pay for it.
    /// </summary>
    public void Charge(int cost)
    {
        _steps += cost;
        if (_steps >= _nextClockCheck)
        {
            Check();
        }
    }

    private void Check()
    {
        if (_steps > _limits.MaxSteps)
        {
            throw new EvaluationLimitExceeded($"stopped after {_limits.MaxSteps:N0} steps (the step limit)");
        }
        var now = Stopwatch.GetTimestamp();
        if (_deadline == 0)
        {
            _deadline = now + _maxTicks;
        }
        else if (now > _deadline)
        {
            throw new EvaluationLimitExceeded($"stopped after {_limits.MaxTime.TotalMilliseconds:N0} ms (the time limit)");
        }
        _nextClockCheck = _steps + 4096;
    }

    public long Steps => _steps;
}

/// <summary>A criterion ran past its step or time limit on one declaration; it counts as not fired, with this reason.</summary>
public sealed class EvaluationLimitExceeded(string message) : Exception(message);
