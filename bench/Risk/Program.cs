// Criteria evaluation throughput: 50 typical criteria, compiled once, against N generated declarations.
// Usage: dotnet run -c Release --project bench/Risk -- [--count 1000000] [--threads 2]
// Pipeline (features + criteria + model, training, quality, XGBoost): … -- pipeline [--count N] [--train-until DATE] [--xgboost DIR]
// Single-declaration scoring p50/p99 under load, in process and over HTTP: … -- single [--requests 5000] [--concurrency 8]
using System.Diagnostics;
using System.Globalization;
using Cordon.Bench.Risk;
using Cordon.Risk;
using Cordon.Risk.Criteria;
using Cordon.Risk.Language;

var count = 1_000_000;
var threads = Environment.ProcessorCount;
if (args.Length > 0 && args[0] == "serve")
{
    return await SingleBench.ServeAsync(args[1], int.Parse(args[2], CultureInfo.InvariantCulture));
}
if (args.Length > 0 && args[0] == "single")
{
    // dotnet …Cordon.Bench.Risk.dll single [--requests N] [--concurrency C]
    string? Opt(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    return await SingleBench.RunAsync(int.Parse(Opt("--requests") ?? "5000", CultureInfo.InvariantCulture), int.Parse(Opt("--concurrency") ?? "8", CultureInfo.InvariantCulture));
}
if (args.Length > 0 && args[0] == "pipeline")
{
    // dotnet …Cordon.Bench.Risk.dll pipeline [--count N] [--train-until YYYY-MM-DD] [--xgboost DIR]
    string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    Pipeline.Run(int.Parse(Arg("--count") ?? "1000000", CultureInfo.InvariantCulture),
        DateOnly.ParseExact(Arg("--train-until") ?? "2025-07-01", "yyyy-MM-dd", CultureInfo.InvariantCulture), Arg("--xgboost"));
    return 0;
}
for (var i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--count")
    {
        count = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
    }
    else if (args[i] == "--threads")
    {
        threads = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
    }
}

Console.WriteLine($"Risk criteria benchmark: {TypicalCriteria.All.Count} criteria, {count:N0} declarations, {Environment.ProcessorCount} cores, .NET {Environment.Version}");

var watch = Stopwatch.StartNew();
var definitions = TypicalCriteria.All.Select((c, i) => new CriterionDefinition(Guid.NewGuid(), c.Name, 1, c.Expression,
    i % 10 == 9 ? CriterionStatus.Shadow : CriterionStatus.Active, c.Weight, c.Lane, c.ReferTo)).ToList();
var set = CriteriaSet.Compile(definitions);
var compileMs = watch.Elapsed.TotalMilliseconds;
Console.WriteLine($"compile: {definitions.Count} criteria in {compileMs:N1} ms ({compileMs * 1000 / definitions.Count:N0} µs each)");

watch.Restart();
var generator = new DeclarationGenerator(seed: 42);
var statistics = generator.History(200_000);
var declarations = new DeclarationFacts[count];
for (var i = 0; i < count; i++)
{
    declarations[i] = generator.Next(i);
}
var items = declarations.Sum(d => (long)d.Items.Count);
Console.WriteLine($"generated {count:N0} declarations ({items:N0} items, {items / (double)count:N2} per declaration) and statistics from 200,000 past unit values in {watch.Elapsed.TotalSeconds:N1} s");

// Warm-up: let tiered compilation settle.
var warm = new EvaluationScope();
for (var i = 0; i < Math.Min(count, 50_000); i++)
{
    set.Evaluate(declarations[i], statistics, warm);
}

if (args.Contains("--profile"))
{
    // Cost of each criterion alone, slowest first: where to look when the set gets slow.
    var n = Math.Min(count, 100_000);
    var rows = new List<(string Name, double Ns, double Rate)>();
    foreach (var d in definitions)
    {
        var single = CriteriaSet.Compile([d with { Status = CriterionStatus.Active }]);
        var scope = new EvaluationScope();
        var hits = 0;
        for (var i = 0; i < 10_000; i++)
        {
            single.Evaluate(declarations[i], statistics, scope);
        }
        // 2,000 declarations 50 times over: they stay in cache, so this is the criterion's own cost.
        var sw1 = Stopwatch.StartNew();
        for (var rep = 0; rep < 50; rep++)
        {
            for (var i = 0; i < 2_000; i++)
            {
                hits += single.Evaluate(declarations[i], statistics, scope).Fired.Count;
            }
        }
        rows.Add((d.Name, sw1.Elapsed.TotalMilliseconds * 1e6 / 100_000, hits / 100_000.0));
    }
    foreach (var (name, ns, rate) in rows.OrderByDescending(r => r.Ns))
    {
        Console.WriteLine($"  {ns,7:N0} ns  {rate,7:P2} fire  {name}");
    }
    Console.WriteLine($"  {rows.Sum(r => r.Ns),7:N0} ns  total");
}

if (args.Contains("--overhead"))
{
    // The evaluation loop itself: 50 criteria that never fire, and 50 that always fire (explanations built).
    foreach (var (label, expression) in new[] { ("50 × false", "false"), ("50 × header test", "total_cif > 1e12"), ("50 × true", "true") })
    {
        var trivial = CriteriaSet.Compile(Enumerable.Range(0, 50).Select(i => new CriterionDefinition(Guid.NewGuid(), $"c{i}", 1, expression, CriterionStatus.Active, 1, null, null)));
        var scope = new EvaluationScope();
        var cpu0 = Environment.CpuUsage.TotalTime;
        for (var i = 0; i < count; i++)
        {
            trivial.Evaluate(declarations[i % 10_000], statistics, scope);
        }
        Console.WriteLine($"  overhead {label}: {(Environment.CpuUsage.TotalTime - cpu0).TotalMilliseconds * 1e6 / count:N0} ns CPU per declaration");
        var one = RiskExpression.Compile(expression);
        scope.Begin(declarations[0], statistics);
        var hits = 0;
        cpu0 = Environment.CpuUsage.TotalTime;
        for (var i = 0; i < 10_000_000; i++)
        {
            scope.Begin(declarations[0], statistics);
            hits += one.Evaluate(scope) ? 1 : 0;
        }
        Console.WriteLine($"    one compiled '{expression}' on one declaration: {(Environment.CpuUsage.TotalTime - cpu0).TotalMilliseconds * 1e6 / 10_000_000:N1} ns ({hits})");
    }
}
Measure("cold, 1 thread", 1);
if (threads > 1)
{
    Measure($"cold, {threads} threads", threads);
}
// The same number of evaluations over the first 10,000 declarations again and again: they stay in
// cache, as a declaration does in the pipeline right after its features are computed.
Measure("warm, 1 thread", 1, warm: 10_000);
return 0;

void Measure(string label, int degree, int warm = 0)
{
    long anyFired = 0, totalFired = 0, failures = 0;
    var gc = GC.CollectionCount(0);
    var cpu = Environment.CpuUsage.TotalTime;
    var sw = Stopwatch.StartNew();
    Parallel.For(0, degree, new ParallelOptions { MaxDegreeOfParallelism = degree }, part =>
    {
        var scope = new EvaluationScope();
        long localAny = 0, localFired = 0, localFailures = 0;
        for (var i = part; i < count; i += degree)
        {
            var outcome = set.Evaluate(declarations[warm > 0 ? i % warm : i], statistics, scope);
            if (outcome.Fired.Count > 0)
            {
                localAny++;
                localFired += outcome.Fired.Count;
            }
            localFailures += outcome.Failures.Count;
        }
        Interlocked.Add(ref anyFired, localAny);
        Interlocked.Add(ref totalFired, localFired);
        Interlocked.Add(ref failures, localFailures);
    });
    var seconds = sw.Elapsed.TotalSeconds;
    var cpuSeconds = (Environment.CpuUsage.TotalTime - cpu).TotalSeconds;
    var perSecond = count / seconds;
    Console.WriteLine(
        $"{label}: {count:N0} declarations × {set.Count} criteria in {seconds:N2} s = {perSecond:N0} declarations/s, " +
        $"{perSecond * set.Count:N0} criterion evaluations/s, {seconds * 1e9 / count:N0} ns per declaration; " +
        $"{anyFired / (double)count:P1} of declarations fired ≥1 criterion, {totalFired / (double)count:N2} fired on average, {failures} limit failures, " +
        $"{GC.CollectionCount(0) - gc} gen0 GCs; CPU time {cpuSeconds:N2} s = {count / cpuSeconds:N0} declarations per CPU-second");
}
