using System.Net;
using Cordon.Exercises;
using Cordon.Tests.Support;

namespace Cordon.Tests.Exercises;

/// <summary>The demo's finished exercise through the API and its page; a bad scenario file refused on the form; who may see an exercise.</summary>
public sealed class ExercisePageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task The_demo_exercise_reports_its_late_steps_and_a_bad_scenario_file_is_refused_on_the_form_by_place(string store)
    {
        await using var host = await CordonHost.StartAsync(store, true);
        var list = await (await (await host.AsAsync("supervisor")).GetAsync("/api/exercises", Ct)).OkAsync<List<ExerciseView>>();
        var demo = Assert.Single(list, e => e.Name == ExerciseDemo.Name);
        Assert.Equal("finished", demo.Status);
        // A participant reads it by their session (an API key is its agency's, not a participant).
        var blue = await PageSession.SignInAsync(host, "bp.officer");
        var read = await (await blue.SendAsync(HttpMethod.Get, $"/api/exercises/{demo.Id}", (HttpContent?)null, "application/json")).OkAsync<ExerciseView>();
        Assert.Equal("blue", read.MyGroup);
        Assert.Equal([("Inform the partner's liaison officer", "late"), ("Customs check of goods and vehicles found", "missed")],
            read.Report!.LateSteps.Select(s => (s.Title, s.Result)));
        Assert.Single(read.Lessons);
        // Neither a partner nor an agency outside it reads the exercise.
        foreach (var outsider in new[] { "pca.officer", "nis.officer" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await (await host.AsAsync(outsider)).GetAsync($"/api/exercises/{demo.Id}", Ct)).StatusCode);
            Assert.Empty(await (await (await host.AsAsync(outsider)).GetAsync("/api/exercises", Ct)).OkAsync<List<ExerciseView>>());
        }

        var supervisor = await PageSession.SignInAsync(host, "supervisor");
        Assert.Contains("href=\"/exercises\"", await supervisor.GetStringAsync("/"), StringComparison.Ordinal);
        var page = WebUtility.HtmlDecode(await supervisor.GetStringAsync($"/exercises/{demo.Id}"));
        Assert.Contains("data-testid=\"late-steps\"", page, StringComparison.Ordinal);
        Assert.Contains("Customs check of goods and vehicles found", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"lesson-form\"", page, StringComparison.Ordinal);

        // A finished exercise is not entered: the refusal is on the page.
        var exercisePage = await blue.GetStringAsync($"/exercises/{demo.Id}");
        Assert.DoesNotContain("data-testid=\"enter-exercise\"", exercisePage, StringComparison.Ordinal);
        var entered = await blue.PostFormAsync(exercisePage, $"/exercises/{demo.Id}?handler=Enter", []);
        var refusal = WebUtility.HtmlDecode(await entered.Content.ReadAsStringAsync(Ct));
        Assert.Contains("its participants enter it while it runs", refusal, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"exercise-banner\"", refusal, StringComparison.Ordinal);

        // A scenario file with a bad inject is refused on the list page, naming its place; nothing is recorded.
        var listPage = await supervisor.GetStringAsync("/exercises");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(PageSession.AntiforgeryToken(listPage)), "__RequestVerificationToken" },
            { new StringContent("TLP:AMBER"), "Marking" },
            { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(ExerciseDemo.Scenario.Replace("\"latitude\": 51.4441", "\"latitude\": 99", StringComparison.Ordinal))), "scenario", "bad.json" },
        };
        var posted = await supervisor.SendAsync(HttpMethod.Post, "/exercises", form);
        var refused = WebUtility.HtmlDecode(await posted.Content.ReadAsStringAsync(Ct));
        Assert.Contains("data-testid=\"exercise-refused\"", refused, StringComparison.Ordinal);
        Assert.Contains("injects[1].latitude", refused, StringComparison.Ordinal);
        Assert.Single(await (await (await host.AsAsync("supervisor")).GetAsync("/api/exercises", Ct)).OkAsync<List<ExerciseView>>());
    }
}
