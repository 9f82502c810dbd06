using System.Text;
using System.Text.RegularExpressions;

namespace Cordon.Tests.Support;

/// <summary>
/// Reads a Razor page as a person would see it: the text of its markup and of the attributes people read
/// (placeholder, title, aria-label, alt), without C# code, Razor expressions (so without @T[…]), comments, styles, scripts and
/// the content of &lt;code&gt; elements (expressions, identifiers and hashes, the same in every language).
/// Enough of Razor's rules for these pages: @{…}, @functions {…}, @(…), @expression, @if/@foreach/@switch/… with their blocks, markup inside code.
/// </summary>
internal static partial class RazorText
{
    private static readonly HashSet<string> VisibleAttributes = ["placeholder", "title", "aria-label", "alt"];
    private static readonly HashSet<string> VoidElements = ["input", "br", "img", "meta", "link", "hr", "source", "col", "wbr"];
    private static readonly HashSet<string> Statements = ["if", "foreach", "for", "while", "switch", "using", "lock", "try", "do"];
    private static readonly HashSet<string> Directives = ["page", "model", "inject", "namespace", "addTagHelper", "layout", "inherits", "implements"];

    public static List<(int Line, string Text)> Visible(string source)
    {
        var reader = new Reader(source);
        reader.Markup(until: null);
        // A page title written as a literal in a code block is shown in the tab and the top bar.
        var titles = LiteralTitle().Matches(source).Select(m => (source.AsSpan(0, m.Index).Count('\n') + 1, m.Groups[1].Value));
        return [.. reader.Found.Concat(titles).OrderBy(f => f.Item1)];
    }

    [GeneratedRegex("ViewData\\[\"Title\"\\]\\s*=\\s*\"([^\"]*)\"")]
    private static partial Regex LiteralTitle();

    private sealed class Reader(string s)
    {
        private int _i;
        private readonly StringBuilder _text = new();
        private int _textLine;
        public List<(int Line, string Text)> Found { get; } = [];

        private int Line(int at) => s.AsSpan(0, Math.Min(at, s.Length)).Count('\n') + 1;
        private char At(int k) => k < s.Length ? s[k] : '\0';

        private void Emit(char c)
        {
            if (_text.Length == 0) _textLine = Line(_i);
            _text.Append(c);
        }

        private void Flush()
        {
            if (_text.ToString().Trim().Length > 0) Found.Add((_textLine, _text.ToString()));
            _text.Clear();
        }

        /// <summary>Markup until the closing tag of <paramref name="until"/> (or the end).</summary>
        public void Markup(string? until)
        {
            var depth = 0;
            while (_i < s.Length)
            {
                var c = s[_i];
                if (c == '@')
                {
                    Flush();
                    Transition();
                }
                else if (c == '<' && (char.IsLetter(At(_i + 1)) || At(_i + 1) == '/' || At(_i + 1) == '!'))
                {
                    Flush();
                    var (name, closing, selfClosing) = Tag();
                    if (name is "style" or "script" or "code" && !closing && !selfClosing)
                    {
                        var end = s.IndexOf($"</{name}>", _i, StringComparison.OrdinalIgnoreCase);
                        _i = end < 0 ? s.Length : end + name.Length + 3;
                    }
                    else if (until is not null && name == until)
                    {
                        if (closing && depth-- == 0) return;
                        if (!closing && !selfClosing) depth++;
                    }
                }
                else
                {
                    Emit(c);
                    _i++;
                }
            }
            Flush();
        }

