using System.Text;
using System.Text.RegularExpressions;
using Cordon.Tests.Support;

namespace Cordon.Tests.Server;

/// <summary>
/// The pages of cases, declarations, consignments, risk, screening, alerts, reference data and jobs in French and Arabic:
/// rendered on the demo data in each language, and read at the source for text written outside the resources.
/// </summary>
public sealed partial class LanguagesOfCasesDeclarationsRiskPagesTests
{
    /// <summary>A page, who opens it, and its heading in English, French and Arabic.</summary>
    private sealed record Page(string User, string Path, string English, string French, string Arabic);

    private static readonly Page[] Pages =
    [
        new("officer", "/cases", "Cases", "Dossiers", "القضايا"),
        new("officer", "/cases/seizures", "Seizures", "Saisies", "المضبوطات"),
        new("officer", "/cases/seizures/new", "Record a seizure", "Enregistrer une saisie", "تسجيل ضبط"),
        new("officer", "/cases/deadlines", "Deadlines", "Échéances", "المواعيد النهائية"),
        new("officer", "/cases/statistics", "Seizure statistics", "Statistiques des saisies", "إحصاءات الضبط"),
        new("officer", "/declarations", "Declarations", "Déclarations", "البيانات الجمركية"),
        new("officer", "/declarations/import", "Import a file", "Importer un fichier", "استيراد ملف"),
        new("officer", "/declarations/quarantine", "Quarantine", "Quarantaine", "الحجر"),
        new("officer", "/consignments", "Pre-arrival consignments", "Envois avant arrivée", "الشحنات قبل الوصول"),
        new("officer", "/alerts", "Alerts", "Alertes", "التنبيهات"),
        new("officer", "/alerts/subscriptions", "Alert subscriptions", "Abonnements aux alertes", "الاشتراكات في التنبيهات"),
        new("officer", "/jobs", "Background jobs", "Tâches de fond", "المهام الخلفية"),
        new("officer", "/reference/codes", "Countries, currencies and ports", "Pays, monnaies et ports", "البلدان والعملات والموانئ"),
        new("officer", "/reference/hs", "HS 2022 nomenclature", "Nomenclature SH 2022", "تصنيف النظام المنسق 2022"),
        new("analyst", "/risk/criteria/edit", "New risk criterion", "Nouveau critère de risque", "معيار مخاطر جديد"),
        new("analyst", "/risk/models", "Risk models", "Modèles de risque", "نماذج المخاطر"),
        new("analyst", "/risk/lanes", "Selectivity lanes", "Circuits de sélectivité", "مسارات الانتقائية"),
        new("analyst", "/screening/hits", "Screening hits", "Correspondances de criblage", "نتائج المطابقة"),
        new("analyst", "/screening/lists", "Watch lists", "Listes de surveillance", "قوائم المراقبة"),
        new("analyst", "/screening/search", "Screen a name", "Cribler un nom", "فحص اسم"),
        new("analyst", "/alerts/conditions", "Alert conditions", "Conditions d'alerte", "شروط التنبيه"),
    ];

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Cases_declarations_risk_screening_alerts_reference_and_jobs_pages_read_in_french_and_in_arabic_right_to_left(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        foreach (var user in Pages.Select(p => p.User).Distinct())
        {
            var session = await PageSession.SignInAsync(host, user);
            var pages = Pages.Where(p => p.User == user).ToList();
            // A record page of each kind, found as a person finds it: through the list.
            if (user == "officer")
            {
                var seizure = RecordLink("/cases/seizures/", await session.GetStringAsync("/cases/seizures"));
                pages.Add(new(user, seizure.Path, $"Seizure {seizure.Reference}", $"Saisie {seizure.Reference}", $"الضبط {seizure.Reference}"));
                var caseFile = RecordLink("/cases/", await session.GetStringAsync("/cases"));
                pages.Add(new(user, caseFile.Path, "Inspections", "Contrôles", "المعاينات"));
                var consignment = RecordLink("/consignments/", await session.GetStringAsync("/consignments"));
                pages.Add(new(user, consignment.Path, "Consignment", "Envoi", "الشحنة"));
            }
            else
            {
                var criterion = CriterionLink().Match(await session.GetStringAsync("/risk/criteria"));
                Assert.True(criterion.Success, "the criteria page links no criterion");
                var id = criterion.Groups[1].Value;
                pages.Add(new(user, $"/risk/criteria/{id}/backtest", "Backtest", "Test rétrospectif", "الاختبار الرجعي"));
                pages.Add(new(user, $"/risk/criteria/{id}/effectiveness", "Effectiveness", "Efficacité", "الفعالية"));
            }

            foreach (var (culture, direction) in new[] { ("fr", "ltr"), ("ar", "rtl") })
            {
                await session.PostFormAsync(await session.GetStringAsync("/account"), "/account", [new("Culture", culture)]);
                foreach (var page in pages)
                {
                    var html = await session.GetStringAsync(page.Path);
                    Assert.Contains($"<html lang=\"{culture}\" dir=\"{direction}\">", html, StringComparison.Ordinal);
                    var heading = Heading(html, page.Path);
                    var expected = culture == "fr" ? page.French : page.Arabic;
                    Assert.True(heading.Contains(expected, StringComparison.Ordinal) || html.Contains($"<h2>{expected}</h2>", StringComparison.Ordinal),
                        $"{culture} {page.Path}: expected “{expected}”, the heading reads “{heading}”");
                    Assert.DoesNotContain($"<h1>{page.English}</h1>", html, StringComparison.Ordinal);
                    Assert.DoesNotContain($"<h2>{page.English}</h2>", html, StringComparison.Ordinal);
                    Assert.False(heading.StartsWith(page.English, StringComparison.Ordinal), $"{culture} {page.Path}: the heading is still English: “{heading}”");
                }
            }
        }
    }

