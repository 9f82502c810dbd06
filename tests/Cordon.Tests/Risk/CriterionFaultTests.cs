using System.Globalization;
using System.Text.Json;
using Cordon.Risk;
using Cordon.Risk.Criteria;
using Cordon.Risk.Lanes;
using Cordon.Risk.Language;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Risk;

/// <summary>
/// Issue 17: one failing criterion must not break targeting. A fault at run time counts against that
/// criterion alone (reported, alerted to its agency), and scoring and lanes still decide with the others.
/// </summary>
public sealed class CriterionFaultTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string DateOverflow = "year(lodgement_date + 4000000) > 0";

    private static CriterionDefinition Criterion(string name, string expression, CriterionStatus status = CriterionStatus.Active, double? weight = null)
        => new(Guid.NewGuid(), name, 1, expression, status, weight, null, null);

    [Fact]
    public void A_criterion_that_faults_at_run_time_counts_as_not_fired_and_the_others_still_decide()
    {
        var set = CriteriaSet.Compile([
            Criterion("date overflow", DateOverflow, CriterionStatus.Shadow, weight: 50),
            Criterion("china", "origin == \"CN\"", weight: 5),
        ]);
        var outcome = set.Evaluate(Declarations.CarImport());
        Assert.Equal(5, outcome.Score);
        var failure = Assert.Single(outcome.Failures);
        Assert.Equal("date overflow", failure.Name);
        Assert.StartsWith("runtime fault", failure.Reason, StringComparison.Ordinal);
        Assert.Equal(["china"], outcome.Fired.Select(f => f.Name));
    }

    [Fact]
    public void Random_well_typed_criteria_over_random_declarations_never_make_evaluation_throw()
    {
        var seed = Environment.GetEnvironmentVariable("CORDON_FUZZ_SEED") is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : 17_2026;
        var random = new Random(seed);
        var generator = new CriterionGenerator(random);
        var criteria = new List<CriterionDefinition> { Criterion("control", "true", weight: 1) };
        var refused = 0;
        for (var i = 0; criteria.Count < 400 && i < 2_000; i++)
        {
            var expression = generator.Boolean(4);
            try
            {
                CriteriaSet.Compile([Criterion("probe", expression)]);
            }
            catch (InvalidExpression)
            {
                refused++; // a limit of the language (a huge literal, too deep): refused at save, never evaluated
                continue;
            }
            criteria.Add(Criterion($"fuzz {i}", expression, CriterionStatus.Shadow, weight: 100));
        }
        Assert.True(criteria.Count > 300, $"only {criteria.Count} of the generated criteria compiled ({refused} refused; seed {seed})");
        var set = CriteriaSet.Compile(criteria);
        var scope = new EvaluationScope();
        var faults = 0;
        for (var d = 0; d < 60; d++)
        {
            var declaration = RandomDeclaration(random);
            CriteriaOutcome outcome;
            try
            {
                outcome = set.Evaluate(declaration, scope: scope);
            }
            catch (Exception e)
            {
                Assert.Fail($"evaluation threw on declaration {d} (seed {seed}): {e}");
                return;
            }
            // Shadow criteria never change the score, whatever they do; the control criterion always decides.
            Assert.Equal(1, outcome.Score);
            Assert.Contains(outcome.Fired, f => f.Name == "control");
            Assert.DoesNotContain(outcome.Failures, f => f.Name == "control");
            faults += outcome.Failures.Count;
        }
        Assert.True(faults > 0, $"the generator should reach at least one runtime fault (seed {seed})");
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_faulting_shadow_criterion_is_alerted_to_its_agency_and_scoring_and_lanes_still_decide(string store)
    {
        await using var host = await CordonHost.StartAsync(store, demo: false);
        await using (var db = host.Store.Open())
        {
            await Cordon.Demo.DemoSeed.SeedAsync(db, TestClock.Now, Ct);
        }
        var agency = await RiskTestData.ImportAsync(host.Store, 200);
        var analyst = await host.Store.ActorAsync("analyst");
        Guid faulty;
        await using (var db = host.Store.Open())
        {
            faulty = (await RiskCriteria.CreateAsync(db, analyst, new CriterionRequest(Name: "Far future", Expression: DateOverflow, Weight: 10, Status: "shadow"), Ct)).Id;
            await RiskCriteria.CreateAsync(db, analyst, new CriterionRequest(Name: "Everything", Expression: "true", Weight: 3, Status: "active"), Ct);
            // A few random criteria as well, in shadow: whatever they do, the run completes.
            var generator = new CriterionGenerator(new Random(7));
            for (var i = 0; i < 8; i++)
            {
                try
                {
                    await RiskCriteria.CreateAsync(db, analyst, new CriterionRequest(Name: $"Fuzz {i}", Expression: generator.Boolean(3), Weight: 1, Status: "shadow"), Ct);
                }
                catch (Cordon.Common.ValidationFailed)
                {
                    // refused at save (a language limit): not part of the live set
                }
            }
        }

        await using (var db = host.Store.Open())
        {
            var summary = await Lanes.AssignAsync(db, analyst, agency, new DateOnly(2000, 1, 1), new DateOnly(2100, 1, 1), ct: Ct);
            Assert.True(summary.Decided > 0);
        }
        Guid declaration;
        await using (var db = host.Store.Open())
        {
            var decision = await db.LaneDecisions.AsNoTracking().FirstAsync(Ct);
            declaration = decision.DeclarationId;
            Assert.Contains("Far future", decision.Explanation, StringComparison.Ordinal);
            Assert.Contains("runtime fault", decision.Explanation, StringComparison.Ordinal);
        }

        var officer = await host.AsAsync("officer");
        var score = await (await officer.PostAsync($"/api/risk/score/{declaration}", null, Ct)).OkAsync<JsonElement>();
        var failures = score.GetProperty("criteria").GetProperty("failures").EnumerateArray().ToList();
        Assert.Contains(failures, f => f.GetProperty("name").GetString() == "Far future");
        Assert.Contains(score.GetProperty("criteria").GetProperty("fired").EnumerateArray(), f => f.GetProperty("name").GetString() == "Everything");

        await using (var db = host.Store.Open())
        {
            // One alert for the criterion's version, however many declarations it failed on, for its own agency only.
            var alert = await db.Alerts.AsNoTracking().SingleAsync(a => a.Kind == CriterionFaults.AlertKind && a.RecordId == faulty.ToString(), Ct);
            Assert.Equal(agency, alert.OwningAgencyId);
            Assert.Contains("Far future", alert.Title, StringComparison.Ordinal);
            Assert.Contains("runtime fault", alert.Summary, StringComparison.Ordinal);
            Assert.Equal(agency.ToString().ToLowerInvariant(), alert.Recipients);
        }
    }

    private static DeclarationFacts RandomDeclaration(Random r)
    {
        double Number() => r.Next(8) switch
        {
            0 => double.NaN,
            1 => 0,
            2 => -r.NextDouble() * 1e6,
            3 => 1e300,
            _ => r.NextDouble() * 1e5,
        };
        string Text() => r.Next(6) switch
        {
            0 => "",
            1 => "CN",
            2 => "<script>ü\u0000",
            3 => new string('x', r.Next(0, 300)),
            _ => "NL",
        };
        var items = Enumerable.Range(1, r.Next(0, 6)).Select(i => new ItemFacts
        {
            Number = i,
            HsCode = r.Next(3) == 0 ? "" : "8703231900",
            Description = Text(),
            Origin = Text(),
            Quantity = Number(),
            Unit = Text(),
            GrossWeight = Number(),
            NetWeight = Number(),
            Fob = Number(),
            Cif = Number(),
            Currency = Text(),
            Duties = Number(),
        }).ToList();
        var importer = new PartyFacts { Role = "importer", Id = Text(), Name = Text(), Country = Text() };
        return new DeclarationFacts
        {
            Office = Text(),
            Number = Text(),
            Flow = "import",
            Importer = r.Next(3) == 0 ? null : importer,
            Parties = r.Next(3) == 0 ? [] : [importer],
            Origin = Text(),
            ExportCountry = Text(),
            Destination = Text(),
            TransportMode = Text(),
            LodgementDate = r.Next(5) switch { 0 => null, 1 => DateOnly.MinValue, 2 => DateOnly.MaxValue, _ => new DateOnly(2026, 1, 1).AddDays(r.Next(-4000, 4000)) },
            Currency = Text(),
            TotalFob = Number(),
            TotalCif = Number(),
            TotalDuties = Number(),
            GrossWeight = Number(),
            Items = items,
        };
    }
}

