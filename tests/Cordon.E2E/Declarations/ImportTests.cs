using System.Text;
using Microsoft.Playwright;

namespace Cordon.E2E.Declarations;

public sealed class ImportTests
{
    private const string Header = "office,declarant,number,kind,lodged_on,transport_mode,conveyance,importer_id,importer_name,importer_address,importer_country,exporter_id,exporter_name,exporter_address,exporter_country,consignee_id,consignee_name,consignee_address,consignee_country,origin_country,export_country,destination_country,port_of_loading,port_of_discharge,currency,total_fob,total_cif,marking,item_hs_code,item_description,item_quantity,item_unit,item_gross_kg,item_net_kg,item_fob,item_cif,item_duties,item_taxes,illicit,revenue";

    private static string Line(int n, string hs = "8517130000", string quantity = "10")
        => $"NL000396,NL123456789,E2E{n:D6},import,2025-03-14,sea,IMO9074729,NL987654321,Holland Trading B.V.,\"Havenstraat 1, Rotterdam\",NL,,Bright Electronics,,CN,,,,,CN,CN,NL,CNSZX,NLRTM,EUR,,,,{hs},Smartphones,{quantity},u,25,20,1000,1100,0,231,0,0";

    [Fact]
    public async Task An_officer_imports_a_file_follows_the_job_and_corrects_a_rejected_record_from_quarantine()
    {
        await using var server = await ServerProcess.StartAsync("--Cordon:Jobs:PollMilliseconds=200");
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        await page.SignInAsync(server.BaseUrl, "officer");

        var csv = new StringBuilder(Header).Append('\n');
        for (var n = 1; n <= 300; n++)
        {
            csv.Append(Line(n)).Append('\n');
        }
        csv.Append(Line(301, hs: "8517990000")).Append('\n');      // not an HS 2022 subheading
        csv.Append(Line(5, quantity: "12")).Append('\n');           // a correction: version 2 of E2E000005
        var file = Path.Combine(Path.GetTempPath(), $"e2e-declarations-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, csv.ToString(), TestContext.Current.CancellationToken);
        try
        {
            await page.OpenSectionAsync("Import a file");
            await page.GetByLabel("File").SetInputFilesAsync(file);
            await page.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();
            await page.WaitForURLAsync("**/jobs");
            var job = page.GetByTestId("jobs").Locator("tbody tr").First;
            await Assertions.Expect(job.Locator("[data-job-status]")).ToHaveTextAsync("Succeeded", new() { Timeout = 60_000 });
            await Assertions.Expect(job).ToContainTextAsync("300 accepted, 1 amended, 0 duplicates, 1 rejected");
            await page.ScreenshotAsync("declarations-import-job");

            await page.OpenSectionAsync("Declarations");
            await page.GetByLabel("Importer").FillAsync("NL987654321");
            await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
            await Assertions.Expect(page.Locator("nav.pager")).ToContainTextAsync("300 rows");
            await page.GetByLabel("HS prefix").FillAsync("8517");
            await page.GetByLabel("Number").FillAsync("e2e000005");
            await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "E2E000005" }).ClickAsync();
            var versions = page.GetByTestId("versions");
            await Assertions.Expect(versions.Locator("tbody tr")).ToHaveCountAsync(2);
            await Assertions.Expect(page.GetByTestId("items")).ToContainTextAsync("12 u");
            await page.ScreenshotAsync("declarations-detail-history");

            await page.OpenSectionAsync("Quarantine");
            var rejected = page.Locator("[data-quarantine]").First;
            await Assertions.Expect(rejected).ToContainTextAsync("851799 is not an HS 2022 subheading");
            // Corrected in the form, in the field that carries the error, not by editing JSON.
            var wrong = rejected.Locator(".field.invalid input");
            await Assertions.Expect(wrong).ToHaveCountAsync(1);
            await Assertions.Expect(wrong).ToHaveValueAsync("8517990000");
            await wrong.FillAsync("8517130000");
            await rejected.GetByRole(AriaRole.Button, new() { Name = "Re-submit corrected record" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("E2E000301: accepted");
            await Assertions.Expect(page.Locator("[data-quarantine]")).ToHaveCountAsync(0);
            await page.ScreenshotAsync("declarations-quarantine-corrected");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
