using System.CommandLine;
using System.Globalization;
using Cordon.Declarations;
using Cordon.Identity;
using Cordon.Risk.Backtest;
using Cordon.Risk.Lanes;
using Cordon.Risk.Model;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Cordon.Cli;

/// <summary><c>cordon risk train|evaluate|models|lanes|capacity|worklist|backtest</c>.</summary>
internal static class RiskTargetingCommands
{
    private static readonly Option<bool> JsonOutput = new("--json") { Description = "Print JSON instead of text." };

    private static Option<string?> AgencyOption() => new("--agency") { Description = "Customs agency (code; default: the only customs agency)." };

    public static IEnumerable<Command> All() => [Train(), Evaluate(), Models(), LanesCommand(), Capacity(), Worklist(), Backtest(), Score(), Effectiveness()];

    private static Task<Guid> AgencyAsync(Storage.CordonDb db, string? code, CancellationToken ct) => IntakeAccess.ReceivingAgencyAsync(db, Actor.LocalOperator, code, ct);

    private static string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>Runs <paramref name="work"/> under a progress bar fed by pass progress.</summary>
    private static async Task<T> WithProgressAsync<T>(ParseResult parse, string title, Func<Func<PassProgress, Task>, Task<T>> work)
    {
        T result = default!;
        await CordonCli.Console(parse).Progress()
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask(title, maxValue: 1);
                result = await work(p =>
                {
                    if (p.Total > 0)
                    {
                        task.MaxValue = p.Total;
                        task.Value = p.Done;
                    }
                    task.Description = $"{title}: {p.Stage}" + (p.Total > 0 ? $" {p.Done:N0}/{p.Total:N0}" : "");
                    return Task.CompletedTask;
                });
                task.Value = task.MaxValue;
            });
        return result;
    }

    private static Command Train()
    {
        var until = new Option<DateOnly?>("--until") { Description = "Learn from declarations lodged before this date (YYYY-MM-DD; default: all)." };
        var noActivate = new Option<bool>("--no-activate") { Description = "Register the model without making it the active one." };
        var agency = AgencyOption();
        var command = new Command("train", "Train a risk model on past inspection outcomes and register it.") { until, noActivate, agency, JsonOutput };
        command.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var agencyId = await AgencyAsync(db, parse.GetValue(agency), ct);
            Task<RiskModelView> Run(Func<PassProgress, Task>? p)
                => RiskModels.TrainAsync(db, Actor.LocalOperator, agencyId, parse.GetValue(until), !parse.GetValue(noActivate), progress: p, ct: ct);
            if (parse.GetValue(JsonOutput))
            {
                CordonCli.WriteJson(parse, await Run(null));
                return 0;
            }
            var model = await WithProgressAsync(parse, "Training", Run);
            var console = CordonCli.Console(parse);
            console.MarkupLine($"Model [bold]v{model.Version}[/]{(model.Active ? " (active)" : "")}: {model.TrainingRows:N0} inspected declarations ({model.TrainingIrregular:N0} irregular) lodged {model.TrainFrom:yyyy-MM-dd} … before {model.TrainUntil:yyyy-MM-dd}; trained in {model.TrainingSeconds:N1} s.");
            if (model.Evaluation is { } e)
            {
                console.WriteLine($"Holdout {e.TestFrom:yyyy-MM-dd} … {e.TestTo:yyyy-MM-dd} (a twin trained before {e.TrainUntil:yyyy-MM-dd}):");
                console.Write(QualityTable(e.Report));
            }
            return 0;
        });
        return command;
    }

    private static Command Evaluate()
    {
        var trainUntil = new Option<DateOnly>("--train-until") { Description = "Train on outcomes of declarations lodged before this date.", Required = true };
        var testFrom = new Option<DateOnly>("--test-from") { Description = "First lodgement date of the test window (≥ --train-until).", Required = true };
        var testTo = new Option<DateOnly>("--test-to") { Description = "Last lodgement date of the test window.", Required = true };
        var agency = AgencyOption();
        var command = new Command("evaluate", "Train before a date, rank a later window without its outcomes, and measure against random and criteria-only selection.")
        {
            trainUntil, testFrom, testTo, agency, JsonOutput,
        };
        command.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var agencyId = await AgencyAsync(db, parse.GetValue(agency), ct);
            Task<EvaluationReport> Run(Func<PassProgress, Task>? p)
                => RiskModels.EvaluateAsync(db, agencyId, parse.GetValue(trainUntil), parse.GetValue(testFrom), parse.GetValue(testTo), progress: p, ct: ct);
            if (parse.GetValue(JsonOutput))
            {
                CordonCli.WriteJson(parse, await Run(null));
                return 0;
            }
            var report = await WithProgressAsync(parse, "Evaluating", Run);
            var console = CordonCli.Console(parse);
            console.WriteLine($"Trained on {report.Train.Rows:N0} inspected declarations; ranked {report.Test.Rows:N0} in the test window (their outcomes unseen).");
            console.Write(QualityTable(report));
            return 0;
        });
        return command;
    }

    private static Table QualityTable(EvaluationReport r)
    {
        var table = new Table().AddColumns("Ranking", "Rate", "Precision", "Recall", "Revenue", "AUC");
        foreach (var (name, q) in new[] { ("model", r.Model), ("random", r.Baselines.Random), ("criteria only", r.Baselines.Criteria) })
        {
            foreach (var (rate, at) in q.N)
            {
                table.AddRow(rate == "1" ? name : "", rate + " %", F(at.Precision), F(at.Recall), F(at.Revenue), rate == "1" ? F(q.Auc) : "");
            }
        }
        return table;
    }

    private static Command Models()
    {
        var models = new Command("models", "The model registry.");
        var agency = AgencyOption();
        var list = new Command("list", "List registered models.") { agency, JsonOutput };
        list.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var agencyId = await AgencyAsync(db, parse.GetValue(agency), ct);
            var rows = await RiskModels.ListAsync(db, Actor.LocalOperator, agencyId, ct);
            if (parse.GetValue(JsonOutput))
            {
                CordonCli.WriteJson(parse, rows);
                return 0;
            }
            var table = new Table().AddColumns("Version", "Active", "Trained on", "Rows", "Irregular", "Holdout precision@5%", "Holdout revenue@5%", "AUC", "Trained");
            foreach (var m in rows)
            {
                var at5 = m.Evaluation?.Report.Model.N.GetValueOrDefault("5");
                table.AddRow($"v{m.Version}", m.Active ? "yes" : "", $"{m.TrainFrom:yyyy-MM-dd} … {m.TrainUntil.AddDays(-1):yyyy-MM-dd}", m.TrainingRows.ToString("N0", CultureInfo.InvariantCulture),
                    m.TrainingIrregular.ToString("N0", CultureInfo.InvariantCulture), at5 is null ? "" : F(at5.Precision), at5 is null ? "" : F(at5.Revenue),
                    m.Evaluation is null ? "" : F(m.Evaluation.Report.Model.Auc), m.TrainedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
            }
            CordonCli.Console(parse).Write(table);
            return 0;
        });
        var version = new Argument<int>("version") { Description = "Model version to make active." };
        var activateAgency = AgencyOption();
        var activate = new Command("activate", "Make a registered model the active one.") { version, activateAgency, JsonOutput };
        activate.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var agencyId = await AgencyAsync(db, parse.GetValue(activateAgency), ct);
            var m = await RiskModels.ActivateAsync(db, Actor.LocalOperator, agencyId, parse.GetValue(version), ct);
            if (parse.GetValue(JsonOutput)) CordonCli.WriteJson(parse, m);
            else CordonCli.Console(parse).MarkupLine($"Model v{m.Version} is active.");
            return 0;
        });
        var assessVersion = new Argument<int>("version") { Description = "Model version to measure." };
        var weeks = new Option<int>("--weeks") { Description = "Weeks after the training cut-off.", DefaultValueFactory = _ => 4 };
        var assessAgency = AgencyOption();
        var assess = new Command("assess", "How a model ranked the declarations of the weeks after its training cut-off, against their outcomes known now.")
        {
            assessVersion, weeks, assessAgency, JsonOutput,
        };
        assess.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var agencyId = await AgencyAsync(db, parse.GetValue(assessAgency), ct);
            var r = await RiskModels.AfterTrainingAsync(db, agencyId, parse.GetValue(assessVersion), parse.GetValue(weeks), ct);
            if (parse.GetValue(JsonOutput))
            {
                CordonCli.WriteJson(parse, r);
                return 0;
            }
            var console = CordonCli.Console(parse);
            console.WriteLine($"Model v{r.Version} on {r.Rows:N0} inspected declarations lodged {r.From:yyyy-MM-dd} … {r.To:yyyy-MM-dd}: AUC {F(r.Model.Auc)}");
            var table = new Table().AddColumns("Rate", "Precision", "Recall", "Revenue", "Random revenue");
            foreach (var (rate, at) in r.Model.N)
            {
                table.AddRow(rate + " %", F(at.Precision), F(at.Recall), F(at.Revenue), F(r.Random.N[rate].Revenue));
            }
            console.Write(table);
            return 0;
        });
        var minGain = new Option<double?>("--min-gain") { Description = "Revenue share at 5 % the candidate must gain over the active model (default: Risk:PromoteMinGain, 0)." };
        var retrainAgency = AgencyOption();
        var retrain = new Command("retrain", "What the schedule does: train a candidate, promote it only if it beats the active model on the held-out window, measure every model's weeks after training.")
        {
            minGain, retrainAgency, JsonOutput,
        };
        retrain.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var agencyId = await AgencyAsync(db, parse.GetValue(retrainAgency), ct);
            var options = new RetrainOptions { MinGain = parse.GetValue(minGain) ?? 0 };
            Task<RetrainResult> Run(Func<PassProgress, Task>? p) => Retraining.RetrainAsync(db, agencyId, options, progress: p, by: Actor.LocalOperator, ct: ct);
            if (parse.GetValue(JsonOutput))
            {
                CordonCli.WriteJson(parse, await Run(null));
                return 0;
            }
            var r = await WithProgressAsync(parse, "Retraining", Run);
            var console = CordonCli.Console(parse);
            console.MarkupLine($"Candidate [bold]v{r.Candidate.Version}[/]: {Markup.Escape(r.Decision.Reason)}");
            console.MarkupLine($"[dim]{Markup.Escape(r.Decision.Rule)}[/]");
            console.WriteLine($"{r.WeeksStored} model-weeks measured and stored.");
            return 0;
        });
        var weeksToStore = new Option<int>("--weeks") { Description = "Weeks after each model's cut-off.", DefaultValueFactory = _ => 12 };
        var weeksAgency = AgencyOption();
        var weeksCommand = new Command("weeks", "Measure and store every model's results in each week after its training (the registry's drift chart).") { weeksToStore, weeksAgency, JsonOutput };
        weeksCommand.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var agencyId = await AgencyAsync(db, parse.GetValue(weeksAgency), ct);
            await RiskModels.MeasureWeeksAsync(db, agencyId, parse.GetValue(weeksToStore), ct: ct);
            var rows = await RiskModels.WeeksAsync(db, agencyId, ct);
            if (parse.GetValue(JsonOutput))
            {
                CordonCli.WriteJson(parse, rows);
                return 0;
            }
            var table = new Table().AddColumns("Model", "Week", "From", "Inspected", "Irregular", "Precision@5 %", "Revenue@5 %", "AUC");
            foreach (var w in rows)
            {
                table.AddRow($"v{w.ModelVersion}", w.Week.ToString(CultureInfo.InvariantCulture), w.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    w.Rows.ToString("N0", CultureInfo.InvariantCulture), w.Irregular.ToString("N0", CultureInfo.InvariantCulture), F(w.PrecisionAt5), F(w.RevenueAt5), F(w.Auc));
            }
            CordonCli.Console(parse).Write(table);
            return 0;
        });
        models.Subcommands.Add(list);
        models.Subcommands.Add(activate);
        models.Subcommands.Add(assess);
        models.Subcommands.Add(retrain);
        models.Subcommands.Add(weeksCommand);
        return models;
    }

    private static Command LanesCommand()
    {
        var lanes = new Command("lanes", "Selectivity lanes.");
        var from = new Option<DateOnly?>("--from") { Description = "First lodgement date (default: the last lodgement day)." };
        var to = new Option<DateOnly?>("--to") { Description = "Last lodgement date (default: --from)." };
        var office = new Option<string?>("--office") { Description = "Only this office." };
        var agency = AgencyOption();
        var assign = new Command("assign", "Choose lanes for declarations that have none, with the active criteria and model, under office capacity.") { from, to, office, agency, JsonOutput };
        assign.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var agencyId = await AgencyAsync(db, parse.GetValue(agency), ct);
            var first = parse.GetValue(from) ?? await LaneQueries.LastLodgementDayAsync(db, agencyId, ct)
                ?? throw Common.ValidationFailed.Field("from", "The agency has no declarations.");
            var last = parse.GetValue(to) ?? first;
            Task<LaneRunSummary> Run(Func<PassProgress, Task>? p) => Lanes.AssignAsync(db, Actor.LocalOperator, agencyId, first, last, parse.GetValue(office), progress: p, ct: ct);
            if (parse.GetValue(JsonOutput))
            {
                CordonCli.WriteJson(parse, await Run(null));
                return 0;
            }
            var s = await WithProgressAsync(parse, "Assigning lanes", Run);
            CordonCli.Console(parse).MarkupLine($"{s.Decided:N0} decided ({s.AlreadyDecided:N0} already had a lane) at {s.Offices} offices: [red]{s.Red:N0} red[/], [yellow]{s.Yellow:N0} yellow[/], [blue]{s.Blue:N0} blue[/], [green]{s.Green:N0} green[/]; {s.RandomPicks:N0} random picks, {s.Forced:N0} forced; model {(s.ModelVersion is { } v ? $"v{v}" : "none")}, {s.Criteria} criteria.");
            return 0;
        });
        lanes.Subcommands.Add(assign);
        return lanes;
    }

    private static Command Capacity()
    {
        var office = new Argument<string>("office") { Description = "Office code." };
        var red = new Option<int>("--red") { Description = "Physical inspections per day.", Required = true };
        var yellow = new Option<int>("--yellow") { Description = "Documentary checks per day.", Required = true };
        var agency = AgencyOption();
        var command = new Command("capacity", "Set an office's daily inspection capacity.") { office, red, yellow, agency };
        command.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var agencyId = await AgencyAsync(db, parse.GetValue(agency), ct);
            var c = await Lanes.SetCapacityAsync(db, Actor.LocalOperator, agencyId, parse.GetValue(office)!, parse.GetValue(red), parse.GetValue(yellow), ct);
            CordonCli.Console(parse).MarkupLine($"{Markup.Escape(c.Office)}: {c.RedPerDay} red, {c.YellowPerDay} yellow per day.");
            return 0;
        });
        return command;
    }

    private static Command Worklist()
    {
        var office = new Option<string?>("--office") { Description = "Office code (default: every office)." };
        var day = new Option<DateOnly?>("--day") { Description = "Lodgement day (default: the last day with decisions)." };
        var agency = AgencyOption();
        var command = new Command("worklist", "Red and yellow declarations, highest expected revenue first, with why.") { office, day, agency, JsonOutput };
        command.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var agencyId = await AgencyAsync(db, parse.GetValue(agency), ct);
            var rows = await LaneQueries.WorklistAsync(db.LaneDecisions.Where(d => d.OwningAgencyId == agencyId), parse.GetValue(office), parse.GetValue(day), 500, ct);
            if (parse.GetValue(JsonOutput))
            {
                CordonCli.WriteJson(parse, rows);
                return 0;
            }
            var table = new Table().AddColumns("Declaration", "Office", "Day", "Lane", "Expected revenue", "P(irregular)", "Why");
            foreach (var d in rows)
            {
                table.AddRow(Markup.Escape(d.DeclarationNumber), Markup.Escape(d.Office), d.LodgedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d.Lane,
                    d.ExpectedRevenue?.ToString("N0", CultureInfo.InvariantCulture) ?? "", d.Probability is { } p ? F(p) : "", Markup.Escape(d.Explanation.Reason));
            }
            CordonCli.Console(parse).Write(table);
            return 0;
        });
        return command;
    }

    private static Command Backtest()
    {
        var criterion = new Argument<string>("criterion") { Description = "Criterion id or name (any status, drafts included)." };
        var days = new Option<int>("--days") { Description = "How many days back from the last lodgement day.", DefaultValueFactory = _ => 90 };
        var agency = AgencyOption();
        var command = new Command("backtest", "Run a criterion over the last N days: hits, irregular ones, revenue, inspection load.") { criterion, days, agency, JsonOutput };
        command.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var agencyId = await AgencyAsync(db, parse.GetValue(agency), ct);
            var code = await db.Agencies.Where(a => a.Id == agencyId).Select(a => a.Code).SingleAsync(ct);
            var id = await Risk.Criteria.RiskCriteria.ResolveAsync(db, Actor.LocalOperator, parse.GetValue(criterion)!, code, ct);
            var result = await CriterionBacktest.RunAsync(db, Actor.LocalOperator, id, parse.GetValue(days), ct: ct);
            if (parse.GetValue(JsonOutput))
            {
                CordonCli.WriteJson(parse, result);
                return 0;
            }
            CordonCli.Console(parse).MarkupLine(Markup.Escape(CriterionBacktest.Describe(result)));
            return 0;
        });
        return command;
    }

    private static Command Score()
    {
        var declaration = new Argument<string>("declaration") { Description = "Declaration id or number." };
        var command = new Command("score", "Score one stored declaration now: lane proposal, criteria, model score and top contributions, screening.") { declaration, JsonOutput };
        command.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var text = parse.GetValue(declaration)!.Trim();
            var id = Guid.TryParse(text, out var g) ? g
                : await db.Declarations.Where(d => d.Number == text).Select(d => (Guid?)d.Id).FirstOrDefaultAsync(ct)
                  ?? throw new Common.NotFound($"No declaration '{text}'.");
            var r = await Risk.Scoring.RiskScoring.ScoreStoredAsync(db, id, ct: ct);
            if (parse.GetValue(JsonOutput))
            {
                CordonCli.WriteJson(parse, r);
                return 0;
            }
            var console = CordonCli.Console(parse);
            console.MarkupLine($"{Markup.Escape(r.Number)} at {Markup.Escape(r.Office)}, lodged {r.LodgedOn:yyyy-MM-dd}: proposed [bold]{r.ProposedLane}[/] (priority {r.Priority:N2}){(r.Decided is { } d ? $", decided {d}" : "")}");
            console.WriteLine(r.Reason);
            foreach (var f in r.Criteria.Fired)
            {
                console.WriteLine($"  criterion '{f.Name}' v{f.Version} ({f.Status.ToString().ToLowerInvariant()}): +{f.Contribution:0.##}");
            }
            if (r.Model is { } m)
            {
                console.WriteLine($"  model v{m.Version}: probability {m.Probability:P1}, expected revenue {m.ExpectedRevenue:N2}; top: {string.Join(", ", m.TopFeatures.Select(t => $"{t.Name} {t.Contribution:+0.###;-0.###}"))}");
            }
            console.WriteLine($"  screening: {(r.Screening.Screened ? $"{r.Screening.BlockHits:0} block, {r.Screening.ReviewHits:0} review" : "not screened")}; history before {r.History.KnownBefore:yyyy-MM-dd} ({r.History.Declarations:N0} declarations)");
            return 0;
        });
        return command;
    }

    private static Command Effectiveness()
    {
        var criterion = new Argument<string>("criterion") { Description = "Criterion id or name." };
        var weeks = new Option<int>("--weeks") { Description = "Weeks back from the last decided week.", DefaultValueFactory = _ => 12 };
        var agency = AgencyOption();
        var command = new Command("effectiveness", "A criterion's fire rate, hit rate and revenue per inspection by week, from the recorded lane decisions (shadow criteria included).") { criterion, weeks, agency, JsonOutput };
        command.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var agencyId = await AgencyAsync(db, parse.GetValue(agency), ct);
            var code = await db.Agencies.Where(a => a.Id == agencyId).Select(a => a.Code).SingleAsync(ct);
            var id = await Risk.Criteria.RiskCriteria.ResolveAsync(db, Actor.LocalOperator, parse.GetValue(criterion)!, code, ct);
            var policy = await Sharing.AccessPolicy.ForAsync(db, Actor.LocalOperator, Sharing.Purpose.RiskAnalysis, ct: ct);
            var r = await Risk.Criteria.CriterionEffectiveness.WeeklyAsync(db, Actor.LocalOperator, policy, id, parse.GetValue(weeks), ct);
            if (parse.GetValue(JsonOutput))
            {
                CordonCli.WriteJson(parse, r);
                return 0;
            }
            var table = new Table().AddColumns("Week", "Decisions", "Fired", "Inspected", "Irregular", "Hit rate", "Revenue / inspection");
            foreach (var w in r.ByWeek)
            {
                table.AddRow(w.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), w.Decisions.ToString(CultureInfo.InvariantCulture), w.Fired.ToString(CultureInfo.InvariantCulture),
                    w.Inspected.ToString(CultureInfo.InvariantCulture), w.Irregular.ToString(CultureInfo.InvariantCulture), w.HitRate is { } h ? F(h) : "—",
                    w.RevenuePerInspection is { } v ? v.ToString("N2", CultureInfo.InvariantCulture) : "—");
            }
            var console = CordonCli.Console(parse);
            console.MarkupLine($"[bold]{Markup.Escape(r.Name)}[/] ({r.Status})");
            console.Write(table);
            return 0;
        });
        return command;
    }
}
