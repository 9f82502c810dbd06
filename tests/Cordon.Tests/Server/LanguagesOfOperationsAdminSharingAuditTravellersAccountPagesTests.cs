using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Cordon.Tests.Support;

namespace Cordon.Tests.Server;

/// <summary>
/// The operations, administration, sharing, audit, travellers and account pages in French and Arabic:
/// rendered on the demo data, and read at the source for English written outside the resources.
/// </summary>
public sealed partial class LanguagesOfOperationsAdminSharingAuditTravellersAccountPagesTests
{
    /// <summary>A page, who may open it, and a heading (or the start of one) in each language.</summary>
    private sealed record Heading(string User, string Path, string English, string French, string Arabic);

    private static readonly Heading[] Lists =
    [
        new("supervisor", "/operations/overview", "Joint operations<", "Opérations conjointes<", "العمليات المشتركة<"),
        new("supervisor", "/operations/map", "Latest events<", "Derniers événements<", "آخر الأحداث<"),
        new("supervisor", "/operations/incidents", "Reported (UTC)<", "Signalé (UTC)<", "أُبلغ عنه (UTC)<"),
        new("supervisor", "/operations/incidents/report", "Report an incident<", "Signaler un incident<", "الإبلاغ عن حادث<"),
        new("supervisor", "/operations/new", "New joint operation<", "Nouvelle opération conjointe<", "عملية مشتركة جديدة<"),
        new("supervisor", "/operations/watched-areas", "Watch an area<", "Surveiller une zone<", "مراقبة منطقة<"),
        new("supervisor", "/operations/response-plans", "Response plans<", "Plans d'intervention<", "خطط الاستجابة<"),
        new("supervisor", "/operations/qualifications", "Officers' qualifications<", "Qualifications des agents<", "مؤهلات الموظفين<"),
        new("supervisor", "/operations/trainings", "Joint training sessions and exercises<", "Formations et exercices conjoints<", "الدورات التدريبية والتمارين المشتركة<"),
        new("supervisor", "/travellers/primary-line", "Primary line<", "Première ligne<", "خط الفحص الأول<"),
        new("supervisor", "/travellers/flights", "Flights and voyages<", "Vols et traversées<", "الرحلات الجوية والبحرية<"),
        new("supervisor", "/travellers/overstayers", "Overstayers<", "Dépassements de séjour<", "المتجاوزون لمدة الإقامة<"),
        new("supervisor", "/sharing/agreements", "Sharing agreements<", "Accords de partage<", "اتفاقيات المشاركة<"),
        new("supervisor", "/sharing/access-review", "Break-glass access to review<", "Accès d'urgence à examiner<", "وصول طارئ بانتظار المراجعة<"),
        new("supervisor", "/account/password", "Change password<", "Changer le mot de passe<", "تغيير كلمة المرور<"),
        new("supervisor", "/account/two-factor", "Second factor<", "Second facteur<", "العامل الثاني<"),
        new("supervisor", "/logout", "Sign out of Cordon?<", "Se déconnecter de Cordon ?<", "تسجيل الخروج من Cordon؟<"),
        new("supervisor", "/denied", "Not allowed<", "Non autorisé<", "غير مسموح<"),
        new("admin", "/admin/agencies", "Administrations that own records", "Administrations qui détiennent des dossiers", "الجهات التي تملك السجلات"),
        new("admin", "/admin/apikeys", "Create key<", "Créer la clé<", "إنشاء المفتاح<"),
        new("admin", "/admin/identity-provider", "Identity provider of ", "Fournisseur d'identité de ", "مزوّد الهوية لـ "),
        new("operator", "/admin/federation", "Last checkpoint witnessed<", "Dernier point de contrôle attesté<", "آخر نقطة تحقق مشهود عليها<"),
        new("auditor", "/audit", "Latest checkpoint<", "Dernier point de contrôle<", "آخر نقطة تحقق<"),
    ];