    /// <summary>
    /// Words that may stand in a page as written, in every language: the ISO 3166 column names (Alpha-2, Alpha-3) and the hash
    /// algorithm before a hash. Codes are also left as written (<see cref="IsCode"/>); anything else a person reads goes through T[…].
    /// </summary>
    private static readonly HashSet<string> LanguageNeutral = ["Alpha", "sha"];

    /// <summary>
    /// A token that is a code, not a word: capitals and digits (TLP:AMBER, CSV, NL000396, EORI, FOB), an address (https://…),
    /// or a field path of the records (totalCif, items[1].hsCode), as examples in placeholders and options show them.
    /// </summary>
    private static bool IsCode(string token)
        => !token.Any(char.IsLower) || token.Contains("://", StringComparison.Ordinal) || FieldPath().IsMatch(token);

    /// <summary>The words of a visible text that should have come from the resources.</summary>
    private static List<string> Words(string text)
        => [.. text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Where(t => !IsCode(t))
            .SelectMany(t => Word().Matches(t).Select(m => m.Value)).Where(w => !LanguageNeutral.Contains(w))];

    /// <summary>Printed legal documents keep the administration's language (docs/languages.md): the notice and the custody record.</summary>
    private static readonly HashSet<string> LegalDocuments = ["Cases/Notice.cshtml", "Cases/CustodyRecord.cshtml"];

    [Fact]
    public void Pages_of_cases_declarations_risk_screening_alerts_write_no_text_outside_the_resources()
    {
        var pages = Repository.Path("src", "Cordon.Server", "Pages");
        var files = new[] { "Cases", "Declarations", "Consignments", "Risk", "Screening", "Alerts", "Reference", "Jobs" }
            .SelectMany(folder => Directory.GetFiles(Path.Combine(pages, folder), "*.cshtml"))
            .Select(f => Path.GetRelativePath(pages, f).Replace('\\', '/'))
            .Where(f => !LegalDocuments.Contains(f))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(files.Count >= 30, $"only {files.Count} pages found");
        var untranslated = new List<string>();
        foreach (var file in files)
        {
            foreach (var (line, text) in RazorText.Visible(File.ReadAllText(Path.Combine(pages, file))))
            {
                if (Words(text).Count > 0)
                {
                    untranslated.Add($"{file}:{line}: “{text.Trim()}”");
                }
            }
        }
        Assert.True(untranslated.Count == 0, "text outside the resources:\n" + string.Join("\n", untranslated));
    }

