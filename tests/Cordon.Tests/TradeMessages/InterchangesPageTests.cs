using System.Net;
using System.Text;
using Cordon.Tests.Support;

namespace Cordon.Tests.TradeMessages;

/// <summary>The page of received interchanges: each interchange with its CONTRL and CUSRES, and each problem where it is.</summary>
public sealed class InterchangesPageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_received_interchange_shows_its_answers_and_names_each_error_by_segment_element_and_field_and_the_partner_sees_none_of_it(string kind)
    {
        await using var host = await CordonHost.StartAsync(kind);
        var declarant = await host.AsAsync("officer");
        // M2: a tariff code that is not a subheading (a content error, CUSRES); M3: an unknown segment (a syntax error, CONTRL).
        var text = CusdecSamples.Interchange("PAGE0001", SenderStyle.Broker, new() { Reference = "M1", Number = "26EDI000000000011" },
            new() { Reference = "M2", Number = "26EDI000000000012", Tariff = n => n == 2 ? "8517990000" : "8517130000" },
            new() { Reference = "M3", Number = "26EDI000000000013", Edit = segments => [.. segments.Take(2), "XYZ+1", .. segments.Skip(2)] });
        using var body = new StringContent(text, Encoding.Latin1, "application/edifact");
        var posted = await declarant.PostAsync("/api/messages/edifact", body, Ct);
        Assert.True(posted.StatusCode == HttpStatusCode.OK, await posted.Content.ReadAsStringAsync(Ct));

        var officer = await PageSession.SignInAsync(host, "officer");
        var page = WebUtility.HtmlDecode(await officer.GetStringAsync("/declarations/interchanges"));
        Assert.Contains("Interchange PAGE0001 from NL123456789", page, StringComparison.Ordinal);
        Assert.Contains("2 CUSRES, 1 refused", page, StringComparison.Ordinal);
        // The content error in the message's terms and in Cordon's; the syntax error with its code.
        Assert.Contains("segment 26 CST, element 2.1 (items[1].hsCode): ", page, StringComparison.Ordinal);
        Assert.Contains("851799 is not an HS 2022 subheading", page, StringComparison.Ordinal);
        Assert.Contains("message M3, segment 3: syntax error 15 (ISO 9735 code 0085)", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/declarations/interchanges\"", page, StringComparison.Ordinal); // in the menu

        var account = await officer.GetStringAsync("/account");
        await officer.PostFormAsync(account, "/account", [new("Culture", "fr")]);
        var french = WebUtility.HtmlDecode(await officer.GetStringAsync("/declarations/interchanges"));
        Assert.Contains("<h1>Interchanges reçus</h1>", french, StringComparison.Ordinal);
        Assert.Contains("erreur de syntaxe 15", french, StringComparison.Ordinal);

        // Another agency's officer reads only its own agency's outbox.
        var partner = await PageSession.SignInAsync(host, "pca.officer");
        var theirs = await partner.SendAsync(HttpMethod.Get, "/declarations/interchanges");
        Assert.DoesNotContain("PAGE0001", await theirs.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
