using System.Collections.Frozen;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Cordon.Risk.Language;

using S = EvaluationScope;
using N = Func<EvaluationScope, double>;
using T = Func<EvaluationScope, string>;
using B = Func<EvaluationScope, bool>;
using TL = Func<EvaluationScope, string[]>;
using NL = Func<EvaluationScope, double[]>;
using Coll = Func<EvaluationScope, IReadOnlyList<object>>;

/// <summary>An expression after type checking: its type, the closure that computes it, and its static cost.</summary>
internal readonly record struct Typed(RiskType Type, Delegate? Code, int Cost, object? Constant = null, int? Slot = null)
{
    public static readonly Typed Error = new(RiskType.Error, null, 1);
    public bool IsError => Type.IsError;
}

/// <summary>
/// Type checker and compiler in one pass: resolves every name against the <see cref="RiskSchema"/>,
/// checks every operator and call, collects all errors with their positions, and — when there are none —
/// yields a tree of typed closures. Nothing in an expression can name a .NET type or method: the only
/// things reachable are the schema's fields and functions, each a getter or body written in code.
/// </summary>
internal sealed class Checker
{
    private static readonly FrozenSet<string> Quantifiers = new[] { "any", "all", "count", "sum", "avg", "min", "max" }.ToFrozenSet(StringComparer.Ordinal);

    private readonly string _source;
    private readonly RiskSchema _schema;
    private readonly ExpressionLimits _limits;
    private readonly List<ExpressionError> _errors = [];
    private readonly List<(string Name, RecordSchema Record, int Slot)> _variables = [];
    private int _quantifierDepth;

    public bool ItemLevel { get; private set; }
    public IReadOnlyList<ExpressionError> Errors => _errors;

    public Checker(string source, RiskSchema schema, ExpressionLimits limits)
    {
        _source = source;
        _schema = schema;
        _limits = limits;
    }

    public Typed CheckCondition(Syntax syntax)
    {
        var typed = Check(syntax);
        if (!typed.IsError && typed.Type.Kind != RiskTypeKind.Boolean)
        {
            Error(syntax, $"a criterion must be a yes/no condition, but this is a {typed.Type}");
            return Typed.Error;
        }
        return typed;
    }

    private Typed Check(Syntax syntax)
    {
        // The parser bounds the tree's height; this is a second guard should a caller raise the limits.
        RuntimeHelpers.EnsureSufficientExecutionStack();
        return syntax switch
        {
            LiteralSyntax l => Literal(l),
            NameSyntax n => Name(n),
            MemberSyntax m => Member(m),
            CallSyntax c => Call(c),
            ListSyntax l => List(l),
            UnarySyntax u => Unary(u),
            BinarySyntax b => Binary(b),
            LogicalSyntax l => Logical(l),
            _ => throw new InvalidOperationException($"unknown syntax {syntax.GetType().Name}"),
        };
    }

    private static Typed Literal(LiteralSyntax l)
    {
        switch (l.Kind)
        {
            case LiteralKind.Number:
                var n = l.Number;
                return new Typed(RiskType.Number, new N(_ => n), 1, n);
            case LiteralKind.String:
                var t = l.Text;
                return new Typed(RiskType.Text, new T(_ => t), 1, t);
            default:
                var b = l.Bool;
                return new Typed(RiskType.Boolean, b ? new B(_ => true) : new B(_ => false), 1, b);
        }
    }

