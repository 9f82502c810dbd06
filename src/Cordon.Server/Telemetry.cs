using Cordon.Common;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Cordon.Server;

/// <summary>
/// Traces, metrics and logs over OTLP (HTTP/protobuf) when <c>Cordon:Telemetry:OtlpEndpoint</c> names a
/// collector (http://collector:4318): requests, outgoing calls (webhooks, federation), database commands,
/// background jobs, and Cordon's own metrics (<see cref="CordonTelemetry"/>). Logs carry the trace and span
/// ids, so a log line leads to its request. Nothing is collected when no endpoint is set.
/// </summary>
public static class Telemetry
{
    public static IServiceCollection AddCordonTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var options = TelemetryOptions.Add(services, configuration);
        if (options.Collector is not { } collector)
        {
            return services;
        }
        var serviceName = string.IsNullOrWhiteSpace(options.ServiceName) ? "cordon" : options.ServiceName;
        var interval = options.MetricIntervalMilliseconds;
        void Otlp(OtlpExporterOptions o, string signal)
        {
            o.Protocol = OtlpExportProtocol.HttpProtobuf;
            o.Endpoint = new Uri(collector, signal); // with HTTP/protobuf, each signal has its own path
        }

        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName, serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId))
            .WithTracing(t => Npgsql.TracerProviderBuilderExtensions.AddNpgsql(t
                    .AddSource(CordonTelemetry.Name)
                    .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health"))
                    .AddHttpClientInstrumentation())
                .AddOtlpExporter(o => Otlp(o, "v1/traces")))
            .WithMetrics(m => m
                .AddMeter(CordonTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddMeter("Npgsql")
                .AddOtlpExporter((o, reader) =>
                {
                    Otlp(o, "v1/metrics");
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = interval;
                }))
            .WithLogging(l => l.AddOtlpExporter(o => Otlp(o, "v1/logs")), o =>
            {
                o.IncludeFormattedMessage = true;
                o.IncludeScopes = true;
            });
        return services;
    }
}

/// <summary>Where telemetry goes (<c>Cordon:Telemetry</c>); nothing is collected without an endpoint.</summary>
public sealed class TelemetryOptions
{
    /// <summary>An OpenTelemetry collector's OTLP/HTTP address (http://collector:4318).</summary>
    public string? OtlpEndpoint { get; set; }

    public string ServiceName { get; set; } = "cordon";

    public int MetricIntervalMilliseconds { get; set; } = 60_000;

    /// <summary>The collector's base address (ending in '/', each signal's path goes after it); null when no endpoint is set.</summary>
    public Uri? Collector => string.IsNullOrWhiteSpace(OtlpEndpoint) ? null
        : Uri.TryCreate(OtlpEndpoint.TrimEnd('/') + "/", UriKind.Absolute, out var u) && u.Scheme is "http" or "https" ? u : null;

    public static TelemetryOptions Add(IServiceCollection services, IConfiguration configuration)
        => services.AddFeatureOptionsNow<TelemetryOptions>(configuration, "Cordon:Telemetry", o =>
            !string.IsNullOrWhiteSpace(o.OtlpEndpoint) && o.Collector is null
                ? $"OtlpEndpoint '{o.OtlpEndpoint}' is not an http(s) URL of an OTLP collector (e.g. http://collector:4318)."
            : o.MetricIntervalMilliseconds < 100 ? $"MetricIntervalMilliseconds is {o.MetricIntervalMilliseconds}: use 100 or more."
            : null);
}
