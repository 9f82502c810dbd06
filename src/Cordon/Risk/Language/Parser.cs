using System.Globalization;
using System.Text;
using Cordon.Common;

namespace Cordon.Risk.Language;

internal enum TokenKind
{
    End,
    Number,
    String,
    Identifier,
    And,
    Or,
    Not,
    In,
    True,
    False,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    Comma,
    Dot,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    EqualEqual,
    BangEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
}

internal readonly record struct Token(TokenKind Kind, int Start, int End, string Text, double Number);

/// <summary>
/// Hand-written lexer: the whole expression becomes a token list first, so the parser never reads
/// characters and every token knows its position.
/// </summary>
internal static class Lexer
{
    private static readonly Dictionary<string, TokenKind> Keywords = new(StringComparer.Ordinal)
    {
        ["and"] = TokenKind.And,
        ["or"] = TokenKind.Or,
        ["not"] = TokenKind.Not,
        ["in"] = TokenKind.In,
        ["true"] = TokenKind.True,
        ["false"] = TokenKind.False,
    };

    public static List<Token> Tokenise(string source, ExpressionLimits limits)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (true)
        {
            while (i < source.Length && (char.IsWhiteSpace(source[i]) || source[i] == '#'))
            {
                if (source[i] == '#')
                {
                    // A comment runs to the end of the line.
                    while (i < source.Length && source[i] != '\n')
                    {
                        i++;
                    }
                }
                else
                {
                    i++;
                }
            }
            if (i >= source.Length)
            {
                tokens.Add(new Token(TokenKind.End, source.Length, source.Length, "", 0));
                return tokens;
            }
            if (tokens.Count > limits.MaxNodes * 2)
            {
                throw Error(source, i, 1, $"the expression is too long (more than {limits.MaxNodes * 2:N0} tokens)");
            }
            var start = i;
            var c = source[i];
            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < source.Length && char.IsAsciiDigit(source[i + 1])))
            {
                tokens.Add(ReadNumber(source, ref i, limits));
                continue;
            }
            if (c is '"' or '\'')
            {
                tokens.Add(ReadString(source, ref i, limits));
                continue;
            }
            if (char.IsAsciiLetter(c) || c == '_')
            {
                while (i < source.Length && (char.IsAsciiLetterOrDigit(source[i]) || source[i] == '_'))
                {
                    i++;
                }
                if (i - start > 64)
                {
                    throw Error(source, start, i - start, "a name may have at most 64 characters");
                }
                var word = source[start..i];
                tokens.Add(new Token(Keywords.GetValueOrDefault(word, TokenKind.Identifier), start, i, word, 0));
                continue;
            }
            var two = i + 1 < source.Length ? source.Substring(i, 2) : "";
            TokenKind kind;
            switch (two)
            {
                case "==": kind = TokenKind.EqualEqual; break;
                case "!=": kind = TokenKind.BangEqual; break;
                case "<=": kind = TokenKind.LessEqual; break;
                case ">=": kind = TokenKind.GreaterEqual; break;
                case "&&": throw Error(source, i, 2, "write 'and' instead of '&&'");
                case "||": throw Error(source, i, 2, "write 'or' instead of '||'");
                case "<>": throw Error(source, i, 2, "write '!=' for 'not equal'");
                default: kind = TokenKind.End; break;
            }
            if (kind != TokenKind.End)
            {
                i += 2;
                tokens.Add(new Token(kind, start, i, two, 0));
                continue;
            }
            kind = c switch
            {
                '(' => TokenKind.LeftParen,
                ')' => TokenKind.RightParen,
                '[' => TokenKind.LeftBracket,
                ']' => TokenKind.RightBracket,
                ',' => TokenKind.Comma,
                '.' => TokenKind.Dot,
                '+' => TokenKind.Plus,
                '-' => TokenKind.Minus,
                '*' => TokenKind.Star,
                '/' => TokenKind.Slash,
                '%' => TokenKind.Percent,
                '<' => TokenKind.Less,
                '>' => TokenKind.Greater,
                '=' => throw Error(source, i, 1, "write '==' to compare ('=' alone is not an operator)"),
                '!' => throw Error(source, i, 1, "write 'not' instead of '!'"),
                '&' or '|' => throw Error(source, i, 1, "write 'and' / 'or'"),
                _ => throw Error(source, i, 1, $"unexpected character '{Printable(c)}'"),
            };
            i++;
            tokens.Add(new Token(kind, start, i, c.ToString(), 0));
        }
    }

    private static Token ReadNumber(string source, ref int i, ExpressionLimits limits)
    {
        var start = i;
        while (i < source.Length && (char.IsAsciiDigit(source[i]) || source[i] == '_'))
        {
            i++;
        }
        if (i < source.Length && source[i] == '.' && i + 1 < source.Length && char.IsAsciiDigit(source[i + 1]))
        {
            i++;
            while (i < source.Length && (char.IsAsciiDigit(source[i]) || source[i] == '_'))
            {
                i++;
            }
        }
        if (i < source.Length && source[i] is 'e' or 'E')
        {
            var save = i;
            i++;
            if (i < source.Length && source[i] is '+' or '-')
            {
                i++;
            }
            if (i < source.Length && char.IsAsciiDigit(source[i]))
            {
                while (i < source.Length && char.IsAsciiDigit(source[i]))
                {
                    i++;
                }
            }
            else
            {
                i = save;
            }
        }
        if (i < source.Length && (char.IsAsciiLetter(source[i]) || source[i] == '_'))
        {
            throw Error(source, start, i - start + 1, "a number cannot run into a name");
        }
        if (i - start > limits.MaxNumberLiteral)
        {
            throw Error(source, start, i - start, $"number literal too long (at most {limits.MaxNumberLiteral} characters)");
        }
        var text = source[start..i].Replace("_", "", StringComparison.Ordinal);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw Error(source, start, i - start, $"'{source[start..i]}' is not a finite number");
        }
        return new Token(TokenKind.Number, start, i, source[start..i], value);
    }

    private static Token ReadString(string source, ref int i, ExpressionLimits limits)
    {
        var start = i;
        var quote = source[i++];
        var sb = new StringBuilder();
        while (true)
        {
            if (i >= source.Length || source[i] == '\n')
            {
                throw Error(source, start, 1, "text literal is not closed");
            }
            var c = source[i++];
            if (c == quote)
            {
                break;
            }
            if (c == '\\')
            {
                if (i >= source.Length)
                {
                    throw Error(source, start, 1, "text literal is not closed");
                }
                var e = source[i++];
                c = e switch
                {
                    '\\' => '\\',
                    '"' => '"',
                    '\'' => '\'',
                    'n' => '\n',
                    't' => '\t',
                    _ => throw Error(source, i - 2, 2, $"unknown escape '\\{Printable(e)}' (known: \\\\ \\\" \\' \\n \\t)"),
                };
            }
            if (sb.Length >= limits.MaxStringLiteral)
            {
                throw Error(source, start, Math.Min(20, source.Length - start), $"text literal too long (at most {limits.MaxStringLiteral:N0} characters)");
            }
            sb.Append(c);
        }
        return new Token(TokenKind.String, start, i, sb.ToString(), 0);
    }

    private static string Printable(char c) => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString();

    internal static ExpressionSyntaxException Error(string source, int start, int length, Wording message)
        => new(ExpressionError.At(source, start, length, message));
}

