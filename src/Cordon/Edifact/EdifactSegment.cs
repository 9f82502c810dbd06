using System.Collections.Concurrent;

namespace Cordon.Edifact;

/// <summary>
/// The service characters of an interchange (ISO 9735): given by the UNA service string advice, or the
/// defaults of syntax level A/B (component ':', element '+', decimal '.', release '?', segment '\'').
/// </summary>
public sealed record EdifactSeparators(char Component, char Element, char Decimal, char Release, char Repetition, char Segment)
{
    public static readonly EdifactSeparators Default = new(':', '+', '.', '?', ' ', '\'');
}

/// <summary>
/// One segment: its tag and its data elements, each a list of components, with release characters
/// already removed. Positions are 1-based: <see cref="Position"/> counts segments in the message (UNH is
/// 1) or, outside a message, in the interchange; element 1 is the first after the tag.
/// </summary>
/// <remarks>
/// Held as a slice of a page of text the reader fills segment after segment (many messages to a page), the tag and
/// the elements joined by '+' and their components by ':' (what <see cref="ToString"/> gives), with where each
/// component starts, in a page of numbers likewise: a segment costs one allocation as read, and a component becomes a
/// string only when asked for. Short values (qualifiers, codes) are the same few strings in every message: they are
/// shared rather than made each time.
/// </remarks>
public sealed class EdifactSegment
{
    private readonly char[] _page;
    private readonly int _start;
    private readonly int _length;
    // From _at: the first component of each element (Count + 1 entries, the last one past the end), then where each component starts (from _start).
    private readonly int[] _index;
    private readonly int _at;
    private readonly int _elements;

    private const int Short = 3;
    private static readonly ConcurrentDictionary<string, string> ShortValues = new(StringComparer.Ordinal);

    internal EdifactSegment(string tag, char[] page, int start, int length, int[] index, int at, int elements, int line)
    {
        Tag = tag;
        _page = page;
        _start = start;
        _length = length;
        _index = index;
        _at = at;
        _elements = elements;
        Line = line;
    }

    public string Tag { get; }

    /// <summary>Data elements after the tag; each holds at least one component (possibly empty).</summary>
    /// <remarks>Made each time it is asked for (answers and pages read it, not the intake): a segment holds no copy.</remarks>
    public IReadOnlyList<string[]> Elements => [.. Enumerable.Range(1, _elements).Select(e => Enumerable.Range(1, ComponentCount(e)).Select(c => Value(e, c) ?? "").ToArray())];

    /// <summary>The line of the input the segment starts on (segment-per-line files make this useful to people).</summary>
    public int Line { get; }

    public int Position { get; internal set; }

    /// <summary>The value of element <paramref name="element"/>, component <paramref name="component"/> (both 1-based), or null when absent or empty.</summary>
    public string? Value(int element, int component = 1)
    {
        var k = Component(element, component);
        if (k < 0)
        {
            return null;
        }
        var value = Span(k);
        if (value.Length == 0)
        {
            return null;
        }
        if (value.Length > Short)
        {
            return value.ToString();
        }
        if (ShortValues.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(value, out var known))
        {
            return known;
        }
        var made = value.ToString();
        // Bounded: input that is not EDIFACT must not grow it without end.
        return ShortValues.Count < 4096 ? ShortValues.GetOrAdd(made, made) : made;
    }

    /// <summary>The characters of element <paramref name="element"/>, component <paramref name="component"/>, empty when absent.</summary>
    public ReadOnlySpan<char> Chars(int element, int component = 1) => Component(element, component) is var k and >= 0 ? Span(k) : [];

    /// <summary>How many data elements follow the tag.</summary>
    public int ElementCount => _elements;

    /// <summary>How many components element <paramref name="element"/> holds (0 when absent).</summary>
    public int ComponentCount(int element) => element >= 1 && element <= _elements ? _index[_at + element] - _index[_at + element - 1] : 0;

    public override string ToString() => new(Text);

    /// <summary>What <see cref="ToString"/> gives, without making a string of it.</summary>
    public ReadOnlySpan<char> Text => _page.AsSpan(_start, _length);

    private int Component(int element, int component)
        => element >= 1 && element <= _elements && component >= 1 && component <= _index[_at + element] - _index[_at + element - 1]
            ? _index[_at + element - 1] + component - 1 : -1;

    private ReadOnlySpan<char> Span(int k)
    {
        // The first component of the element past the last is the number of components.
        var starts = _index.AsSpan(_at + _elements + 1, _index[_at + _elements]);
        var start = starts[k];
        // Each component but the segment's last ends one separator before the next starts.
        var end = k + 1 < starts.Length ? starts[k + 1] - 1 : _length;
        return _page.AsSpan(_start + start, end - start);
    }
}

/// <summary>
/// Where in an interchange something went wrong: interchange control reference, message number within
/// the interchange (the n-th UNH) and its reference, segment position and tag, element and component.
/// </summary>
public sealed record EdifactError(string Text)
{
    public string? Interchange { get; init; }
    public int? Message { get; init; }
    public string? MessageReference { get; init; }
    public int? Segment { get; init; }
    public string? Tag { get; init; }
    public int? Element { get; init; }
    public int? Component { get; init; }
    public int? Line { get; init; }

    /// <summary>
    /// The syntax error code of ISO 9735 (data element 0085) a CONTRL report gives for this error: 12 invalid value,
    /// 13 missing, 15 not supported in this position, 21 invalid character, 26 duplicate, 28 references do not match,
    /// 29 control count does not match; null when the error is not one of syntax (the content of a message).
    /// </summary>
    public int? SyntaxCode { get; init; }

    /// <summary>"interchange 000000001, UNH 2 (PAX002), segment 37 NAD, element 4.1 (line 40): …".</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (Interchange is not null)
        {
            parts.Add($"interchange {Interchange}");
        }
        if (Message is { } m)
        {
            parts.Add(MessageReference is null ? $"UNH {m}" : $"UNH {m} ({MessageReference})");
        }
        if (Segment is { } s)
        {
            var where = $"segment {s} {Tag}".TrimEnd();
            if (Element is { } e)
            {
                where += Component is { } c ? $", element {e}.{c}" : $", element {e}";
            }
            parts.Add(where);
        }
        var place = string.Join(", ", parts);
        if (Line is { } line)
        {
            place += $" (line {line})";
        }
        return place.Length == 0 ? Text : $"{place}: {Text}";
    }
}

/// <summary>Input that cannot be read as segments at all (an unterminated segment, a release character at the end).</summary>
public sealed class EdifactSyntaxException(string message, int line, int syntaxCode = 18) : Exception(message)
{
    public int Line { get; } = line;

    /// <summary>The ISO 9735 syntax error code (0085) of the fault: 13 a terminator missing, 20 a release character with nothing to release.</summary>
    public int SyntaxCode { get; } = syntaxCode;
}
