using System.Diagnostics;

namespace Cordon.Risk.Language;

/// <summary>
/// The mutable state of one evaluation: the declaration, the statistics, the items or parties a
/// quantifier is visiting, and the step and time budget. One per thread; reset per criterion.
/// </summary>
public sealed class EvaluationScope
{
    internal DeclarationFacts Declaration = null!;
    internal IRiskStatistics Statistics = NoRiskStatistics.Instance;
    /// <summary>Slot 0: the item an item-level criterion is looking at; slots 1…: quantifier variables by nesting.</summary>
    internal readonly object?[] Slots;
    private readonly ExpressionLimits _limits;
    private readonly long _maxTicks;
    private long _steps;
    private long _deadline;
    private long _nextClockCheck;

    public EvaluationScope(ExpressionLimits? limits = null)
    {
        _limits = limits ?? ExpressionLimits.Default;
        Slots = new object?[_limits.MaxQuantifierNesting + 1];
        _maxTicks = (long)(_limits.MaxTime.TotalSeconds * Stopwatch.Frequency);
    }

    internal void Begin(DeclarationFacts declaration, IRiskStatistics statistics)
    {
        Declaration = declaration;
        Statistics = statistics;
        Array.Clear(Slots);
        _steps = 0;
        _deadline = 0;
        _nextClockCheck = 4096;
    }

    /// <summary>
    /// Charges <paramref name="cost"/> steps. The clock is read only every few thousand steps (and only
    /// once work gets that far), so ordinary criteria never pay for it.
    /// </summary>
    internal void Charge(int cost)
    {
        _steps += cost;
        if (_steps < _nextClockCheck)
        {
            return;
        }
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

    internal long Steps => _steps;
}

/// <summary>A criterion ran past its step or time limit on one declaration; it counts as not fired, with this reason.</summary>
public sealed class EvaluationLimitExceeded(string message) : Exception(message);
