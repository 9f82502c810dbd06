using System.Buffers;
using System.Globalization;
using System.Text;

namespace Cordon.Edifact;

/// <summary>
/// Writes UN/EDIFACT interchanges with the default separators (UNA written out): UNB … UNZ around UNH … UNT,
/// counting segments and messages itself so that the trailers are always right. Values are released where
/// they hold a separator and reduced to the repertoire of the syntax level written (UNOA: upper case and
/// its punctuation; UNOB: printable ASCII; UNOC: Latin-1), so what it writes is what <see cref="EdifactReader"/> reads.
/// One segment per line, which readers ignore and people can read.
/// </summary>
public sealed class EdifactWriter
{
    private readonly StringBuilder _text = new(1024);
    private readonly string _syntax;
    private readonly string _version;
    // Characters written as they are at the syntax level: the others are released or replaced, one by one.
    private readonly SearchValues<char> _plain;
    private string? _interchange;
    private int _messages;
    private int _segments;
    private bool _inMessage;

    public EdifactWriter(string syntax = "UNOC", string version = "3")
    {
        (_syntax, _version) = Level(syntax, version);
        _plain = _syntax switch { "UNOA" => PlainA, "UNOB" => PlainB, _ => PlainC };
        _text.Append("UNA:+.? '\n");
    }

    /// <summary>The syntax identifier and version written for those asked: UNOA, UNOB or UNOC (else UNOC), 2, 3 or 4 (else 3).</summary>
    public static (string Syntax, string Version) Level(string syntax, string version)
        => (syntax.ToUpperInvariant() is "UNOA" or "UNOB" or "UNOC" ? syntax.ToUpperInvariant() : "UNOC", version is "2" or "3" or "4" ? version : "3");

    /// <summary>Empties the writer for another interchange in the same syntax (answers written one after another reuse one).</summary>
    public void Clear()
    {
        _text.Clear().Append("UNA:+.? '\n");
        (_interchange, _messages, _segments, _inMessage) = (null, 0, 0, false);
    }

    private static readonly SearchValues<char> PlainA = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,-()/=!\"%&*;<>");
    private static readonly SearchValues<char> PlainB = SearchValues.Create(Printable(' ', '~'));
    private static readonly SearchValues<char> PlainC = SearchValues.Create(Printable(' ', '~') + Printable('\u00A0', '\u00FF'));

    private static string Printable(char first, char last)
        => new([.. Enumerable.Range(first, last - first + 1).Select(i => (char)i).Where(c => c is not (':' or '+' or '?' or '\''))]);

    public void BeginInterchange(string sender, string recipient, DateTimeOffset prepared, string reference)
    {
        _interchange = reference;
        _messages = 0;
        var at = prepared.UtcDateTime;
        Segment("UNB", [_syntax, _version], [sender], [recipient],
            [at.ToString("yyMMdd", CultureInfo.InvariantCulture), at.ToString("HHmm", CultureInfo.InvariantCulture)], [reference]);
    }

    public void BeginMessage(string reference, string type, string version, string release, string agency = "UN")
    {
        _inMessage = true;
        _segments = 0;
        _messages++;
        Segment("UNH", [reference], [type, version, release, agency]);
    }

    public void EndMessage(string reference)
    {
        Segment("UNT", [(_segments + 1).ToString(CultureInfo.InvariantCulture)], [reference]);
        _inMessage = false;
    }

    public void EndInterchange()
    {
        Segment("UNZ", [_messages.ToString(CultureInfo.InvariantCulture)], [_interchange]);
    }

    /// <summary>A segment: each element an array of components (null or empty components are written empty; trailing empties dropped).</summary>
    public void Segment(string tag, params string?[][] elements)
    {
        if (_inMessage)
        {
            _segments++;
        }
        _text.Append(tag);
        var last = elements.Length;
        while (last > 0 && AllEmpty(elements[last - 1]))
        {
            last--;
        }
        for (var e = 0; e < last; e++)
        {
            _text.Append('+');
            var components = elements[e];
            var n = components.Length;
            while (n > 1 && string.IsNullOrEmpty(components[n - 1]))
            {
                n--;
            }
            for (var c = 0; c < n; c++)
            {
                if (c > 0)
                {
                    _text.Append(':');
                }
                Escape(components[c]);
            }
        }
        _text.Append("'\n");
    }

    private static bool AllEmpty(string?[] components)
    {
        foreach (var c in components)
        {
            if (!string.IsNullOrEmpty(c))
            {
                return false;
            }
        }
        return true;
    }

    private void Escape(string? value)
    {
        if (value is null)
        {
            return;
        }
        var plain = value.AsSpan().IndexOfAnyExcept(_plain);
        if (plain < 0)
        {
            _text.Append(value);
            return;
        }
        _text.Append(value.AsSpan(0, plain));
        foreach (var raw in value.AsSpan(plain))
        {
            var ch = Repertoire(raw);
            if (ch is ':' or '+' or '?' or '\'')
            {
                _text.Append('?');
            }
            _text.Append(ch);
        }
    }

    private char Repertoire(char ch)
    {
        if (ch is '\r' or '\n' or '\t')
        {
            return ' ';
        }
        return _syntax switch
        {
            "UNOA" => char.ToUpperInvariant(ch) is var u && (u is (>= 'A' and <= 'Z') or (>= '0' and <= '9') or ' ' or '.' or ',' or '-' or '(' or ')' or '/' or '='
                or '\'' or '+' or ':' or '?' or '!' or '"' or '%' or '&' or '*' or ';' or '<' or '>') ? u : '.',
            "UNOB" => ch is >= ' ' and <= '~' ? ch : '.',
            _ => ch is (>= ' ' and <= '~') or (>= '\u00A0' and <= '\u00FF') ? ch : '.',
        };
    }

    public override string ToString() => _text.ToString();
}
