using System.Collections.Frozen;
using System.Linq.Expressions;
using System.Reflection;

namespace Cordon.Risk.Language;

/// <summary>
/// The second wall of the sandbox. The checker only ever builds trees from the nodes below, but before
/// a tree is compiled this audit walks it and refuses anything else: no object creation, no delegate
/// invocation, no lambdas, no exceptions, and calls and member reads only on the types criteria read
/// (the facts, feature vectors, the statistics interface, strings, Math) and on <see cref="RiskRuntime"/>.
/// A bug in the checker therefore cannot turn into reflection or I/O.
/// </summary>
internal sealed class SandboxAudit : ExpressionVisitor
{
    private static readonly FrozenSet<ExpressionType> AllowedNodes = new[]
    {
        ExpressionType.Constant, ExpressionType.Parameter, ExpressionType.MemberAccess, ExpressionType.Call, ExpressionType.Index,
        ExpressionType.Add, ExpressionType.Subtract, ExpressionType.Multiply, ExpressionType.Divide, ExpressionType.Negate,
        ExpressionType.Equal, ExpressionType.NotEqual, ExpressionType.LessThan, ExpressionType.LessThanOrEqual,
        ExpressionType.GreaterThan, ExpressionType.GreaterThanOrEqual, ExpressionType.AndAlso, ExpressionType.OrElse, ExpressionType.Not,
        ExpressionType.Conditional, ExpressionType.Coalesce, ExpressionType.Convert, ExpressionType.Block, ExpressionType.Assign,
        ExpressionType.AddAssign, ExpressionType.PreIncrementAssign, ExpressionType.Loop, ExpressionType.Goto, ExpressionType.Label,
        ExpressionType.NewArrayInit, ExpressionType.Default,
    }.ToFrozenSet();

    private static readonly FrozenSet<Type> AllowedTypes = new[]
    {
        typeof(DeclarationFacts), typeof(ItemFacts), typeof(PartyFacts), typeof(TravellerFacts), typeof(CompanionFacts), typeof(FeatureVector), typeof(IRiskStatistics),
        typeof(EvaluationScope), typeof(RiskRuntime), typeof(string), typeof(Math), typeof(double),
        typeof(FrozenSet<string>), typeof(FrozenSet<double>),
        typeof(IReadOnlyList<ItemFacts>), typeof(IReadOnlyList<PartyFacts>),
        typeof(IReadOnlyCollection<ItemFacts>), typeof(IReadOnlyCollection<PartyFacts>),
        typeof(IReadOnlyList<CompanionFacts>), typeof(IReadOnlyCollection<CompanionFacts>),
    }.ToFrozenSet();

    private static readonly FrozenSet<string> AllowedStringMembers = new[]
    {
        nameof(string.Equals), nameof(string.Length), nameof(string.ToLowerInvariant), nameof(string.ToUpperInvariant), nameof(string.Trim),
    }.ToFrozenSet(StringComparer.Ordinal);

    public static void Check(Expression tree) => new SandboxAudit().Visit(tree);

    public override Expression? Visit(Expression? node)
    {
        if (node is not null && !AllowedNodes.Contains(node.NodeType))
        {
            throw new InvalidOperationException($"Sandbox: a compiled criterion may not contain a {node.NodeType} node.");
        }
        return base.Visit(node);
    }

    protected override Expression VisitMethodCall(MethodCallExpression node)
    {
        Allow(node.Method);
        return base.VisitMethodCall(node);
    }

    protected override Expression VisitMember(MemberExpression node)
    {
        Allow(node.Member);
        return base.VisitMember(node);
    }

    protected override Expression VisitIndex(IndexExpression node)
    {
        if (node.Indexer is { } indexer)
        {
            Allow(indexer);
        }
        return base.VisitIndex(node);
    }

    protected override Expression VisitUnary(UnaryExpression node)
    {
        if (node.Method is { } method)
        {
            Allow(method);
        }
        return base.VisitUnary(node);
    }

    protected override Expression VisitBinary(BinaryExpression node)
    {
        if (node.Method is { } method)
        {
            Allow(method);
        }
        return base.VisitBinary(node);
    }

    protected override Expression VisitConstant(ConstantExpression node)
    {
        // Literals, frozen sets of literals, and null: never a delegate, type or reflection object.
        if (node.Value is not (null or string or double or bool or int or UnitValueStatistic or string[] or double[] or FrozenSet<string> or FrozenSet<double>
            or ItemFacts[] { Length: 0 } or PartyFacts[] { Length: 0 } or CompanionFacts[] { Length: 0 }))
        {
            throw new InvalidOperationException($"Sandbox: a compiled criterion may not hold a constant of type {node.Value.GetType()}.");
        }
        return node;
    }

    private static void Allow(MemberInfo member)
    {
        var type = member.DeclaringType;
        if (type is null || !AllowedTypes.Contains(type) || (type == typeof(string) && !AllowedStringMembers.Contains(member.Name)))
        {
            throw new InvalidOperationException($"Sandbox: a compiled criterion may not use {type?.Name}.{member.Name}.");
        }
    }
}
