namespace Cordon.Risk.Language;

/// <summary>
/// Bounds on what an analyst may write and on what one evaluation may cost. The static limits are
/// checked when a criterion is saved; the step and time limits stop a runaway evaluation (nested
/// quantifiers over a declaration with thousands of items) without harming the others.
/// </summary>
public sealed record ExpressionLimits
{
    public static readonly ExpressionLimits Default = new();

    /// <summary>Characters in one expression.</summary>
    public int MaxSourceLength { get; init; } = 20_000;
    /// <summary>Nesting of parentheses, calls, lists, <c>not</c> and unary minus, and the height of the tree.</summary>
    public int MaxDepth { get; init; } = 64;
    /// <summary>Nodes in the syntax tree.</summary>
    public int MaxNodes { get; init; } = 4_000;
    /// <summary>Characters in one string literal.</summary>
    public int MaxStringLiteral { get; init; } = 1_000;
    /// <summary>Characters in one number literal.</summary>
    public int MaxNumberLiteral { get; init; } = 40;
    /// <summary>Elements in one list literal.</summary>
    public int MaxListElements { get; init; } = 2_000;
    /// <summary>Quantifiers (<c>any</c>, <c>all</c>, <c>count</c>, <c>sum</c>, …) nested inside each other.</summary>
    public int MaxQuantifierNesting { get; init; } = 3;
    /// <summary>Steps one criterion may take on one declaration: each item visited by a quantifier costs the size of its body.</summary>
    public long MaxSteps { get; init; } = 1_000_000;
    /// <summary>Wall-clock time one criterion may take on one declaration.</summary>
    public TimeSpan MaxTime { get; init; } = TimeSpan.FromMilliseconds(250);
}