/// <summary>Random criteria that type-check by construction: numbers, dates, texts and conditions, nested.</summary>
internal sealed class CriterionGenerator(Random r)
{
    private static readonly string[] Numbers = ["total_fob", "total_cif", "total_duties", "gross_weight", "item_count", "features.trader_hit_rate", "features.route_risk", "screening.max_score"];
    private static readonly string[] ItemNumbers = ["item.cif", "item.fob", "item.quantity", "item.net_weight", "item.unit_value", "item.duties", "item.number"];
    private static readonly string[] Texts = ["origin", "office", "number", "currency", "destination", "transport_mode", "port_of_entry"];
    private static readonly string[] ItemTexts = ["item.hs4", "item.hs6", "item.description", "item.origin", "item.unit"];
    private static readonly string[] Literals = ["0", "1", "-1", "2.5", "4000000", "-4000000", "99999999", "1e15", "0.000001", "365"];

    private T Pick<T>(T[] from) => from[r.Next(from.Length)];

    public string Boolean(int depth, bool inItem = false)
    {
        var choice = r.Next(depth <= 0 ? 4 : 11);
        return choice switch
        {
            0 => $"{Number(depth - 1, inItem)} {Pick(["<", "<=", ">", ">=", "==", "!="])} {Number(depth - 1, inItem)}",
            1 => $"{Date(depth - 1)} {Pick(["<", ">", "=="])} {Date(depth - 1)}",
            2 => $"{Text(depth - 1, inItem)} {Pick(["==", "!="])} {Text(depth - 1, inItem)}",
            3 => $"{Pick(["contains", "starts_with", "ends_with"])}({Text(depth - 1, inItem)}, \"{Pick(["c", "NL", "", "87"])}\")",
            4 => $"({Boolean(depth - 1, inItem)}) and ({Boolean(depth - 1, inItem)})",
            5 => $"({Boolean(depth - 1, inItem)}) or ({Boolean(depth - 1, inItem)})",
            6 => $"not ({Boolean(depth - 1, inItem)})",
            7 => $"{Pick(["missing", "present"])}({Number(depth - 1, inItem)})",
            8 when !inItem => $"{Pick(["any", "all"])}(items, {Boolean(depth - 1, inItem: true)})",
            9 when !inItem => $"count(items, {Boolean(depth - 1, inItem: true)}) >= {Number(0, false)}",
            _ => $"{Text(depth - 1, inItem)} in (\"CN\", \"NL\", \"\")",
        };
    }

