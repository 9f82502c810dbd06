using System.Buffers;
using System.Globalization;

namespace Cordon.Edifact;

/// <summary>
/// Reads interchanges (UNB … UNZ, with or without UNG … UNE groups) and hands out their messages one at a
/// time, each with the envelope errors that concern it: UNT segment count and reference, UNH fields,
/// characters outside the declared syntax level. Errors that concern no one message (UNZ/UNE counts and
/// references, segments outside a message, a truncated interchange) are in <see cref="Errors"/> once the
/// messages have been read. One bad message does not stop the next: reading resumes at the next UNH.
/// </summary>
public sealed class EdifactReader(TextReader input)
{
    private readonly EdifactSegmentReader _segments = new(input);
    private readonly List<EdifactInterchange> _interchanges = [];

    public EdifactSeparators Separators => _segments.Separators;

    /// <summary>Errors not tied to one message. Complete only after <see cref="Messages"/> has been enumerated.</summary>
    public List<EdifactError> Errors { get; } = [];

    public IReadOnlyList<EdifactInterchange> Interchanges => _interchanges;

    public IEnumerable<EdifactMessage> Messages()
    {
        EdifactInterchange? interchange = null;
        var interchangePosition = 0;
        int messagesInInterchange = 0, groupsInInterchange = 0;
        string? group = null;
        var messagesInGroup = 0;
        List<EdifactSegment>? body = null;
        var lastLength = 16; // messages of a file are alike: a body starts at the size of the one before
        var references = new HashSet<string>(StringComparer.Ordinal);
        var outsideReported = false;
        using var segments = _segments.Read().GetEnumerator();
        var position = 0;

        EdifactError Envelope(EdifactSegment? s, string text, int? element = null, int? component = null, int? code = null, string? missing = null)
        {
            var e = new EdifactError(text)
            {
                SyntaxCode = code,
                Interchange = interchange?.ControlReference,
                Segment = s?.Position,
                Tag = s?.Tag ?? missing,
                Element = element,
                Component = component,
                Line = s?.Line,
            };
            Errors.Add(e);
            return e;
        }

        EdifactMessage Close(List<EdifactSegment> segs, string? missingTrailer)
        {
            var header = segs[0];
            var message = new EdifactMessage
            {
                Interchange = interchange!,
                Number = messagesInInterchange,
                Reference = header.Value(1) ?? "",
                Type = header.Value(2, 1) ?? "",
                Version = header.Value(2, 2),
                Release = header.Value(2, 3),
                Agency = header.Value(2, 4),
                AssociationCode = header.Value(2, 5),
                Group = group,
                Segments = segs,
            };
            if (message.Reference.Length == 0)
            {
                message.At(header, "the message reference number (0062) is missing.", 1, syntaxCode: 13);
            }
            else if (!references.Add(message.Reference))
            {
                message.At(header, $"the message reference {message.Reference} is used twice in the interchange.", 1, syntaxCode: 26);
            }
            if (message.Type.Length == 0)
            {
                message.At(header, "the message type (S009 0065) is missing.", 2, 1, syntaxCode: 13);
            }
            foreach (var (c, name) in HeaderParts)
            {
                if (header.Value(2, c) is null)
                {
                    message.At(header, $"the message {name} is missing.", 2, c, syntaxCode: 13);
                }
            }
            CheckCharacters(message, segs);
            if (missingTrailer is not null)
            {
                message.Whole(missingTrailer, "UNT", 13);
                return message;
            }
            var trailer = segs[^1];
            var count = trailer.Value(1);
            if (!int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                message.At(trailer, $"the segment count (0074) '{count}' is not a number.", 1, syntaxCode: 12);
            }
            else if (n != segs.Count)
            {
                message.At(trailer, $"the segment count says {n}, the message has {segs.Count} segments from UNH to UNT.", 1, syntaxCode: 29);
            }
            if (trailer.Value(2) != message.Reference)
            {
                message.At(trailer, $"the message reference '{trailer.Value(2)}' does not match UNH's '{message.Reference}'.", 2, syntaxCode: 28);
            }
            return message;
        }

        void CloseGroup(EdifactSegment? trailer)
        {
            if (trailer is null)
            {
                Envelope(null, $"functional group {group} ends without UNE.", code: 13, missing: "UNE");
            }
            else
            {
                CheckCount(trailer, messagesInGroup, "messages in the group");
                if (trailer.Value(2) != group)
                {
                    Envelope(trailer, $"the group reference '{trailer.Value(2)}' does not match UNG's '{group}'.", 2, code: 28);
                }
            }
            group = null;
        }

        void CheckCount(EdifactSegment trailer, int actual, string what)
        {
            var text = trailer.Value(1);
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                Envelope(trailer, $"the control count '{text}' is not a number.", 1, code: 12);
            }
            else if (n != actual)
            {
                Envelope(trailer, $"the control count says {n}, the {what} are {actual}.", 1, code: 29);
            }
        }