/// <summary>
/// Recursive-descent parser. Every recursive step (parentheses, lists, call arguments, <c>not</c>,
/// unary minus) counts against <see cref="ExpressionLimits.MaxDepth"/> before it recurses, so 10,000
/// opening parentheses are refused with a position instead of overflowing the stack.
/// </summary>
internal sealed class Parser
{
    private readonly string _source;
    private readonly List<Token> _tokens;
    private readonly ExpressionLimits _limits;
    private int _at;
    private int _depth;
    private int _nodes;

    private Parser(string source, List<Token> tokens, ExpressionLimits limits)
    {
        _source = source;
        _tokens = tokens;
        _limits = limits;
    }

    public static Syntax Parse(string source, ExpressionLimits limits)
    {
        if (source.Length > limits.MaxSourceLength)
        {
            throw Lexer.Error(source, limits.MaxSourceLength, 1, $"the expression is too long ({source.Length:N0} characters; at most {limits.MaxSourceLength:N0})");
        }
        var parser = new Parser(source, Lexer.Tokenise(source, limits), limits);
        if (parser.Peek.Kind == TokenKind.End)
        {
            throw Lexer.Error(source, 0, 1, "the expression is empty");
        }
        var result = parser.ParseExpression();
        if (parser.Peek.Kind != TokenKind.End)
        {
            var t = parser.Peek;
            throw t.Kind == TokenKind.RightParen
                ? parser.ErrorAt(t, "unmatched ')'")
                : parser.ErrorAt(t, $"unexpected {Describe(t)} after a complete expression (missing 'and' / 'or'?)");
        }
        return result;
    }

    private Token Peek => _tokens[_at];

