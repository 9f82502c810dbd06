using Cordon.E2E.Server;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Cordon.E2E.Ui;

/// <summary>An officer switches the pages to Arabic: right to left, translated, readable on a phone, accessible.</summary>
public sealed class LanguageTests
{
    [Fact]
    public async Task An_officer_picks_arabic_and_works_right_to_left_from_the_worklist_to_a_declaration_on_a_phone_too()
    {
        await using var server = await ServerProcess.StartAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var watch = PageWatch.On(page, server.BaseUrl);
        await page.SignInAsync(server.BaseUrl, "officer");

        // The choice is on the user's own page, reached from their name in the top bar.
        await page.GetByTestId("whoami").ClickAsync();
        await page.GetByTestId("language").SelectOptionAsync("ar");
        await page.GetByTestId("language-form").GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(page.GetByTestId("language-saved")).ToHaveTextAsync("تم حفظ اللغة.");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("dir", "rtl");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ar");

        // The menu speaks Arabic and sits on the right, where a right-to-left reader starts.
        var nav = page.Locator("nav.sidenav");
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "قائمة العمل", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Worklist", Exact = true })).ToHaveCountAsync(0);
        var navBox = (await nav.BoundingBoxAsync())!;
        var mainBox = (await page.Locator("main").BoundingBoxAsync())!;
        Assert.True(navBox.X > mainBox.X, $"the menu starts at {navBox.X} px, left of the page at {mainBox.X} px");

        await page.OpenSectionAsync("قائمة العمل");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("قائمة العمل");
        var row = page.GetByTestId("worklist").Locator("tbody tr").First;
        var number = await row.GetAttributeAsync("data-declaration");
        await row.GetByRole(AriaRole.Link, new() { Name = number }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(number!);
        await Assertions.Expect(page.GetByTestId("lane").Locator("h2")).ToContainTextAsync("المسار");
        await page.ScreenshotAsync("officer-arabic-declaration");

        var problems = new List<string>();
        foreach (var path in new[] { "/", "/risk/worklist", page.Url[server.BaseUrl.Length..], "/account" })
        {
            await page.GotoAsync(server.BaseUrl + path, new() { WaitUntil = WaitUntilState.NetworkIdle });
            Assert.Equal("rtl", await page.Locator("html").GetAttributeAsync("dir"));
            foreach (var violation in (await page.RunAxe()).Violations.Where(v => v.Impact is "serious" or "critical"))
            {
                problems.Add($"{path}: accessibility ({violation.Impact}) {violation.Id}: {violation.Help} — {string.Join(" | ", violation.Nodes.Take(3).Select(n => n.Html))}");
            }
            await page.SetViewportSizeAsync(390, 844);
            var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            if (width > 390)
            {
                problems.Add($"{path}: scrolls sideways at 390 px ({width} px wide)");
            }
            await page.SetViewportSizeAsync(1280, 900);
        }
        problems.AddRange(watch.Problems);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
    [Fact]
    public async Task An_officer_reading_arabic_submits_an_invalid_form_and_reads_the_refusal_in_arabic()
    {
        await using var server = await ServerProcess.StartAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var watch = PageWatch.On(page, server.BaseUrl);
        await page.SignInAsync(server.BaseUrl, "officer");
        await page.GetByTestId("whoami").ClickAsync();
        await page.GetByTestId("language").SelectOptionAsync("ar");
        await page.GetByTestId("language-form").GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ar");

        // The operation refuses an agency code no agency has; the refusal names the code as typed.
        await page.GotoAsync(server.BaseUrl + "/alerts/subscriptions");
        var form = page.GetByTestId("subscribe");
        if (await form.GetAttributeAsync("open") is null)
        {
            await form.Locator("summary").ClickAsync();
        }
        await form.Locator("input[name=name]").FillAsync("إحالات الحدود");
        await form.Locator("input[name=referredTo]").FillAsync("ZZZZ");
        await form.GetByRole(AriaRole.Button, new() { Name = "اشتراك", Exact = true }).ClickAsync();
        var refusal = page.Locator(".alert.error");
        await Assertions.Expect(refusal).ToContainTextAsync("«ZZZZ» ليس رمز جهة: الجهة التي يشير إليها المعيار (مثل NBP).");
        await Assertions.Expect(refusal).Not.ToContainTextAsync("is not an agency code");
        Assert.True(watch.Problems.Count == 0, string.Join("\n", watch.Problems));
    }
}
