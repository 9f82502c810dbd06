using System.Collections.Frozen;
using System.Globalization;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Cordon.Common;

namespace Cordon.Risk.Language;

using E = Expression;

/// <summary>
/// An expression after type checking: its type, the code that computes it, its static cost, its value
/// when it is a literal, and whether (for a record) it may be absent.
/// </summary>
internal readonly record struct Typed(RiskType Type, Expression? Code, int Cost, object? Constant = null, bool MayBeNull = false)
{
    public static readonly Typed Error = new(RiskType.Error, null, 1);
    public bool IsError => Type.IsError;
}

/// <summary>
/// Type checker and code generator in one pass: resolves every name against the <see cref="RiskSchema"/>,
/// checks every operator and call, collects all errors with their positions, and — when there are none —
/// yields an expression tree built only from a closed set of nodes (see <see cref="SandboxAudit"/>).
/// Nothing an analyst writes can name a .NET type or method: the only things reachable are the schema's
/// fields and functions, each a getter or body written in code.
/// </summary>
internal sealed class Checker
{
    private static readonly FrozenSet<string> Quantifiers = new[] { "any", "all", "count", "sum", "avg", "min", "max" }.ToFrozenSet(StringComparer.Ordinal);

    private readonly string _source;
    private readonly RiskSchema _schema;
    private readonly ExpressionLimits _limits;
    private readonly List<ExpressionError> _errors = [];
    private readonly List<(string Name, RecordSchema Record, ParameterExpression Variable)> _variables = [];
    private int _quantifierDepth;

    /// <summary>The parameter every compiled criterion takes.</summary>
    public static readonly ParameterExpression Scope = E.Parameter(typeof(EvaluationScope), "scope");
    private static readonly System.Reflection.MethodInfo Charge = typeof(EvaluationScope).GetMethod(nameof(EvaluationScope.Charge))!;
    private static readonly System.Reflection.MethodInfo TextEquals = typeof(string).GetMethod(nameof(string.Equals), [typeof(string), typeof(string)])!;
    private static readonly System.Reflection.MethodInfo IsNaN = typeof(double).GetMethod(nameof(double.IsNaN), [typeof(double)])!;

    /// <summary>The item parameter of an item-level criterion (it names <c>item</c> outside any quantifier).</summary>
    public ParameterExpression? FreeItem { get; private set; }

    public bool ItemLevel => FreeItem is not null;
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

    private static Typed Literal(LiteralSyntax l) => l.Kind switch
    {
        LiteralKind.Number => new Typed(RiskType.Number, E.Constant(l.Number), 1, l.Number),
        LiteralKind.String => new Typed(RiskType.Text, E.Constant(l.Text), 1, l.Text),
        _ => new Typed(RiskType.Boolean, E.Constant(l.Bool), 1, l.Bool),
    };