    private Typed Name(NameSyntax n)
    {
        for (var i = _variables.Count - 1; i >= 0; i--)
        {
            if (_variables[i].Name == n.Name)
            {
                return new Typed(RiskType.RecordOf(_variables[i].Record), _variables[i].Record.SlotReader(_variables[i].Slot), 1, Slot: _variables[i].Slot);
            }
        }
        if (n.Name == _schema.Item.ElementVariable)
        {
            // A free "item" makes the criterion item-level: it is tried on each item in turn.
            ItemLevel = true;
            return new Typed(RiskType.RecordOf(_schema.Item), _schema.Item.SlotReader(0), 1, Slot: 0);
        }
        if (_schema.Root.Find(n.Name) is { } field)
        {
            return new Typed(field.Type, field.Compile(RootReader, root: true), 1);
        }
        if (n.Name == _schema.Party.ElementVariable)
        {
            return Error(n, $"'{n.Name}' is only known inside a quantifier over parties, e.g. any(parties, {n.Name}.country == \"IR\")");
        }
        if (_schema.FunctionNamespaces.Contains(n.Name))
        {
            var example = _schema.Functions.First(f => f.Name.StartsWith(n.Name + ".", StringComparison.Ordinal));
            return Error(n, $"'{n.Name}' is a group of functions: call one, e.g. {example.Name}(…)");
        }
        if (_schema.Overloads(n.Name).Count > 0 || Quantifiers.Contains(n.Name) || n.Name is "date" or "missing" or "present")
        {
            return Error(n, $"'{n.Name}' is a function: call it as {n.Name}(…)");
        }
        return Error(n, $"unknown name '{n.Name}'{Suggest(n.Name, KnownNames())}");
    }

    private static readonly Func<S, DeclarationFacts?> RootReader = s => s.Declaration;

    private IEnumerable<string> KnownNames()
        => _schema.Root.Fields.Select(f => f.Name).Concat(_variables.Select(v => v.Name)).Append(_schema.Item.ElementVariable!);

    private Typed Member(MemberSyntax m)
    {
        if (m.Target is NameSyntax ns && _schema.FunctionNamespaces.Contains(ns.Name) && !_variables.Any(v => v.Name == ns.Name))
        {
            var name = ns.Name + "." + m.Name;
            return _schema.Overloads(name).Count > 0
                ? Error(m, $"'{name}' is a function: call it as {name}(…)")
                : Error(m.NameStart, m.End - m.NameStart, $"'{ns.Name}' has no function '{m.Name}'{Suggest(m.Name, FunctionsIn(ns.Name))}");
        }
        var target = Check(m.Target);
        if (target.IsError)
        {
            return Typed.Error;
        }
        switch (target.Type.Kind)
        {
            case RiskTypeKind.Record:
            {
                var record = target.Type.Record!;
                if (record.Find(m.Name) is not { } field)
                {
                    return Error(m.NameStart, m.End - m.NameStart, $"{record.Name} has no field '{m.Name}'{Suggest(m.Name, record.Fields.Select(f => f.Name))}");
                }
                return new Typed(field.Type, field.Compile(target.Code!, target.Slot), target.Cost + 1);
            }
            case RiskTypeKind.FeatureGroup:
            {
                var catalog = target.Type.Features!;
                if (catalog.Find(m.Name) is not { } feature)
                {
                    return Error(m.NameStart, m.End - m.NameStart, $"{catalog.Group} has no '{m.Name}'{Suggest(m.Name, catalog.All.Select(f => f.Name))}");
                }
                var vector = (Func<S, FeatureVector?>)target.Code!;
                var index = feature.Index;
                if (feature.Kind == FeatureKind.Flag)
                {
                    // An unknown flag reads as false.
                    return new Typed(RiskType.Boolean, new B(s => vector(s) is { } v && v[index] is var x && !double.IsNaN(x) && x != 0), target.Cost + 1);
                }
                return new Typed(RiskType.Number, new N(s => vector(s) is { } v ? v[index] : double.NaN), target.Cost + 1);
            }
            default:
                return Error(m.NameStart, m.End - m.NameStart, $"a {target.Type} has no fields (found '.{m.Name}')");
        }
    }

    private IEnumerable<string> FunctionsIn(string ns)
        => _schema.Functions.Where(f => f.Name.StartsWith(ns + ".", StringComparison.Ordinal)).Select(f => f.Name[(ns.Length + 1)..]).Distinct();

