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
        var endpoint = configuration["Cordon:Telemetry:OtlpEndpoint"];
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return services;
        }
        if (!Uri.TryCreate(endpoint.TrimEnd('/') + "/", UriKind.Absolute, out var collector) || collector.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException($"Cordon:Telemetry:OtlpEndpoint '{endpoint}' is not an http(s) URL of an OTLP collector (e.g. http://collector:4318).");
        }
        var serviceName = configuration["Cordon:Telemetry:ServiceName"] is { Length: > 0 } n ? n : "cordon";
        var interval = configuration.GetValue("Cordon:Telemetry:MetricIntervalMilliseconds", 60_000);
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
