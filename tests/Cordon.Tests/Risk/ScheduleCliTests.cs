using System.Text.Json;
using Cordon.Risk.Criteria;
using Cordon.Risk.Lanes;
using Cordon.Risk.Model;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Risk;

/// <summary><c>cordon risk models retrain|weeks</c>, <c>cordon risk score</c> and <c>cordon risk effectiveness</c>.</summary>
public sealed class ScheduleCliTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> RunJsonAsync(TestStore s, params string[] args)
    {
        var (exit, stdout, stderr) = await CliRun.RunAsync(s.Settings, [.. args, "--json"]);
        Assert.True(exit == 0, stderr);
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Cli_retrains_by_the_rule_stores_weeks_scores_a_declaration_and_shows_criterion_effectiveness(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        var agency = await RiskTestData.ImportAsync(s, 3000);
        var analyst = await s.ActorAsync("analyst");
        string number;
        await using (var db = s.Open())
        {
            await RiskCriteria.CreateAsync(db, analyst, new CriterionRequest(Name: "Phones from CN", Expression: "origin == \"CN\" and item.hs4 == \"8517\"", Weight: 20, Status: "shadow"), Ct);
            await RiskModels.TrainAsync(db, analyst, agency, new DateOnly(2025, 11, 1), options: new TrainingOptions(Trees: 30, Leaves: 15, LearningRate: 0.1), ct: Ct);
            await Lanes.AssignAsync(db, analyst, agency, new DateOnly(2025, 11, 1), new DateOnly(2025, 12, 31), ct: Ct);
            number = await db.Declarations.OrderByDescending(d => d.LodgedOn).Select(d => d.Number).FirstAsync(Ct);
        }

        var retrain = await RunJsonAsync(s, "risk", "models", "retrain", "--min-gain", "1");
        Assert.False(retrain.GetProperty("decision").GetProperty("promoted").GetBoolean());
        Assert.Equal("schedule", retrain.GetProperty("candidate").GetProperty("origin").GetString());

        var weeks = await RunJsonAsync(s, "risk", "models", "weeks", "--weeks", "6");
        Assert.Contains(weeks.EnumerateArray(), w => w.GetProperty("modelVersion").GetInt32() == 1 && w.GetProperty("week").GetInt32() == 6);

        var score = await RunJsonAsync(s, "risk", "score", number);
        Assert.Equal(number, score.GetProperty("number").GetString());
        Assert.Equal(1, score.GetProperty("model").GetProperty("version").GetInt32());
        Assert.False(string.IsNullOrEmpty(score.GetProperty("decided").GetString()));

        var effectiveness = await RunJsonAsync(s, "risk", "effectiveness", "Phones from CN", "--weeks", "9");
        Assert.Equal(9, effectiveness.GetProperty("byWeek").GetArrayLength());
        Assert.True(effectiveness.GetProperty("fired").GetInt32() > 0);
        Assert.True(effectiveness.GetProperty("inspected").GetInt32() > 0);
    }
}