    private Typed Call(CallSyntax c)
    {
        var name = c.Callee.Path();
        if (name is null)
        {
            return Error(c.Callee, "only named functions can be called");
        }
        if (c.Callee is MemberSyntax member && member.Target.Path() is { } owner && !_schema.FunctionNamespaces.Contains(owner))
        {
            // item.GetType(), declarant.name.ToString(): values have no methods. An unknown head
            // (System.IO.File…) is reported as the unknown name it is.
            var target = Check(member.Target);
            return target.IsError
                ? Typed.Error
                : Error(c.Callee, $"'{name}' is not a function: values have no methods; the functions are listed in the criteria reference");
        }
        if (c.Callee is NameSyntax && (_variables.Any(v => v.Name == name) || _schema.Root.Find(name) is not null || name == _schema.Item.ElementVariable))
        {
            return Error(c.Callee, $"'{name}' is a field, not a function");
        }
        if (Quantifiers.Contains(name) && c.Arguments.Count > 0 && IsCollection(c.Arguments[0]))
        {
            return Quantifier(c, name);
        }
        switch (name)
        {
            case "any" or "all" or "count" or "sum" or "avg":
                return Error(c, $"{name}(…) takes a collection first: {name}(items, …) or {name}(parties, …)");
            case "date":
                return DateLiteral(c);
            case "missing" or "present":
                return Presence(c, name == "missing");
        }
        var overloads = _schema.Overloads(name);
        if (overloads.Count == 0 && c.Callee is MemberSyntax { Target: NameSyntax ns } fn && _schema.FunctionNamespaces.Contains(ns.Name))
        {
            return Error(fn.NameStart, fn.End - fn.NameStart, $"'{ns.Name}' has no function '{fn.Name}'{Suggest(fn.Name, FunctionsIn(ns.Name))}");
        }
        if (overloads.Count == 0)
        {
            var all = _schema.Functions.Select(f => f.Name).Concat(Quantifiers).Append("date").Append("missing").Append("present").Distinct();
            return Error(c.Callee, $"unknown function '{name}'{Suggest(name, all)}");
        }
        var args = c.Arguments.Select(Check).ToArray();
        if (args.Any(a => a.IsError))
        {
            return Typed.Error;
        }
        foreach (var f in overloads)
        {
            if (f.Parameters.Count == args.Length && f.Parameters.Zip(args).All(p => p.First.Equals(p.Second.Type)))
            {
                return new Typed(f.Returns, f.Compile(args.Select(a => a.Code!).ToArray()), 1 + args.Sum(a => a.Cost));
            }
        }
        var given = string.Join(", ", args.Select(a => a.Type.ToString()));
        return Error(c, $"{name} cannot take ({given}); it takes {string.Join(" or ", overloads.Select(f => "(" + string.Join(", ", f.Parameters) + ")"))}");
    }

    private bool IsCollection(Syntax s)
        => s.Path() is { } path && !path.Contains('.', StringComparison.Ordinal) && _schema.Root.Find(path)?.Type.Kind == RiskTypeKind.Collection;