        /// <summary>A tag: its name, whether it closes, whether it closes itself; visible attribute values are read as markup text.</summary>
        private (string Name, bool Closing, bool SelfClosing) Tag()
        {
            _i++; // <
            if (At(_i) == '!')
            {
                var end = s.IndexOf('>', _i);
                _i = end < 0 ? s.Length : end + 1;
                return ("!", false, true);
            }
            var closing = At(_i) == '/';
            if (closing) _i++;
            var start = _i;
            while (_i < s.Length && (char.IsLetterOrDigit(s[_i]) || s[_i] is '-' or ':')) _i++;
            var name = s[start.._i].ToLowerInvariant();
            while (_i < s.Length && s[_i] != '>')
            {
                if (s[_i] == '@')
                {
                    Transition(); // a Razor attribute such as @onclick or a conditional one
                    continue;
                }
                if (char.IsLetter(s[_i]))
                {
                    var a = _i;
                    while (_i < s.Length && (char.IsLetterOrDigit(s[_i]) || s[_i] is '-' or ':' or '.')) _i++;
                    var attribute = s[a.._i].ToLowerInvariant();
                    if (At(_i) == '=')
                    {
                        _i++;
                        AttributeValue(VisibleAttributes.Contains(attribute));
                    }
                    continue;
                }
                _i++;
            }
            var selfClosing = s[_i - 1] == '/' || VoidElements.Contains(name);
            _i++; // >
            return (name, closing, selfClosing);
        }

        private void AttributeValue(bool visible)
        {
            var quote = At(_i);
            if (quote is not ('"' or '\''))
            {
                while (_i < s.Length && !char.IsWhiteSpace(s[_i]) && s[_i] != '>') _i++;
                return;
            }
            _i++;
            while (_i < s.Length && s[_i] != quote)
            {
                if (s[_i] == '@')
                {
                    Flush();
                    Transition();
                }
                else
                {
                    if (visible) Emit(s[_i]);
                    _i++;
                }
            }
            Flush();
            _i++;
        }

        /// <summary>At an @: skips what is code (expression, block, statement, directive, comment).</summary>
        private void Transition()
        {
            _i++; // @
            var c = At(_i);
            if (c == '@') { _i++; return; } // @@ is a literal @
            if (c == '*')
            {
                var end = s.IndexOf("*@", _i, StringComparison.Ordinal);
                _i = end < 0 ? s.Length : end + 2;
                return;
            }
            if (c == '(') { Balanced('(', ')'); return; }
            if (c == '{') { CodeBlock(); return; }
            if (c == ':') { SkipLine(); return; }
            if (!char.IsLetter(c) && c != '_') return;
            var start = _i;
            while (_i < s.Length && (char.IsLetterOrDigit(s[_i]) || s[_i] == '_')) _i++;
            var word = s[start.._i];
            if (Directives.Contains(word) || (word == "using" && At(_i) == ' ' && !s[_i..].TrimStart().StartsWith('('))) { SkipLine(); return; }
            if (word is "functions" or "code") { while (char.IsWhiteSpace(At(_i))) _i++; if (At(_i) == '{') CodeBlock(); return; }
            if (word == "await") { while (At(_i) == ' ') _i++; Implicit(); return; }
            if (Statements.Contains(word)) { Statement(); return; }
            ImplicitRest();
        }

        private void Implicit()
        {
            while (_i < s.Length && (char.IsLetterOrDigit(s[_i]) || s[_i] == '_')) _i++;
            ImplicitRest();
        }

        /// <summary>The rest of an implicit expression: member access, calls, indexers, generic arguments.</summary>
        private void ImplicitRest()
        {
            while (_i < s.Length)
            {
                var c = s[_i];
                if (c == '(') Balanced('(', ')');
                else if (c == '[') Balanced('[', ']');
                else if ((c == '.' || (c == '?' && At(_i + 1) == '.')) && (char.IsLetter(At(_i + (c == '?' ? 2 : 1))) || At(_i + (c == '?' ? 2 : 1)) == '_'))
                {
                    _i += c == '?' ? 2 : 1;
                    while (_i < s.Length && (char.IsLetterOrDigit(s[_i]) || s[_i] == '_')) _i++;
                }
                else if (c == '?' && At(_i + 1) == '[') _i++;
                else if (c == '!' && At(_i + 1) is '.' or '[') _i++;
                else return;
            }
        }