    /// <summary>Detail pages, reached by the first link of a list page that matches.</summary>
    private static readonly (string User, string List, Regex Link, string English, string French, string Arabic)[] Details =
    [
        ("supervisor", "/operations/overview", OperationLink(), "Coverage per border segment<", "Couverture par tronçon de frontière<", "التغطية حسب مقطع الحدود<"),
        ("supervisor", "/operations/overview", EditLink(), "Status<", "Statut<", "الحالة<"),
        ("supervisor", "/operations/overview", PatrolLink(), "Patrols in this operation<", "Patrouilles de cette opération<", "الدوريات في هذه العملية<"),
        ("supervisor", "/operations/incidents", IncidentLink(), "Timeline<", "Chronologie<", "التسلسل الزمني<"),
        ("supervisor", "/travellers/flights", FlightLink(), "Nationality<", "Nationalité<", "الجنسية<"),
        ("supervisor", "/sharing/agreements", AgreementLink(), "History<", "Historique<", "السجل التاريخي<"),
    ];

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task The_operations_admin_sharing_audit_travellers_and_account_pages_speak_french_and_arabic_right_to_left(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        // A passenger list, so that the flight and traveller pages have something to show.
        var carrierFeed = await host.AsAsync("officer");
        var manifest = await carrierFeed.PostAsJsonAsync("/api/travellers/manifests", new
        {
            carrier = "LH", transport = "LH1000", list = "passengers", departure = "FRA", arrival = "AMS", departureTime = "2026-12-06T09:40:00",
            travellers = new[] { new { role = "passenger", surname = "Moreau", givenNames = "Claire", nationality = "FRA" } },
        }, TestContext.Current.CancellationToken);
        Assert.True(manifest.IsSuccessStatusCode, await manifest.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var sessions = new Dictionary<string, PageSession>();
        foreach (var user in Lists.Select(p => p.User).Concat(Details.Select(d => d.User)).Distinct())
        {
            sessions[user] = await PageSession.SignInAsync(host, user);
        }

        foreach (var (culture, direction) in new[] { ("fr", "ltr"), ("ar", "rtl") })
        {
            foreach (var session in sessions.Values)
            {
                var saved = await session.PostFormAsync(await session.GetStringAsync("/account"), "/account", [new("Culture", culture)]);
                Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
            }
            var pages = new List<(string Path, string Html, Heading Heading)>();
            foreach (var page in Lists)
            {
                pages.Add((page.Path, await sessions[page.User].GetStringAsync(page.Path), page));
            }
            foreach (var detail in Details)
            {
                var list = await sessions[detail.User].GetStringAsync(detail.List);
                var link = detail.Link.Match(list);
                Assert.True(link.Success, $"{detail.List} in {culture} links no page matching {detail.Link}");
                var path = WebUtility.HtmlDecode(link.Groups[1].Value);
                pages.Add((path, await sessions[detail.User].GetStringAsync(path),
                    new Heading(detail.User, path, detail.English, detail.French, detail.Arabic)));
            }
            // A traveller, from the flight's list.
            var flight = pages.Single(p => p.Path.StartsWith("/travellers/flights/", StringComparison.Ordinal));
            var traveller = TravellerLink().Match(flight.Html);
            Assert.True(traveller.Success, $"{flight.Path} in {culture} links no traveller");
            pages.Add((traveller.Groups[1].Value, await sessions["supervisor"].GetStringAsync(traveller.Groups[1].Value),
                new Heading("supervisor", traveller.Groups[1].Value, "Crossings<", "Passages<", "عمليات العبور<")));

            foreach (var (path, encoded, heading) in pages)
            {
                var html = WebUtility.HtmlDecode(encoded);
                Assert.Contains($"<html lang=\"{culture}\" dir=\"{direction}\">", html, StringComparison.Ordinal);
                var expected = culture == "fr" ? heading.French : heading.Arabic;
                Assert.True(html.Contains(">" + expected, StringComparison.Ordinal), $"{path} in {culture}: no '{expected}'");
                Assert.False(html.Contains(">" + heading.English, StringComparison.Ordinal), $"{path} in {culture}: '{heading.English}' is still in English");
            }
        }
    }

    /// <summary>
    /// Words that may stand in these pages outside the resources: the product's name, the TLP marking
    /// prefix, units, a format's name and the fixed prefix of every API key.
    /// </summary>
    private static readonly HashSet<string> Untranslated = ["Cordon", "TLP", "km", "min", "JSON", "cdn"];

    /// <summary>
    /// Placeholders that show data as the field takes it, the same in every language: user names and
    /// duty codes, addresses, agency, unit and UN/LOCODE codes.
    /// </summary>
    private static readonly HashSet<string> SampleInputs =
    [
        "bp.officer, firearms&#10;officer, scanner-operator", "bp.officer&#10;pca.officer", "https://login.example.gov/realms/customs",
        "https://cordon.partner.example", "BETA-NCA", "NBP-VAN-1, NCA-SCAN-1", "NLAMS",
    ];

    [Fact]
    public void Pages_of_operations_admin_sharing_audit_travellers_account_write_no_text_outside_the_resources()
    {
        var pages = Repository.Path("src", "Cordon.Server", "Pages");
        var files = new[] { "Operations", "Admin", "Sharing", "Audit", "Travellers", "Account" }
            .SelectMany(folder => Directory.GetFiles(Path.Combine(pages, folder), "*.cshtml"))
            .Append(Path.Combine(pages, "Shared", "Components", "MarkingForm", "Default.cshtml"))
            .ToList();
        Assert.True(files.Count > 35, $"only {files.Count} pages found under {pages}");
        var found = new List<string>();
        foreach (var file in files)
        {
            var lines = VisibleText(File.ReadAllText(file));
            for (var n = 0; n < lines.Length; n++)
            {
                foreach (Match word in LatinWord().Matches(lines[n]))
                {
                    if (!Untranslated.Contains(word.Value))
                    {
                        found.Add($"{Path.GetRelativePath(pages, file)}:{n + 1}: \"{word.Value}\" in \"{lines[n].Trim()}\"");
                    }
                }
            }
        }
        Assert.True(found.Count == 0, "text outside the resources:\n" + string.Join("\n", found));
    }

    [Fact]
    public void The_source_reader_finds_english_in_text_in_visible_attributes_and_in_a_title_and_not_in_code()
    {
        var lines = VisibleText("""
            @{ ViewData["Title"] = "Plain title"; var n = "code literal"; }
            <h1>@T["Translated"] <span class="badge">@T.Code("lane", x.Lane)</span></h1>
            <p>Left in English @(x ? "inline literal" : "")</p>
            <input name="Name" placeholder="example text" aria-label="@T["Fine"]" />
            @if (Model.Ok) { <span>@Model.Value</span> } else if (Model.Late) { <span>late</span> }
            @foreach (var m in Model.List) { <div>@m</div> }
            """);
        Assert.Equal(["Plain", "title"], LatinWord().Matches(lines[0]).Select(m => m.Value));
        Assert.Empty(LatinWord().Matches(lines[1]));
        Assert.Equal(["Left", "in", "English"], LatinWord().Matches(lines[2]).Select(m => m.Value));
        Assert.Equal(["example", "text"], LatinWord().Matches(lines[3]).Select(m => m.Value));
        Assert.Equal(["late"], LatinWord().Matches(lines[4]).Select(m => m.Value));
        Assert.Empty(LatinWord().Matches(lines[5]));
    }

    /// <summary>
    /// What a reader sees of a Razor page, line by line (so a finding names its line): text between
    /// tags and the values of placeholder, title, aria-label and alt, with Razor comments, code blocks,
    /// expressions, control flow, scripts and all other attributes blanked. A literal page title in
    /// a code block counts as visible.
    /// </summary>
    private static string[] VisibleText(string razor)
    {
        var text = RazorComment().Replace(razor, m => Blank(m.Value));
        var visible = new System.Text.StringBuilder(Blank(text));
        // A page title written as a literal is shown in the tab and the top bar.
        foreach (Match title in LiteralTitle().Matches(text))
        {
            Put(visible, title.Groups[1].Index, title.Groups[1].Value);
        }
        text = BlankRazor(text);
        text = ScriptOrStyle().Replace(text, m => Blank(m.Value));
        foreach (Match tag in Tag().Matches(text))
        {
            foreach (Match attribute in VisibleAttribute().Matches(tag.Value))
            {
                if (SampleInputs.Contains(attribute.Groups[1].Value)) { continue; }
                Put(visible, tag.Index + attribute.Groups[1].Index, attribute.Groups[1].Value);
            }
        }
        var between = Tag().Replace(text, m => Blank(m.Value));
        for (var i = 0; i < between.Length; i++)
        {
            if (!char.IsWhiteSpace(between[i]))
            {
                visible[i] = between[i];
            }
        }
        return Entity().Replace(visible.ToString(), m => Blank(m.Value)).Split('\n');
    }

    /// <summary>Blanks what Razor runs rather than shows: @T[...], @(...), @expressions, @{...} and @functions blocks, control flow.</summary>
    private static string BlankRazor(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] != '@' || (i + 1 < chars.Length && chars[i + 1] == '@'))
            {
                continue;
            }
            var start = i;
            var j = i + 1;
            if (j < chars.Length && chars[j] is '(' or '{')
            {
                j = Closing(chars, j);
            }
            else
            {
                var keyword = ControlKeyword().Match(text, j);
                if (keyword.Success && keyword.Index == j && Directive().IsMatch(keyword.Value))
                {
                    j = text.IndexOf('\n', j) is var end and >= 0 ? end : chars.Length;
                }
                else if (keyword.Success && keyword.Index == j)
                {
                    j += keyword.Length;
                    while (j < chars.Length && char.IsWhiteSpace(chars[j])) { j++; }
                    if (j < chars.Length && chars[j] == '(') { j = Closing(chars, j); }
                    while (j < chars.Length && char.IsWhiteSpace(chars[j])) { j++; }
                    if (keyword.Value.StartsWith("functions", StringComparison.Ordinal) && j < chars.Length && chars[j] == '{') { j = Closing(chars, j); }
                }
                else
                {
                    // An implicit expression: identifiers, member access (also ?.), calls and indexers, maybe awaited.
                    if (string.CompareOrdinal(text, j, "await ", 0, 6) == 0) { j += 6; }
                    while (j < chars.Length && (char.IsLetterOrDigit(chars[j]) || chars[j] is '_' or '.' or '(' or '[' or '!' or '?'))
                    {
                        if (chars[j] is '(' or '[') { j = Closing(chars, j); continue; }
                        if (chars[j] == '.' && !(j + 1 < chars.Length && char.IsLetter(chars[j + 1]))) { break; }
                        if (chars[j] == '?' && !(j + 1 < chars.Length && chars[j + 1] is '.' or '[')) { break; }
                        j++;
                    }
                }
            }
            for (var k = start; k < j && k < chars.Length; k++)
            {
                if (chars[k] != '\n') { chars[k] = ' '; }
            }
            i = j - 1;
        }
        // Control flow between markup: "} else if (...) {", "{ var k = ...; ", "case \"x\":", "break;".
        var rest = new string(chars);
        rest = ElseBranch().Replace(rest, m => Blank(m.Value));
        rest = Statement().Replace(rest, m => Blank(m.Value));
        return rest.Replace('{', ' ').Replace('}', ' ');
    }

    /// <summary>The index just past the bracket that closes the one at <paramref name="open"/>, skipping strings.</summary>
    private static int Closing(char[] chars, int open)
    {
        var depth = 0;
        for (var i = open; i < chars.Length; i++)
        {
            switch (chars[i])
            {
                case '"':
                    for (i++; i < chars.Length && chars[i] != '"'; i++) { if (chars[i] == '\\') { i++; } }
                    break;
                case '\'' when i + 2 < chars.Length && (chars[i + 2] == '\'' || chars[i + 1] == '\\'):
                    i += chars[i + 1] == '\\' ? 3 : 2;
                    break;
                case '(' or '[' or '{':
                    depth++;
                    break;
                case ')' or ']' or '}':
                    if (--depth == 0) { return i + 1; }
                    break;
            }
        }
        return chars.Length;
    }

    private static string Blank(string text) => Regex.Replace(text, "[^\n]", " ");

    private static void Put(System.Text.StringBuilder visible, int at, string value)
    {
        for (var k = 0; k < value.Length; k++)
        {
            visible[at + k] = value[k];
        }
    }

    [GeneratedRegex(@"@\*.*?\*@", RegexOptions.Singleline)]
    private static partial Regex RazorComment();

    [GeneratedRegex("ViewData\\[\"Title\"\\]\\s*=\\s*\"([^\"]*)\"")]
    private static partial Regex LiteralTitle();

    [GeneratedRegex(@"<(script|style)\b.*?</\1>", RegexOptions.Singleline)]
    private static partial Regex ScriptOrStyle();

    [GeneratedRegex(@"<[!/]?[a-zA-Z][^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex("\\b(?:placeholder|title|aria-label|alt)=\"([^\"]*)\"")]
    private static partial Regex VisibleAttribute();

    [GeneratedRegex(@"(?:if|else if|else|foreach|for|while|switch|using|page|model|inject|functions|namespace|addTagHelper)\b")]
    private static partial Regex ControlKeyword();

    [GeneratedRegex("^(?:page|model|inject|using|namespace|addTagHelper)$")]
    private static partial Regex Directive();

    /// <summary>Control flow inside a code block, where it needs no @: "else if (...)", "if (...)", "else".</summary>
    [GeneratedRegex(@"\b(?:else\s+)?(?:if|foreach|for|while|switch)\s*\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)|\belse\b")]
    private static partial Regex ElseBranch();

    [GeneratedRegex(@"\b(?:var\s+\w+\s*=[^;]*;|case\s+""[^""]*""\s*:|default\s*:|break;|continue;|return;)")]
    private static partial Regex Statement();

    [GeneratedRegex(@"&(?:#x?[0-9a-fA-F]+|[a-zA-Z]+);")]
    private static partial Regex Entity();

    [GeneratedRegex("[A-Za-z]{2,}")]
    private static partial Regex LatinWord();

    [GeneratedRegex("<a href=\"(/operations/[0-9a-f-]{36}/results)\"")]
    private static partial Regex OperationLink();

    [GeneratedRegex("<a href=\"(/operations/[0-9a-f-]{36}/edit)\"")]
    private static partial Regex EditLink();

    [GeneratedRegex("<a href=\"(/operations/[0-9a-f-]{36}/patrols/new)\"")]
    private static partial Regex PatrolLink();

    [GeneratedRegex("<a href=\"(/operations/incidents/[0-9a-f-]{36})\"")]
    private static partial Regex IncidentLink();

    [GeneratedRegex("<a href=\"(/travellers/flights/[0-9a-f-]{36})\"")]
    private static partial Regex FlightLink();

    [GeneratedRegex("<a href=\"(/travellers/[0-9a-f-]{36})\"")]
    private static partial Regex TravellerLink();

    [GeneratedRegex("<a href=\"(/sharing/agreements/[0-9a-f-]{36})\"")]
    private static partial Regex AgreementLink();
}
