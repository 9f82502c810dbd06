using System.Collections;
using System.Globalization;
using System.Net;
using System.Resources;
using System.Text.RegularExpressions;
using Cordon.Server.Ui;
using Cordon.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Tests.Server;

/// <summary>The pages in English, French and Arabic: every text translated, Arabic right to left, dates and numbers in the reader's culture.</summary>
public sealed partial class LanguagesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// Texts that are rightly the same as the English in a language (documented in docs/languages.md):
    /// words French shares with English, and a bare "{0}: {1}" pattern.
    /// </summary>
    private static readonly Dictionary<string, HashSet<string>> SameAsEnglish = new()
    {
        ["fr"] = ["Menu", "score", "Types", "version {0}", "Transport", "Parties", "Taxes", "Version", "Source", "Incidents", "Qualifications",
            "Administration", "Audit", "Actions", "Pages", "Expression", "type.scanner", "kind.transit", "mode.rail", "mode.air",
            // Operations, admin, sharing, audit, travellers and account pages: words and unit patterns French shares with English.
            "Qualification", "Participants", "Type", "Latitude", "Longitude", "Incident", " (plan)", "Code", "Action",
            "Justification", "Documents", "Document", "Versions", "Date", "{0} {1} h", "{0} h {1} min", "{0} min {1} s",
            "incident-update.plan", "incident-update.note", "asset.drone", "asset.scanner", "agency-kind.immigration", "record-type.qualification", "record-type.incident",
            // Messaging, procedures and resources pages.
            "Messages", "{0} messages", "message-template.text", "inject-kind.message", "record-type.message", "channel-kind.incident", "process.incident", "Maintenance", "Cause", "asset.radio",
            // Border sections: an incident's confidence.
            "incident-confidence.probable", "incident-confidence.possible"],
        ["ar"] = ["{0}: {1}"],
    };

    private static readonly ResourceManager Resources = new(typeof(UiText).FullName!, typeof(UiText).Assembly);

    private static Dictionary<string, string> Entries(CultureInfo culture)
        => Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!.Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string)e.Value!);

    [Fact]
    public void Every_english_text_has_a_french_and_an_arabic_translation_with_the_same_placeholders()
    {
        var english = Entries(CultureInfo.InvariantCulture);
        Assert.True(english.Count > 250, $"only {english.Count} English texts");
        foreach (var language in Languages.All.Where(l => l.Culture != Languages.Default))
        {
            var translated = Entries(new CultureInfo(language.Culture));
            var missing = english.Keys.Where(k => !translated.ContainsKey(k) || string.IsNullOrWhiteSpace(translated[k])).ToList();
            Assert.True(missing.Count == 0, $"{language.Culture}: no translation for {string.Join(" | ", missing)}");
            var extra = translated.Keys.Except(english.Keys).ToList();
            Assert.True(extra.Count == 0, $"{language.Culture}: texts no English key has: {string.Join(" | ", extra)}");
            var same = english.Keys.Where(k => translated[k] == english[k] && !SameAsEnglish[language.Culture].Contains(k)).ToList();
            Assert.True(same.Count == 0, $"{language.Culture}: left in English: {string.Join(" | ", same)}");
            var placeholders = english.Keys.Where(k => !Placeholders(english[k]).SetEquals(Placeholders(translated[k]))).ToList();
            Assert.True(placeholders.Count == 0, $"{language.Culture}: placeholders differ from the English in: {string.Join(" | ", placeholders)}");
        }
    }

    [Fact]
    public void A_code_reads_as_words_in_english_never_as_its_own_key()
    {
        // Codes are looked up as "kind.code" (Languages.Code); an English text equal to that key shows "answer-state.rejected" on the page.
        var keys = Entries(CultureInfo.InvariantCulture).Where(e => CodeKey().IsMatch(e.Key) && e.Value == e.Key).Select(e => e.Key).ToList();
        Assert.True(keys.Count == 0, $"English text is the code's key: {string.Join(" | ", keys)}");
    }

    [GeneratedRegex(@"^[a-z][a-z-]*\.[a-z0-9][a-z0-9-]*$")]
    private static partial Regex CodeKey();

    [Fact]
    public void A_time_a_page_fills_in_is_never_followed_by_a_second_zone()
    {
        // Pages fill times in through Ui/Time, which writes the zone ("2026-03-14 09:05 UTC"); a text that adds its own "UTC"
        // after a bare placeholder reads "09:05 UTC UTC". Operation messages format their times themselves ({0:yyyy-MM-dd HH:mm} UTC).
        var doubled = Entries(CultureInfo.InvariantCulture).Keys.Where(k => Regex.IsMatch(k, @"\{\d+\} UTC")).ToList();
        Assert.True(doubled.Count == 0, $"texts adding UTC after a time the page formats: {string.Join(" | ", doubled)}");
    }

    [Fact]
    public void No_two_texts_differ_only_in_case_the_resource_compiler_would_keep_one_and_drop_the_other()
    {
        foreach (var file in Directory.EnumerateFiles(Repository.Path("src/Cordon.Server/Ui"), "UiText*.resx"))
        {
            var names = System.Xml.Linq.XDocument.Load(file).Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToList();
            var clashes = names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => string.Join(" / ", g)).ToList();
            Assert.True(clashes.Count == 0, $"{Path.GetFileName(file)}: keys that differ only in case (one is dropped at build): {string.Join(" | ", clashes)}");
        }
    }

    [Fact]
    public void Adding_a_language_is_its_resource_file_and_one_line_every_offered_language_has_its_file()
    {
        foreach (var language in Languages.All)
        {
            var culture = new CultureInfo(language.Culture);
            Assert.Equal(language.RightToLeft, culture.TextInfo.IsRightToLeft);
            Assert.NotEmpty(language.Culture == Languages.Default ? Entries(CultureInfo.InvariantCulture) : Entries(culture));
        }
    }

    [Fact]
    public void Times_keep_one_24_hour_pattern_with_the_zone_and_numbers_follow_the_culture()
    {
        var at = new DateTimeOffset(2026, 3, 14, 9, 5, 7, TimeSpan.FromHours(1));
        var before = CultureInfo.CurrentCulture;
        try
        {
            foreach (var language in Languages.All)
            {
                CultureInfo.CurrentCulture = new CultureInfo(language.Culture);
                // Gregorian calendar and the same pattern in every language, so partners read the same moment.
                Assert.Equal("2026-03-14 08:05 UTC", Time.Format(at));
                Assert.Equal("2026-03-14 08:05:07 UTC", Time.Precise(at));
            }
            CultureInfo.CurrentCulture = new CultureInfo("fr");
            Assert.Equal("12\u202f345,60", 12345.6m.ToString("N2", CultureInfo.CurrentCulture));
            CultureInfo.CurrentCulture = new CultureInfo("en");
            Assert.Equal("12,345.60", 12345.6m.ToString("N2", CultureInfo.CurrentCulture));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_user_picks_arabic_on_the_account_page_and_the_pages_turn_right_to_left_in_arabic(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        // Forms bind numbers as browsers send them ("0.5"), whatever the page's language.
        var factories = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Mvc.MvcOptions>>().Value.ValueProviderFactories;
        Assert.Contains(factories, f => f is Languages.InvariantFormValueProviderFactory);
        Assert.DoesNotContain(factories, f => f is Microsoft.AspNetCore.Mvc.ModelBinding.FormValueProviderFactory);
        var officer = await PageSession.SignInAsync(host, "officer");
        var english = await officer.GetStringAsync("/");
        Assert.Contains("<html lang=\"en\" dir=\"ltr\">", english, StringComparison.Ordinal);
        Assert.Contains(">Worklist</a>", english, StringComparison.Ordinal);

        var account = await officer.GetStringAsync("/account");
        var refused = await officer.PostFormAsync(account, "/account", [new("Culture", "xx")]);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Language &#x27;xx&#x27; is not offered", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var saved = await officer.PostFormAsync(account, "/account", [new("Culture", "ar")]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var arabic = await officer.GetStringAsync(saved.Headers.Location!.OriginalString);
        Assert.Contains("<html lang=\"ar\" dir=\"rtl\">", arabic, StringComparison.Ordinal);
        Assert.Contains("تم حفظ اللغة.", arabic, StringComparison.Ordinal);
        var desk = await officer.GetStringAsync("/");
        Assert.Contains(">قائمة العمل</a>", desk, StringComparison.Ordinal); // Worklist, in the navigation
        Assert.Contains("مكتبك", desk, StringComparison.Ordinal); // Your desk
        Assert.DoesNotContain(">Worklist</a>", desk, StringComparison.Ordinal);

        // The officer's pages in French: worklist, a declaration with its lane, and its inspection.
        account = await officer.GetStringAsync("/account");
        await officer.PostFormAsync(account, "/account", [new("Culture", "fr")]);
        var worklist = await officer.GetStringAsync("/risk/worklist");
        Assert.Contains("<html lang=\"fr\" dir=\"ltr\">", worklist, StringComparison.Ordinal);
        Assert.Contains("<h1>Liste de travail</h1>", worklist, StringComparison.Ordinal);
        var declaration = DeclarationLink().Match(worklist);
        Assert.True(declaration.Success, "the worklist links no declaration");
        var detail = await officer.GetStringAsync(declaration.Groups[1].Value);
        Assert.Contains("Circuit", detail, StringComparison.Ordinal);
        Assert.Contains("Historique des versions", detail, StringComparison.Ordinal);

        // The analyst's and the administrator's main pages, in Arabic.
        foreach (var (user, path, heading) in new[] { ("analyst", "/risk/criteria", "<h1>معايير المخاطر</h1>"), ("admin", "/admin/users", "<h1>المستخدمون</h1>") })
        {
            var session = await PageSession.SignInAsync(host, user);
            await session.ChooseLanguageAsync("ar");
            var html = await session.GetStringAsync(path);
            Assert.Contains(heading, html, StringComparison.Ordinal);
            Assert.Contains("dir=\"rtl\"", html, StringComparison.Ordinal);
        }
    }

    private static HashSet<string> Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value)];

    [GeneratedRegex(@"\{\d+(,-?\d+)?(:[^}]*)?\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex("<a href=\"(/declarations/[0-9a-f-]{36})\"")]
    private static partial Regex DeclarationLink();
}
