using System.Text;
using Microsoft.Playwright;

namespace Cordon.E2E.Declarations;

/// <summary>A customs officer uploads a declarant's UN/EDIFACT interchange and reads what Cordon answered, where each error is.</summary>
public sealed class InterchangeUploadTests
{
    /// <summary>Two CUSDEC messages (D96B) as a clearance system writes them; M2's second item has a tariff code that is no HS subheading.</summary>
    private static string Interchange()
    {
        static IEnumerable<string> Message(string reference, string number, string secondTariff)
        {
            var s = new List<string>
            {
                $"UNH+{reference}+CUSDEC:D:96B:UN", $"BGM+929+{number}+9", "DTM+137:20250314:102",
                "LOC+22+NL000396", "LOC+27+CN", "LOC+35+CN", "LOC+28+NL", "LOC+9+CNSZX", "LOC+11+NLRTM",
                "NAD+DT+NL123456789", "NAD+IM+NL987654321++Holland Trading B.V.+Havenstraat 1+Rotterdam++3011+NL",
                "NAD+EX+CN9113000071++Shenzhen Bright Electronics Co.+Nanshan+Shenzhen+++CN",
                "TDT+20+V123+1+++++IMO9074729", "MOA+39:2000:EUR", "MOA+40:2200:EUR", "UNS+D",
            };
            foreach (var (item, tariff, goods) in new[] { (1, "8517130000", "Smartphones"), (2, secondTariff, "Laptop computers") })
            {
                s.AddRange([$"CST+{item}+{tariff}", $"FTX+AAA+++{goods}", $"MEA+AAR++PCE:{10 * item}", "MEA+WT+G+KGM:25", "MEA+WT+AAF+KGM:20",
                    "MOA+38:1000", "MOA+40:1100", "TAX+7+VAT", "MOA+124:231"]);
            }
            s.AddRange(["UNS+S", "CNT+5:2"]);
            s.Add($"UNT+{s.Count + 1}+{reference}");
            return s;
        }
        var segments = new List<string> { "UNB+UNOC:3+NL123456789:ZZZ+NCA:ZZZ+250314:1200+E2E00001" };
        segments.AddRange(Message("M1", "26E2E000000000001", "847130"));
        segments.AddRange(Message("M2", "26E2E000000000002", "8517990000"));
        segments.Add("UNZ+2+E2E00001");
        return "UNA:+.? '\n" + string.Concat(segments.Select(s => s + "'\n"));
    }

    [Fact]
    public async Task An_uploaded_interchange_is_followed_on_the_jobs_page_and_its_refused_message_is_shown_by_segment_element_and_field()
    {
        await using var server = await ServerProcess.StartAsync("--Cordon:Jobs:PollMilliseconds=200");
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        await page.SignInAsync(server.BaseUrl, "officer");
        var file = Path.Combine(Path.GetTempPath(), $"e2e-broker-{Guid.NewGuid():N}.edi");
        await File.WriteAllTextAsync(file, Interchange(), Encoding.Latin1, TestContext.Current.CancellationToken);
        try
        {
            await page.OpenSectionAsync("Import a file");
            await page.GetByLabel("File").SetInputFilesAsync(file);
            await page.GetByLabel("Format").SelectOptionAsync("edifact");
            await page.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();
            await page.WaitForURLAsync("**/jobs");
            var job = page.GetByTestId("jobs").Locator("tbody tr").Filter(new() { HasText = "UN/EDIFACT interchange" }).First;
            await Assertions.Expect(job.Locator("[data-job-status]")).ToHaveTextAsync("Succeeded", new() { Timeout = 60_000 });
            await Assertions.Expect(job).ToContainTextAsync("1 accepted");
            await Assertions.Expect(job).ToContainTextAsync("1 rejected");

            await page.OpenSectionAsync("Received interchanges");
            var main = page.Locator("main");
            await Assertions.Expect(main).ToContainTextAsync("Interchange E2E00001 from NL123456789");
            await Assertions.Expect(main).ToContainTextAsync("segment 26 CST, element 2.1 (items[1].hsCode)");
            await Assertions.Expect(main).ToContainTextAsync("851799 is not an HS 2022 subheading");
            // Read on a phone as well: the page fits 390 px without sideways scrolling.
            await page.SetViewportSizeAsync(390, 844);
            await page.ReloadAsync();
            await Assertions.Expect(main).ToContainTextAsync("items[1].hsCode");
            Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1"), "the interchanges page scrolls sideways at 390 px");
            await page.ScreenshotAsync("interchanges-390");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