        /// <summary>if/foreach/switch…: the head, its block, and else/catch/finally continuations.</summary>
        private void Statement()
        {
            while (true)
            {
                while (_i < s.Length && s[_i] != '{')
                {
                    if (s[_i] == '(') Balanced('(', ')');
                    else if (s[_i] is '"' or '\'') StringLiteral();
                    else _i++;
                }
                CodeBlock();
                var k = _i;
                while (k < s.Length && char.IsWhiteSpace(s[k])) k++;
                var next = Regex.Match(s[k..], @"^(else|catch|finally)\b");
                if (!next.Success) return;
                _i = k + next.Length;
            }
        }

        /// <summary>A C# block from its opening brace: code, in which markup elements may stand as statements.</summary>
        private void CodeBlock()
        {
            _i++; // {
            var depth = 0;
            var previous = '{';
            while (_i < s.Length)
            {
                var c = s[_i];
                if (c == '"' || c == '\'' || (c is '$' or '@' && At(_i + 1) is '"' or '$' or '@'))
                {
                    StringLiteral();
                    previous = '"';
                    continue;
                }
                if (c == '/' && At(_i + 1) == '/') { SkipLine(); continue; }
                if (c == '@' && At(_i + 1) == ':') { _i += 2; LineMarkup(); previous = ';'; continue; }
                if (c == '<' && char.IsLetter(At(_i + 1)) && previous is '{' or '}' or ';' or ':' or ')')
                {
                    Element();
                    previous = '}';
                    continue;
                }
                if (c == '{') depth++;
                if (c == '}' && depth-- == 0) { _i++; return; }
                if (!char.IsWhiteSpace(c)) previous = c;
                _i++;
            }
        }

        /// <summary>One markup element standing in code, up to its closing tag.</summary>
        private void Element()
        {
            var (name, _, selfClosing) = Tag();
            if (selfClosing) return;
            if (name is "style" or "script" or "code")
            {
                var end = s.IndexOf($"</{name}>", _i, StringComparison.OrdinalIgnoreCase);
                _i = end < 0 ? s.Length : end + name.Length + 3;
                return;
            }
            Markup(until: name);
        }

        private void LineMarkup()
        {
            var end = s.IndexOf('\n', _i);
            var line = new Reader(s[_i..(end < 0 ? s.Length : end)]);
            line.Markup(until: null);
            Found.AddRange(line.Found.Select(f => (Line(_i), f.Text)));
            _i = end < 0 ? s.Length : end;
        }

        private void SkipLine()
        {
            var end = s.IndexOf('\n', _i);
            _i = end < 0 ? s.Length : end;
        }

        /// <summary>Balanced brackets in C#, past strings and characters that contain brackets.</summary>
        private void Balanced(char open, char close)
        {
            var depth = 0;
            while (_i < s.Length)
            {
                var c = s[_i];
                if (c == '"' || c == '\'' || (c is '$' or '@' && At(_i + 1) is '"' or '$' or '@')) { StringLiteral(); continue; }
                if (c == open) depth++;
                else if (c == close && --depth == 0) { _i++; return; }
                _i++;
            }
        }

        /// <summary>A C# string or character literal: regular, verbatim, interpolated (holes may hold strings).</summary>
        private void StringLiteral()
        {
            var interpolated = false;
            var verbatim = false;
            while (s[_i] is '$' or '@')
            {
                interpolated |= s[_i] == '$';
                verbatim |= s[_i] == '@';
                _i++;
            }
            var quote = s[_i++];
            while (_i < s.Length)
            {
                var c = s[_i];
                if (!verbatim && c == '\\') { _i += 2; continue; }
                if (c == quote)
                {
                    if (verbatim && At(_i + 1) == quote) { _i += 2; continue; }
                    _i++;
                    return;
                }
                if (interpolated && c == '{')
                {
                    if (At(_i + 1) == '{') { _i += 2; continue; }
                    Balanced('{', '}');
                    continue;
                }
                _i++;
            }
        }
    }
}
