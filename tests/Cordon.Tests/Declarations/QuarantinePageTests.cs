using System.Net;
using Cordon.Tests.Support;

namespace Cordon.Tests.Declarations;

/// <summary>The quarantine page says why each record was refused in the reader's language, whenever it was refused.</summary>
public sealed class QuarantinePageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_file_imports_refusals_read_in_french_and_arabic_on_the_quarantine_page_and_in_english_from_the_api(string store)
    {
        await using var host = await CordonHost.StartAsync(store, true, "--Cordon:Jobs:PollMilliseconds=100", $"--Cordon:ImportDirectory={Path.Combine(Path.GetTempPath(), "cordon-test-imports")}");
        var officer = await host.AsAsync("officer");
        var csv = "office,declarant,number,kind,lodged_on,currency,item_hs_code,item_quantity\n"
            + "NL000396,NL100200300,QP-1,import,2026-01-15,EURO,850440,3\n"
            + "NL000396,NL100200300,QP-2,import,2026-01-15,EUR,\"850440,3\n";
        await FileImports.ImportCsvAsync(officer, "refused-lines.csv", csv);

        // The API (and the CLI, the logs) keeps answering in English.
        var api = await officer.GetStringAsync("/api/quarantine", Ct);
        Assert.Contains("'EURO' is not a current ISO 4217 currency.", api, StringComparison.Ordinal);
        Assert.Contains("line 3: malformed CSV: field 7 opens a quote that is never closed.", api, StringComparison.Ordinal);

        var page = await PageSession.SignInAsync(host, "officer");
        var expected = new Dictionary<string, string[]>
        {
            ["fr"] = ["« EURO » n'est pas une monnaie ISO 4217 en vigueur.", "ligne 3 : CSV mal formé : le champ 7 ouvre des guillemets qui ne sont jamais fermés."],
            ["ar"] = ["«EURO» ليس عملة سارية وفق ISO 4217.", "السطر 3: CSV غير سليم: الحقل 7 يفتح علامة اقتباس لا تُغلق أبدًا."],
            ["en"] = ["'EURO' is not a current ISO 4217 currency.", "line 3: malformed CSV: field 7 opens a quote that is never closed."],
        };
        foreach (var (culture, messages) in expected)
        {
            await page.ChooseLanguageAsync(culture);
            var quarantine = WebUtility.HtmlDecode(await page.GetStringAsync("/declarations/quarantine?source=refused-lines.csv"));
            foreach (var message in messages)
            {
                Assert.Contains(message, quarantine, StringComparison.Ordinal);
            }
            if (culture != "en")
            {
                Assert.DoesNotContain("is not a current ISO 4217 currency", quarantine, StringComparison.Ordinal);
                Assert.DoesNotContain("malformed CSV", quarantine, StringComparison.Ordinal);
            }
        }
    }
}
