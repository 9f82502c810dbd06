using System.Net;
using Cordon.Tests.Support;

namespace Cordon.Tests.Risk;

/// <summary>The criteria pages as a browser uses them: sign in with a cookie, post forms with antiforgery tokens.</summary>
public sealed class CriteriaPageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task The_editor_shows_errors_with_their_position_and_saves_versions_listed_on_the_criteria_page(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var browser = await PageSession.SignInAsync(host, "analyst");

        var editor = await browser.GetStringAsync("/risk/criteria/edit");
        var form = new Dictionary<string, string>
        {
            ["Name"] = "Undervalued cars",
            ["Expression"] = "origin == \"CN\" and\n  item.unit_valu < stats.p10(item.hs6, origin)",
            ["Weight"] = "40",
            ["Status"] = "draft",
        };
        var checkedPage = await Html(await browser.PostFormAsync(editor, "/risk/criteria/edit?handler=Check", form));
        Assert.Contains("data-line=\"2\" data-column=\"8\"", checkedPage, StringComparison.Ordinal);
        Assert.Contains("line 2, column 8: item has no field &#x27;unit_valu&#x27;", checkedPage, StringComparison.Ordinal);
        Assert.Contains("^^^^^^^^^", checkedPage, StringComparison.Ordinal);

        var refusedResponse = await browser.PostFormAsync(checkedPage, "/risk/criteria/edit?handler=Save", form);
        Assert.Equal(HttpStatusCode.OK, refusedResponse.StatusCode);
        var refused = await Html(refusedResponse);
        Assert.Contains("data-testid=\"check-errors\"", refused, StringComparison.Ordinal);

        form["Expression"] = "item.hs4 == \"8703\" and item.unit_value < stats.p10(item.hs6, origin)";
        var saved = await browser.PostFormAsync(refused, "/risk/criteria/edit?handler=Save", form);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var page = await browser.GetStringAsync(saved.Headers.Location!.ToString());
        Assert.Contains("as version 1 (draft)", page, StringComparison.Ordinal);

        form["Status"] = "active";
        form["Lane"] = "yellow";
        form["ExpectedVersion"] = "1";
        form["Note"] = "Go live";
        var second = await browser.PostFormAsync(page, saved.Headers.Location + "?handler=Save", form);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        page = await browser.GetStringAsync(second.Headers.Location!.ToString());
        Assert.Contains("as version 2 (active)", page, StringComparison.Ordinal);
        Assert.Contains("Go live", page, StringComparison.Ordinal);

        var list = WebUtility.HtmlDecode(await browser.GetStringAsync("/risk/criteria"));
        Assert.Contains("data-criterion=\"Undervalued cars\"", list, StringComparison.Ordinal);
        Assert.Contains("score +40, lane yellow", list, StringComparison.Ordinal);
        // This one and the demo's two active criteria (src/Cordon/Risk/RiskDemo.cs).
        Assert.Contains("active (3)", list, StringComparison.Ordinal);

        var missing = await browser.SendAsync(HttpMethod.Get, $"/risk/criteria/edit/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task The_editor_says_what_is_wrong_with_a_condition_in_the_analysts_language(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var analyst = await PageSession.SignInAsync(host, "analyst");
        var form = new Dictionary<string, string> { ["Name"] = "Typo", ["Expression"] = "origin == \"CN\" and\n  item.unit_valu > 3 && origin != \"NL\"", ["Status"] = "draft" };
        var expected = new Dictionary<string, string>
        {
            ["fr"] = "ligne 2, colonne 22 : écrivez 'and' au lieu de '&&'",
            ["ar"] = "السطر 2، العمود 22: اكتب 'and' بدلًا من '&&'",
        };
        foreach (var (culture, message) in expected)
        {
            await analyst.ChooseLanguageAsync(culture);
            var page = WebUtility.HtmlDecode(await Html(await analyst.PostFormAsync(await analyst.GetStringAsync("/risk/criteria/edit"), "/risk/criteria/edit?handler=Check", form)));
            Assert.Contains(message, page, StringComparison.Ordinal);
            Assert.DoesNotContain("instead of", page, StringComparison.Ordinal);
        }
        // A type error, with the suggestion inside it said in the same language.
        form["Expression"] = "item.unit_valu > 3";
        var typed = WebUtility.HtmlDecode(await Html(await analyst.PostFormAsync(await analyst.GetStringAsync("/risk/criteria/edit"), "/risk/criteria/edit?handler=Check", form)));
        Assert.Contains("السطر 1، العمود 6: item ليس فيه حقل «unit_valu» (هل تقصد «unit_value»؟)", typed, StringComparison.Ordinal);
    }

    private static async Task<string> Html(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}\n{body}");
        return body;
    }
}
