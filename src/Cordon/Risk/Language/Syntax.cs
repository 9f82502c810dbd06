namespace Cordon.Risk.Language;

/// <summary>The parsed form of an expression, with source positions for error messages.</summary>
internal abstract record Syntax(int Start, int End, int Height)
{
    public int Length => End - Start;
}

internal enum LiteralKind
{
    Number,
    String,
    Bool,
}

internal sealed record LiteralSyntax(int Start, int End, LiteralKind Kind, double Number, string Text, bool Bool) : Syntax(Start, End, 1);

internal sealed record NameSyntax(int Start, int End, string Name) : Syntax(Start, End, 1);

internal sealed record MemberSyntax(int Start, int End, Syntax Target, string Name, int NameStart, int Height) : Syntax(Start, End, Height);

internal sealed record CallSyntax(int Start, int End, Syntax Callee, IReadOnlyList<Syntax> Arguments, int Height) : Syntax(Start, End, Height);

internal sealed record ListSyntax(int Start, int End, IReadOnlyList<Syntax> Elements, int Height) : Syntax(Start, End, Height);

internal enum UnaryOperator
{
    Not,
    Negate,
}

internal sealed record UnarySyntax(int Start, int End, UnaryOperator Operator, Syntax Operand, int Height) : Syntax(Start, End, Height);

internal enum BinaryOperator
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Remainder,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    In,
    NotIn,
}

internal sealed record BinarySyntax(int Start, int End, BinaryOperator Operator, int OperatorStart, int OperatorLength, Syntax Left, Syntax Right, int Height)
    : Syntax(Start, End, Height);

/// <summary><c>a and b and c</c> as one node, so long chains do not make a deep tree.</summary>
internal sealed record LogicalSyntax(int Start, int End, bool IsAnd, IReadOnlyList<Syntax> Operands, int Height) : Syntax(Start, End, Height);

internal static class SyntaxText
{
    public static string Symbol(this BinaryOperator op) => op switch
    {
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "*",
        BinaryOperator.Divide => "/",
        BinaryOperator.Remainder => "%",
        BinaryOperator.Equal => "==",
        BinaryOperator.NotEqual => "!=",
        BinaryOperator.Less => "<",
        BinaryOperator.LessOrEqual => "<=",
        BinaryOperator.Greater => ">",
        BinaryOperator.GreaterOrEqual => ">=",
        BinaryOperator.In => "in",
        BinaryOperator.NotIn => "not in",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    /// <summary>The dotted path of a name or member chain ("stats.p10"), or null for anything else.</summary>
    public static string? Path(this Syntax syntax) => syntax switch
    {
        NameSyntax n => n.Name,
        MemberSyntax m when m.Target.Path() is { } target => target + "." + m.Name,
        _ => null,
    };
}
