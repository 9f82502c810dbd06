using System.Text;

namespace Cordon.Edifact;

/// <summary>
/// Splits UN/EDIFACT text into segments, streaming: a UNA service string advice at the start sets the
/// separators (otherwise the defaults); the release character makes the next character plain data;
/// line breaks between or inside segments are ignored, so segment-per-line files, one long line and
/// lines wrapped at a fixed width read the same. Holds one segment in memory at a time.
/// </summary>
public sealed class EdifactSegmentReader(TextReader input)
{
    public EdifactSeparators Separators { get; private set; } = EdifactSeparators.Default;

    /// <summary>Whether the input began with a UNA service string advice.</summary>
    public bool HadServiceStringAdvice { get; private set; }

    public IEnumerable<EdifactSegment> Read()
    {
        var buffer = new char[1 << 16];
        var length = 0;
        var index = 0;
        var line = 1;

        bool Next(out char c)
        {
            if (index == length)
            {
                length = input.Read(buffer, 0, buffer.Length);
                index = 0;
                if (length <= 0)
                {
                    length = 0;
                    c = '\0';
                    return false;
                }
            }
            c = buffer[index++];
            return true;
        }

        // The UNA advice: "UNA" and exactly six characters, before anything else but a byte order mark or blanks.
        var head = new StringBuilder();
        char ch;
        while (head.Length < 9 && Next(out ch))
        {
            if (head.Length == 0 && (ch == '\uFEFF' || char.IsWhiteSpace(ch)))
            {
                line += ch == '\n' ? 1 : 0;
                continue;
            }
            head.Append(ch);
        }
        var pending = "";
        if (head.Length >= 3 && head.ToString(0, 3) == "UNA")
        {
            if (head.Length < 9)
            {
                throw new EdifactSyntaxException($"the UNA service string advice is cut short: it needs six characters after UNA, found {head.Length - 3}.", line);
            }
            var s = head.ToString(3, 6);
            Separators = new EdifactSeparators(s[0], s[1], s[2], s[3], s[4], s[5]);
            var distinct = new[] { s[0], s[1], s[3], s[5] }.Where(c => c != ' ').ToArray();
            if (distinct.Length != distinct.Distinct().Count() || s[0] == ' ' || s[1] == ' ' || s[5] == ' ')
            {
                throw new EdifactSyntaxException($"the UNA service string advice '{head}' gives the same character two roles, or a blank separator.", line);
            }
            HadServiceStringAdvice = true;
        }
        else
        {
            pending = head.ToString();
        }

        var (component, element, release, terminator) = (Separators.Component, Separators.Element, Separators.Release, Separators.Segment);
        var hasRelease = release != ' ';
        var text = new StringBuilder();
        var components = new List<string>();
        var elements = new List<string[]>();
        string? tag = null;
        var segmentLine = line;
        var started = false;
        var pendingIndex = 0;

        bool Read(out char c)
        {
            if (pendingIndex < pending.Length)
            {
                c = pending[pendingIndex++];
                return true;
            }
            return Next(out c);
        }

        void EndElement()
        {
            components.Add(text.ToString());
            text.Clear();
            if (tag is null)
            {
                tag = components[0].Trim(); // blanks between segments are layout, not data
            }
            else
            {
                elements.Add([.. components]);
            }
            components.Clear();
        }

        while (Read(out ch))
        {
            if (ch == '\n')
            {
                line++;
                continue;
            }
            if (ch == '\r')
            {
                continue;
            }
            if (!started)
            {
                segmentLine = line;
                started = true;
            }
            if (hasRelease && ch == release)
            {
                if (!Read(out var released) || released is '\n' or '\r')
                {
                    throw new EdifactSyntaxException($"the release character '{release}' ends {(released is '\n' or '\r' ? "a line" : "the input")}: it must be followed by the character it releases.", line, 20);
                }
                text.Append(released);
                continue;
            }
            if (ch == terminator)
            {
                EndElement();
                yield return new EdifactSegment(tag!, [.. elements], segmentLine);
                elements.Clear();
                tag = null;
                started = false;
                continue;
            }
            if (ch == element)
            {
                EndElement();
                continue;
            }
            if (ch == component)
            {
                components.Add(text.ToString());
                text.Clear();
                continue;
            }
            text.Append(ch);
        }
        if (started && (text.ToString().Trim().Length > 0 || tag is not null || components.Count > 0))
        {
            var shown = (tag ?? text.ToString()).Trim();
            throw new EdifactSyntaxException($"the input ends inside a segment{(shown.Length > 0 ? $" ({Cut(shown)}…)" : "")}: the segment terminator '{terminator}' is missing (truncated interchange?).", segmentLine, 13);
        }
    }

    private static string Cut(string s) => s.Length <= 20 ? s : s[..20];
}
