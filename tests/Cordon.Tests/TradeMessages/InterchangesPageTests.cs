using System.Net;
using System.Net.Http.Json;
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

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task An_interchange_uploaded_on_the_import_page_is_taken_in_by_a_job_with_its_answers_in_the_outbox_and_a_second_upload_stores_nothing_twice(string kind)
    {
        await using var host = await CordonHost.StartAsync(kind);
        var officer = await PageSession.SignInAsync(host, "officer");
        var text = CusdecSamples.Interchange("UPLOAD01", SenderStyle.Broker, new() { Reference = "M1", Number = "26EDI000000000021" },
            new() { Reference = "M2", Number = "26EDI000000000022", Tariff = n => n == 2 ? "8517990000" : "8517130000" });

        var seen = new HashSet<Guid>();
        async Task<System.Text.Json.JsonElement> UploadAsync()
        {
            var page = await officer.GetStringAsync("/declarations/import");
            Assert.Contains("value=\"edifact\"", page, StringComparison.Ordinal);
            using var form = new MultipartFormDataContent
            {
                { new StringContent(PageSession.AntiforgeryToken(page)), "__RequestVerificationToken" },
                { new StringContent("edifact"), "Format" },
                { new ByteArrayContent(Encoding.Latin1.GetBytes(text)), "Upload", "broker-UPLOAD01.edi" },
            };
            var posted = await officer.SendAsync(HttpMethod.Post, "/declarations/import", form);
            Assert.Equal("/jobs", posted.Headers.Location?.OriginalString);
            var api = await host.AsAsync("officer");
            var job = await Eventually.FoundAsync<System.Text.Json.JsonElement>(async () =>
            {
                var jobs = await api.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/jobs", Ct);
                var done = jobs.EnumerateArray().FirstOrDefault(j => j.GetProperty("title").GetString() == "Intake of the UN/EDIFACT interchange broker-UPLOAD01.edi"
                    && j.GetProperty("status").GetString() is "Succeeded" or "Failed" && !seen.Contains(j.GetProperty("id").GetGuid()));
                return done.ValueKind == System.Text.Json.JsonValueKind.Undefined ? null : done;
            }, TimeSpan.FromSeconds(30), () => "the interchange's job did not finish in 30 s");
            seen.Add(job.GetProperty("id").GetGuid());
            return job;
        }

        var first = await UploadAsync();
        Assert.Equal("Succeeded", first.GetProperty("status").GetString());
        var result = System.Text.Json.JsonDocument.Parse(first.GetProperty("result").GetString()!).RootElement;
        Assert.Equal((1, 1, 3), (result.GetProperty("accepted").GetInt32(), result.GetProperty("rejected").GetInt32(), result.GetProperty("answers").GetInt32()));
        var again = System.Text.Json.JsonDocument.Parse((await UploadAsync()).GetProperty("result").GetString()!).RootElement;
        Assert.Equal((0, 1, 1), (again.GetProperty("accepted").GetInt32(), again.GetProperty("duplicates").GetInt32(), again.GetProperty("rejected").GetInt32()));

        // The sender's answers, once: sent twice, the interchange is answered from what the outbox already holds.
        var outbox = await (await host.AsAsync("officer")).GetFromJsonAsync<System.Text.Json.JsonElement>("/api/messages/outbox", Ct);
        Assert.Equal(["CONTRL acknowledged", "CUSRES accepted", "CUSRES rejected"],
            outbox.EnumerateArray().Select(a => $"{a.GetProperty("kind").GetString()} {a.GetProperty("state").GetString()}"));
        var received = WebUtility.HtmlDecode(await officer.GetStringAsync("/declarations/interchanges"));
        Assert.Contains("Interchange UPLOAD01 from NL123456789", received, StringComparison.Ordinal);
    }
}
