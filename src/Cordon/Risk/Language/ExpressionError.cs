using System.Text;
using Cordon.Common;

namespace Cordon.Risk.Language;

/// <summary>A problem in a criterion expression, at a position an analyst can find.</summary>
public sealed record ExpressionError(int Line, int Column, int Start, int Length, string Message, string Excerpt)
{
    /// <summary>The message as its template and arguments, for the criterion editor to say in the analyst's language (<see cref="Message"/> is the English).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Wording Wording { get; init; } = Message;

    /// <summary>"1:23: message" followed by the source line and a caret under the offending text.</summary>
    public override string ToString() => $"{Line}:{Column}: {Message}\n{Excerpt}";

    public static ExpressionError At(string source, int start, int length, Wording message)
    {
        start = Math.Clamp(start, 0, source.Length);
        length = Math.Max(1, Math.Min(length, Math.Max(1, source.Length - start)));
        var lineStart = source.LastIndexOf('\n', Math.Max(0, start - 1)) + 1;
        if (start == 0)
        {
            lineStart = 0;
        }
        var line = 1;
        for (var i = 0; i < lineStart; i++)
        {
            if (source[i] == '\n')
            {
                line++;
            }
        }
        var lineEnd = source.IndexOf('\n', lineStart);
        if (lineEnd < 0)
        {
            lineEnd = source.Length;
        }
        var column = start - lineStart + 1;
        return new ExpressionError(line, column, start, length, message.ToString(), BuildExcerpt(source[lineStart..lineEnd], column - 1, length)) { Wording = message };
    }

    /// <summary>The line, cut to a window around the column when long, and a caret line under it.</summary>
    private static string BuildExcerpt(string line, int offset, int length)
    {
        const int Window = 100;
        var from = 0;
        var prefix = "";
        if (line.Length > Window && offset > Window / 2)
        {
            from = offset - Window / 2;
            prefix = "…";
        }
        var to = Math.Min(line.Length, from + Window);
        var shown = prefix + line[from..to].Replace('\t', ' ').TrimEnd('\r') + (to < line.Length ? "…" : "");
        var caretAt = prefix.Length + offset - from;
        var carets = Math.Max(1, Math.Min(length, to - offset));
        var sb = new StringBuilder();
        sb.Append("  ").Append(shown).Append('\n');
        sb.Append("  ").Append(' ', Math.Max(0, caretAt)).Append('^', carets);
        return sb.ToString();
    }
}

/// <summary>Thrown by the lexer and parser at the first error (the type checker collects all of them instead).</summary>
internal sealed class ExpressionSyntaxException(ExpressionError error) : Exception(error.Message)
{
    public ExpressionError Error { get; } = error;
}
