using System.Diagnostics;
using System.Globalization;
using Cordon.Declarations;
using Cordon.Risk.Criteria;
using Cordon.Risk.Features;
using Cordon.Risk.Language;
using Cordon.Risk.Model;

namespace Cordon.Bench.Risk;

/// <summary>
/// The targeting pipeline on `cordon demo generate` data, in process: features (streaming history), criteria and model
/// scoring throughput; training time; quality at 1/2/5/10 % against random and criteria-only on a time split;
/// and XGBoost (python3-xgboost) on the same features and split.
/// </summary>
internal static class Pipeline
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Run(int count, DateOnly trainUntil, string? xgboostDir)
    {
        Console.WriteLine($"Risk pipeline benchmark: {count:N0} generated declarations (seed 7), train before {trainUntil:yyyy-MM-dd}, test from then on; {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        var watch = Stopwatch.StartNew();
        var rows = new List<RiskRow>(count);
        foreach (var g in new Cordon.Demo.DeclarationGenerator(count, seed: 7, amendments: false).Generate())
        {
            var d = g.Declaration;
            rows.Add(new RiskRow(Guid.CreateVersion7(), Guid.Empty, DeclarationMapper.ToFacts(ToEntity(d)),
                d.Outcome is { } o ? new KnownOutcome(o.Illicit, (double)(o.Revenue ?? 0)) : null));
        }
        rows.Sort((a, b) => a.LodgedOn.CompareTo(b.LodgedOn));
        Console.WriteLine($"generated and mapped in {watch.Elapsed.TotalSeconds:N1} s; {rows.Count(r => r.Outcome?.Illicit == true):N0} irregular");

        var criteria = CriteriaSet.Compile(DemoCriteria.Select((c, i) => new CriterionDefinition(Guid.NewGuid(), c.Name, 1, c.Expression, CriterionStatus.Active, c.Weight, null, null)));

        // 1. Training: a feature pass that knows outcomes only before the cut-off, then LightGBM on the rows before it.
        var train = new List<(float[] X, KnownOutcome Outcome)>();
        var test = new List<(Guid Id, float[] X, KnownOutcome Outcome, double Criteria)>();
        var scope = new EvaluationScope();
        var cpu = Environment.CpuUsage.TotalTime;
        watch.Restart();
        var history = new FeatureHistory(outcomesKnownBefore: trainUntil);
        history.Run(rows, row =>
        {
            if (row.Outcome is not { } o) return;
            if (row.LodgedOn < trainUntil)
            {
                train.Add((ModelInput.Of(row.Facts), o));
            }
            else
            {
                test.Add((row.Id, ModelInput.Of(row.Facts), o, criteria.Evaluate(row.Facts, history, scope).Score));
            }
        });
        var passSeconds = watch.Elapsed.TotalSeconds;
        watch.Restart();
        var model = ModelTrainer.Train(train);
        var trainSeconds = watch.Elapsed.TotalSeconds;
        var trainCpu = (Environment.CpuUsage.TotalTime - cpu).TotalSeconds;
        Console.WriteLine($"training: feature pass over {rows.Count:N0} in {passSeconds:N1} s, LightGBM (100 trees, 31 leaves) + revenue model (50 trees) on {train.Count:N0} rows in {trainSeconds:N1} s wall; CPU {trainCpu:N1} s in all");

        // 2. Quality on the test window (its outcomes never learnt).
        var modelRanked = test.Select(t => new Ranked(model.Score(t.X).ExpectedRevenue, t.Outcome.Illicit, t.Outcome.Revenue, RiskModels.TieBreak(t.Id))).ToList();
        var criteriaRanked = test.Select(t => new Ranked(t.Criteria, t.Outcome.Illicit, t.Outcome.Revenue, RiskModels.TieBreak(t.Id))).ToList();
        Print("LightGBM (ML.NET)", RankingMetrics.Measure(modelRanked));
        Print("criteria only", RankingMetrics.Measure(criteriaRanked));
        Print("random", RankingMetrics.Random(modelRanked));

        // 3. Scoring throughput: features + criteria + model for every declaration, in lodgement order.
        for (var round = 0; round < 2; round++)
        {
            var live = new FeatureHistory();
            var x = new float[ModelInput.Count];
            double sink = 0;
            long fired = 0;
            GC.Collect();
            cpu = Environment.CpuUsage.TotalTime;
            watch.Restart();
            foreach (var row in rows)
            {
                live.BeginDay(row.LodgedOn.DayNumber);
                live.Compute(row.Facts);
                var outcome = criteria.Evaluate(row.Facts, live, scope);
                fired += outcome.Fired.Count;
                ModelInput.Fill(row.Facts, x);
                sink += model.Score(x).ExpectedRevenue;
                live.Add(row.Facts, row.Outcome);
            }
            live.EndDay();
            var wall = watch.Elapsed.TotalSeconds;
            var cpuSeconds = (Environment.CpuUsage.TotalTime - cpu).TotalSeconds;
            Console.WriteLine(string.Create(Inv, $"scoring round {round + 1}: {rows.Count:N0} declarations (features + {criteria.Count} criteria + model) in {wall:N2} s wall = {rows.Count / wall:N0}/s; CPU {cpuSeconds:N2} s = {rows.Count / cpuSeconds:N0} per CPU-second ({fired:N0} criteria fired, checksum {sink:E3})"));
        }
        // Where the time goes: each stage alone over the same declarations (features first, since criteria and model read them).
        {
            var live = new FeatureHistory();
            cpu = Environment.CpuUsage.TotalTime;
            foreach (var row in rows)
            {
                live.BeginDay(row.LodgedOn.DayNumber);
                live.Compute(row.Facts);
                live.Add(row.Facts, row.Outcome);
            }
            live.EndDay();
            var featuresNs = (Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds * 1e6 / rows.Count;
            cpu = Environment.CpuUsage.TotalTime;
            foreach (var row in rows)
            {
                criteria.Evaluate(row.Facts, live, scope);
            }
            var criteriaNs = (Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds * 1e6 / rows.Count;
            var x = new float[ModelInput.Count];
            cpu = Environment.CpuUsage.TotalTime;
            foreach (var row in rows)
            {
                ModelInput.Fill(row.Facts, x);
            }
            var fillNs = (Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds * 1e6 / rows.Count;
            Console.WriteLine(string.Create(Inv, $"breakdown (CPU per declaration): features {featuresNs:N0} ns, criteria {criteriaNs:N0} ns, model input {fillNs:N0} ns"));
        }
        var single = new float[ModelInput.Count];
        ModelInput.Fill(rows[^1].Facts, single);
        cpu = Environment.CpuUsage.TotalTime;
        double s2 = 0;
        for (var i = 0; i < 1_000_000; i++) s2 += model.Score(single).Probability;
        Console.WriteLine(string.Create(Inv, $"model alone: {(Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds * 1e6 / 1_000_000:N0} ns CPU per declaration (100 + 50 trees, one cached input) ({s2:E2})"));

        if (xgboostDir is not null)
        {
            Directory.CreateDirectory(xgboostDir);
            Write(Path.Combine(xgboostDir, "train.csv"), train.Select(t => (t.X, t.Outcome)));
            Write(Path.Combine(xgboostDir, "test.csv"), test.Select(t => (t.X, t.Outcome)));
            Console.WriteLine($"features written for XGBoost to {xgboostDir}/train.csv and test.csv (same inputs, same split): run bench/Risk/xgboost_compare.py {xgboostDir}");
        }
    }

    private static void Print(string name, RankingQuality q)
        => Console.WriteLine(string.Create(Inv, $"  {name,-18} AUC {q.Auc:0.000}  ") + string.Join("  ", q.N.Select(kv => string.Create(Inv, $"@{kv.Key}%: P {kv.Value.Precision:0.000} R {kv.Value.Recall:0.000} rev {kv.Value.Revenue:0.000}"))));

    private static void Write(string path, IEnumerable<(float[] X, KnownOutcome Outcome)> rows)
    {
        using var w = new StreamWriter(path);
        w.WriteLine(string.Join(',', ModelInput.Names) + ",illicit,revenue");
        foreach (var (x, o) in rows)
        {
            w.WriteLine(string.Join(',', x.Select(v => v.ToString("R", Inv))) + "," + (o.Illicit ? "1" : "0") + "," + o.Revenue.ToString("R", Inv));
        }
    }

    /// <summary>The demo's criteria (src/Cordon/Risk/RiskDemo.cs), all active: the criteria-only baseline.</summary>
    private static readonly (string Name, string Expression, double Weight)[] DemoCriteria =
    [
        ("Undervalued against history", "item.unit_value < stats.p10(item.hs6, origin)", 30),
        ("Repeat offender", "features.trader_hit_rate > 0.3 and features.trader_inspections >= 3", 40),
        ("Anti-dumping goods from South-East Asia", "origin in (\"VN\", \"MY\", \"TH\", \"ID\") and item.hs4 in (\"8712\", \"7318\", \"6911\", \"7606\", \"7607\")", 25),
    ];

    /// <summary>What intake stores for a generated declaration (the fields risk targeting reads).</summary>
    private static Declaration ToEntity(DeclarationInput d) => new()
    {
        Kind = DeclarationKind.Import,
        Office = d.Office!,
        Declarant = d.Declarant!,
        Number = d.Number!,
        LodgedOn = DateOnly.ParseExact(d.LodgedOn!, "yyyy-MM-dd", Inv),
        ImporterCode = d.Importer?.Id,
        ImporterName = d.Importer?.Name,
        ImporterCountry = d.Importer?.Country,
        ExporterCode = d.Exporter?.Id,
        ExporterName = d.Exporter?.Name,
        ExporterCountry = d.Exporter?.Country,
        OriginCountry = d.OriginCountry,
        ExportCountry = d.ExportCountry,
        DestinationCountry = d.DestinationCountry,
        PortOfLoading = d.PortOfLoading,
        PortOfDischarge = d.PortOfDischarge,
        Currency = d.Currency,
        TotalFob = d.TotalFob,
        TotalCif = d.TotalCif,
        TotalDutiesAndTaxes = d.Items!.Sum(i => (i.Duties ?? 0) + (i.Taxes ?? 0)),
        ItemCount = d.Items!.Count,
        ContentHash = [],
        UpdatedBy = "bench",
        Items = d.Items!.Select((i, n) => new DeclarationItem
        {
            Line = n + 1, HsCode = i.HsCode!, Description = i.Description, Quantity = i.Quantity, Unit = i.Unit, GrossKg = i.GrossKg, NetKg = i.NetKg,
            Fob = i.Fob, Cif = i.Cif, Duties = i.Duties, Taxes = i.Taxes,
        }).ToList(),
    };
}
