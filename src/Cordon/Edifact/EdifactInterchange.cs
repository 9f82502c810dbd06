namespace Cordon.Edifact;

/// <summary>What the UNB interchange header says.</summary>
public sealed record EdifactInterchange(string ControlReference, string SyntaxIdentifier, string SyntaxVersion, string? Sender, string? Recipient, DateTime? Prepared, bool Test)
{
    /// <summary>The segment position of UNB in the input (interchanges may follow one another in one file).</summary>
    public int Position { get; init; }
}

/// <summary>
/// One message (UNH … UNT) with its envelope: the interchange and group it came in, its number in the
/// interchange (the n-th UNH, as errors name it) and the errors found in its envelope. Content readers
/// add their own errors with <see cref="At"/> and treat a message with any error as refused.
/// </summary>
public sealed class EdifactMessage
{
    public required EdifactInterchange Interchange { get; init; }
    public required int Number { get; init; }
    public required string Reference { get; init; }
    public required string Type { get; init; }
    public string? Version { get; init; }
    public string? Release { get; init; }
    public string? Agency { get; init; }
    public string? AssociationCode { get; init; }
    public string? Group { get; init; }
    /// <summary>UNH to UNT inclusive, positions 1…n.</summary>
    public required IReadOnlyList<EdifactSegment> Segments { get; init; }
    public List<EdifactError> Errors { get; } = [];

    /// <summary>"PAXLST D:05B:UN".</summary>
    public string Identifier => $"{Type} {Version}:{Release}:{Agency}".TrimEnd(':', ' ');

    public bool Valid => Errors.Count == 0;

    /// <summary>An error at a segment of this message (element and component 1-based).</summary>
    public EdifactError At(EdifactSegment segment, string text, int? element = null, int? component = null, int? syntaxCode = null)
    {
        var error = new EdifactError(text)
        {
            SyntaxCode = syntaxCode,
            Interchange = Interchange.ControlReference,
            Message = Number,
            MessageReference = Reference,
            Segment = segment.Position,
            Tag = segment.Tag,
            Element = element,
            Component = component,
            Line = segment.Line,
        };
        Errors.Add(error);
        return error;
    }

    /// <summary>An error about the message as a whole.</summary>
    public EdifactError Whole(string text, string? tag = null, int? syntaxCode = null)
    {
        var error = new EdifactError(text) { Interchange = Interchange.ControlReference, Message = Number, MessageReference = Reference, Tag = tag, SyntaxCode = syntaxCode };
        Errors.Add(error);
        return error;
    }
}