    private Typed Quantifier(CallSyntax c, string name)
    {
        var collection = Check(c.Arguments[0]);
        var element = collection.Type.Record!;
        var needsBody = name is "any" or "all" or "sum" or "avg" or "min" or "max";
        if (c.Arguments.Count > 2 || (needsBody && c.Arguments.Count != 2))
        {
            return Error(c, name == "count"
                ? $"count takes a collection and, optionally, a condition: count({c.Arguments[0].Path()}) or count({c.Arguments[0].Path()}, <condition on {element.ElementVariable}>)"
                : $"{name} takes a collection and {(name is "any" or "all" ? "a condition" : "a number")} on each {element.ElementVariable}: {name}({c.Arguments[0].Path()}, …)");
        }
        var items = (Coll)collection.Code!;
        if (c.Arguments.Count == 1)
        {
            return new Typed(RiskType.Number, new N(s => items(s).Count), 2);
        }
        if (_quantifierDepth >= _limits.MaxQuantifierNesting)
        {
            return Error(c, $"quantifiers nest too deeply (at most {_limits.MaxQuantifierNesting})");
        }
        _quantifierDepth++;
        var slot = _quantifierDepth;
        _variables.Add((element.ElementVariable!, element, slot));
        var body = Check(c.Arguments[1]);
        _variables.RemoveAt(_variables.Count - 1);
        _quantifierDepth--;
        if (body.IsError)
        {
            return Typed.Error;
        }
        var wanted = name is "any" or "all" or "count" ? RiskType.Boolean : RiskType.Number;
        if (!body.Type.Equals(wanted))
        {
            return Error(c.Arguments[1], $"the second argument of {name} must be a {(wanted.Kind == RiskTypeKind.Boolean ? "condition" : "number")} on each {element.ElementVariable}, but it is a {body.Type}");
        }
        var cost = body.Cost + 1;
        var total = cost + collection.Cost + 1;
        switch (name)
        {
            case "any":
            case "all":
            case "count":
            {
                var test = (B)body.Code!;
                if (name == "any")
                {
                    return new Typed(RiskType.Boolean, new B(s =>
                    {
                        var list = items(s);
                        for (var i = 0; i < list.Count; i++)
                        {
                            s.Charge(cost);
                            s.Slots[slot] = list[i];
                            if (test(s))
                            {
                                return true;
                            }
                        }
                        return false;
                    }), total);
                }
                if (name == "all")
                {
                    // all() over no items is true, as in logic; write count(items) > 0 and all(…) when that matters.
                    return new Typed(RiskType.Boolean, new B(s =>
                    {
                        var list = items(s);
                        for (var i = 0; i < list.Count; i++)
                        {
                            s.Charge(cost);
                            s.Slots[slot] = list[i];
                            if (!test(s))
                            {
                                return false;
                            }
                        }
                        return true;
                    }), total);
                }
                return new Typed(RiskType.Number, new N(s =>
                {
                    var list = items(s);
                    var n = 0;
                    for (var i = 0; i < list.Count; i++)
                    {
                        s.Charge(cost);
                        s.Slots[slot] = list[i];
                        if (test(s))
                        {
                            n++;
                        }
                    }
                    return n;
                }), total);
            }
            default:
            {
                var value = (N)body.Code!;
                var kind = name;
                // Unknown values are skipped; with no known value the result is unknown (sum: 0).
                return new Typed(RiskType.Number, new N(s =>
                {
                    var list = items(s);
                    double acc = kind switch { "min" => double.PositiveInfinity, "max" => double.NegativeInfinity, _ => 0 };
                    var n = 0;
                    for (var i = 0; i < list.Count; i++)
                    {
                        s.Charge(cost);
                        s.Slots[slot] = list[i];
                        var v = value(s);
                        if (double.IsNaN(v))
                        {
                            continue;
                        }
                        n++;
                        acc = kind switch { "min" => Math.Min(acc, v), "max" => Math.Max(acc, v), _ => acc + v };
                    }
                    return kind switch
                    {
                        "sum" => acc,
                        "avg" => n == 0 ? double.NaN : acc / n,
                        _ => n == 0 ? double.NaN : acc,
                    };
                }), total);
            }
        }
    }

