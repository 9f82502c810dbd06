using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Cordon.Common;

/// <summary>
/// Cordon's own traces and metrics, beside what ASP.NET Core, HttpClient and Npgsql emit. Instruments cost
/// nothing until a listener subscribes; the server exports them over OTLP when configured
/// (Cordon:Telemetry:OtlpEndpoint). The names and thresholds that matter are in docs/operating.md.
/// </summary>
public static class CordonTelemetry
{
    public const string Name = "Cordon";

    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> IntakeRecords = Meter.CreateCounter<long>(
        "cordon.intake.records", "{record}", "Declarations and consignments taken in, by kind and outcome (accepted, amended, duplicate, rejected).");

    public static readonly Histogram<double> JobDuration = Meter.CreateHistogram<double>(
        "cordon.jobs.duration", "s", "Background jobs from claim to end, by kind and status.");

    public static readonly Counter<long> WebhookFailures = Meter.CreateCounter<long>(
        "cordon.alerts.webhook.failures", "{attempt}", "Webhook deliveries that failed (to be retried, or dead-lettered).");

    public static readonly Histogram<double> AlertFanOutLatency = Meter.CreateHistogram<double>(
        "cordon.alerts.fanout.latency", "s", "From an alert's raising to its delivery to one subscriber, by channel.");

    public static readonly Histogram<double> FederationLag = Meter.CreateHistogram<double>(
        "cordon.federation.lag", "s", "Age of a record version when it reached a partner installation, by partner.");

    public static readonly Histogram<double> ScreeningDuration = Meter.CreateHistogram<double>(
        "cordon.screening.duration", "s", "Screening one batch of parties against the watch lists.");

    public static readonly Histogram<double> ScoringDuration = Meter.CreateHistogram<double>(
        "cordon.risk.scoring.duration", "s", "Scoring declarations with the active risk model, per call.");

    private static long _queued;
    private static double _oldestQueuedSeconds;

    /// <summary>Set by the job worker on each poll while someone listens (see <see cref="QueueObserved"/>).</summary>
    public static void ObserveJobQueue(long queued, TimeSpan oldest)
    {
        Interlocked.Exchange(ref _queued, queued);
        Interlocked.Exchange(ref _oldestQueuedSeconds, oldest.TotalSeconds);
    }

    public static readonly ObservableGauge<long> JobQueueDepth = Meter.CreateObservableGauge(
        "cordon.jobs.queue.depth", () => Interlocked.Read(ref _queued), "{job}", "Jobs waiting to be claimed.");

    public static readonly ObservableGauge<double> JobQueueAge = Meter.CreateObservableGauge(
        "cordon.jobs.queue.age", () => Interlocked.CompareExchange(ref _oldestQueuedSeconds, 0, 0), "s", "Age of the oldest job waiting to be claimed.");

    /// <summary>Whether an exporter reads the queue gauges, so the worker only counts the queue when it is read.</summary>
    public static bool QueueObserved => JobQueueDepth.Enabled;

    /// <summary>Records the time until disposed into <paramref name="histogram"/>: <c>using var timing = CordonTelemetry.Time(…)</c>.</summary>
    public static Timing Time(Histogram<double> histogram) => new(histogram, Stopwatch.GetTimestamp());

    public readonly record struct Timing(Histogram<double> Histogram, long Start) : IDisposable
    {
        public void Dispose() => Histogram.Record(Since(Start));
    }

    /// <summary>Seconds since <paramref name="start"/> (a Stopwatch timestamp).</summary>
    public static double Since(long start) => Stopwatch.GetElapsedTime(start).TotalSeconds;
}