    private Token Next() => _tokens[_at++];

    private Syntax ParseExpression()
    {
        Enter();
        var result = ParseLogical(isAnd: false);
        _depth--;
        return result;
    }

    private Syntax ParseLogical(bool isAnd)
    {
        var first = isAnd ? ParseNot() : ParseLogical(isAnd: true);
        var op = isAnd ? TokenKind.And : TokenKind.Or;
        if (Peek.Kind != op)
        {
            return first;
        }
        var operands = new List<Syntax> { first };
        while (Peek.Kind == op)
        {
            Next();
            operands.Add(isAnd ? ParseNot() : ParseLogical(isAnd: true));
        }
        return Node(new LogicalSyntax(first.Start, operands[^1].End, isAnd, operands, operands.Max(o => o.Height) + 1));
    }

    private Syntax ParseNot()
    {
        if (Peek.Kind == TokenKind.Not)
        {
            var not = Next();
            Enter();
            var operand = ParseNot();
            _depth--;
            return Node(new UnarySyntax(not.Start, operand.End, UnaryOperator.Not, operand, operand.Height + 1));
        }
        return ParseComparison();
    }

    private Syntax ParseComparison()
    {
        var left = ParseAdditive();
        var t = Peek;
        BinaryOperator? op = t.Kind switch
        {
            TokenKind.EqualEqual => BinaryOperator.Equal,
            TokenKind.BangEqual => BinaryOperator.NotEqual,
            TokenKind.Less => BinaryOperator.Less,
            TokenKind.LessEqual => BinaryOperator.LessOrEqual,
            TokenKind.Greater => BinaryOperator.Greater,
            TokenKind.GreaterEqual => BinaryOperator.GreaterOrEqual,
            TokenKind.In => BinaryOperator.In,
            TokenKind.Not when _tokens[_at + 1].Kind == TokenKind.In => BinaryOperator.NotIn,
            _ => null,
        };
        if (op is null)
        {
            return left;
        }
        Next();
        var opEnd = t.End;
        if (op == BinaryOperator.NotIn)
        {
            opEnd = Next().End;
        }
        var right = ParseAdditive();
        var node = Node(new BinarySyntax(left.Start, right.End, op.Value, t.Start, opEnd - t.Start, left, right, Math.Max(left.Height, right.Height) + 1));
        if (Peek.Kind is TokenKind.EqualEqual or TokenKind.BangEqual or TokenKind.Less or TokenKind.LessEqual
            or TokenKind.Greater or TokenKind.GreaterEqual or TokenKind.In)
        {
            throw ErrorAt(Peek, "comparisons cannot be chained: write 'a < b and b < c'");
        }
        return node;
    }

