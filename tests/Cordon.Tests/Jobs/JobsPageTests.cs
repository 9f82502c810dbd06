using System.Net;
using System.Text.Json;
using Cordon.Tests.Support;

namespace Cordon.Tests.Jobs;

/// <summary>The jobs page says what a job is, how it went and why it failed in the reader's language; the API keeps English.</summary>
public sealed class JobsPageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task An_import_and_a_refused_file_read_in_french_and_arabic_on_the_jobs_page(string store)
    {
        await using var host = await CordonHost.StartAsync(store, true, "--Cordon:Jobs:PollMilliseconds=100", $"--Cordon:ImportDirectory={Path.Combine(Path.GetTempPath(), "cordon-test-imports")}");
        var officer = await host.AsAsync("officer");
        var good = await FileImports.ImportCsvAsync(officer, "one-declaration.csv",
            "office,declarant,number,kind,lodged_on,currency,item_hs_code,item_quantity\nNL000396,NL100200300,JP-1,import,2026-01-15,EURO,850440,3\n");
        var refused = await FileImports.ImportCsvAsync(officer, "no-number.csv", "office,declarant,item_hs_code\nNL000396,NL100200300,850440\n");
        Assert.Equal("Succeeded", good.GetProperty("status").GetString());
        Assert.Equal("Failed", refused.GetProperty("status").GetString());
        // The API answers in English.
        Assert.Equal("Import of declarations from one-declaration.csv", good.GetProperty("title").GetString());
        Assert.Contains("number", refused.GetProperty("error").GetString(), StringComparison.Ordinal);

        var page = await PageSession.SignInAsync(host, "officer");
        var expected = new Dictionary<string, (string[] Page, string Refusal, string Progress)>
        {
            ["fr"] = (["Importation de déclarations depuis one-declaration.csv", "0 acceptés, 0 modifiés, 0 doublons, 1 rejetés en", "Importation de déclarations depuis no-number.csv"],
                "header: colonne(s) obligatoire(s) manquante(s) : number.", "1 enregistrements · "),
            ["ar"] = (["استيراد تصريحات من one-declaration.csv", "0 مقبولة، 0 معدّلة، 0 مكررة، 1 مرفوضة في", "استيراد تصريحات من no-number.csv"],
                "header: أعمدة مطلوبة ناقصة: number.", "1 سجلًا · "),
        };
        foreach (var (culture, (texts, refusal, progressText)) in expected)
        {
            await page.ChooseLanguageAsync(culture);
            var jobs = WebUtility.HtmlDecode(await page.GetStringAsync("/jobs"));
            foreach (var text in texts)
            {
                Assert.Contains(text, jobs, StringComparison.Ordinal);
            }
            Assert.DoesNotContain("Import of declarations", jobs, StringComparison.Ordinal);
            Assert.DoesNotContain("accepted, 0 amended", jobs, StringComparison.Ordinal);
            // The refused header's reason, as the operation said it, in the reader's words.
            var id = refused.GetProperty("id").GetGuid();
            var row = WebUtility.HtmlDecode(await page.GetStringAsync($"/jobs?handler=Row&id={id}"));
            Assert.Contains(refusal, row, StringComparison.Ordinal);
            Assert.DoesNotContain("missing required column", row, StringComparison.Ordinal);
            // The script's progress handler speaks the same language.
            using var progress = JsonDocument.Parse(await page.GetStringAsync($"/jobs?handler=Progress&id={good.GetProperty("id").GetGuid()}"));
            Assert.Equal("Succeeded", progress.RootElement.GetProperty("status").GetString());
            Assert.StartsWith(progressText, progress.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
    }
}
