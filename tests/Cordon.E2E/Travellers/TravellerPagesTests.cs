using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace Cordon.E2E.Travellers;

/// <summary>
/// The flight page's booking view, the traveller page masked by retention and unmasked under a supervisor's authorisation,
/// and the traveller statistics charts drawn with the demo's data on a desk and a phone.
/// </summary>
public sealed class TravellerPagesTests
{
    private sealed record Drawn(string Id, int Marks, int Empty, string[] AxisLabels, double SvgRight, double CardRight);

    private const string Measure = """
        () => [...document.querySelectorAll('figure.chart')].map(f => {
          const svg = f.querySelector(':scope > svg'); const card = f.closest('.card') || f.parentElement;
          return {
            id: f.dataset.chart,
            marks: svg ? [...svg.querySelectorAll('.mark')].filter(m => { const b = m.getBBox(); return b.width > 0 || b.height > 0; }).length : 0,
            empty: f.querySelectorAll('.chart-empty').length,
            axisLabels: svg ? [...svg.querySelectorAll('text.axis-label')].map(t => t.textContent) : [],
            svgRight: svg ? svg.getBoundingClientRect().right : 0, cardRight: card.getBoundingClientRect().right,
          };
        })
        """;

    [Fact]
    public async Task A_border_officer_reads_the_bookings_of_a_flight_and_the_statistics_charts_on_a_desk_and_a_phone()
    {
        await using var server = await ServerProcess.StartAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        await page.SignInAsync(server.BaseUrl, "bp.officer");

        // Lagos–Amsterdam: five travellers on one booking and one card, each row with its booking reference, payment type and seat.
        await page.GotoAsync(server.BaseUrl + "/travellers/flights?transport=KL588");
        await page.GetByTestId("flights").GetByRole(AriaRole.Link, new() { Name = "KL KL588" }).First.ClickAsync();
        var eze = page.GetByTestId("traveller-row").Filter(new() { HasText = "EZE, BLESSING" });
        await Assertions.Expect(eze.GetByTestId("booking")).ToContainTextAsync("LGX4R1");
        await Assertions.Expect(page.GetByTestId("traveller-row").Filter(new() { HasText = "OKORO, PRECIOUS" }).GetByTestId("booking")).ToContainTextAsync("LGX4R1");
        await Assertions.Expect(eze.GetByTestId("booking")).ToContainTextAsync("Paid by card");
        await Assertions.Expect(eze.GetByTestId("booking")).ToContainTextAsync("Seat 41A");
        // The criteria referred her (one card for five, one way): flagged and listed among those to act on.
        await Assertions.Expect(eze).ToHaveClassAsync("flagged");
        await eze.GetByRole(AriaRole.Link, new() { Name = "EZE, BLESSING" }).ClickAsync();
        var booking = page.GetByTestId("booking");
        await Assertions.Expect(booking).ToContainTextAsync("LGX4R1");
        await Assertions.Expect(booking).ToContainTextAsync("FASTWAY TRAVEL LAGOS");
        await Assertions.Expect(booking).ToContainTextAsync("(card number kept only as a hash)");
        await Assertions.Expect(page.GetByTestId("earlier-cases-none")).ToBeVisibleAsync();
        await page.ScreenshotAsync("travellers-booking");

        await page.OpenSectionAsync("Traveller statistics");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Traveller statistics");
        foreach (var width in new[] { 1280, 390 })
        {
            await page.SetViewportSizeAsync(width, 900);
            var charts = JsonSerializer.Deserialize<Drawn[]>(await page.EvaluateAsync<JsonElement>(Measure), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
            // The demo's crossings at Schiphol and Rotterdam, its refusal, today's decisions, the watch-list match and the stolen passport.
            foreach (var id in new[] { "traveller-crossings", "traveller-refusals", "traveller-decisions", "traveller-watch-list-hits", "traveller-document-hits" })
            {
                var chart = Assert.Single(charts, c => c.Id == id);
                Assert.True(chart.Marks > 0, $"{id} at {width}px: nothing drawn");
                Assert.True(chart.AxisLabels.Length > 0 && chart.AxisLabels.All(l => l.Length > 0), $"{id}: an axis without its label");
                Assert.True(chart.SvgRight <= chart.CardRight + 0.5, $"{id} at {width}px: the chart ends at {chart.SvgRight}, past its card at {chart.CardRight}");
            }
            Assert.False(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"), $"the page scrolls sideways at {width}px");
            await page.ScreenshotAsync($"traveller-statistics-{width}");
        }
        await page.SetViewportSizeAsync(1280, 900);
        var refusals = await page.GetByTestId("traveller-statistics-points").Locator("tbody tr", new() { HasText = "NLAMS" }).Locator("td").Nth(3).InnerTextAsync();
        Assert.True(int.Parse(refusals, System.Globalization.CultureInfo.InvariantCulture) >= 1);

        // Rotterdam only: the point narrows every figure, and the CSV of the same query says the same.
        await page.Locator("input[name=Point]").FillAsync("NLRTM");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("traveller-statistics-points").Locator("tbody tr")).ToHaveCountAsync(1);
        var crossings = await page.GetByTestId("total-crossings").InnerTextAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("traveller-statistics-csv").ClickAsync());
        var csv = await File.ReadAllLinesAsync((await download.PathAsync())!, TestContext.Current.CancellationToken);
        Assert.Equal("section,key,measure,value", csv[0]);
        Assert.Contains($"total,,crossings,{crossings}", csv);
        Assert.All(csv.Where(l => l.StartsWith("point,", StringComparison.Ordinal)), l => Assert.StartsWith("point,NLRTM,", l, StringComparison.Ordinal));

        await page.Locator("input[name=Point]").FillAsync("NL AMS");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("traveller-statistics-refused")).ToContainTextAsync("'NL AMS' is not a crossing point code");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_traveller_masked_by_retention_shows_masked_fields_until_a_supervisor_authorises_and_unmasks()
    {
        // The sweep every second, so the list aged below is masked while the test waits.
        await using var server = await ServerProcess.StartAsync("--Cordon:Travellers:Retention:SweepSeconds=1");
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        await page.SignInAsync(server.BaseUrl, "supervisor");

        // NCA receives a list through the API; the supervisor of the owning agency may authorise unmasking.
        var lodged = await page.APIRequest.PostAsync(server.BaseUrl + "/api/travellers/manifests", new()
        {
            DataObject = new
            {
                carrier = "KL", transport = "KL9901", mode = "air", list = "passengers", departure = "CPH", departureTime = "2026-05-04T08:00:00", arrival = "AMS",
                arrivalTime = "2026-05-04T09:30:00", messageReference = "KL9901-20260504-1",
                travellers = new[]
                {
                    new
                    {
                        role = "passenger", surname = "LINDQVIST", givenNames = "ELSA", gender = "F", birthDate = "1985-05-05", nationality = "SWE",
                        documents = new[] { new { type = "P", number = "SE5550005", issuingState = "SWE", expiry = "2031-01-01" } },
                    },
                },
            },
        });
        Assert.True(lodged.Status == 201, await lodged.TextAsync());
        var manifest = (await lodged.JsonAsync())!.Value.GetProperty("id").GetGuid();

        // Received 200 days ago as far as retention is concerned (names and document numbers are masked after 183).
        await using (var db = new SqliteConnection($"Data Source={Path.Combine(server.DataDirectory, "cordon.db")}"))
        {
            await db.OpenAsync(TestContext.Current.CancellationToken);
            await using var age = db.CreateCommand();
            age.CommandText = "UPDATE passenger_manifests SET \"UpdatedAt\" = \"UpdatedAt\" - 200 * 864000000000 WHERE \"Id\" = $id";
            age.Parameters.AddWithValue("$id", manifest.ToString().ToUpperInvariant());
            Assert.Equal(1, await age.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
        }

        await page.GotoAsync($"{server.BaseUrl}/travellers/flights/{manifest}");
        var link = page.GetByTestId("traveller-row").First.GetByRole(AriaRole.Link);
        await Eventually.UntilAsync(async () =>
        {
            await page.ReloadAsync();
            return (await link.InnerTextAsync()).Contains("[masked]", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(30), () => "the retention sweep did not mask the aged list within 30 s", TimeSpan.FromSeconds(1));
        await link.ClickAsync();
        await Assertions.Expect(page.GetByTestId("masking")).ToBeVisibleAsync();
        var travellerUrl = page.Url;

        // Masked: the name and the document number read [masked]; the nationality and the journey stay.
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("[masked]");
        await Assertions.Expect(page.GetByTestId("documents")).ToContainTextAsync("P [masked]");
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("LINDQVIST");
        await Assertions.Expect(page.GetByTestId("masking")).ToContainTextAsync("Masked under the retention rules since");
        await page.ScreenshotAsync("traveller-masked");

        // The supervisor records why, for himself, and reads it unmasked: this reading is audited.
        var authorise = page.GetByTestId("authorise");
        await authorise.GetByLabel("Why the masked data is needed").FillAsync("Case C-2026-0077: the passenger is a witness in the Copenhagen seizure");
        await authorise.GetByRole(AriaRole.Button, new() { Name = "Authorise unmasking" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Unmasking authorised for supervisor");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show the masked data" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("unmasked")).ToContainTextAsync("Case C-2026-0077");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("LINDQVIST, ELSA");
        await Assertions.Expect(page.GetByTestId("documents")).ToContainTextAsync("P SE5550005");
        await page.ScreenshotAsync("traveller-unmasked");

        // Reloaded, it is masked again: the authorisation lets him ask, each time.
        await page.GotoAsync(travellerUrl);
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("[masked]");
    }
}