    private Syntax ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (Peek.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var t = Next();
            var right = ParseMultiplicative();
            left = Node(new BinarySyntax(left.Start, right.End, t.Kind == TokenKind.Plus ? BinaryOperator.Add : BinaryOperator.Subtract,
                t.Start, 1, left, right, Math.Max(left.Height, right.Height) + 1));
        }
        return left;
    }

    private Syntax ParseMultiplicative()
    {
        var left = ParseUnary();
        while (Peek.Kind is TokenKind.Star or TokenKind.Slash or TokenKind.Percent)
        {
            var t = Next();
            var right = ParseUnary();
            var op = t.Kind switch
            {
                TokenKind.Star => BinaryOperator.Multiply,
                TokenKind.Slash => BinaryOperator.Divide,
                _ => BinaryOperator.Remainder,
            };
            left = Node(new BinarySyntax(left.Start, right.End, op, t.Start, 1, left, right, Math.Max(left.Height, right.Height) + 1));
        }
        return left;
    }

    private Syntax ParseUnary()
    {
        if (Peek.Kind == TokenKind.Minus)
        {
            var minus = Next();
            Enter();
            var operand = ParseUnary();
            _depth--;
            return Node(new UnarySyntax(minus.Start, operand.End, UnaryOperator.Negate, operand, operand.Height + 1));
        }
        if (Peek.Kind == TokenKind.Plus)
        {
            Next();
            return ParseUnary();
        }
        return ParsePostfix();
    }

    private Syntax ParsePostfix()
    {
        var target = ParsePrimary();
        while (true)
        {
            if (Peek.Kind == TokenKind.Dot)
            {
                Next();
                var name = Next();
                if (name.Kind != TokenKind.Identifier)
                {
                    throw ErrorAt(name, $"expected a field name after '.', found {Describe(name)}");
                }
                target = Node(new MemberSyntax(target.Start, name.End, target, name.Text, name.Start, target.Height + 1));
            }
            else if (Peek.Kind == TokenKind.LeftParen)
            {
                var open = Next();
                var arguments = ParseSequence(TokenKind.RightParen, open, out var close);
                target = Node(new CallSyntax(target.Start, close.End, target, arguments,
                    Math.Max(target.Height, arguments.Count == 0 ? 0 : arguments.Max(a => a.Height)) + 1));
            }
            else
            {
                return target;
            }
        }
    }

    private Syntax ParsePrimary()
    {
        var t = Next();
        switch (t.Kind)
        {
            case TokenKind.Number:
                return Node(new LiteralSyntax(t.Start, t.End, LiteralKind.Number, t.Number, t.Text, false));
            case TokenKind.String:
                return Node(new LiteralSyntax(t.Start, t.End, LiteralKind.String, 0, t.Text, false));
            case TokenKind.True:
            case TokenKind.False:
                return Node(new LiteralSyntax(t.Start, t.End, LiteralKind.Bool, 0, t.Text, t.Kind == TokenKind.True));
            case TokenKind.Identifier:
                return Node(new NameSyntax(t.Start, t.End, t.Text));
            case TokenKind.LeftParen:
            {
                // (x) groups; (x, y) and (x,) are lists, as in: hs6 in ("870323", "870324").
                var elements = ParseSequence(TokenKind.RightParen, t, out var close, out var trailingComma);
                if (elements.Count == 0)
                {
                    throw ErrorAt(close, "empty parentheses: expected an expression or a list");
                }
                if (elements.Count == 1 && !trailingComma)
                {
                    return elements[0];
                }
                return Node(new ListSyntax(t.Start, close.End, elements, elements.Max(e => e.Height) + 1));
            }
            case TokenKind.LeftBracket:
            {
                var elements = ParseSequence(TokenKind.RightBracket, t, out var close);
                return Node(new ListSyntax(t.Start, close.End, elements, elements.Count == 0 ? 1 : elements.Max(e => e.Height) + 1));
            }
            case TokenKind.End:
                throw ErrorAt(t, "the expression ends too early: expected a value");
            default:
                throw ErrorAt(t, $"expected a value, found {Describe(t)}");
        }
    }

    private List<Syntax> ParseSequence(TokenKind close, Token open, out Token closing)
        => ParseSequence(close, open, out closing, out _);

    private List<Syntax> ParseSequence(TokenKind close, Token open, out Token closing, out bool trailingComma)
    {
        var elements = new List<Syntax>();
        trailingComma = false;
        while (Peek.Kind != close)
        {
            if (elements.Count >= _limits.MaxListElements)
            {
                throw ErrorAt(Peek, $"too many elements (at most {_limits.MaxListElements:N0})");
            }
            elements.Add(ParseExpression());
            trailingComma = false;
            if (Peek.Kind == TokenKind.Comma)
            {
                Next();
                trailingComma = true;
                continue;
            }
            if (Peek.Kind != close)
            {
                throw Peek.Kind == TokenKind.End
                    ? ErrorAt(open, $"'{open.Text}' is never closed")
                    : ErrorAt(Peek, $"expected ',' or '{(close == TokenKind.RightParen ? ")" : "]")}', found {Describe(Peek)}");
            }
        }
        closing = Next();
        return elements;
    }

    private void Enter()
    {
        if (++_depth > _limits.MaxDepth)
        {
            throw ErrorAt(Peek, $"the expression nests too deeply (more than {_limits.MaxDepth} levels)");
        }
    }

    private T Node<T>(T node) where T : Syntax
    {
        if (++_nodes > _limits.MaxNodes)
        {
            throw Lexer.Error(_source, node.Start, node.Length, $"the expression is too large (more than {_limits.MaxNodes:N0} parts)");
        }
        if (node.Height > _limits.MaxDepth)
        {
            throw Lexer.Error(_source, node.Start, node.Length, $"the expression nests too deeply (more than {_limits.MaxDepth} levels)");
        }
        return node;
    }

    private ExpressionSyntaxException ErrorAt(Token t, Wording message)
        => Lexer.Error(_source, t.Start, Math.Max(1, t.End - t.Start), message);

    private static Wording Describe(Token t)
    {
        switch (t.Kind)
        {
            case TokenKind.End: return "the end of the expression";
            case TokenKind.Number: return $"number {t.Text}";
            case TokenKind.String: return "a text literal";
            case TokenKind.Identifier: return $"name '{t.Text}'";
            default: return $"'{t.Text}'";
        }
    }
}
