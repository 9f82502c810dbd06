using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Cordon.Common;

/// <summary>
/// What an operation tells its caller, kept as its English composite template
/// (<c>"Declaration {0} has no lines."</c>) and its arguments, so that the pages can say it in the
/// reader's language (docs/languages.md) while <see cref="ToString"/> is the English the API, the logs
/// and the CLI write. Translatable by construction: an interpolated string passed where a wording is
/// taken, <c>$"Declaration {id} has no lines."</c>, is split by the compiler into that template and
/// <c>[id]</c>; a plain string is a template without arguments.
/// </summary>
[InterpolatedStringHandler]
public sealed class Wording
{
    private readonly StringBuilder? _building;
    private readonly List<object?> _arguments;
    private string? _template;

    /// <summary>Called by the compiler for an interpolated string; not meant to be called by hand.</summary>
    public Wording(int literalLength, int formattedCount)
    {
        _building = new StringBuilder(literalLength + 4 * formattedCount);
        _arguments = new List<object?>(formattedCount);
    }

    private Wording(string template)
    {
        _template = template;
        _arguments = [];
    }

    /// <summary>The English composite format (placeholders <c>{0}</c>, <c>{1:N2}</c>…; literal braces doubled): the resource key.</summary>
    public string Template => _template ??= _building!.ToString();

    /// <summary>What fills the placeholders: record ids, codes, field paths, counts. Never translated.</summary>
    public IReadOnlyList<object?> Arguments => _arguments;

    // A literal brace of the text is doubled, so the template stays a valid composite format.
    public void AppendLiteral(string text) => _building!.Append(Escape(text));

    public void AppendFormatted<T>(T value) => Hole(value, 0, null);

    public void AppendFormatted<T>(T value, string? format) => Hole(value, 0, format);

    public void AppendFormatted<T>(T value, int alignment) => Hole(value, alignment, null);

    public void AppendFormatted<T>(T value, int alignment, string? format) => Hole(value, alignment, format);

    // Spans cannot be boxed: kept as the text they hold.
    public void AppendFormatted(ReadOnlySpan<char> value) => Hole(value.ToString(), 0, null);

    private void Hole(object? value, int alignment, string? format)
    {
        _building!.Append('{').Append(_arguments.Count.ToString(CultureInfo.InvariantCulture));
        if (alignment != 0)
        {
            _building.Append(',').Append(alignment.ToString(CultureInfo.InvariantCulture));
        }
        if (format is not null)
        {
            _building.Append(':').Append(format);
        }
        _building.Append('}');
        _arguments.Add(value);
    }

    /// <summary>A text with no arguments (a literal, or a message made elsewhere): its own template.</summary>
    public static implicit operator Wording(string text) => new(Escape(text));

    /// <summary>A wording read back from where it was kept (<see cref="StoredWordings"/>): its template and arguments as they were.</summary>
    public static Wording Of(string template, IEnumerable<object?> arguments)
    {
        var wording = new Wording(template);
        wording._arguments.AddRange(arguments);
        return wording;
    }

    /// <summary>The template (or its translation, same placeholders) filled with the arguments, written in <paramref name="culture"/>.</summary>
    public string Format(IFormatProvider culture, string template)
        => string.Format(culture, template, [.. _arguments]);

    /// <summary>As <see cref="Format(IFormatProvider, string)"/>, each argument first passed through <paramref name="argument"/> (a wording within a wording said in the reader's words).</summary>
    public string Format(IFormatProvider culture, string template, Func<object?, object?> argument)
        => string.Format(culture, template, [.. _arguments.Select(argument)]);

    /// <summary>The English, written in the current culture as an interpolated string would be.</summary>
    public override string ToString() => Format(CultureInfo.CurrentCulture, Template);

    private static string Escape(string text) => text.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal);
}