    public string Number(int depth, bool inItem)
    {
        var choice = r.Next(depth <= 0 ? 3 : 13);
        return choice switch
        {
            0 => Pick(Literals),
            1 => inItem && r.Next(2) == 0 ? Pick(ItemNumbers) : Pick(Numbers),
            2 => $"length({Text(0, inItem)})",
            3 => $"({Number(depth - 1, inItem)} {Pick(["+", "-", "*", "/", "%"])} {Number(depth - 1, inItem)})",
            4 => $"{Pick(["abs", "floor", "ceil", "round", "log10"])}({Number(depth - 1, inItem)})",
            5 => $"{Pick(["min", "max", "ratio"])}({Number(depth - 1, inItem)}, {Number(depth - 1, inItem)})",
            6 or 7 => $"{Pick(["year", "month", "day", "weekday"])}({Date(depth - 1)})",
            8 => $"days_between({Date(depth - 1)}, {Date(depth - 1)})",
            9 => $"({Date(depth - 1)} - {Date(depth - 1)})",
            10 when !inItem => $"{Pick(["sum", "avg", "min", "max"])}(items, {Number(depth - 1, inItem: true)})",
            11 => $"-({Number(depth - 1, inItem)})",
            _ => Pick(Literals),
        };
    }

    public string Date(int depth)
    {
        var choice = r.Next(depth <= 0 ? 2 : 4);
        return choice switch
        {
            0 => "lodgement_date",
            1 => $"date(\"{Pick(["2026-01-01", "0001-01-01", "9999-12-31"])}\")",
            2 => $"({Date(depth - 1)} + {Number(depth - 1, false)})",
            _ => $"({Date(depth - 1)} - {Number(depth - 1, false)})",
        };
    }

    public string Text(int depth, bool inItem)
    {
        var choice = r.Next(depth <= 0 ? 3 : 5);
        return choice switch
        {
            0 => inItem && r.Next(2) == 0 ? Pick(ItemTexts) : Pick(Texts),
            1 => $"\"{Pick(["CN", "", "é", "8703"])}\"",
            2 => inItem ? Pick(ItemTexts) : Pick(Texts),
            _ => $"{Pick(["lower", "upper", "trim"])}({Text(depth - 1, inItem)})",
        };
    }
}
