using System.Linq.Expressions;

namespace Cordon.Risk.Language;

/// <summary>The outcome of checking an expression: its type and item level when good, every error with its position when not.</summary>
public sealed record ExpressionCheck(bool Ok, string? Type, bool ItemLevel, IReadOnlyList<ExpressionError> Errors)
{
    /// <summary>All errors as "line:column: message" with caret excerpts, one after another.</summary>
    public string Describe() => string.Join("\n", Errors.Select(e => e.ToString()));
}

/// <summary>An expression the checker accepted, compiled once, ready to evaluate many times.</summary>
public sealed class CompiledExpression
{
    private readonly Func<EvaluationScope, bool>? _declarationLevel;
    private readonly Func<EvaluationScope, ItemFacts, bool>? _itemLevel;

    internal CompiledExpression(string source, Func<EvaluationScope, bool>? declarationLevel, Func<EvaluationScope, ItemFacts, bool>? itemLevel, int cost)
    {
        Source = source;
        _declarationLevel = declarationLevel;
        _itemLevel = itemLevel;
        Cost = cost;
    }

    public string Source { get; }

    /// <summary>
    /// The expression names <c>item</c> outside any quantifier, so it is tried on each item in turn and
    /// fires when any item matches; the matching item numbers are reported.
    /// </summary>
    public bool ItemLevel => _itemLevel is not null;

    /// <summary>Static size: the steps one evaluation takes without quantifiers.</summary>
    public int Cost { get; }

    /// <summary>
    /// Evaluates against the declaration already loaded into <paramref name="scope"/>. Adds matching item
    /// numbers to <paramref name="matchedItems"/> for an item-level expression. Throws
    /// <see cref="EvaluationLimitExceeded"/> past the step or time limit.
    /// </summary>
    public bool Evaluate(EvaluationScope scope, List<int>? matchedItems = null)
    {
        if (_itemLevel is null)
        {
            scope.Charge(Cost);
            return _declarationLevel!(scope);
        }
        var items = scope.Declaration.Items;
        var fired = false;
        for (var i = 0; i < items.Count; i++)
        {
            scope.Charge(Cost);
            if (_itemLevel(scope, items[i]))
            {
                fired = true;
                if (matchedItems is null)
                {
                    break;
                }
                matchedItems.Add(items[i].Number > 0 ? items[i].Number : i + 1);
            }
        }
        return fired;
    }

    /// <summary>Convenience for one-off use: a fresh scope, the declaration and statistics given.</summary>
    public bool Evaluate(DeclarationFacts declaration, IRiskStatistics? statistics = null, List<int>? matchedItems = null)
    {
        var scope = new EvaluationScope();
        scope.Begin(declaration, statistics ?? NoRiskStatistics.Instance);
        return Evaluate(scope, matchedItems);
    }
}

/// <summary>A criterion expression that does not parse or type-check; <see cref="Errors"/> says where and why.</summary>
public sealed class InvalidExpression(IReadOnlyList<ExpressionError> errors)
    : Exception(string.Join("\n", errors.Select(e => e.ToString())))
{
    public IReadOnlyList<ExpressionError> Errors { get; } = errors;
}

/// <summary>Entry points of the criteria language: check (for editors and save) and compile (for evaluation).</summary>
public static class RiskExpression
{
    public static ExpressionCheck Check(string source, RiskSchema? schema = null, ExpressionLimits? limits = null)
    {
        var (compiled, errors, type) = Build(source, schema, limits);
        return new ExpressionCheck(errors.Count == 0, type, compiled?.ItemLevel ?? false, errors);
    }

    /// <summary>Compiles or throws <see cref="InvalidExpression"/> with every error found.</summary>
    public static CompiledExpression Compile(string source, RiskSchema? schema = null, ExpressionLimits? limits = null)
    {
        // Compiling to IL takes milliseconds; with a built-in schema and the default limits the result depends
        // on the schema and the text alone, so a live set rebuilt per request or per batch reuses it.
        var cacheable = (schema is null || schema == RiskSchema.Declarations || schema == RiskSchema.Travellers) && (limits is null || limits == ExpressionLimits.Default);
        var key = (schema ?? RiskSchema.Declarations).Subject + "\n" + source;
        if (cacheable && Cache.TryGetValue(key, out var cached))
        {
            return cached;
        }
        var (compiled, errors, _) = Build(source, schema, limits);
        if (compiled is null)
        {
            throw new InvalidExpression(errors);
        }
        if (cacheable)
        {
            if (Cache.Count >= MaxCached)
            {
                Cache.Clear();
            }
            Cache[key] = compiled;
        }
        return compiled;
    }

    private const int MaxCached = 10_000;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, CompiledExpression> Cache = new(StringComparer.Ordinal);

    private static (CompiledExpression? Compiled, IReadOnlyList<ExpressionError> Errors, string? Type) Build(string source, RiskSchema? schema, ExpressionLimits? limits)
    {
        source ??= "";
        schema ??= RiskSchema.Declarations;
        limits ??= ExpressionLimits.Default;
        Syntax syntax;
        try
        {
            syntax = Parser.Parse(source, limits);
        }
        catch (ExpressionSyntaxException e)
        {
            return (null, [e.Error], null);
        }
        var checker = new Checker(source, schema, limits);
        Typed typed;
        try
        {
            typed = checker.CheckCondition(syntax);
        }
        catch (InsufficientExecutionStackException)
        {
            return (null, [ExpressionError.At(source, 0, 1, "the expression nests too deeply")], null);
        }
        if (checker.Errors.Count > 0 || typed.IsError)
        {
            return (null, checker.Errors.Count > 0 ? checker.Errors : [ExpressionError.At(source, 0, 1, "the expression is not valid")], null);
        }
        // The audit refuses any node outside the whitelist before anything is compiled to IL.
        SandboxAudit.Check(typed.Code!);
        var compiled = checker.FreeItem is { } item
            ? new CompiledExpression(source, null, Expression.Lambda<Func<EvaluationScope, ItemFacts, bool>>(typed.Code!, Checker.Scope, item).Compile(), typed.Cost)
            : new CompiledExpression(source, Expression.Lambda<Func<EvaluationScope, bool>>(typed.Code!, Checker.Scope).Compile(), null, typed.Cost);
        return (compiled, [], typed.Type.ToString());
    }
}
