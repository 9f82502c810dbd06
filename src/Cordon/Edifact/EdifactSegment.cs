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
public sealed class EdifactSegment(string tag, string[][] elements, int line)
{
    public string Tag { get; } = tag;

    /// <summary>Data elements after the tag; each holds at least one component (possibly empty).</summary>
    public IReadOnlyList<string[]> Elements { get; } = elements;

    /// <summary>The line of the input the segment starts on (segment-per-line files make this useful to people).</summary>
    public int Line { get; } = line;

    public int Position { get; internal set; }

    /// <summary>The value of element <paramref name="element"/>, component <paramref name="component"/> (both 1-based), or null when absent or empty.</summary>
    public string? Value(int element, int component = 1)
    {
        if (element < 1 || element > Elements.Count)
        {
            return null;
        }
        var components = Elements[element - 1];
        return component >= 1 && component <= components.Length && components[component - 1].Length > 0 ? components[component - 1] : null;
    }

    /// <summary>How many components element <paramref name="element"/> holds (0 when absent).</summary>
    public int ComponentCount(int element) => element >= 1 && element <= Elements.Count ? Elements[element - 1].Length : 0;

    public override string ToString() => Tag + string.Concat(Elements.Select(e => "+" + string.Join(':', e)));
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
