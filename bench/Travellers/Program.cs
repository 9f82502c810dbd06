using System.Diagnostics;
using Cordon.Travellers;

// The stay of one traveller with 200 crossings over eight years (the issue's target: under 1 ms),
// computed the way the primary line computes it. Prints the median and p99 of single computations.
var rule = new ShortStayRule { Exempt = ["NLD"] };
var crossings = new List<(DateOnly, string)>();
var day = new DateOnly(2019, 1, 1);
for (var i = 0; i < 100; i++)
{
    crossings.Add((day, CrossingKinds.Entry));
    crossings.Add((day.AddDays(5 + (i % 20)), CrossingKinds.Exit));
    day = day.AddDays(29);
}
var asOf = day.AddDays(10);
for (var i = 0; i < 2_000; i++)
{
    StayCalculator.Compute(crossings, "USA", asOf, rule); // warm up (tiered compilation)
}
var samples = new double[20_000];
for (var i = 0; i < samples.Length; i++)
{
    var start = Stopwatch.GetTimestamp();
    StayCalculator.Compute(crossings, "USA", asOf, rule);
    samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
}
Array.Sort(samples);
Console.WriteLine($"stay from {crossings.Count} crossings: median {samples[samples.Length / 2]:0.0} µs, p99 {samples[(int)(samples.Length * 0.99)]:0.0} µs, "
    + $"max {samples[^1]:0.0} µs over {samples.Length:N0} computations; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