        while (true)
        {
            EdifactSegment? segment = null;
            EdifactSyntaxException? broken = null;
            try
            {
                if (!segments.MoveNext())
                {
                    break;
                }
                segment = segments.Current;
            }
            catch (EdifactSyntaxException e)
            {
                broken = e;
            }
            if (broken is not null || segment is null)
            {
                Errors.Add(new EdifactError(broken!.Message) { Interchange = interchange?.ControlReference, Line = broken.Line, SyntaxCode = broken.SyntaxCode });
                if (body is not null)
                {
                    yield return Close(body, $"the message is cut off by a syntax error (line {broken.Line}): it was not read to its UNT.");
                }
                yield break;
            }
            position++;
            interchangePosition++;
            if (body is not null)
            {
                if (segment.Tag is "UNH" or "UNZ" or "UNE" or "UNB" or "UNG")
                {
                    yield return Close(body, $"the message has no UNT: {segment.Tag} follows at segment {body.Count + 1}.");
                    body = null;
                }
                else
                {
                    segment.Position = body.Count + 1;
                    body.Add(segment);
                    if (segment.Tag == "UNT")
                    {
                        lastLength = body.Count;
                        yield return Close(body, null);
                        body = null;
                    }
                    continue;
                }
            }
            segment.Position = interchangePosition;
            switch (segment.Tag)
            {
                case "UNB":
                    if (interchange is not null)
                    {
                        Envelope(segment, $"interchange {interchange.ControlReference} ends without UNZ.", code: 13, missing: "UNZ");
                    }
                    interchangePosition = 1;
                    segment.Position = 1;
                    interchange = Header(segment, position);
                    _interchanges.Add(interchange);
                    messagesInInterchange = groupsInInterchange = 0;
                    references.Clear();
                    outsideReported = false;
                    break;
                case "UNZ":
                    if (interchange is null)
                    {
                        Envelope(segment, "UNZ without UNB.");
                        break;
                    }
                    if (group is not null)
                    {
                        CloseGroup(null);
                    }
                    // With groups, UNZ counts groups; without, messages.
                    CheckCount(segment, groupsInInterchange > 0 ? groupsInInterchange : messagesInInterchange, groupsInInterchange > 0 ? "functional groups" : "messages");
                    if (segment.Value(2) != interchange.ControlReference)
                    {
                        Envelope(segment, $"the interchange control reference '{segment.Value(2)}' does not match UNB's '{interchange.ControlReference}'.", 2, code: 28);
                    }
                    interchange = null;
                    break;
                case "UNG":
                    if (interchange is null)
                    {
                        Envelope(segment, "UNG outside an interchange (no UNB before it).");
                        break;
                    }
                    if (group is not null)
                    {
                        CloseGroup(null);
                    }
                    group = segment.Value(5) ?? "";
                    if (group.Length == 0)
                    {
                        Envelope(segment, "the group reference number (0048) is missing.", 5);
                    }
                    groupsInInterchange++;
                    messagesInGroup = 0;
                    break;
                case "UNE":
                    if (group is null)
                    {
                        Envelope(segment, "UNE without UNG.");
                        break;
                    }
                    CloseGroup(segment);
                    break;
                case "UNH":
                    if (interchange is null)
                    {
                        Envelope(segment, "a message (UNH) outside an interchange: the interchange must start with UNB.");
                        interchange = new EdifactInterchange("", "", "", null, null, null, false) { Position = position };
                    }
                    messagesInInterchange++;
                    messagesInGroup++;
                    segment.Position = 1;
                    body = new List<EdifactSegment>(lastLength) { segment };
                    break;
                default:
                    if (!outsideReported)
                    {
                        Envelope(segment, interchange is null
                            ? $"{segment.Tag} before UNB: an interchange starts with UNA or UNB."
                            : $"{segment.Tag} outside a message (between UNT and UNH): skipped up to the next UNH.");
                        outsideReported = interchange is not null;
                    }
                    break;
            }
        }
        if (body is not null)
        {
            yield return Close(body, "the input ends inside the message: no UNT (truncated interchange?).");
        }
        if (group is not null)
        {
            CloseGroup(null);
        }
        if (interchange is not null)
        {
            Envelope(null, "the input ends without UNZ (truncated interchange?).", code: 13, missing: "UNZ");
        }
        if (_interchanges.Count == 0 && Errors.Count == 0)
        {
            Errors.Add(new EdifactError("no interchange: the input holds no UNB segment."));
        }
    }

    private static readonly (int, string)[] HeaderParts = [(2, "version (0052)"), (3, "release (0054)"), (4, "controlling agency (0051)")];

    private EdifactInterchange Header(EdifactSegment unb, int position)
    {
        var reference = unb.Value(5) ?? "";
        var interchange = new EdifactInterchange(reference, unb.Value(1, 1) ?? "", unb.Value(1, 2) ?? "", unb.Value(2, 1), unb.Value(3, 1),
            Prepared(unb.Value(4, 1), unb.Value(4, 2)), unb.Value(11) == "1") { Position = position };
        if (reference.Length == 0)
        {
            Errors.Add(new EdifactError("the interchange control reference (0020) is missing.") { Segment = 1, Tag = "UNB", Element = 5, Line = unb.Line });
        }
        if (interchange.SyntaxIdentifier.Length == 0)
        {
            Errors.Add(new EdifactError("the syntax identifier (S001 0001, e.g. UNOA) is missing.") { Interchange = reference, Segment = 1, Tag = "UNB", Element = 1, Component = 1, Line = unb.Line });
        }
        if (unb.Value(4, 1) is { } date && interchange.Prepared is null)
        {
            Errors.Add(new EdifactError($"the preparation date/time '{date}:{unb.Value(4, 2)}' is not YYMMDD or CCYYMMDD with HHMM.") { Interchange = reference, Segment = 1, Tag = "UNB", Element = 4, Line = unb.Line });
        }
        return interchange;
    }

    private static DateTime? Prepared(string? date, string? time)
    {
        if (date is null)
        {
            return null;
        }
        var format = date.Length == 8 ? "yyyyMMdd" : "yyMMdd";
        return DateTime.TryParseExact(date + (time ?? "0000"), format + "HHmm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
    }

    /// <summary>Level A and B allow only some characters; a value outside the declared level is an error naming the element.</summary>
    private static void CheckCharacters(EdifactMessage message, List<EdifactSegment> segments)
    {
        var allowed = message.Interchange.SyntaxIdentifier.ToUpperInvariant() switch
        {
            "UNOA" => LevelA,
            "UNOB" => LevelB,
            "UNOC" => LevelC,
            _ => null,
        };
        if (allowed is null)
        {
            return;
        }
        foreach (var segment in segments)
        {
            for (var e = 1; e <= segment.ElementCount; e++)
            {
                for (var c = 1; c <= segment.ComponentCount(e); c++)
                {
                    var value = segment.Chars(e, c);
                    var at = value.IndexOfAnyExcept(allowed);
                    // A NUL is passed over, as it always was (it was the "none found" of the first bad character).
                    if (at >= 0 && value[at] != default(char))
                    {
                        var bad = value[at];
                        message.At(segment, $"'{bad}' (U+{(int)bad:X4}) is not allowed by the declared syntax level {message.Interchange.SyntaxIdentifier}.", e, c, syntaxCode: 21);
                        return; // one is enough to refuse the message
                    }
                }
            }
        }
    }

    private static readonly SearchValues<char> LevelA = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,-()/='+:?!\"%&*;<>");
    private static readonly SearchValues<char> LevelB = SearchValues.Create(Range(' ', '~'));
    private static readonly SearchValues<char> LevelC = SearchValues.Create(Range(' ', '~') + Range('\u00A0', '\u00FF'));

    private static string Range(char first, char last) => new([.. Enumerable.Range(first, last - first + 1).Select(i => (char)i)]);
}