    private Typed DateLiteral(CallSyntax c)
    {
        if (c.Arguments.Count != 1 || c.Arguments[0] is not LiteralSyntax { Kind: LiteralKind.String } text)
        {
            return Error(c, "a date is written date(\"YYYY-MM-DD\"), with the date as literal text");
        }
        if (!DateOnly.TryParseExact(text.Text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return Error(text, $"'{text.Text}' is not a date in the form YYYY-MM-DD");
        }
        double day = date.DayNumber;
        return new Typed(RiskType.Date, new N(_ => day), 1, day);
    }

    private Typed Presence(CallSyntax c, bool missing)
    {
        var fn = missing ? "missing" : "present";
        if (c.Arguments.Count != 1)
        {
            return Error(c, $"{fn} takes one value: {fn}(item.net_weight)");
        }
        var arg = Check(c.Arguments[0]);
        if (arg.IsError)
        {
            return Typed.Error;
        }
        B test;
        switch (arg.Type.Kind)
        {
            case RiskTypeKind.Number or RiskTypeKind.Date:
                var n = (N)arg.Code!;
                test = s => double.IsNaN(n(s));
                break;
            case RiskTypeKind.Text:
                var t = (T)arg.Code!;
                test = s => t(s).Length == 0;
                break;
            case RiskTypeKind.Record:
                var r = arg.Code!;
                var isNull = arg.Type.Record!.NullTest(r);
                test = isNull;
                break;
            default:
                return Error(c.Arguments[0], $"{fn} applies to a number, date, text or party, not a {arg.Type}");
        }
        return new Typed(RiskType.Boolean, missing ? test : new B(s => !test(s)), arg.Cost + 1);
    }

    private Typed List(ListSyntax l)
    {
        if (l.Elements.Count == 0)
        {
            return Error(l, "an empty list matches nothing: leave the condition out instead");
        }
        var elements = l.Elements.Select(Check).ToArray();
        if (elements.Any(e => e.IsError))
        {
            return Typed.Error;
        }
        var type = elements[0].Type;
        if (type.Kind is not (RiskTypeKind.Number or RiskTypeKind.Text or RiskTypeKind.Date))
        {
            return Error(l.Elements[0], $"a list holds numbers, texts or dates, not a {type}");
        }
        for (var i = 1; i < elements.Length; i++)
        {
            if (!elements[i].Type.Equals(type))
            {
                return Error(l.Elements[i], $"every element of a list must have the same type: the first is a {type}, this is a {elements[i].Type}");
            }
        }
        var cost = 1 + elements.Sum(e => e.Cost);
        var constant = elements.All(e => e.Constant is not null);
        if (type.Kind == RiskTypeKind.Text)
        {
            if (constant)
            {
                var values = elements.Select(e => (string)e.Constant!).ToArray();
                return new Typed(RiskType.TextList, new TL(_ => values), cost, values);
            }
            var parts = elements.Select(e => (T)e.Code!).ToArray();
            return new Typed(RiskType.TextList, new TL(s => Array.ConvertAll(parts, p => p(s))), cost);
        }
        if (constant)
        {
            var values = elements.Select(e => (double)e.Constant!).ToArray();
            return new Typed(RiskType.ListOf(type), new NL(_ => values), cost, values);
        }
        var numbers = elements.Select(e => (N)e.Code!).ToArray();
        return new Typed(RiskType.ListOf(type), new NL(s => Array.ConvertAll(numbers, p => p(s))), cost);
    }

    private Typed Unary(UnarySyntax u)
    {
        var operand = Check(u.Operand);
        if (operand.IsError)
        {
            return Typed.Error;
        }
        if (u.Operator == UnaryOperator.Not)
        {
            if (operand.Type.Kind != RiskTypeKind.Boolean)
            {
                return Error(u, $"'not' needs a condition, but this is a {operand.Type}");
            }
            var b = (B)operand.Code!;
            return new Typed(RiskType.Boolean, new B(s => !b(s)), operand.Cost + 1);
        }
        if (operand.Type.Kind != RiskTypeKind.Number)
        {
            return Error(u, $"'-' needs a number, but this is a {operand.Type}");
        }
        if (operand.Constant is double c)
        {
            return new Typed(RiskType.Number, new N(_ => -c), 1, -c);
        }
        var n = (N)operand.Code!;
        return new Typed(RiskType.Number, new N(s => -n(s)), operand.Cost + 1);
    }

    private Typed Logical(LogicalSyntax l)
    {
        var operands = l.Operands.Select(Check).ToArray();
        if (operands.Any(o => o.IsError))
        {
            return Typed.Error;
        }
        var word = l.IsAnd ? "and" : "or";
        for (var i = 0; i < operands.Length; i++)
        {
            if (operands[i].Type.Kind != RiskTypeKind.Boolean)
            {
                return Error(l.Operands[i], $"'{word}' joins conditions, but this is a {operands[i].Type}");
            }
        }
        var parts = operands.Select(o => (B)o.Code!).ToArray();
        var cost = 1 + operands.Sum(o => o.Cost);
        if (parts.Length == 2)
        {
            var (a, b) = (parts[0], parts[1]);
            return new Typed(RiskType.Boolean, l.IsAnd ? new B(s => a(s) && b(s)) : new B(s => a(s) || b(s)), cost);
        }
        if (l.IsAnd)
        {
            return new Typed(RiskType.Boolean, new B(s =>
            {
                foreach (var p in parts)
                {
                    if (!p(s))
                    {
                        return false;
                    }
                }
                return true;
            }), cost);
        }
        return new Typed(RiskType.Boolean, new B(s =>
        {
            foreach (var p in parts)
            {
                if (p(s))
                {
                    return true;
                }
            }
            return false;
        }), cost);
    }

    private Typed Binary(BinarySyntax b)
    {
        var left = Check(b.Left);
        var right = Check(b.Right);
        if (left.IsError || right.IsError)
        {
            return Typed.Error;
        }
        var cost = 1 + left.Cost + right.Cost;
        var (lt, rt) = (left.Type, right.Type);
        switch (b.Operator)
        {
            case BinaryOperator.In:
            case BinaryOperator.NotIn:
                return Membership(b, left, right, cost);
            case BinaryOperator.Equal:
            case BinaryOperator.NotEqual:
            {
                var equal = b.Operator == BinaryOperator.Equal;
                if (!lt.Equals(rt))
                {
                    return Mismatch(b, left, right);
                }
                switch (lt.Kind)
                {
                    case RiskTypeKind.Number or RiskTypeKind.Date:
                    {
                        var (x, y) = ((N)left.Code!, (N)right.Code!);
                        if (right.Constant is double k)
                        {
                            return new Typed(RiskType.Boolean, equal ? new B(s => x(s) == k) : new B(s => x(s) is var v && !double.IsNaN(v) && v != k), cost);
                        }
                        // An unknown value is neither equal nor unequal to anything.
                        return new Typed(RiskType.Boolean, equal
                            ? new B(s => x(s) == y(s))
                            : new B(s => x(s) is var v && y(s) is var w && !double.IsNaN(v) && !double.IsNaN(w) && v != w), cost);
                    }
                    case RiskTypeKind.Text:
                    {
                        var x = (T)left.Code!;
                        if (right.Constant is string k)
                        {
                            return new Typed(RiskType.Boolean, equal ? new B(s => string.Equals(x(s), k, StringComparison.Ordinal)) : new B(s => !string.Equals(x(s), k, StringComparison.Ordinal)), cost);
                        }
                        var y = (T)right.Code!;
                        return new Typed(RiskType.Boolean, equal ? new B(s => string.Equals(x(s), y(s), StringComparison.Ordinal)) : new B(s => !string.Equals(x(s), y(s), StringComparison.Ordinal)), cost);
                    }
                    case RiskTypeKind.Boolean:
                    {
                        var (x, y) = ((B)left.Code!, (B)right.Code!);
                        return new Typed(RiskType.Boolean, equal ? new B(s => x(s) == y(s)) : new B(s => x(s) != y(s)), cost);
                    }
                    default:
                        return Error(b.OperatorStart, b.OperatorLength, $"a {lt} cannot be compared with '{b.Operator.Symbol()}'{RecordHint(lt)}");
                }
            }
            case BinaryOperator.Less:
            case BinaryOperator.LessOrEqual:
            case BinaryOperator.Greater:
            case BinaryOperator.GreaterOrEqual:
            {
                if (!lt.Equals(rt))
                {
                    return Mismatch(b, left, right);
                }
                if (!lt.IsNumeric)
                {
                    return Error(b.OperatorStart, b.OperatorLength, $"'{b.Operator.Symbol()}' compares numbers or dates, not a {lt}{RecordHint(lt)}");
                }
                var (x, y) = ((N)left.Code!, (N)right.Code!);
                if (right.Constant is double k)
                {
                    return new Typed(RiskType.Boolean, b.Operator switch
                    {
                        BinaryOperator.Less => new B(s => x(s) < k),
                        BinaryOperator.LessOrEqual => new B(s => x(s) <= k),
                        BinaryOperator.Greater => new B(s => x(s) > k),
                        _ => new B(s => x(s) >= k),
                    }, cost);
                }
                return new Typed(RiskType.Boolean, b.Operator switch
                {
                    BinaryOperator.Less => new B(s => x(s) < y(s)),
                    BinaryOperator.LessOrEqual => new B(s => x(s) <= y(s)),
                    BinaryOperator.Greater => new B(s => x(s) > y(s)),
                    _ => new B(s => x(s) >= y(s)),
                }, cost);
            }
            default:
                return Arithmetic(b, left, right, cost);
        }
    }

    private Typed Arithmetic(BinarySyntax b, Typed left, Typed right, int cost)
    {
        var (lt, rt) = (left.Type, right.Type);
        RiskType? result = (b.Operator, lt.Kind, rt.Kind) switch
        {
            (_, RiskTypeKind.Number, RiskTypeKind.Number) => RiskType.Number,
            (BinaryOperator.Subtract, RiskTypeKind.Date, RiskTypeKind.Date) => RiskType.Number,
            (BinaryOperator.Add or BinaryOperator.Subtract, RiskTypeKind.Date, RiskTypeKind.Number) => RiskType.Date,
            (BinaryOperator.Add, RiskTypeKind.Number, RiskTypeKind.Date) => RiskType.Date,
            _ => null,
        };
        if (result is null)
        {
            var hint = lt.Kind == RiskTypeKind.Text || rt.Kind == RiskTypeKind.Text ? " (texts cannot be combined with arithmetic)" : "";
            return Error(b.OperatorStart, b.OperatorLength, $"'{b.Operator.Symbol()}' cannot be applied to a {lt} and a {rt}{hint}");
        }
        var (x, y) = ((N)left.Code!, (N)right.Code!);
        N code = b.Operator switch
        {
            BinaryOperator.Add => s => x(s) + y(s),
            BinaryOperator.Subtract => s => x(s) - y(s),
            BinaryOperator.Multiply => s => x(s) * y(s),
            // Division by zero gives "unknown", so a criterion on a ratio does not fire on it.
            BinaryOperator.Divide => s => y(s) is var d && d != 0 ? x(s) / d : double.NaN,
            _ => s => y(s) is var d && d != 0 ? x(s) % d : double.NaN,
        };
        return new Typed(result, code, cost);
    }

    private Typed Membership(BinarySyntax b, Typed left, Typed right, int cost)
    {
        var negate = b.Operator == BinaryOperator.NotIn;
        var (lt, rt) = (left.Type, right.Type);
        var elementType = rt.Kind == RiskTypeKind.List ? rt.Element! : rt;
        if (!lt.Equals(elementType) || lt.Kind is not (RiskTypeKind.Number or RiskTypeKind.Text or RiskTypeKind.Date))
        {
            var hint = lt.Kind == RiskTypeKind.Text && elementType.Kind == RiskTypeKind.Number ? " (write codes as text: \"870323\")" : "";
            return Error(b.OperatorStart, b.OperatorLength, $"cannot look for a {lt} in a {rt}{hint}");
        }
        if (lt.Kind == RiskTypeKind.Text)
        {
            var x = (T)left.Code!;
            B test;
            if (right.Constant is string[] { Length: <= 8 } few)
            {
                // A handful of codes: comparing lengths and characters beats hashing the value.
                test = s =>
                {
                    var v = x(s);
                    foreach (var c in few)
                    {
                        if (string.Equals(v, c, StringComparison.Ordinal))
                        {
                            return true;
                        }
                    }
                    return false;
                };
            }
            else if (right.Constant is string[] constants)
            {
                var set = constants.ToFrozenSet(StringComparer.Ordinal);
                test = s => set.Contains(x(s));
            }
            else if (rt.Kind == RiskTypeKind.List)
            {
                var ys = (TL)right.Code!;
                test = s => Array.IndexOf(ys(s), x(s)) >= 0;
            }
            else
            {
                var y = (T)right.Code!;
                test = s => string.Equals(x(s), y(s), StringComparison.Ordinal);
            }
            return new Typed(RiskType.Boolean, negate ? new B(s => !test(s)) : test, cost);
        }
        var n = (N)left.Code!;
        Func<S, double, bool> contains;
        if (right.Constant is double[] numbers)
        {
            var set = numbers.ToFrozenSet();
            contains = (_, v) => set.Contains(v);
        }
        else if (rt.Kind == RiskTypeKind.List)
        {
            var ys = (NL)right.Code!;
            contains = (s, v) => Array.IndexOf(ys(s), v) >= 0;
        }
        else
        {
            var y = (N)right.Code!;
            contains = (s, v) => y(s) == v;
        }
        // An unknown number is in nothing and "not in" nothing.
        return new Typed(RiskType.Boolean, negate
            ? new B(s => n(s) is var v && !double.IsNaN(v) && !contains(s, v))
            : new B(s => n(s) is var v && contains(s, v)), cost);
    }

    private Typed Mismatch(BinarySyntax b, Typed left, Typed right)
    {
        var hint = (left.Type.Kind, right.Type.Kind) switch
        {
            (RiskTypeKind.Text, RiskTypeKind.Number) when right.Constant is double => " (write codes as text, in quotes)",
            (RiskTypeKind.Date, RiskTypeKind.Text) => " (write a date as date(\"YYYY-MM-DD\"))",
            _ => RecordHint(left.Type),
        };
        return Error(b.OperatorStart, b.OperatorLength, $"cannot compare a {left.Type} with a {right.Type} using '{b.Operator.Symbol()}'{hint}");
    }

    private static string RecordHint(RiskType type) => type.Kind == RiskTypeKind.Record
        ? $" (a {type.Record!.Name} is a record: compare one of its fields, e.g. .{type.Record.Fields.First(f => f.Type.Kind == RiskTypeKind.Text).Name})"
        : "";

    private Typed Error(Syntax at, string message) => Error(at.Start, at.Length, message);

    private Typed Error(int start, int length, string message)
    {
        _errors.Add(ExpressionError.At(_source, start, length, message));
        return Typed.Error;
    }

    private static string Suggest(string name, IEnumerable<string> candidates)
    {
        var best = candidates.Distinct().Select(c => (c, d: Distance(name, c))).Where(x => x.d <= Math.Max(1, name.Length / 3)).OrderBy(x => x.d).FirstOrDefault();
        return best.c is null ? "" : $" (did you mean '{best.c}'?)";
    }

    private static int Distance(string a, string b)
    {
        if (a.Length > 64 || b.Length > 64)
        {
            return int.MaxValue;
        }
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
            }
        }
        return d[a.Length, b.Length];
    }
}