    private Typed Name(NameSyntax n)
    {
        for (var i = _variables.Count - 1; i >= 0; i--)
        {
            if (_variables[i].Name == n.Name)
            {
                return new Typed(RiskType.RecordOf(_variables[i].Record), _variables[i].Variable, 1);
            }
        }
        if (_schema.Item is not null && n.Name == _schema.Item.ElementVariable)
        {
            // A free "item" makes the criterion item-level: it is tried on each item in turn.
            FreeItem ??= E.Parameter(typeof(ItemFacts), "item");
            return new Typed(RiskType.RecordOf(_schema.Item), FreeItem, 1);
        }
        if (_schema.Root.Find(n.Name) is { } field)
        {
            return new Typed(field.Type, field.Read(E.Property(Scope, _schema.Subject), mayBeNull: false), 1, MayBeNull: field.Type.Kind == RiskTypeKind.Record);
        }
        if (_schema.Party is not null && n.Name == _schema.Party.ElementVariable)
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

    private IEnumerable<string> KnownNames()
        => _schema.Root.Fields.Select(f => f.Name).Concat(_variables.Select(v => v.Name)).Concat(_schema.Item is { } item ? [item.ElementVariable!] : []);

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
                return new Typed(field.Type, field.Read(target.Code!, target.MayBeNull), target.Cost + 1, MayBeNull: field.Type.Kind == RiskTypeKind.Record);
            }
            case RiskTypeKind.FeatureGroup:
            {
                var catalog = target.Type.Features!;
                if (catalog.Find(m.Name) is not { } feature)
                {
                    return Error(m.NameStart, m.End - m.NameStart, $"{catalog.Group} has no '{m.Name}'{Suggest(m.Name, catalog.All.Select(f => f.Name))}");
                }
                var vector = E.Variable(typeof(FeatureVector), "vector");
                var read = E.Block(typeof(double), [vector],
                    E.Assign(vector, target.Code!),
                    E.Condition(E.Equal(vector, E.Constant(null, typeof(FeatureVector))), E.Constant(double.NaN),
                        E.Property(vector, typeof(FeatureVector).GetProperty("Item")!, E.Constant(feature.Index))));
                if (feature.Kind == FeatureKind.Flag)
                {
                    // An unknown flag reads as false.
                    return new Typed(RiskType.Boolean, E.Call(RiskRuntime.Method(nameof(RiskRuntime.Flag)), read), target.Cost + 1);
                }
                return new Typed(RiskType.Number, read, target.Cost + 1);
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
        if (c.Callee is NameSyntax && (_variables.Any(v => v.Name == name) || _schema.Root.Find(name) is not null || name == _schema.Item?.ElementVariable))
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
                return new Typed(f.Returns, f.Compile(args.Select(a => a.Code!).ToArray()), 1 + args.Sum(a => a.Cost), MayBeNull: false);
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
            if (name == "count")
            {
                return Error(c, $"count takes a collection and, optionally, a condition: count({c.Arguments[0].Path()}) or count({c.Arguments[0].Path()}, <condition on {element.ElementVariable}>)");
            }
            if (name is "any" or "all")
            {
                return Error(c, $"{name} takes a collection and a condition on each {element.ElementVariable}: {name}({c.Arguments[0].Path()}, …)");
            }
            return Error(c, $"{name} takes a collection and a number on each {element.ElementVariable}: {name}({c.Arguments[0].Path()}, …)");
        }
        var elementType = element.ClrType;
        var listType = typeof(IReadOnlyList<>).MakeGenericType(elementType);
        var countProperty = typeof(IReadOnlyCollection<>).MakeGenericType(elementType).GetProperty("Count")!;
        if (c.Arguments.Count == 1)
        {
            return new Typed(RiskType.Number, E.Convert(E.Property(collection.Code!, countProperty), typeof(double)), 2);
        }
        if (_quantifierDepth >= _limits.MaxQuantifierNesting)
        {
            return Error(c, $"quantifiers nest too deeply (at most {_limits.MaxQuantifierNesting})");
        }
        var variable = E.Variable(elementType, element.ElementVariable);
        _quantifierDepth++;
        _variables.Add((element.ElementVariable!, element, variable));
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
            return wanted.Kind == RiskTypeKind.Boolean
                ? Error(c.Arguments[1], $"the second argument of {name} must be a condition on each {element.ElementVariable}, but it is a {body.Type}")
                : Error(c.Arguments[1], $"the second argument of {name} must be a number on each {element.ElementVariable}, but it is a {body.Type}");
        }
        var cost = body.Cost + 1;
        var total = cost + collection.Cost + 1;

        // for (i = 0; i < list.Count; i++) { charge; variable = list[i]; step } — each visit costs the body's size.
        var list = E.Variable(listType, "list");
        var n = E.Variable(typeof(int), "n");
        var i = E.Variable(typeof(int), "i");
        var resultType = name is "any" or "all" ? typeof(bool) : typeof(double);
        var done = E.Label(resultType, "done");
        var acc = E.Variable(typeof(double), "acc");
        var known = E.Variable(typeof(int), "known");
        var value = E.Variable(typeof(double), "value");
        Expression step;
        Expression finish;
        switch (name)
        {
            case "any":
                step = E.IfThen(body.Code!, E.Break(done, E.Constant(true)));
                finish = E.Constant(false);
                break;
            case "all":
                // all() over no items is true, as in logic; write count(items) > 0 and all(…) when that matters.
                step = E.IfThen(E.Not(body.Code!), E.Break(done, E.Constant(false)));
                finish = E.Constant(true);
                break;
            case "count":
                step = E.IfThen(body.Code!, E.AddAssign(acc, E.Constant(1.0)));
                finish = acc;
                break;
            default:
            {
                // Unknown values are skipped; with no known value the result is unknown (sum: 0).
                Expression combine = name switch
                {
                    "min" => E.Condition(E.Equal(known, E.Constant(0)), value, E.Call(typeof(Math).GetMethod(nameof(Math.Min), [typeof(double), typeof(double)])!, acc, value)),
                    "max" => E.Condition(E.Equal(known, E.Constant(0)), value, E.Call(typeof(Math).GetMethod(nameof(Math.Max), [typeof(double), typeof(double)])!, acc, value)),
                    _ => E.Add(acc, value),
                };
                step = E.Block(
                    E.Assign(value, body.Code!),
                    E.IfThen(E.Not(E.Call(IsNaN, value)), E.Block(E.Assign(acc, combine), E.PreIncrementAssign(known))));
                finish = name switch
                {
                    "sum" => acc,
                    "avg" => E.Condition(E.Equal(known, E.Constant(0)), E.Constant(double.NaN), E.Divide(acc, E.Convert(known, typeof(double)))),
                    _ => E.Condition(E.Equal(known, E.Constant(0)), E.Constant(double.NaN), acc),
                };
                break;
            }
        }
        var loop = E.Block(resultType, [list, n, i, acc, known, value, variable],
            E.Assign(list, collection.Code!),
            E.Assign(n, E.Property(list, countProperty)),
            E.Assign(i, E.Constant(0)),
            E.Assign(acc, E.Constant(0.0)),
            E.Assign(known, E.Constant(0)),
            E.Loop(E.Block(
                E.IfThen(E.GreaterThanOrEqual(i, n), E.Break(done, finish)),
                E.Call(Scope, Charge, E.Constant(cost)),
                E.Assign(variable, E.Property(list, listType.GetProperty("Item")!, i)),
                step,
                E.PreIncrementAssign(i)), done));
        return new Typed(resultType == typeof(bool) ? RiskType.Boolean : RiskType.Number, loop, total);
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
        return new Typed(RiskType.Date, E.Constant(day), 1, day);
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
        Expression test;
        switch (arg.Type.Kind)
        {
            case RiskTypeKind.Number or RiskTypeKind.Date:
                test = E.Call(IsNaN, arg.Code!);
                break;
            case RiskTypeKind.Text:
                test = E.Equal(E.Property(arg.Code!, nameof(string.Length)), E.Constant(0));
                break;
            case RiskTypeKind.Record:
                test = E.Equal(arg.Code!, E.Constant(null, arg.Code!.Type));
                break;
            default:
                return Error(c.Arguments[0], $"{fn} applies to a number, date, text or party, not a {arg.Type}");
        }
        return new Typed(RiskType.Boolean, missing ? test : E.Not(test), arg.Cost + 1);
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
                return new Typed(RiskType.TextList, E.Constant(values), cost, values);
            }
            return new Typed(RiskType.TextList, E.NewArrayInit(typeof(string), elements.Select(e => e.Code!)), cost);
        }
        if (constant)
        {
            var values = elements.Select(e => (double)e.Constant!).ToArray();
            return new Typed(RiskType.ListOf(type), E.Constant(values), cost, values);
        }
        return new Typed(RiskType.ListOf(type), E.NewArrayInit(typeof(double), elements.Select(e => e.Code!)), cost);
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
            return new Typed(RiskType.Boolean, E.Not(operand.Code!), operand.Cost + 1);
        }
        if (operand.Type.Kind != RiskTypeKind.Number)
        {
            return Error(u, $"'-' needs a number, but this is a {operand.Type}");
        }
        if (operand.Constant is double c)
        {
            return new Typed(RiskType.Number, E.Constant(-c), 1, -c);
        }
        return new Typed(RiskType.Number, E.Negate(operand.Code!), operand.Cost + 1);
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
        var cost = 1 + operands.Sum(o => o.Cost);
        var code = operands.Skip(1).Aggregate(operands[0].Code!, (acc, o) => l.IsAnd ? E.AndAlso(acc, o.Code!) : E.OrElse(acc, o.Code!));
        return new Typed(RiskType.Boolean, code, cost);
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
                var (x, y) = (left.Code!, right.Code!);
                switch (lt.Kind)
                {
                    case RiskTypeKind.Number or RiskTypeKind.Date:
                        // An unknown value is neither equal nor unequal to anything.
                        return new Typed(RiskType.Boolean, equal ? E.Equal(x, y) : E.Call(RiskRuntime.Method(nameof(RiskRuntime.Differ)), x, y), cost);
                    case RiskTypeKind.Text:
                        return new Typed(RiskType.Boolean, equal ? E.Call(TextEquals, x, y) : E.Not(E.Call(TextEquals, x, y)), cost);
                    case RiskTypeKind.Boolean:
                        return new Typed(RiskType.Boolean, equal ? E.Equal(x, y) : E.NotEqual(x, y), cost);
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
                var (x, y) = (left.Code!, right.Code!);
                return new Typed(RiskType.Boolean, b.Operator switch
                {
                    BinaryOperator.Less => E.LessThan(x, y),
                    BinaryOperator.LessOrEqual => E.LessThanOrEqual(x, y),
                    BinaryOperator.Greater => E.GreaterThan(x, y),
                    _ => E.GreaterThanOrEqual(x, y),
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
            return lt.Kind == RiskTypeKind.Text || rt.Kind == RiskTypeKind.Text
                ? Error(b.OperatorStart, b.OperatorLength, $"'{b.Operator.Symbol()}' cannot be applied to a {lt} and a {rt} (texts cannot be combined with arithmetic)")
                : Error(b.OperatorStart, b.OperatorLength, $"'{b.Operator.Symbol()}' cannot be applied to a {lt} and a {rt}");
        }
        var (x, y) = (left.Code!, right.Code!);
        var code = b.Operator switch
        {
            BinaryOperator.Add => E.Add(x, y),
            BinaryOperator.Subtract => E.Subtract(x, y),
            BinaryOperator.Multiply => E.Multiply(x, y),
            // Division by zero gives "unknown", so a criterion on a ratio does not fire on it.
            BinaryOperator.Divide => E.Call(RiskRuntime.Method(nameof(RiskRuntime.Divide)), x, y),
            _ => (Expression)E.Call(RiskRuntime.Method(nameof(RiskRuntime.Remainder)), x, y),
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
            return lt.Kind == RiskTypeKind.Text && elementType.Kind == RiskTypeKind.Number
                ? Error(b.OperatorStart, b.OperatorLength, $"cannot look for a {lt} in a {rt} (write codes as text: \"870323\")")
                : Error(b.OperatorStart, b.OperatorLength, $"cannot look for a {lt} in a {rt}");
        }
        Expression test;
        if (lt.Kind == RiskTypeKind.Text)
        {
            var v = E.Variable(typeof(string), "value");
            if (right.Constant is string[] { Length: <= 8 } few)
            {
                // A handful of codes: comparing lengths and characters beats hashing the value.
                test = E.Block(typeof(bool), [v], E.Assign(v, left.Code!),
                    few.Select(c => (Expression)E.Call(TextEquals, v, E.Constant(c))).Aggregate(E.OrElse));
            }
            else if (right.Constant is string[] constants)
            {
                var set = constants.ToFrozenSet(StringComparer.Ordinal);
                test = E.Call(E.Constant(set), typeof(FrozenSet<string>).GetMethod(nameof(FrozenSet<string>.Contains))!, left.Code!);
            }
            else if (rt.Kind == RiskTypeKind.List)
            {
                test = E.Call(RiskRuntime.Method(nameof(RiskRuntime.InTexts)), left.Code!, right.Code!);
            }
            else
            {
                test = E.Call(TextEquals, left.Code!, right.Code!);
            }
            return new Typed(RiskType.Boolean, negate ? E.Not(test) : test, cost);
        }
        var value = E.Variable(typeof(double), "value");
        if (right.Constant is double[] numbers)
        {
            var set = numbers.ToFrozenSet();
            test = E.Call(E.Constant(set), typeof(FrozenSet<double>).GetMethod(nameof(FrozenSet<double>.Contains))!, value);
        }
        else if (rt.Kind == RiskTypeKind.List)
        {
            test = E.Call(RiskRuntime.Method(nameof(RiskRuntime.InNumbers)), value, right.Code!);
        }
        else
        {
            test = E.Equal(value, right.Code!);
        }
        // An unknown number is in nothing and "not in" nothing.
        return new Typed(RiskType.Boolean, E.Block(typeof(bool), [value], E.Assign(value, left.Code!),
            negate ? E.AndAlso(E.Not(E.Call(IsNaN, value)), E.Not(test)) : test), cost);
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

    private static Wording RecordHint(RiskType type)
    {
        if (type.Kind != RiskTypeKind.Record)
        {
            return "";
        }
        return $" (a {type.Record!.Name} is a record: compare one of its fields, e.g. .{type.Record.Fields.First(f => f.Type.Kind == RiskTypeKind.Text).Name})";
    }

    private Typed Error(Syntax at, Wording message) => Error(at.Start, at.Length, message);

    private Typed Error(int start, int length, Wording message)
    {
        _errors.Add(ExpressionError.At(_source, start, length, message));
        return Typed.Error;
    }

    private static Wording Suggest(string name, IEnumerable<string> candidates)
    {
        var best = candidates.Distinct().Select(c => (c, d: Distance(name, c))).Where(x => x.d <= Math.Max(1, name.Length / 3)).OrderBy(x => x.d).FirstOrDefault();
        if (best.c is null)
        {
            return "";
        }
        return $" (did you mean '{best.c}'?)";
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