    [Fact]
    public void The_source_reader_finds_text_written_in_markup_and_attributes_but_not_in_code_or_resources()
    {
        const string page = """
            @page "/x"
            @{ var n = "Not seen"; }
            <h1>@T["Seen through the resources"]</h1>
            <p title="Plain title">@T.Code("lane", n) @(n ?? "code") <span>Written</span></p>
            @if (n is null) { <div>In a block</div> } else { <em>@n</em> }
            @* A comment *@
            <input placeholder="@T["Fine"]" aria-label="Label text" />
            <style>.x { color: red; }</style>
            <code>any(items, …)</code> <option>NL000396</option>
            """;
        var found = RazorText.Visible(page).Select(t => (t.Line, Text: t.Text.Trim())).Where(t => Words(t.Text).Count > 0).ToList();
        Assert.Equal([(4, "Plain title"), (4, "Written"), (5, "In a block"), (7, "Label text")], found);
    }

    private static (string Path, string Reference) RecordLink(string prefix, string html)
    {
        var m = Regex.Match(html, $"<a href=\"({Regex.Escape(prefix)}[0-9a-f-]{{36}})\">(?:<code>)?([^<]+)");
        Assert.True(m.Success, $"no link to {prefix}…");
        return (m.Groups[1].Value, m.Groups[2].Value);
    }

    private static string Heading(string html, string path)
    {
        var m = H1().Match(html);
        Assert.True(m.Success, $"{path} has no heading");
        return System.Net.WebUtility.HtmlDecode(Tags().Replace(m.Groups[1].Value, "")).Trim();
    }

    [GeneratedRegex(@"^[a-z]+(?:[A-Z][a-z]*)+$|^[a-z]+\[\d+\]\.[A-Za-z]+$")]
    private static partial Regex FieldPath();

    [GeneratedRegex("[A-Za-z]{2,}")]
    private static partial Regex Word();

    [GeneratedRegex("<h1>(.*?)</h1>", RegexOptions.Singleline)]
    private static partial Regex H1();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex("<a href=\"/risk/criteria/edit/([0-9a-f-]{36})\"")]
    private static partial Regex CriterionLink();
}

/// <summary>
/// Reads a Razor page as a person would see it: the text of its markup and of the attributes people read
/// (placeholder, title, aria-label, alt), without C# code, Razor expressions (so without @T[…]), comments, styles, scripts and
/// the content of &lt;code&gt; elements (expressions, identifiers and hashes, the same in every language).
/// Enough of Razor's rules for these pages: @{…}, @(…), @expression, @if/@foreach/@switch/… with their blocks, markup inside code.
/// </summary>
internal static class RazorText
{
    private static readonly HashSet<string> VisibleAttributes = ["placeholder", "title", "aria-label", "alt"];
    private static readonly HashSet<string> VoidElements = ["input", "br", "img", "meta", "link", "hr", "source", "col", "wbr"];
    private static readonly HashSet<string> Statements = ["if", "foreach", "for", "while", "switch", "using", "lock", "try", "do"];
    private static readonly HashSet<string> Directives = ["page", "model", "inject", "namespace", "addTagHelper", "layout", "inherits", "implements"];

    public static List<(int Line, string Text)> Visible(string source)
    {
        var reader = new Reader(source);
        reader.Markup(until: null);
        return reader.Found;
    }

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
