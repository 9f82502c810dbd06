using System.Buffers;
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
        var scanner = new Scanner(input);
        // The UNA advice: "UNA" and exactly six characters, before anything else but a byte order mark or blanks.
        var head = new StringBuilder();
        while (head.Length < 9 && scanner.NextChar(out var ch))
        {
            if (head.Length == 0 && (ch == '\uFEFF' || char.IsWhiteSpace(ch)))
            {
                scanner.Line += ch == '\n' ? 1 : 0;
                continue;
            }
            head.Append(ch);
        }
        if (head.Length >= 3 && head.ToString(0, 3) == "UNA")
        {
            if (head.Length < 9)
            {
                throw new EdifactSyntaxException($"the UNA service string advice is cut short: it needs six characters after UNA, found {head.Length - 3}.", scanner.Line);
            }
            var s = head.ToString(3, 6);
            Separators = new EdifactSeparators(s[0], s[1], s[2], s[3], s[4], s[5]);
            var distinct = new[] { s[0], s[1], s[3], s[5] }.Where(c => c != ' ').ToArray();
            if (distinct.Length != distinct.Distinct().Count() || s[0] == ' ' || s[1] == ' ' || s[5] == ' ')
            {
                throw new EdifactSyntaxException($"the UNA service string advice '{head}' gives the same character two roles, or a blank separator.", scanner.Line);
            }
            HadServiceStringAdvice = true;
        }
        else
        {
            scanner.Unread(head.ToString());
        }
        scanner.Use(Separators);
        while (scanner.Next() is { } segment)
        {
            yield return segment;
        }
    }

    /// <summary>
    /// The segment being read is built in reused buffers: its text as <see cref="EdifactSegment"/> keeps it (tag, then
    /// '+' before each element and ':' between components, release characters removed) and where each component starts.
    /// </summary>
    private sealed class Scanner(TextReader input)
    {
        private char[] _chunk = new char[1 << 16];
        private int _index;
        private int _length;
        private char[]? _unread;
        private char[] _text = new char[512];
        private int _n;
        private int[] _starts = new int[64];
        private int _components;
        private int[] _firsts = new int[16];
        private int _elements;
        private string? _tag;
        private int _tagEnd = -1;
        private int _componentStart;
        private int _separatorsInElement;
        private bool _started;
        private int _segmentLine;
        private char _component, _element, _release, _terminator;
        private bool _hasRelease;
        private SearchValues<char> _special = SearchValues.Create("\n\r");
        // Segments' text and component starts: pages shared by the segments of many messages (each under the large object heap's 85,000 bytes).
        private const int PageChars = 16 * 1024;
        private const int PageNumbers = 8 * 1024;
        private char[] _page = [];
        private int _pageUsed;
        private int[] _indexPage = [];
        private int _indexUsed;
        // Tags repeat: one string each, not one per segment (bounded, for input that is not EDIFACT).
        private readonly Dictionary<string, string> _tags = new(StringComparer.Ordinal);

        public int Line { get; set; } = 1;

        public bool NextChar(out char c)
        {
            if (_index == _length && !Fill())
            {
                c = '\0';
                return false;
            }
            c = _chunk[_index++];
            return true;
        }

        /// <summary>Characters read ahead (looking for UNA) that are data after all: they are read again first.</summary>
        public void Unread(string text)
        {
            if (text.Length > 0)
            {
                _unread = [.. text.AsSpan(), .. _chunk.AsSpan(_index, _length - _index)];
                (_chunk, _index, _length) = (_unread, 0, _unread.Length);
            }
        }

        public void Use(EdifactSeparators separators)
        {
            (_component, _element, _release, _terminator) = (separators.Component, separators.Element, separators.Release, separators.Segment);
            _hasRelease = _release != ' ';
            _special = SearchValues.Create(_hasRelease ? new[] { _component, _element, _release, _terminator, '\n', '\r' } : new[] { _component, _element, _terminator, '\n', '\r' });
        }

        private bool Fill()
        {
            if (_unread is not null)
            {
                (_chunk, _unread) = (new char[1 << 16], null);
            }
            _length = input.Read(_chunk, 0, _chunk.Length);
            _index = 0;
            if (_length <= 0)
            {
                _length = 0;
                return false;
            }
            return true;
        }

        /// <summary>The next segment, or null at the end of the input.</summary>
        public EdifactSegment? Next()
        {
            while (true)
            {
                if (_index == _length && !Fill())
                {
                    break;
                }
                var rest = _chunk.AsSpan(_index, _length - _index);
                var plain = rest.IndexOfAny(_special);
                if (plain != 0)
                {
                    var run = plain < 0 ? rest : rest[..plain];
                    Start();
                    Append(run);
                    _index += run.Length;
                    continue;
                }
                var ch = _chunk[_index++];
                if (ch == '\n')
                {
                    Line++;
                    continue;
                }
                if (ch == '\r')
                {
                    continue;
                }
                Start();
                if (_hasRelease && ch == _release)
                {
                    if (!NextChar(out var released) || released is '\n' or '\r')
                    {
                        throw new EdifactSyntaxException($"the release character '{_release}' ends {(released is '\n' or '\r' ? "a line" : "the input")}: it must be followed by the character it releases.", Line, 20);
                    }
                    Append([released]);
                    continue;
                }
                if (ch == _terminator)
                {
                    return EndSegment();
                }
                if (ch == _element)
                {
                    EndTag();
                    Append(['+']);
                    _firsts[_elements++] = _components;
                    NewComponent();
                    _separatorsInElement = 0;
                    continue;
                }
                // The component separator.
                if (_tag is null && _tagEnd < 0)
                {
                    _tagEnd = _n;
                }
                Append([':']);
                if (_tag is not null)
                {
                    NewComponent();
                }
                _componentStart = _n;
                _separatorsInElement++;
            }
            var text = _text.AsSpan(_componentStart, _n - _componentStart);
            if (_started && (!text.Trim().IsEmpty || _tag is not null || _separatorsInElement > 0))
            {
                var shown = _tag?.Trim() ?? text.Trim().ToString();
                throw new EdifactSyntaxException($"the input ends inside a segment{(shown.Length > 0 ? $" ({Cut(shown)}…)" : "")}: the segment terminator '{_terminator}' is missing (truncated interchange?).", _segmentLine, 13);
            }
            return null;
        }

        private void Start()
        {
            if (!_started)
            {
                _segmentLine = Line;
                _started = true;
            }
        }

        private void Append(ReadOnlySpan<char> chars)
        {
            if (_n + chars.Length > _text.Length)
            {
                Array.Resize(ref _text, Math.Max(_text.Length * 2, _n + chars.Length));
            }
            chars.CopyTo(_text.AsSpan(_n));
            _n += chars.Length;
        }

        private void NewComponent()
        {
            if (_components == _starts.Length)
            {
                Array.Resize(ref _starts, _starts.Length * 2);
            }
            _starts[_components++] = _n;
            _componentStart = _n;
            if (_elements + 1 >= _firsts.Length)
            {
                Array.Resize(ref _firsts, _firsts.Length * 2);
            }
        }

        /// <summary>The first element is the tag: its first component, blanks between segments being layout, not data.</summary>
        private void EndTag()
        {
            if (_tag is not null)
            {
                return;
            }
            var tag = _text.AsSpan(0, _tagEnd < 0 ? _n : _tagEnd).Trim();
            var lookup = _tags.GetAlternateLookup<ReadOnlySpan<char>>();
            if (!lookup.TryGetValue(tag, out var known))
            {
                known = tag.ToString();
                if (_tags.Count < 256)
                {
                    _tags.Add(known, known);
                }
            }
            _tag = known;
            _n = 0;
            Append(known);
        }

        private EdifactSegment EndSegment()
        {
            EndTag();
            _firsts[_elements] = _components;
            // Into the current pages (a new one when full; a page is never written twice, so earlier segments keep theirs).
            var numbers = _elements + 1 + _components;
            if (_pageUsed + _n > _page.Length)
            {
                (_page, _pageUsed) = (new char[Math.Max(PageChars, _n)], 0);
            }
            if (_indexUsed + numbers > _indexPage.Length)
            {
                (_indexPage, _indexUsed) = (new int[Math.Max(PageNumbers, numbers)], 0);
            }
            _text.AsSpan(0, _n).CopyTo(_page.AsSpan(_pageUsed));
            _firsts.AsSpan(0, _elements + 1).CopyTo(_indexPage.AsSpan(_indexUsed));
            _starts.AsSpan(0, _components).CopyTo(_indexPage.AsSpan(_indexUsed + _elements + 1));
            var segment = new EdifactSegment(_tag!, _page, _pageUsed, _n, _indexPage, _indexUsed, _elements, _segmentLine);
            _pageUsed += _n;
            _indexUsed += numbers;
            (_n, _components, _elements, _tag, _tagEnd, _componentStart, _separatorsInElement, _started) = (0, 0, 0, null, -1, 0, 0, false);
            return segment;
        }
    }

    private static string Cut(string s) => s.Length <= 20 ? s : s[..20];
}
