using System.Text;
using Microsoft.Playwright;

namespace Cordon.E2E.Jobs;

/// <summary>The jobs page as an officer follows an import: the server's final word, every file-level error, and few requests.</summary>
public sealed class JobsPageTests
{
    private const string Header = "office,declarant,number,kind,lodged_on,transport_mode,conveyance,importer_id,importer_name,importer_address,importer_country,exporter_id,exporter_name,exporter_address,exporter_country,consignee_id,consignee_name,consignee_address,consignee_country,origin_country,export_country,destination_country,port_of_loading,port_of_discharge,currency,total_fob,total_cif,marking,item_hs_code,item_description,item_quantity,item_unit,item_gross_kg,item_net_kg,item_fob,item_cif,item_duties,item_taxes,illicit,revenue";

    private static string Line(int n, string hs = "8517130000")
        => $"NL000396,NL123456789,JOB{n:D6},import,2025-03-14,sea,IMO9074729,NL987654321,Holland Trading B.V.,\"Havenstraat 1, Rotterdam\",NL,,Bright Electronics,,CN,,,,,CN,CN,NL,CNSZX,NLRTM,EUR,,,,{hs},Smartphones,10,u,25,20,1000,1100,0,231,0,0";

    [Fact]
    public async Task The_jobs_page_shows_the_outcome_and_file_errors_links_to_quarantine_and_polls_gently()
    {
        await using var server = await ServerProcess.StartAsync("--Cordon:Jobs:PollMilliseconds=200");
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        await page.SignInAsync(server.BaseUrl, "officer");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var polls = new List<(TimeSpan At, string Url)>();
        page.Request += (_, r) =>
        {
            if (r.Url.Contains("/api/jobs", StringComparison.Ordinal) || r.Url.Contains("handler=Row", StringComparison.Ordinal))
            {
                lock (polls) { polls.Add((watch.Elapsed, r.Url)); }
            }
        };

        var good = Path.Combine(Path.GetTempPath(), $"e2e-jobs-{Guid.NewGuid():N}.csv");
        var badHeader = Path.Combine(Path.GetTempPath(), $"e2e-jobs-header-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(good, new StringBuilder(Header).Append('\n').Append(Line(1)).Append('\n').Append(Line(2)).Append('\n')
            .Append(Line(3, hs: "8517990000")).Append('\n').ToString(), TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(badHeader, "office,number\nNL000396,X1\n", TestContext.Current.CancellationToken);
        try
        {
            await page.OpenSectionAsync("Import a file");
            await page.GetByLabel("File").SetInputFilesAsync(badHeader);
            await page.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();
            await page.WaitForURLAsync("**/jobs");
            var failed = page.GetByTestId("jobs").Locator("tbody tr").First;
            await Assertions.Expect(failed.Locator("[data-job-status]")).ToHaveTextAsync("Failed", new() { Timeout = 60_000 });
            await Assertions.Expect(failed).ToContainTextAsync("missing required column(s)");
            await Assertions.Expect(failed.Locator("progress")).ToHaveCountAsync(0);

            await page.OpenSectionAsync("Import a file");
            await page.GetByLabel("File").SetInputFilesAsync(good);
            await page.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();
            await page.WaitForURLAsync("**/jobs");
            var job = page.GetByTestId("jobs").Locator("tbody tr").First;
            await Assertions.Expect(job.Locator("[data-job-status]")).ToHaveTextAsync("Succeeded", new() { Timeout = 60_000 });
            await Assertions.Expect(job).ToContainTextAsync("2 accepted");
            await Assertions.Expect(job).ToContainTextAsync("1 rejected");
            await Assertions.Expect(job.Locator("progress")).ToHaveCountAsync(0);
            await page.ScreenshotAsync("jobs-outcome");

            // A finished job is not asked about again, and the jobs still running (the demo's own) are asked about gently.
            var finishedIds = new[] { await failed.GetAttributeAsync("data-job"), await job.GetAttributeAsync("data-job") };
            var from = watch.Elapsed;
            await page.WaitForTimeoutAsync(8_000);
            List<(TimeSpan At, string Url)> window;
            lock (polls) { window = polls.Where(p => p.At >= from).ToList(); }
            Assert.DoesNotContain(window, p => finishedIds.Any(id => id is not null && p.Url.Contains(id, StringComparison.OrdinalIgnoreCase)));
            Assert.True(window.Count <= 12, $"{window.Count} job requests in 8 s");
            Assert.DoesNotContain(polls, p => p.Url.EndsWith("/api/jobs/", StringComparison.Ordinal));

            await job.GetByRole(AriaRole.Link, new() { Name = "1 quarantined record" }).ClickAsync();
            await page.WaitForURLAsync("**/declarations/quarantine**");
            await Assertions.Expect(page.Locator("[data-quarantine]").First).ToContainTextAsync("JOB000003");
        }
        finally
        {
            File.Delete(good);
            File.Delete(badHeader);
        }
    }
}
